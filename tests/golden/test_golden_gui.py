"""Golden scenarios through the GUI (pytest-qt, offscreen): the ones marked ``gui``.

The project is opened in the main window's project editor; each edit goes through the
editor's own command path (``ProjectEditor.run_command``, what its toolbar actions call), the
draft is saved by the editor, and the decree is read from the editor's "Proyecto de acuerdo"
preview. Publication goes through ``ProjectService.publish`` (what the procedure's publish
transition calls); the texto vigente is then read back and shown in the regulation viewer.
A numbering collision typed in the GUI is refused with the provision named.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from reglamentos_app.config import Settings  # noqa: E402
from reglamentos_app.services import open_services  # noqa: E402
from reglamentos_app.ui.main_window import MainWindow  # noqa: E402
from reglamentos_app.ui.ops import OpRunner  # noqa: E402

from .scenarios import MERCADOS, SCENARIOS, decree  # noqa: E402
from .test_golden import STYLES, apply_edit, check_published, gazette  # noqa: E402

GUI = [s for s in SCENARIOS if s.gui]


@pytest.fixture(autouse=True)
def shown(monkeypatch) -> list[str]:
    """No dialog waits for a click; what they say is recorded."""
    texts: list[str] = []

    def fake(_parent, _title, text, *args, **kwargs):
        texts.append(text)
        return QMessageBox.StandardButton.Ok

    for kind in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, fake)
    return texts


@pytest.fixture
def gui(qtbot, sqlite_url):
    services = open_services(sqlite_url)
    runner = OpRunner(services, synchronous=True)
    window = MainWindow(runner, Settings.load(), sqlite_url)
    qtbot.addWidget(window)
    window.show()
    yield services, window
    runner.shutdown()
    services.close()


def open_editor(qtbot, services, window, transitorios):
    uri = services.corpus.import_text(MERCADOS, "mercados.txt").uri
    project = services.projects.create("Reforma al Reglamento de Mercados", [uri],
                                       transitorios=list(transitorios))
    window.refresh()
    editor = window.projects.open_project(project.id)
    qtbot.waitUntil(lambda: editor.editor is not None, timeout=10000)
    return uri, project.id, editor


def test_gui_is_a_representative_third():
    assert len(GUI) * 3 >= len(SCENARIOS)


@pytest.mark.parametrize("s", GUI, ids=lambda s: s.name)
def test_scenario_through_the_gui(qtbot, gui, shown, s):
    services, window = gui
    uri, project_id, editor = open_editor(qtbot, services, window, s.transitorios)
    for edit in s.edits:
        editor.run_command(lambda ed, edit=edit: apply_edit(ed, edit))
    assert not [t for t in shown if "Ya existe" in t]
    editor.save_now()
    qtbot.waitUntil(lambda: not editor.dirty, timeout=10000)
    editor.tabs.setCurrentWidget(editor.decree)
    qtbot.waitUntil(lambda: editor.decree.text().startswith("ARTÍCULO"), timeout=10000)
    assert editor.decree.text().rstrip("\n").split("\n") == decree(s)
    services.projects.publish(project_id, gazette(), note_style=STYLES[s.note_style],
                              confirm_review=s.confirm)
    check_published(services, uri, s, s.versions)
    window.viewer.show_regulation(uri, when=s.versions[-1])
    qtbot.waitUntil(lambda: window.viewer.loaded is not None
                    and window.viewer.loaded.uri == uri, timeout=10000)
    shown_text = window.viewer.text_browser.toPlainText()
    assert s.transitorios[0] in shown_text          # the reform's transitorio is in the text


def test_gui_refuses_a_colliding_number(qtbot, gui, shown):
    services, window = gui
    _uri, _project_id, editor = open_editor(qtbot, services, window, ["Transitorio."])
    art3 = editor.editor.root.find("cap_1__art_3")
    editor.run_command(lambda ed: ed.insert_after(art3.pid, text="Nuevo.", num="4"))
    assert any(t.startswith("Ya existe el artículo 4 en el Capítulo II") for t in shown)
    # The suggestion never collides: after the chapter's last article comes 3 Bis.
    added = editor.run_command(lambda ed: ed.insert_after(art3.pid, text="Nuevo."))
    assert added.num == "3 Bis"


def test_gui_flags_a_stale_base_and_rebases(qtbot, gui, shown):
    services, window = gui
    uri, project_id, editor = open_editor(qtbot, services, window, ["Transitorio."])
    editor.run_command(lambda ed: ed.edit(ed.root.find("cap_2__art_4__frac_2").pid,
                                          text="Pagar sus derechos:"))
    editor.save_now()
    qtbot.waitUntil(lambda: not editor.dirty, timeout=10000)
    other = services.projects.create("Otra reforma", [uri], transitorios=["Transitorio."])
    session = services.projects.open_draft(other.id, uri)
    session.editor.derogate(session.editor.root.find("cap_2__art_4").pid)
    session.save()
    # Both projects see the containment conflict (article 4 / its fracción II).
    assert services.projects.conflicts(other.id) and services.projects.conflicts(project_id)
    services.projects.publish(other.id, gazette())
    editor.refresh_conflicts()
    qtbot.waitUntil(lambda: editor.stale_notice.isVisible(), timeout=10000)
    assert "versión más reciente" in editor.stale_notice.text()
    editor.rebase()
    qtbot.waitUntil(lambda: services.projects.stale_targets(project_id) == [], timeout=10000)
    assert "fracción II" in editor.last_rebase_message   # what no longer applies is listed
