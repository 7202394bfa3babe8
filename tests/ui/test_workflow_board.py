"""The procedure's overview in the GUI: the board by stage, notices, the administrator's dialog.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from reglamentos_app.config import Settings
from reglamentos_app.domain.workflow import UserProfile
from reglamentos_app.ui.projects.editor import ProjectEditor
from reglamentos_app.ui.workflow.board import BoardPanel

from .test_workflow_gui import DRAFTER, SECRETARY, TRUSTEE, act_as

ADMIN = UserProfile("Ing. Rosa Gil", "Informática", "administrador")


@pytest.fixture
def people(services) -> dict[str, int]:
    return {p.role: services.workflow.add_user(p) for p in (DRAFTER, TRUSTEE, SECRETARY, ADMIN)}


@pytest.fixture
def projects(services, imported) -> dict[str, int]:
    """Three projects: one in Borrador, one with the Sindicatura, one filed (other office)."""
    parques, bando = imported["parques.txt"], imported["bando.txt"]
    made = {
        "borrador": services.projects.create("Reforma de parques", [parques],
                                             promoter_office="Consejería Jurídica").id,
        "sindicatura": services.projects.create("Reforma del bando", [bando],
                                                promoter_office="Consejería Jurídica").id,
        "presentada": services.projects.create("Reforma conjunta", [parques, bando],
                                               promoter_office="Dirección de Obras").id,
    }
    wf = services.workflow
    wf.advance(made["sindicatura"], "submit_to_trustee", DRAFTER)
    wf.advance(made["presentada"], "submit_to_trustee", DRAFTER)
    wf.advance(made["presentada"], "trustee_approve", TRUSTEE)
    wf.advance(made["presentada"], "file", DRAFTER, {"folio": "F", "filing_date": "2025-03-01"})
    return made


def titles(board: BoardPanel) -> list[str]:
    return [item.text(0) for item in board.project_items()]


def test_board_groups_by_stage_filters_and_opens(window, projects, people):
    act_as(window, people, TRUSTEE)
    window.projects.show_list()
    window.projects.list.board_button.click()             # reachable from the project list
    board = window.workflow.board
    assert window.tabs.currentWidget() is board
    assert window.tabs.tabText(window.tabs.indexOf(board)) == "Tablero del trámite"
    assert board.groups() == ["Borrador (1)", "Revisión de la Sindicatura (1)",
                              "Presentada ante la Secretaría del Ayuntamiento (1)"]
    row = next(i for i in board.project_items() if i.text(0) == "Reforma del bando")
    assert row.text(1).startswith("Sindicatura Municipal")
    assert row.text(4) == "hoy"
    # Filters: stage, role that must act, regulation, promoter, "mine".
    board.stage_combo.setCurrentIndex(board.stage_combo.findData("filed"))
    assert titles(board) == ["Reforma conjunta"]
    board.stage_combo.setCurrentIndex(0)
    board.role_combo.setCurrentIndex(board.role_combo.findData("secretaria"))
    assert set(titles(board)) == {"Reforma conjunta"}   # the bando awaits the Sindicatura
    board.role_combo.setCurrentIndex(0)
    board.promoter_combo.setCurrentIndex(board.promoter_combo.findData("Dirección de Obras"))
    assert titles(board) == ["Reforma conjunta"]
    board.promoter_combo.setCurrentIndex(0)
    parques = next(i for i in range(board.regulation_combo.count())
                   if "Parques" in board.regulation_combo.itemText(i))
    board.regulation_combo.setCurrentIndex(parques)
    assert set(titles(board)) == {"Reforma de parques", "Reforma conjunta"}
    board.regulation_combo.setCurrentIndex(0)
    board.mine_check.setChecked(True)
    assert titles(board) == ["Reforma del bando"]
    board.mine_check.setChecked(False)
    # Age in stage: a project 40 days in its stage is highlighted and "stalled".
    board.today = date.today() + timedelta(days=40)
    board.stale_check.setChecked(True)
    assert len(titles(board)) == 3
    item = board.project_items()[0]
    assert item.text(4) == "40 días" and item.background(0).color().name() == "#ffe0a3"
    assert "Detenido" in item.toolTip(4)
    board.today = None
    board.stale_check.setChecked(False)
    # Double-click opens the project.
    item = next(i for i in board.project_items() if i.text(0) == "Reforma conjunta")
    board.tree.itemDoubleClicked.emit(item, 0)
    editor = window.tabs.currentWidget()
    assert isinstance(editor, ProjectEditor) and editor.project_id == projects["presentada"]
    assert editor.read_only                                  # filed: the draft is frozen
    # Closing and reopening the board tab builds it again (from the "Trámite" menu).
    window.projects.close_tab(board)
    assert window.workflow.action_board in window.workflow.menu.actions()
    window.workflow.action_board.trigger()
    assert window.workflow.board is not board and window.workflow.board.groups()


def test_notices_badge_lists_turns_and_observations_and_remembers_seen(window, projects,
                                                                       people, services):
    assert window.workflow.notices.text() == "Avisos"
    act_as(window, people, TRUSTEE)
    notices = window.workflow.notices
    assert notices.text() == "Avisos (1)"
    (entry,) = notices.entries()
    assert "Reforma del bando" in entry and "Revisión de la Sindicatura" in entry
    # Looking at them marks them seen (persisted); they stay listed, no longer new.
    notices.menu_.aboutToShow.emit()
    notices.menu_.aboutToHide.emit()
    notices.refresh()
    assert notices.text() == "Avisos" and len(notices.entries()) == 1
    assert Settings.load().notices_seen[window.db_url]
    # The Sindicatura observes: the drafter (who acted on the project) is told.
    project = projects["sindicatura"]
    uri = services.projects.get(project).targets[0].regulation_uri
    node = next(services.projects.get(project).target(uri).draft.articles())
    act_as(window, people, DRAFTER)
    window.workflow.state.mark_seen()
    notices.refresh()
    assert notices.text() == "Avisos"
    services.workflow.observe(project, uri, node.pid, "Revise la redacción.", TRUSTEE)
    notices.timer.timeout.emit()                              # the periodic refresh
    assert notices.text() == "Avisos (1)"
    action = next(a for a in notices.menu_.actions() if "Lic. Pedro Soto" in a.text())
    action.trigger()
    editor = window.tabs.currentWidget()
    assert isinstance(editor, ProjectEditor) and editor.project_id == project


def test_notices_refresh_after_an_act_in_the_editor(window, projects, people):
    act_as(window, people, SECRETARY)
    notices = window.workflow.notices
    before = len(notices.entries())
    workflow_editor = window.workflow
    editor = window.projects.open_project(projects["presentada"])
    panel = workflow_editor.editors[editor.project_id]
    panel.panel.buttons["turn_to_committee"].click()
    form = panel.form
    form.inputs["committee"].edit.setText("Comisión de Gobernación")
    form.inputs["committee_kind"].set_value("joint")
    form.ok_button.click()
    assert not form.isVisible()
    assert len(notices.entries()) == before                   # still the Secretaría's turn
    assert any("Turnada" in e for e in notices.entries())


def test_admin_dialog_exports_and_imports_the_definition(window, people, services, tmp_path,
                                                         dialogs):
    act_as(window, people, DRAFTER)
    assert not window.workflow.action_admin.isEnabled()
    window.workflow.open_admin()
    assert "administrador" in dialogs.texts("information")[-1]
    act_as(window, people, ADMIN)
    assert window.workflow.action_admin.isEnabled()
    window.workflow.action_admin.trigger()
    dialog = window.workflow.admin_dialog
    assert dialog.stages.topLevelItem(0).text(0) == "Borrador"
    assert dialog.transitions.topLevelItemCount() == len(services.workflow.definition().transitions)
    path = tmp_path / "procedimiento.json"
    dialog.export_to(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == services.workflow.definition().to_dict()
    data["stages"][0]["label"] = "Anteproyecto"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    dialog.import_from(path)
    assert services.workflow.definition().stage("draft").label == "Anteproyecto"
    assert dialog.stages.topLevelItem(0).text(0) == "Anteproyecto"
    assert services.workflow.repository.audit_records()[-1].action == "change_workflow"
    # An invalid definition is refused whole, in Spanish; nothing changes.
    data["transitions"][0]["to"] = "no_existe"
    path.write_text(json.dumps(data), encoding="utf-8")
    dialog.import_from(path)
    assert "no existe" in dialogs.texts("warning")[-1]
    assert services.workflow.definition().stage("draft").label == "Anteproyecto"
    path.write_text("{esto no es JSON", encoding="utf-8")
    dialog.import_from(path)
    assert "JSON" in dialogs.texts("warning")[-1]


def test_verify_record_from_the_menu(window, projects, services, dialogs):
    from sqlalchemy import text

    window.workflow.action_verify.trigger()
    assert "íntegro: 4 asientos" in dialogs.texts("information")[-1]
    with services.db.session(write=True) as session:
        session.execute(text("delete from audit_records where seq = 2"))
    window.workflow.action_verify.trigger()
    assert "fue alterado" in dialogs.texts("warning")[-1]


def test_withdraw_from_the_list_needs_a_role_that_may(window, projects, people, services,
                                                      dialogs):
    act_as(window, people, ADMIN)
    window.projects.show_list()
    window.projects.list.select_id(projects["borrador"])
    window.projects.list.withdraw_button.click()
    assert "no puede retirar" in dialogs.texts("information")[-1]
    assert services.workflow.stage(projects["borrador"]).id == "draft"
    act_as(window, people, DRAFTER)
    window.projects.list.withdraw_button.click()
    form = window.workflow.withdraw_form
    form.ok_button.click()                                    # no reason: refused in the form
    assert form.isVisible() and "Falta el motivo del retiro." in form.message_label.text()
    form.inputs["withdrawal_reason"].set_value("Duplicado.")
    form.ok_button.click()
    assert services.workflow.stage(projects["borrador"]).id == "withdrawn"
    row = next(r for r in window.projects.list.rows() if r[0] == "Reforma de parques")
    assert row[4] == "Retirado"
