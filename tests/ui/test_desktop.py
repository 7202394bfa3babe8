"""Issue 18 (a desktop that fits a lawyer's day), offscreen: menus that reach every action,
the user guide and shortcuts inside the program, the export confirmation, file dialogs that
start in Documents in Spanish, the first-run indicator and the minimum column widths."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QKeySequence, QTextDocument
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from reglamentos_app import __version__
from reglamentos_app.ui import file_dialogs
from reglamentos_app.ui.help import HelpDialog, guide_path, guide_sections
from reglamentos_app.ui.layout import TEXT_COLUMN_MIN

from .test_projects import create_from_dialog, select


def _menu_texts(menu: QMenu) -> list[str]:
    texts = []
    for action in menu.actions():
        if action.menu() is not None:
            texts += [f"{action.text()} › {t}" for t in _menu_texts(action.menu())]
        elif not action.isSeparator():
            texts.append(action.text())
    return texts


def _all_menu_actions(menu: QMenu) -> set:
    found = set()
    for action in menu.actions():
        found.add(action)
        if action.menu() is not None:
            found |= _all_menu_actions(action.menu())
    return found


def test_every_toolbar_action_of_a_project_is_in_the_edit_menu(window, imported):
    window.refresh()
    editor = create_from_dialog(window, imported["parques.txt"])
    menu = window.edit_menu
    menu.rebuild()
    in_menu = _all_menu_actions(menu)
    for action in editor.toolbar.actions():
        if action.isSeparator():
            continue
        widget = editor.toolbar.widgetForAction(action)
        if widget is editor.exports.button:  # "Exportar ▾": its entries, as a submenu
            assert all(a in in_menu for a in editor.exports.menu.actions())
        else:
            assert action in in_menu, action.text()
    texts = _menu_texts(menu)
    assert "Exportar › Cuadro comparativo…" in texts
    # The shortcuts are shown beside the entries (Qt draws an action's shortcut in its menu).
    assert editor.actions.insert_after in in_menu
    assert editor.actions.insert_after.shortcut() == QKeySequence("Ctrl+Return")
    assert editor.actions.move_up.shortcut() == QKeySequence("Alt+Up")
    assert window.action_find_all in in_menu and window.action_find in in_menu


def test_edit_menu_without_a_project_says_how_to_open_one(window):
    window.edit_menu.rebuild()
    first = window.edit_menu.actions()[0]
    assert "Abra un proyecto" in first.text() and not first.isEnabled()


def test_long_undo_label_is_shortened_with_the_whole_label_in_the_tooltip(qtbot, window,
                                                                           imported):
    window.refresh()
    editor = create_from_dialog(window, imported["parques.txt"])
    editor.actions._history(editor.actions.undo, "Deshacer", True,
                            "Editar Artículo 23 Bis, fracción IV, inciso b)")
    assert len(editor.actions.undo.text()) <= 36
    assert editor.actions.undo.toolTip() == \
        "Deshacer: Editar Artículo 23 Bis, fracción IV, inciso b)"


def test_f1_opens_the_user_guide_inside_the_program(window):
    assert window.action_guide.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    window.action_guide.trigger()
    dialog = window.help_dialog
    assert isinstance(dialog, HelpDialog) and dialog.isVisible()
    text = dialog.browser.toPlainText()
    assert "Guía de usuario de Reglamentos" in text
    markdown = guide_path().read_text(encoding="utf-8")
    assert dialog.headings == [t for _l, t in guide_sections(markdown)]
    assert any(h.startswith("3. Buscar") for h in dialog.headings)
    # The guide's screenshots are found offline, next to the guide.
    image = dialog.browser.document().resource(QTextDocument.ResourceType.ImageResource,
                                               "screenshots/01-corpus.png")
    assert image is not None and not image.isNull()
    # Choosing a section goes to it.
    row = next(i for i, h in enumerate(dialog.headings) if h.startswith("3. Buscar"))
    dialog.sections.setCurrentRow(row)
    assert dialog.browser.textCursor().selectedText().startswith("3. Buscar")
    dialog.find_edit.setText("Ctrl+Shift+F")
    assert dialog.find_next()


def test_help_dialog_says_so_when_the_guide_is_missing(qtbot, tmp_path):
    dialog = HelpDialog(tmp_path / "no-existe.md")
    qtbot.addWidget(dialog)
    assert "No se encontró la guía" in dialog.browser.toPlainText()


def test_shortcuts_dialog_lists_the_menus_and_the_editor(window):
    dialog = window.show_shortcuts()
    rows = dict(dialog.rows)
    assert rows["Archivo › Importar archivo"] == QKeySequence("Ctrl+O").toString(
        QKeySequence.SequenceFormat.NativeText)
    assert any(where.endswith("Guía de usuario") for where in rows)
    assert rows["Editor del proyecto › Adicionar después"] == QKeySequence(
        "Ctrl+Return").toString(QKeySequence.SequenceFormat.NativeText)
    assert "Editor del proyecto › Subir" in rows


def test_about_names_the_version_and_the_database(window, monkeypatch, db_url):
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda _p, title, text: shown.append(text))
    window.action_about.trigger()
    assert f"Versión:</b> {__version__}" in shown[0]
    assert "Base de datos local" in shown[0] and db_url.removeprefix("sqlite:///") in shown[0]


def test_file_dialogs_start_in_documents_then_in_the_last_folder(window, monkeypatch,
                                                                 tmp_path):
    documents = tmp_path / "Documentos"
    documents.mkdir()
    monkeypatch.setattr(file_dialogs, "documents_dir", lambda: documents)
    seen = []

    def fake_open(_parent, _title, directory, _filter):
        seen.append(directory)
        return [str(tmp_path / "otra" / "x.docx")], _filter

    (tmp_path / "otra").mkdir()
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", fake_open)
    monkeypatch.setattr(window, "import_paths", lambda paths, **k: None)
    window.action_import_file.trigger()
    window.action_import_file.trigger()
    assert seen == [str(documents), str(tmp_path / "otra")]


def test_qt_dialogs_read_spanish():
    translator = QTranslator()
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    assert translator.load(QLocale(QLocale.Language.Spanish), "qtbase", "_", path)
    QCoreApplication.installTranslator(translator)
    try:
        assert QCoreApplication.translate("QFileDialog", "Look in:") == "Ver en:"
    finally:
        QCoreApplication.removeTranslator(translator)


def test_export_ends_with_a_confirmation_offering_to_open(qtbot, window, imported, tmp_path,
                                                          monkeypatch):
    from reglamentos_app.ui import saved_notice

    opened = []
    monkeypatch.setattr(saved_notice, "open_path", lambda p: opened.append(p) or True)
    window.refresh()
    window.browser.select_uri(imported["parques.txt"])
    dialog = window.export_current()
    target = tmp_path / "vigente.html"
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("html"))
    dialog.dest_edit.setText(str(target))
    dialog.export_button.click()
    assert target.is_file() and not dialog.isVisible()
    notice = window.saved_notice
    assert notice.isVisible() and str(target) in notice.text()
    labels = [b.text() for b in notice.buttons()]
    assert "Abrir" in labels and "Mostrar en la carpeta" in labels
    next(b for b in notice.buttons() if b.text() == "Abrir").click()
    assert opened == [target]


def test_first_run_import_is_visible_while_it_runs(window):
    window.set_sample_importing(True)
    assert window.count_label.text() == "Importando el corpus de muestra…"
    assert not window.sample_progress.isHidden()
    assert "Importando el corpus de muestra" in window.viewer.placeholder.text()
    window.refresh()  # a listing that arrives meanwhile does not say "0 reglamentos"
    assert window.count_label.text() == "Importando el corpus de muestra…"
    window.set_sample_importing(False)
    assert window.count_label.text() == "0 reglamentos"
    assert "Importar" in window.viewer.placeholder.text()


def test_the_search_panel_never_starves_the_text_column(qtbot, window, imported):
    window.resize(790, 560)
    window.show()
    window.refresh()
    window.browser.select_uri(imported["parques.txt"])
    window.show_search()
    qtbot.wait(50)
    assert window.viewer.text_browser.width() >= TEXT_COLUMN_MIN
    assert window.search_panel.width() >= 300 or not window.search_dock.isVisible()


def test_projects_tab_explains_how_to_start_when_empty(window):
    window.projects.show_list()
    assert not window.projects.list.empty_label.isHidden()
    assert "Nuevo proyecto" in window.projects.list.empty_label.text()


def test_open_tabs_are_limited_and_close_others_keeps_the_current(window, services, imported):
    from reglamentos_app.ui.projects.workspace import MAX_OPEN_TABS

    uri = imported["parques.txt"]
    ids = [services.projects.create(f"Proyecto {n}", [uri]).id for n in range(MAX_OPEN_TABS + 2)]
    for project_id in ids:
        window.projects.open_project(project_id)
    assert window.tabs.count() == 2 + MAX_OPEN_TABS
    assert window.tabs.tabText(0) == "Corpus" and window.tabs.tabText(1) == "Proyectos"
    assert set(window.projects.editors) == set(ids[2:])   # the two used longest ago closed
    assert "para no acumular" in window.statusBar().currentMessage()
    current = window.tabs.currentWidget()
    window.projects.action_close_others.trigger()
    assert window.tabs.count() == 3 and window.tabs.widget(2) is current


def test_a_profile_that_cannot_draft_is_not_offered_new_project(window, services):
    from reglamentos_app.domain.workflow import UserProfile

    secretary = UserProfile("Lic. Luz Mora", "Secretaría del Ayuntamiento", "secretaria")
    drafter = UserProfile("Lic. Ana Ruiz", "Consejería Jurídica", "redactor")
    window.workflow.state.choose(services.workflow.add_user(secretary), secretary)
    assert not window.projects.action_new.isEnabled()
    assert "no redacta proyectos" in window.projects.action_new.toolTip()
    assert not window.projects.list.new_button.isEnabled()
    window.workflow.state.choose(services.workflow.add_user(drafter), drafter)
    assert window.projects.action_new.isEnabled()


def test_sin_perfil_is_explained_and_opens_the_profile(window, monkeypatch):
    label = window.workflow.profile_label
    assert "Sin perfil de usuario" in label.text()
    assert "puede consultar" in label.toolTip() and "Mi perfil" in label.toolTip()
    asked = []
    monkeypatch.setattr(window.workflow, "ask_profile", lambda then: asked.append(then))
    label.linkActivated.emit("perfil")
    assert asked == [None]


def test_decree_preview_is_laid_out_as_printed():
    from reglamentos_app.ui.projects.decree_preview import decree_html

    text = ("ARTÍCULO ÚNICO.- Se reforma el artículo 3 del Reglamento de Panteones, para quedar "
            "como sigue:\nARTÍCULO 3.- El servicio público de panteones.\n…\nTRANSITORIOS\n"
            "ÚNICO.- El presente Acuerdo entrará en vigor al día siguiente.")
    html = decree_html(text)
    assert "<b>ARTÍCULO ÚNICO.-</b> Se reforma" in html
    assert 'style="margin-left:36px;"><b>ARTÍCULO 3.-</b> El servicio' in html  # quoted text
    assert '<p align="center"><b>TRANSITORIOS</b></p>' in html
    assert '<p align="justify" style=""><b>ÚNICO.-</b> El presente' in html
    assert "serif" in html


def test_every_image_of_the_guide_and_readme_exists():
    import re

    root = Path(__file__).resolve().parents[2]
    guide = (root / "docs" / "guia-de-usuario.md").read_text(encoding="utf-8")
    images = re.findall(r"!\[[^\]]*\]\(([^)]+\.png)\)", guide)
    assert len(images) >= 10
    assert [i for i in images if not (root / "docs" / i).is_file()] == []
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "docs/screenshot.png" in readme and (root / "docs" / "screenshot.png").is_file()
