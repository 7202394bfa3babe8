"""Reform projects in the GUI: create from the dialog, draft, diff, undo, autosave, decree,
compare, publish.

Everything goes through the main window as a user would (menus, dialogs, the editor's
widgets and actions) on the small test regulation; dialogs are opened with ``open()`` so the
test fills them in and accepts them, and ``QInputDialog`` is replaced by a stub that accepts
the suggested value.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog

from reglamentos_app.domain.provisions import ProvisionStatus
from reglamentos_app.domain.reform import ProjectKind, ProjectStatus
from reglamentos_app.ui.projects.comparison_panel import ComparisonTab
from reglamentos_app.ui.projects.diff_html import DEL_STYLE, INS_STYLE, NO_MATCH
from reglamentos_app.ui.projects.editor import ProjectEditor

from .texts import REGLAMENTO_2023

NEW_TEXT = "Las multas se aplicarán conforme al Reglamento."


@pytest.fixture
def answers(monkeypatch):
    """Stub QInputDialog: accept the suggested text (or the first item); record the prompts."""
    asked: list[tuple[str, str]] = []

    def get_text(_parent, title, label, *args, text="", **kwargs):
        asked.append((title, text))
        return text, True

    def get_item(_parent, title, label, items, current=0, editable=False, *args, **kwargs):
        asked.append((title, items[current]))
        return items[current], True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))
    return asked


@pytest.fixture
def parques(imported) -> str:
    return imported["parques.txt"]


def ok_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def create_from_dialog(window, uri: str, title: str = "Reforma al Reglamento de Parques"
                       ) -> ProjectEditor:
    """Open the regulation in the viewer, then Proyectos › Nuevo proyecto… and accept."""
    window.browser.select_uri(uri)
    window.projects.action_new.trigger()
    dialog = window.projects.new_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.checklist.checked_uris() == [uri]   # the open regulation comes checked
    assert not ok_button(dialog).isEnabled()           # no title yet
    dialog.form.title_edit.setText(title)
    dialog.form.folio_edit.setText("SA/123/2025")
    dialog.form.office_edit.setText("Dirección de Servicios Públicos")
    assert ok_button(dialog).isEnabled()
    ok_button(dialog).click()
    editor = window.tabs.currentWidget()
    assert isinstance(editor, ProjectEditor)
    return editor


def article(editor: ProjectEditor, num: str):
    return next(a for a in editor.current.root.articles() if a.num == num)


def select(editor: ProjectEditor, num: str):
    node = article(editor, num)
    assert editor.tree.select_pid(node.pid)
    assert editor.article_editor.pid == node.pid
    return node


def type_text(qtbot, editor: ProjectEditor, text: str) -> None:
    """Replace the text of the selected unit by typing it (one keystroke at a time)."""
    box = editor.article_editor.text_edit
    box.setFocus()
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    for char in text:
        if char.isascii():
            qtbot.keyClicks(box, char)
        else:  # QTest only knows ASCII keys; an accented letter arrives as typed text
            box.insertPlainText(char)


@pytest.fixture
def editor(qtbot, window, parques) -> ProjectEditor:
    window.refresh()
    return create_from_dialog(window, parques)


def test_new_project_dialog_creates_and_lists_the_project(window, editor, services, parques):
    assert window.tabs.tabText(1) == "Proyectos"
    assert window.tabs.tabText(window.tabs.indexOf(editor)) == "Reforma al Reglamento de Parques"
    project = services.projects.get(editor.project_id)
    assert [t.regulation_uri for t in project.targets] == [parques]
    assert project.file_number == "SA/123/2025"
    assert project.promoter_office == "Dirección de Servicios Públicos"
    assert window.projects.list.rows() == [[
        "Reforma al Reglamento de Parques", "Reforma parcial",
        "Dirección de Servicios Públicos", "Reglamento de Parques de Prueba", "En trámite"]]
    assert editor.target_combo.currentText() == "Reglamento de Parques de Prueba"
    # The tree shows every level, fracciones included.
    fracciones = [c for c in article(editor, "2").children]
    assert fracciones and all(editor.tree.item_for(c.pid) is not None for c in fracciones)
    assert editor.comparison.change_list.summary_label.text() == "Sin cambios"


def test_typing_edits_the_draft_and_the_diff_shows_the_words(qtbot, editor):
    select(editor, "4")
    type_text(qtbot, editor, NEW_TEXT)
    assert article(editor, "4").text == NEW_TEXT
    # Keystrokes merge into one undo step named after the unit.
    assert editor.actions.undo.text() == "Deshacer: Editar Artículo 4"
    qtbot.waitUntil(lambda: editor.comparison.change_list.texts() == ["Reforma: artículo 4"],
                    timeout=3000)  # the 300 ms re-diff
    html = editor.comparison.diff_view.html
    assert f'<span style="{DEL_STYLE}">sanciones </span>' in html
    assert f'<span style="{INS_STYLE}">multas </span>' in html
    assert f'<span style="{INS_STYLE}">al Reglamento</span>' in html
    assert editor.comparison.change_list.summary_label.text() == "1 reforma"
    assert editor.tree.item_for(article(editor, "4").pid).font(0).bold()


def test_insert_after_derogate_and_change_list(qtbot, editor, answers):
    select(editor, "4")
    editor.actions.insert_after.trigger()
    assert answers == [("Adicionar artículo", "4 Bis")]     # the suggested number
    new = editor.current_node()
    assert new.num == "4 Bis" and editor.article_editor.pid == new.pid
    type_text(qtbot, editor, "Los parques contarán con bebederos.")
    select(editor, "6")
    editor.actions.derogate.trigger()
    assert article(editor, "6").status is ProvisionStatus.REPEALED
    editor.rediff_now()
    changes = editor.comparison.change_list
    assert changes.summary_label.text() == "1 adición, 1 derogación"
    assert changes.texts() == ["Adición: artículo 4 Bis", "Derogación: artículo 6"]
    html = editor.comparison.diff_view.html
    assert NO_MATCH in html
    assert "Los parques contarán con bebederos." in html
    # Clicking a change selects it in the tree.
    changes.list.itemClicked.emit(changes.list.item(0))
    assert editor.tree.current_pid() == new.pid
    # Only what the draft added can be taken out.
    assert editor.actions.remove.isEnabled()
    select(editor, "5")
    assert not editor.actions.remove.isEnabled()


def test_inline_and_character_modes_and_only_changes(qtbot, editor):
    select(editor, "4")
    type_text(qtbot, editor, NEW_TEXT)
    editor.rediff_now()
    view = editor.comparison.diff_view
    assert "Artículo 10.-" not in view.html            # "Solo cambios" is on by default
    view.only_changes_check.setChecked(False)
    assert "Artículo 10.-" in view.html and NO_MATCH not in view.html
    view.inline_check.setChecked(True)
    assert "<th" not in view.html                      # one column
    assert f'<span style="{DEL_STYLE}">sanciones </span><span style="{INS_STYLE}">multas ' \
        in view.html
    assert f'<span style="{DEL_STYLE}">a la Ley</span> <span style="{INS_STYLE}">al Reglamento' \
        in view.html                                   # a space between the two
    view.chars_check.setChecked(True)
    assert f'<span style="{INS_STYLE}">' in view.html


def test_undo_and_redo_through_the_actions(qtbot, editor, answers):
    original = article(editor, "4").text
    select(editor, "4")
    type_text(qtbot, editor, NEW_TEXT)
    editor.actions.insert_after.trigger()
    assert editor.actions.undo.text() == "Deshacer: Adicionar Artículo 4 Bis"
    assert editor.actions.undo.shortcut().toString() == "Ctrl+Z"
    assert [k.toString() for k in editor.actions.redo.shortcuts()] == ["Ctrl+Shift+Z", "Ctrl+Y"]
    editor.actions.undo.trigger()
    assert [a.num for a in editor.current.root.articles()][3:6] == ["4", "5", "6"]
    assert editor.actions.undo.text() == "Deshacer: Editar Artículo 4"
    assert editor.actions.redo.text() == "Rehacer: Adicionar Artículo 4 Bis"
    editor.actions.undo.trigger()
    assert article(editor, "4").text == original
    select(editor, "4")
    assert editor.article_editor.text_edit.toPlainText() == original
    assert not editor.actions.undo.isEnabled() and editor.actions.undo.text() == "Deshacer"
    editor.actions.redo.trigger()
    assert article(editor, "4").text == NEW_TEXT
    assert editor.article_editor.text_edit.toPlainText() == NEW_TEXT


def test_ctrl_z_in_the_text_box_undoes_the_draft(qtbot, window, editor):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts only reach the active window
    original = article(editor, "4").text
    select(editor, "4")
    type_text(qtbot, editor, NEW_TEXT)
    qtbot.keyClick(editor.article_editor.text_edit, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier)
    assert article(editor, "4").text == original
    assert editor.article_editor.text_edit.toPlainText() == original


def test_autosave_persists_the_draft(qtbot, editor, services, parques):
    select(editor, "4")
    type_text(qtbot, editor, NEW_TEXT)
    assert editor.dirty and editor.save_label.text() == "Cambios sin guardar"
    qtbot.waitUntil(lambda: not editor.dirty, timeout=5000)  # the 2 s autosave timer
    assert editor.save_label.text().startswith("Guardado a las")
    draft = services.projects.get(editor.project_id).target(parques).draft
    assert next(a for a in draft.articles() if a.num == "4").text == NEW_TEXT


def test_closing_the_tab_saves_first(qtbot, window, editor, services, parques):
    select(editor, "5")
    type_text(qtbot, editor, "Texto nuevo del artículo cinco.")
    window.projects.close_tab(editor)
    assert window.tabs.indexOf(editor) == -1 and editor.project_id not in window.projects.editors
    draft = services.projects.get(editor.project_id).target(parques).draft
    assert next(a for a in draft.articles() if a.num == "5").text == \
        "Texto nuevo del artículo cinco."
    window.projects.open_project(editor.project_id)  # reopening shows the saved draft
    reopened = window.tabs.currentWidget()
    assert article(reopened, "5").text == "Texto nuevo del artículo cinco."
    reopened.rediff_now()
    assert reopened.comparison.change_list.texts() == ["Reforma: artículo 5"]


def test_closing_the_window_saves_open_drafts(qtbot, window, editor, services, parques):
    select(editor, "5")
    type_text(qtbot, editor, "Guardado al cerrar la ventana.")
    window.close()
    draft = services.projects.get(editor.project_id).target(parques).draft
    assert next(a for a in draft.articles() if a.num == "5").text == \
        "Guardado al cerrar la ventana."


def test_decree_preview(qtbot, editor):
    select(editor, "4")
    type_text(qtbot, editor, NEW_TEXT)
    editor.tabs.setCurrentWidget(editor.decree)
    qtbot.waitUntil(lambda: "Se reforma" in editor.decree.text(), timeout=5000)
    assert "artículo 4" in editor.decree.text()
    assert NEW_TEXT in editor.decree.text()


def test_project_data_tab_saves_through_the_service(qtbot, window, editor, services):
    form = editor.data_tab.form
    assert form.folio_edit.text() == "SA/123/2025"
    form.title_edit.setText("Reforma integral de parques")
    form.kind_combo.setCurrentIndex(form.kind_combo.findData(ProjectKind.FULL_REFORM.value))
    form.transitorios_edit.setPlainText("Entrará en vigor al día siguiente.\n\n"
                                        "Se derogan las disposiciones que se opongan.")
    editor.data_tab.save_button.click()
    project = services.projects.get(editor.project_id)
    assert project.title == "Reforma integral de parques"
    assert project.kind is ProjectKind.FULL_REFORM
    assert project.transitorios == ["Entrará en vigor al día siguiente.",
                                    "Se derogan las disposiciones que se opongan."]
    assert window.tabs.tabText(window.tabs.indexOf(editor)) == "Reforma integral de parques"
    editor.data_tab.save_button.click()  # a second save works on the new revision
    assert window.projects.list.rows()[0][0] == "Reforma integral de parques"


def test_conflicts_with_another_open_project(qtbot, window, editor, services, parques):
    other = services.projects.create("Otra reforma", [parques])
    session = services.projects.open_draft(other.id, parques)
    a4 = next(a for a in session.editor.root.articles() if a.num == "4")
    session.editor.edit(a4.pid, text="Otro texto para el artículo cuatro.")
    session.save()
    select(editor, "4")
    type_text(qtbot, editor, NEW_TEXT)
    editor.save_now()
    assert editor.conflicts_notice.isVisible()
    assert "«Otra reforma» también modifica artículo 4" in editor.conflicts_notice.text()


def test_add_a_second_regulation(qtbot, editor, imported):
    editor.add_target_button.click()
    dialog = editor.add_target_dialog
    bando = imported["bando.txt"]
    dialog.combo.setCurrentIndex(dialog.combo.findData(bando))
    ok_button(dialog).click()
    assert editor.target_combo.count() == 2
    assert editor.current.uri == bando
    assert [a.num for a in editor.current.root.articles()] == ["1", "2"]
    editor.target_combo.setCurrentIndex(0)              # back to the first, kept in memory
    assert editor.current.uri == imported["parques.txt"]


def test_compare_dialog_opens_a_comparison_tab(qtbot, window, services, parques, write_text):
    services.corpus.import_text(REGLAMENTO_2023, "parques-2023.txt")
    window.refresh(select_uri=parques)
    window.projects.action_compare.trigger()
    dialog = window.projects.compare_dialog
    base, draft = dialog.specs()
    assert base.startswith(parques + "@") and draft == parques  # previous vs current version
    ok_button(dialog).click()
    tab = window.tabs.currentWidget()
    assert isinstance(tab, ComparisonTab)
    assert tab.panel.change_list.texts() == ["Reforma: artículo 1"]
    assert f'<span style="{INS_STYLE}">y cuidado </span>' in tab.panel.diff_view.html
    # A file on disk against the corpus.
    path = write_text("otro.txt", REGLAMENTO_2023.replace("Las sanciones se aplicarán",
                                                          "Las multas se aplicarán"))
    window.projects.action_compare.trigger()
    dialog = window.projects.compare_dialog
    dialog.base_picker.choose(parques)
    dialog.draft_picker.use_file(str(path))
    assert dialog.specs() == (parques, str(path))
    ok_button(dialog).click()
    tab = window.tabs.currentWidget()
    assert tab.panel.change_list.texts() == ["Reforma: artículo 4"]
    window.projects.close_tab(tab)
    assert window.tabs.indexOf(tab) == -1


def test_the_drafting_toolbar_does_not_publish(editor):
    """Issue 16: publishing is an act of the procedure, never a drafting button."""
    texts = [a.text() for a in editor.toolbar.actions()]
    assert texts and not any("Publicar" in t for t in texts)
    assert not hasattr(editor, "action_publish")


def test_direct_publication_over_a_changed_text_shows_the_conflict(qtbot, window, editor,
                                                                   services, parques, dialogs):
    """The administrator's «publicación directa» (the only publication outside the stages)
    consolidates like any other: a provision another reform changed first stops it whole."""
    from reglamentos_app.domain.workflow import UserProfile
    from tests.ui.test_workflow_gui import take

    select(editor, "4")
    type_text(qtbot, editor, NEW_TEXT)
    editor.save_now()
    qtbot.waitUntil(lambda: not editor.dirty, timeout=5000)
    admin = UserProfile("Ing. Rosa Gil", "Informática", "administrador")
    # Another project changes the same article and is published first.
    other = services.projects.create("Reforma anterior", [parques])
    session = services.projects.open_draft(other.id, parques)
    a4 = next(a for a in session.editor.root.articles() if a.num == "4")
    session.editor.edit(a4.pid, text="Las sanciones se aplicarán conforme a la Ley vigente.")
    session.save()
    services.workflow.advance(other.id, "direct_publication", admin, {
        "direct_publication_reason": "Publicada antes de usar el programa.",
        "gazette_number": "9", "gazette_section": "I", "gazette_tome": "CXXXII",
        "publication_date": "2025-02-01"})
    window.workflow.state.choose(services.workflow.add_user(admin), admin)
    workflow = window.workflow.editors[editor.project_id]
    workflow.refresh()
    form = take(workflow, "direct_publication")
    form.inputs["direct_publication_reason"].edit.setPlainText("Publicada en papel.")
    for name, value in (("gazette_number", "14"), ("gazette_section", "I"),
                        ("gazette_tome", "CXXXII")):
        form.inputs[name].edit.setText(value)
    form.inputs["publication_date"].edit.setDate(QDate(2025, 3, 10))
    form.ok_button.click()
    qtbot.waitUntil(lambda: "No se aplicó ningún cambio" in form.message_label.text(),
                    timeout=5000)
    assert form.isVisible()                                   # refused, the data kept
    assert services.projects.get(editor.project_id).status is ProjectStatus.OPEN
    assert services.workflow.stage(editor.project_id).id == "draft"


def test_insert_inside_renumber_and_move(qtbot, editor, answers, monkeypatch, dialogs):
    a2 = select(editor, "2")
    editor.actions.insert_inside.trigger()
    assert answers[-2:] == [("Adicionar dentro", "Fracción"), ("Adicionar fracción", "III")]
    assert [c.num for c in article(editor, "2").children][-1] == "III"
    type_text(qtbot, editor, "Dependencia.- La Dirección de Servicios Públicos.")
    select(editor, "7")
    editor.actions.move_up.trigger()                    # artículo 7 now before 6
    assert [a.num for a in editor.current.root.articles()][4:7] == ["5", "7", "6"]
    assert editor.current_node().num == "7"             # the moved unit stays selected
    editor.rediff_now()
    html = editor.comparison.diff_view.html
    assert "[movido]" in html
    assert "Adición: artículo 2, fracción III" in editor.comparison.change_list.texts()
    editor.actions.move_down.trigger()
    assert [a.num for a in editor.current.root.articles()][4:7] == ["5", "6", "7"]
    editor.actions.renumber.trigger()                   # the stub keeps the same number
    assert editor.current_node().num == "7"
    select(editor, "8")
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_a, **_k: ("7", True)))
    editor.actions.renumber.trigger()                   # a number already in use
    assert dialogs.texts("warning")[-1].startswith("Ya existe el artículo 7")
    assert article(editor, "8").pid == editor.current_node().pid
    monkeypatch.setattr(QInputDialog, "getText",
                        staticmethod(lambda *_a, **_k: ("8 Bis", True)))
    editor.actions.renumber.trigger()
    assert editor.current_node().num == "8 Bis"
    assert editor.actions.undo.text() == "Deshacer: Renumerar Artículo 8"
    assert a2.pid in editor.current.base_pids

def test_published_project_opens_read_only_from_the_list(qtbot, window, services, parques):
    from reglamentos_app.domain.gazette import GazetteReference
    project = services.projects.create("Reforma ya publicada", [parques])
    session = services.projects.open_draft(project.id, parques)
    a1 = next(a for a in session.editor.root.articles() if a.num == "1")
    session.editor.edit(a1.pid, text="Este Reglamento regula los parques.")
    session.save()
    services.projects.publish(project.id, GazetteReference(number="3", date=date(2025, 1, 7)))
    window.projects.show_list()
    tree = window.projects.list.tree
    tree.itemDoubleClicked.emit(tree.topLevelItem(0), 0)
    editor = window.tabs.currentWidget()
    assert isinstance(editor, ProjectEditor) and editor.read_only
    assert editor.comparison.change_list.texts() == ["Reforma: artículo 1"]
    assert not editor.actions.derogate.isEnabled() and not editor.add_target_button.isEnabled()
    select(editor, "1")
    assert editor.article_editor.text_edit.isReadOnly()
    assert not window.projects.list.withdraw_button.isEnabled()


def test_withdraw_from_the_list(qtbot, window, editor, services):
    window.projects.show_list()
    window.projects.list.select_id(editor.project_id)
    window.projects.list.withdraw_button.click()        # the question is answered "Sí"
    # Withdrawal goes through the procedure: who withdraws (first use: the profile) and why.
    profile = window.workflow.profile_dialog
    profile.picker.select_new("Lic. Ana Ruiz", "Consejería Jurídica", "redactor")
    profile.accept()
    form = window.workflow.withdraw_form
    form.inputs["withdrawal_reason"].set_value("Se presentará un proyecto integral.")
    form.ok_button.click()
    assert services.workflow.timeline(editor.project_id)[-1].actor == "Lic. Ana Ruiz"
    assert services.projects.get(editor.project_id).status is ProjectStatus.WITHDRAWN
    assert window.projects.list.rows()[0][4] == "Retirado"
    assert editor.read_only and editor.state_notice.text() == \
        "Proyecto retirado; solo se puede consultar."


def test_go_to_switches_regulation_and_selects_the_provision(qtbot, window, services, imported):
    """A search hit in a draft lands on its provision, also in the project's other regulation."""
    parques, bando = imported["parques.txt"], imported["bando.txt"]
    project = services.projects.create("Reforma doble", [parques, bando])
    target = services.projects.open_draft(project.id, bando).target
    wanted = next(a for a in target.draft.articles() if a.num == "2")
    editor = window.projects.open_project(project.id)
    editor.go_to(bando, wanted.pid)
    qtbot.waitUntil(lambda: editor.current is not None and editor.current.uri == bando,
                    timeout=3000)
    assert editor.tree.current_pid() == wanted.pid
    assert editor.article_editor.pid == wanted.pid
    first = next(a for a in editor._drafts[bando].root.articles() if a.num == "1")
    editor.go_to(bando, first.pid)                    # already shown: selects at once
    assert editor.tree.current_pid() == first.pid
