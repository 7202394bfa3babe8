"""The redline in the project editor: the two toolbar actions, export then import of a
reviewed file, the result dialog and the reloaded draft (offscreen Qt, synchronous ops)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from reglamentos_app.domain.workflow import UserProfile  # noqa: E402
from tests.exports.test_redline_wordsim import comment, decide  # noqa: E402
from tests.ui.conftest import (  # noqa: E402,F401  (fixtures)
    db_url, dialogs, home, imported, runner, services, window, write_text,
)
from tests.ui.test_projects import article, create_from_dialog, parques  # noqa: E402,F401

NEW = "Las multas se aplicarán conforme al Reglamento de Parques."


@pytest.fixture
def editor(qtbot, window, parques):  # noqa: F811
    window.refresh()
    return create_from_dialog(window, parques)


def test_export_and_import_from_the_editor(qtbot, editor, services, parques, tmp_path,  # noqa: F811
                                           dialogs):  # noqa: F811
    texts = [a.text() for a in editor.toolbar.actions()]
    assert "Exportar redline para Word…" in texts and "Importar redline revisado…" in texts
    node = article(editor, "4")
    old = node.text
    editor.run_command(lambda ed: ed.edit(node.pid, text=NEW))
    assert editor.dirty

    path = tmp_path / "redline.docx"
    editor.redline.export_redline(path)          # saves the pending edit first
    assert path.is_file() and not editor.dirty
    assert "Redline exportado" in editor.save_label.text()

    reviewed = decide(path.read_bytes(), lambda _r, _t: "reject")
    reviewed = comment(reviewed, "ARTÍCULO 4", old.split()[0], "Conservar la redacción.",
                       "Síndica")
    back = tmp_path / "devuelto.docx"
    back.write_bytes(reviewed)
    editor.redline._user = lambda: UserProfile("Lic. Ana Ruiz", "Jurídico", "redactor")
    editor.redline.import_redline(back)

    dialog = editor.redline.last_dialog
    assert dialog is not None and dialog.isVisible()
    assert "rechazados" in dialog.headline.text() and "nueva revisión" in dialog.headline.text()
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 2).text() == "rechazado"
    assert dialog.observations.count() == 1 and "Síndica" in dialog.observations.item(0).text()
    stored = services.projects.get(editor.project_id).targets[0].draft
    assert next(a for a in stored.articles() if a.num == "4").text == old
    qtbot.waitUntil(lambda: editor.current is not None and article(editor, "4").text == old)
    assert not dialogs.texts("critical")


def test_a_file_that_is_not_a_redline_shows_a_spanish_error(qtbot, editor, tmp_path,  # noqa: F811
                                                           dialogs):  # noqa: F811
    bad = tmp_path / "notas.docx"
    bad.write_bytes(b"no es un docx")
    editor.redline.import_redline(bad)
    assert editor.redline.last_dialog is None
    assert any("no es un documento de Word" in t for t in dialogs.texts())
