"""The main window: browser, menus, importing, status bar, settings and saved layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog

from reglamentos_app.config import Settings
from reglamentos_app.services import ImportOutcome, ImportStatus
from reglamentos_app.ui.corpus_import import import_summary
from reglamentos_app.ui.import_review import ImportReviewDialog
from reglamentos_app.ui.main_window import MainWindow, describe_db
from reglamentos_app.ui.settings_dialog import SettingsDialog

from .texts import BANDO, REGLAMENTO

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def _rows(window) -> dict[str, list[list[str]]]:
    browser = window.browser
    groups = {}
    for i in range(browser.topLevelItemCount()):
        group = browser.topLevelItem(i)
        groups[group.text(0)] = [[group.child(j).text(c) for c in range(4)]
                                 for j in range(group.childCount())]
    return groups


def test_window_title_and_menus(window):
    assert window.windowTitle() == "Reglamentos — Municipio de Mexicali"
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&Archivo", "&Edición", "&Proyectos", "&Revisión", "&Trámite", "A&yuda"]
    assert window.action_import_file.text() == "Importar &archivo…"
    assert window.action_import_file.shortcut().toString() == "Ctrl+O"


def test_browser_groups_regulations_by_kind(qtbot, runner, db_url, imported):
    win = MainWindow(runner, Settings.load(), db_url)
    qtbot.addWidget(win)
    win.refresh()
    assert _rows(win) == {
        # Short, readable titles in the list; the full official title in the tooltip.
        "Reglamentos (1)": [["Reglamento de Parques de Prueba", "Vigente", "03/05/2021", "30"]],
        "Bandos (1)": [["Bando de Prueba de Policía", "Vigente", "—", "2"]],
    }
    first = win.browser.topLevelItem(0).child(0)
    assert first.toolTip(0).endswith("PARA EL MUNICIPIO DE MEXICALI, BAJA CALIFORNIA")
    assert win.count_label.text() == "2 reglamentos"
    assert "t.sqlite3" in win.db_label.text()


def test_selecting_a_regulation_shows_its_tree_and_text(qtbot, runner, db_url, imported):
    win = MainWindow(runner, Settings.load(), db_url)
    qtbot.addWidget(win)
    win.refresh()
    assert win.viewer.stack.currentWidget() is win.viewer.placeholder
    bando = win.browser.topLevelItem(1).child(0)
    win.browser.setCurrentItem(bando)
    assert win.viewer.current_uri == imported["bando.txt"]
    tree = win.viewer.structure_tree
    assert [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())] == [
        "Artículo 1", "Artículo 2"]
    assert "El presente Bando es de orden público." in win.viewer.text_browser.toPlainText()


def test_import_file_menu_imports_and_refreshes(window, monkeypatch, write_text, dialogs):
    assert _rows(window) == {}
    path = write_text("parques.txt", REGLAMENTO)
    calls = []

    def fake_open(parent, caption, directory, filters):
        calls.append((caption, filters))
        return [str(path)], filters

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", fake_open)
    reviewed = []

    def accept_review(dialog):
        reviewed.append(dialog.prepared.report.counts.get("article"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportReviewDialog, "exec", accept_review)
    window.action_import_file.trigger()
    assert calls and "*.txt" in calls[0][1] and "*.pdf" in calls[0][1]
    assert reviewed == [30]  # one file: the review step showed what was found first
    assert list(_rows(window)) == ["Reglamentos (1)"]
    assert window.count_label.text() == "1 reglamento"
    # The imported regulation is selected and shown, and a summary was reported.
    assert window.viewer.current_uri == window.browser.selected_uri()
    assert dialogs.shown == [("information", "Reglamentos",
                              "Archivos procesados: 1\nImportados: 1")]
    assert window.action_import_file.isEnabled()


def test_import_folder_reports_errors_in_spanish(window, monkeypatch, write_text, dialogs):
    write_text("parques.txt", REGLAMENTO, folder="carpeta")
    write_text("bando.txt", BANDO, folder="carpeta")
    bad = write_text("vacio.txt", "Un texto sin artículos.\n", folder="carpeta")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        lambda *args, **kwargs: str(bad.parent))
    window.action_import_folder.trigger()
    assert set(_rows(window)) == {"Reglamentos (1)", "Bandos (1)"}
    ((kind, title, text),) = dialogs.shown
    assert kind == "warning" and title == "Reglamentos"
    assert "Importados: 2" in text and "Con errores: 1" in text
    assert "• vacio.txt: «vacio.txt» no contiene artículos reconocibles" in text


def test_cancelled_file_dialog_imports_nothing(window, monkeypatch, dialogs):
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([], ""))
    window.action_import_file.trigger()
    assert _rows(window) == {} and dialogs.shown == []


def test_import_summary_counts_each_result():
    outcomes = [ImportOutcome(Path("a.txt"), ImportStatus.CREATED),
                ImportOutcome(Path("b.txt"), ImportStatus.NEW_VERSION),
                ImportOutcome(Path("c.txt"), ImportStatus.UNCHANGED),
                ImportOutcome(Path("d.txt"), ImportStatus.FAILED, message="Falló d.")]
    text, has_errors = import_summary(outcomes)
    assert has_errors
    assert text.splitlines() == [
        "Archivos procesados: 4", "Importados: 1", "Nuevas versiones: 1",
        "Sin cambios (ya estaban en la base de datos): 1", "Con errores: 1", "",
        "No se pudieron importar:", "• d.txt: Falló d."]
    assert import_summary([]) == ("No se encontraron archivos que se puedan importar.", True)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="no está el corpus de muestra")
def test_sample_corpus_imports_without_errors(window, dialogs):
    window.import_paths([CORPUS])
    groups = _rows(window)
    assert sum(len(rows) for rows in groups.values()) == len(list(CORPUS.glob("*.txt")))
    assert dialogs.texts("warning") == []


def test_window_state_is_saved_and_restored(qtbot, runner, db_url, home):
    first = MainWindow(runner, Settings.load(), db_url)
    qtbot.addWidget(first)
    first.show()
    first.resize(790, 520)  # within the offscreen screen (800×600), above the minimum
    first.splitter.setSizes([230, 560])
    first.viewer.splitter.setSizes([170, 380])
    qtbot.wait(10)
    saved_main = first.splitter.sizes()
    saved_inner = first.viewer.splitter.sizes()
    first.close()
    assert (home / "config" / "ventana.ini").is_file()

    second = MainWindow(runner, Settings.load(), db_url)
    qtbot.addWidget(second)
    second.show()
    qtbot.wait(10)
    assert (second.width(), second.height()) == (790, 520)
    assert second.splitter.sizes() == saved_main
    assert second.viewer.splitter.sizes() == saved_inner


def test_settings_dialog_saves_a_sqlite_file(qtbot, tmp_path, dialogs):
    settings = Settings.load()
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.default_radio.isChecked()
    dialog.sqlite_radio.setChecked(True)
    dialog.sqlite_edit.setText(str(tmp_path / "otra.sqlite3"))
    dialog.accept()
    assert Settings.load().db_url == f"sqlite:///{(tmp_path / 'otra.sqlite3').as_posix()}"
    assert any("próxima vez que inicie" in text for text in dialogs.texts("information"))


def test_settings_dialog_rejects_a_bad_postgres_url(qtbot, dialogs):
    dialog = SettingsDialog(Settings.load())
    qtbot.addWidget(dialog)
    dialog.pg_radio.setChecked(True)
    dialog.pg_edit.setText("mysql://alguien@servidor/bd")
    dialog.accept()
    assert Settings.load().db_url == ""
    assert "postgresql://" in dialogs.texts("warning")[0]


def test_about_box_is_spanish(window, dialogs):
    window.action_about.trigger()
    ((kind, title, text),) = dialogs.shown
    assert (kind, title) == ("about", "Acerca de Reglamentos")
    assert "reglamentos municipales de Mexicali" in text


def test_status_bar_never_shows_a_password():
    text = describe_db("postgresql+psycopg://juridico:secreta@10.0.0.5:5432/reglamentos")
    assert "secreta" not in text and "juridico" in text and "10.0.0.5" in text
    assert describe_db("sqlite:////datos/r.sqlite3") == "Base de datos local: /datos/r.sqlite3"


def test_paste_text_imports_and_selects(window, monkeypatch, dialogs):
    from reglamentos_app.ui.paste_dialog import PasteTextDialog

    def fill_and_accept(dialog):
        assert not dialog.import_button.isEnabled()  # nothing pasted yet
        dialog.text_edit.setPlainText(REGLAMENTO)
        assert dialog.import_button.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PasteTextDialog, "exec", fill_and_accept)
    window.action_paste.trigger()
    assert list(_rows(window)) == ["Reglamentos (1)"]
    assert window.viewer.current_uri == window.browser.selected_uri()
    assert dialogs.shown[-1][2] == "Archivos procesados: 1\nImportados: 1"
