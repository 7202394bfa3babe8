"""The project editor with another writer: the conflict dialog and others' changes appearing.

The other writer is a second ``DraftSession`` on the same database (another window or another
office); the editor autosaves through its ops (synchronous in tests), so a conflicting save
opens the dialog with both texts, and the presence poller brings others' saves in.
"""

from __future__ import annotations

import pytest

from reglamentos_app.services import open_services
from reglamentos_app.ui.ops import OpRunner
from reglamentos_app.ui.projects.editor import ProjectEditor
from reglamentos_app.ui.shared.conflict_dialog import ConflictDialog
from tests.services.test_projects import PARQUES, art


@pytest.fixture
def setup(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a))
    services = open_services(f"sqlite:///{tmp_path / 'oficina.sqlite3'}")
    uri = services.corpus.import_text(PARQUES, "parques.txt").uri
    project = services.projects.create("Reforma al Reglamento de Parques", [uri])
    runner = OpRunner(services, synchronous=True)
    editor = ProjectEditor(runner, project.id)
    qtbot.addWidget(editor)
    editor.load()
    other = services.projects.open_draft(project.id, uri)
    yield services, editor, other, uri, shown
    editor.shutdown()
    runner.shutdown()
    services.close()


def _select(editor, num):
    node = art(editor.current.root, num)
    assert editor.tree.select_pid(node.pid)
    return node


def test_conflicting_save_opens_the_dialog_and_keeping_mine_saves_it(setup):
    services, editor, other, uri, shown = setup
    node = _select(editor, "3")
    other.editor.edit(node.pid, text="Texto de la otra oficina.")
    other.save()
    editor.article_editor.text_edit.setPlainText("Mi texto para el 3.")
    editor.save_now()
    dialog = editor.conflict_dialog
    assert isinstance(dialog, ConflictDialog) and dialog.isVisible() and shown == []
    assert dialog.texts(node.pid)[0].endswith("Mi texto para el 3.")
    assert dialog.texts(node.pid)[1].endswith("Texto de la otra oficina.")
    dialog.choose(node.pid, "mine")
    dialog.accept()
    editor.save_now()
    stored = services.projects.get(editor.project_id).target(uri).draft
    assert art(stored, "3").text == "Mi texto para el 3."
    assert services.sync.conflicts(editor.project_id, uri) == []


def test_keeping_theirs_shows_their_text(setup):
    services, editor, other, uri, _shown = setup
    node = _select(editor, "7")
    other.editor.edit(node.pid, text="El de ellos.")
    other.save()
    editor.article_editor.text_edit.setPlainText("El mío.")
    editor.save_now()
    editor.conflict_dialog.accept()   # the default is the stored text
    assert art(editor.current.root, "7").text == "El de ellos."
    editor.save_now()                 # nothing of mine left to write
    assert not editor.dirty
    assert art(services.projects.get(editor.project_id).target(uri).draft, "7").text == \
        "El de ellos."
    kept = services.sync.conflicts(editor.project_id, uri, only_open=False)
    assert [c.mine["text"] for c in kept] == ["El mío."]


def test_others_saves_appear_and_their_lease_is_shown(setup):
    services, editor, other, uri, _shown = setup
    node = _select(editor, "13")
    editor.presence.tick()                   # first tick: takes the token and my lease
    other.editor.edit(node.pid, text="Guardado en otra ventana.")
    services.projects.local_author = "Beto"  # the other window's person
    other.save()
    services.projects.local_author = "Usuario local"
    services.sync.collab.acquire_lease(editor.project_id, uri, art(editor.current.root,
                                                                   "20").pid, 60, "beto", "Beto")
    editor.presence.tick()
    assert art(editor.current.root, "13").text == "Guardado en otra ventana."
    assert editor.article_editor.text_edit.toPlainText().endswith("Guardado en otra ventana.")
    _select(editor, "20")
    editor.presence.tick()
    assert editor.presence.label.text() == "Beto está editando este artículo."


def test_conflicts_left_by_a_checkin_are_resolved_from_the_editor(setup):
    services, editor, other, uri, _shown = setup
    node = _select(editor, "12")
    theirs_session = services.projects.open_draft(editor.project_id, uri)
    theirs_session.editor.edit(node.pid, text="Primero en la oficina.")
    theirs_session.save()
    other.editor.edit(node.pid, text="Desde el portátil.")
    with pytest.raises(Exception):
        other.save()                          # a conflict revision is left in the database
    editor.presence.tick()
    assert editor.presence.conflicts_button.isVisibleTo(editor)
    assert editor.presence.conflicts_button.text() == "Resolver conflictos (1)…"
    editor.presence.open_conflicts()
    dialog = editor.conflict_dialog
    assert dialog.texts(node.pid)[0].endswith("Desde el portátil.")
    dialog.choose(node.pid, "mine")
    dialog.accept()
    editor.save_now()
    assert art(services.projects.get(editor.project_id).target(uri).draft, "12").text == \
        "Desde el portátil."
    editor.presence.tick()
    assert not editor.presence.conflicts_button.isVisibleTo(editor)
