"""The procedure in the GUI: profile, the "Trámite" tab and its generated forms, observations
beside the diff, timeline and record verification.

Everything goes through the main window's widgets as a user would; the service is used only to
set the scene (regulations imported, profiles created) and to check what was stored.
"""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QDate
from PySide6.QtGui import QTextCursor
from sqlalchemy import text

from reglamentos_app.config import Settings
from reglamentos_app.domain.workflow import UserProfile
from reglamentos_app.ui.main_window import MainWindow
from reglamentos_app.ui.workflow.fields import ChoiceInput, DateInput, IntInput, TextInput
from reglamentos_app.ui.workflow.profile import NEW_PROFILE

DRAFTER = UserProfile("Lic. Ana Ruiz", "Consejería Jurídica", "redactor")
TRUSTEE = UserProfile("Lic. Pedro Soto", "Sindicatura Municipal", "sindicatura")
SECRETARY = UserProfile("Lic. Luz Mora", "Secretaría del Ayuntamiento", "secretaria")


@pytest.fixture
def people(services) -> dict[str, int]:
    return {p.role: services.workflow.add_user(p) for p in (DRAFTER, TRUSTEE, SECRETARY)}


@pytest.fixture
def project(services, imported) -> int:
    uri = imported["parques.txt"]
    created = services.projects.create("Reforma de parques", [uri],
                                       promoter_office="Consejería Jurídica")
    return created.id


def act_as(window, people, profile: UserProfile) -> None:
    window.workflow.state.choose(people[profile.role], profile)


def open_editor(window, project_id):
    editor = window.projects.open_project(project_id)
    return editor, window.workflow.editors[project_id]


def article(editor, num: str):
    return next(a for a in editor.current.root.articles() if a.num == num)


def take(workflow, transition_id: str):
    """Click the transition's button in the "Trámite" tab; return the form it opened."""
    workflow.panel.buttons[transition_id].click()
    form = workflow.form
    assert form is not None and form.isVisible() and form.transition.id == transition_id
    return form


def test_profile_is_asked_created_remembered_and_shown(window, services, db_url, qtbot):
    assert ">Sin perfil de usuario<" in window.workflow.profile_label.text()  # a link
    window.workflow.action_profile.trigger()
    dialog = window.workflow.profile_dialog
    picker = dialog.picker
    assert [picker.role_combo.itemData(i) for i in range(picker.role_combo.count())] == [
        "redactor", "sindicatura", "secretaria", "administrador"]
    picker.select_new("Lic. Ana Ruiz", "Consejería Jurídica", "redactor")
    dialog.accept()
    assert not dialog.isVisible()
    state = window.workflow.state
    assert state.profile == DRAFTER
    assert "Lic. Ana Ruiz" in window.workflow.profile_label.text()
    assert [p for _i, p in services.workflow.users()] == [DRAFTER]
    # The choice persists in the settings, per database, and a new window picks it up.
    saved = Settings.load()
    assert saved.workflow_profiles == {db_url: state.user_id}
    again = MainWindow(window.runner, saved, db_url)
    qtbot.addWidget(again)
    assert again.workflow.state.profile == DRAFTER


def test_settings_dialog_picks_an_existing_profile(window, people, monkeypatch):
    from reglamentos_app.ui import main_window as main_window_module

    shown = {}

    class Recording(main_window_module.SettingsDialog):
        def exec(self):
            shown["dialog"] = self
            return 0

    monkeypatch.setattr(main_window_module, "SettingsDialog", Recording)
    window.action_settings.trigger()
    dialog = shown["dialog"]
    picker = dialog.profile_picker
    picker.combo.setCurrentIndex(picker.combo.findData(people["sindicatura"]))
    dialog.accept()
    assert window.workflow.state.profile == TRUSTEE
    assert Settings.load().workflow_profiles == {window.db_url: people["sindicatura"]}
    # A new profile without an office is refused and the dialog stays open.
    dialog.show()
    picker.combo.setCurrentIndex(picker.combo.findData(NEW_PROFILE))
    picker.name_edit.setText("Lic. Sin Oficina")
    dialog.accept()
    assert dialog.isVisible()


def test_first_transition_asks_for_a_profile(window, project, people):
    editor, workflow = open_editor(window, project)
    assert workflow.panel.buttons == {}
    assert "Elija su perfil" in workflow.panel.actions_label.text()
    workflow.panel.profile_button.click()
    dialog = window.workflow.profile_dialog
    dialog.picker.combo.setCurrentIndex(dialog.picker.combo.findData(people["redactor"]))
    dialog.accept()
    assert "submit_to_trustee" in workflow.panel.buttons


def test_transitions_from_the_tab_lock_the_draft_and_fill_the_timeline(window, project, people,
                                                                       services):
    act_as(window, people, DRAFTER)
    editor, workflow = open_editor(window, project)
    assert window.tabs.currentWidget() is editor
    assert editor.tabs.tabText(editor.tabs.count() - 1) == "Trámite"
    assert "Borrador" in workflow.panel.stage_label.text()
    assert not editor.read_only and editor.editor is not None
    assert set(workflow.panel.buttons) == {"submit_to_trustee", "start_public_consultation",
                                           "withdraw"}
    # Edit, then send to the Sindicatura: the draft is saved first.
    node = article(editor, "1")
    editor.tree.select_pid(node.pid)
    editor.article_editor.text_edit.setPlainText("Este Reglamento regula los parques.")
    form = take(workflow, "submit_to_trustee")
    assert form.inputs == {}
    form.comment_edit.setPlainText("Va para revisión.")
    form.ok_button.click()
    assert not form.isVisible()
    assert services.workflow.stage(project).id == "trustee_review"
    stored = services.projects.get(project).target(editor.current.uri).draft
    assert article_text(stored, "1") == "Este Reglamento regula los parques."
    # The new stage is shown, the draft is read-only with the reason, the timeline has a row.
    assert "Revisión de la Sindicatura" in workflow.panel.stage_label.text()
    assert editor.read_only and editor.editor is None
    assert "Revisión de la Sindicatura" in editor.state_notice.text()
    (row,) = workflow.panel.timeline.rows()
    record = services.workflow.timeline(project)[0]
    assert row[2:5] == ["Lic. Ana Ruiz", "Redacción (área jurídica o dependencia)",
                        "Enviar a revisión de la Sindicatura"]
    assert row[5] == "Borrador → Revisión de la Sindicatura"
    assert row[6] == "Va para revisión." and row[7] == record.hash[:12]
    assert record.data["identity"] == "local"
    assert set(workflow.panel.buttons) == {"withdraw"}   # filing waits for the visto bueno


def article_text(root, num: str) -> str:
    return next(a for a in root.articles() if a.num == num).text


def test_observation_beside_the_diff_blocks_filing_until_overridden(window, project, people,
                                                                     services):
    services.workflow.advance(project, "submit_to_trustee", DRAFTER)
    act_as(window, people, TRUSTEE)
    editor, workflow = open_editor(window, project)
    panel = workflow.observations
    assert editor.comparison.indexOf(panel) == 2     # beside the change list and the diff
    node = article(editor, "1")
    editor.tree.select_pid(node.pid)
    box = editor.article_editor.text_edit
    cursor = box.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(15, QTextCursor.MoveMode.KeepAnchor)   # "Este Reglamento"
    box.setTextCursor(cursor)
    assert not panel.observe_button.isEnabled()              # nothing written yet
    panel.composer.setPlainText("Precise qué parques comprende.")
    assert panel.observe_button.isEnabled() and not panel.addressed_button.isEnabled()
    panel.observe_button.click()
    assert panel.composer.toPlainText() == ""
    (row,) = panel.rows()
    assert row[:3] == ["Artículo 1", "abierta", "Lic. Pedro Soto"]
    (view,) = services.workflow.observations(project)
    assert view.observation.span == (0, 15) and view.observation.quoted_text == "Este Reglamento"
    # Clicking the observation brings the provision back into the tree.
    editor.tree.select_pid(article(editor, "2").pid)
    panel.tree.itemClicked.emit(panel.tree.topLevelItem(0), 0)
    assert editor.tree.current_pid() == node.pid
    assert editor.tabs.currentWidget() is editor.comparison
    # The Sindicatura returns it; the drafter may edit again but not file without the visto
    # bueno; the Secretaría may, with a recorded reason.
    take(workflow, "return_with_observations").ok_button.click()
    act_as(window, people, DRAFTER)
    assert "Devuelta" in workflow.panel.stage_label.text()
    assert not editor.read_only
    assert "file" not in workflow.panel.buttons
    act_as(window, people, SECRETARY)
    form = take(workflow, "file_without_trustee_approval")
    assert "Hay 1 observación abierta de la Sindicatura" in form.notice_label.text()
    assert ("«Motivo para presentar sin el visto bueno de la Sindicatura»"
            in form.notice_label.text())
    assert isinstance(form.inputs["folio"], TextInput)
    assert isinstance(form.inputs["filing_date"], DateInput)
    form.inputs["folio"].edit.setText("SA-2025-10")
    form.inputs["filing_date"].edit.setDate(QDate(2025, 3, 1))
    form.ok_button.click()
    assert form.isVisible()                                   # refused, nothing lost
    assert "requiere un motivo" in form.message_label.text()
    assert form.inputs["folio"].value() == "SA-2025-10"
    form.inputs["observations_override_reason"].edit.setPlainText(
        "El Cabildo sesiona mañana; se atenderá en comisión.")
    form.check_button.click()
    assert form.message_label.text() == "Todo en orden: la acción puede registrarse."
    form.ok_button.click()
    assert not form.isVisible()
    assert services.workflow.stage(project).id == "filed"
    assert services.workflow.timeline(project)[-1].data["observations_override_reason"]


def test_drafter_answers_and_sees_the_stale_marker(window, project, people, services):
    services.workflow.advance(project, "submit_to_trustee", DRAFTER)
    uri = services.projects.get(project).targets[0].regulation_uri
    node = next(a for a in services.projects.get(project).target(uri).draft.articles()
                if a.num == "1")
    services.workflow.observe(project, uri, node.pid, "Precise el objeto.", TRUSTEE, span=(0, 4))
    services.workflow.advance(project, "return_with_observations", TRUSTEE)
    act_as(window, people, DRAFTER)
    editor, workflow = open_editor(window, project)
    panel = workflow.observations
    editor.tree.select_pid(node.pid)
    editor.article_editor.text_edit.setPlainText("Objeto: regular los parques públicos.")
    editor.save_now()
    workflow.refresh()
    assert "El texto cambió desde la observación." in panel.rows()[0][3]
    panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    assert not panel.observe_button.isEnabled()
    panel.composer.setPlainText("Se redactó de nuevo el objeto.")
    # The drafter answers; closing the observation is the Sindicatura's.
    assert panel.reply_button.isEnabled()
    assert not panel.addressed_button.isEnabled() and not panel.rejected_button.isEnabled()
    assert not panel.reopen_button.isEnabled()
    panel.reply_button.click()
    assert panel.rows()[0][1] == "abierta"
    assert panel.tree.topLevelItem(0).child(0).text(3) == "Se redactó de nuevo el objeto."
    assert services.workflow.observations(project)[0].observation.status.label == "abierta"


def test_council_form_checks_the_quorum_with_generated_inputs(window, project, people,
                                                              services):
    wf = services.workflow
    wf.advance(project, "submit_to_trustee", DRAFTER)
    wf.advance(project, "trustee_approve", TRUSTEE)
    wf.advance(project, "file", DRAFTER, {"folio": "F-1", "filing_date": "2025-03-01"})
    act_as(window, people, SECRETARY)
    editor, workflow = open_editor(window, project)
    form = take(workflow, "turn_to_committee")
    assert isinstance(form.inputs["committee_kind"], ChoiceInput)
    form.inputs["committee"].edit.setText("Comisión de Gobernación")
    form.inputs["committee_kind"].set_value("single")
    form.ok_button.click()
    assert wf.stage(project).id == "in_committee"
    form = take(workflow, "register_committee_report")
    votes = form.inputs["member_votes"]
    votes.add_member("Regidora A", "for")
    votes.add_member("Regidor B", "against")
    votes.add_member("Regidor C", "for")
    assert votes.tally_label.text().startswith("a favor: 2, en contra: 1")
    form.inputs["report_number"].edit.setText("CG/12/2025")
    form.inputs["report_sense"].set_value("favorable")
    form.ok_button.click()
    assert wf.stage(project).id == "committee_report"
    assert wf.timeline(project)[-1].data["member_votes"] == {
        "Regidora A": "for", "Regidor B": "against", "Regidor C": "for"}
    form = take(workflow, "council_approve")
    assert isinstance(form.inputs["votes_for"], IntInput)
    assert form.inputs["votes_for"].value() is None            # "—" until typed
    form.ok_button.click()                                      # nothing filled in
    assert "Falta el número de acta de la sesión de Cabildo." in form.message_label.text()
    form.inputs["session_type"].set_value("ordinary")
    form.inputs["act_number"].edit.setText("45")
    form.inputs["agenda_item"].set_value(7)
    form.inputs["votes_for"].set_value(5)
    form.inputs["votes_against"].set_value(9)
    form.inputs["abstentions"].set_value(0)
    form.ok_button.click()
    assert form.isVisible() and "mayoría" in form.message_label.text()
    assert wf.stage(project).id == "committee_report"
    form.inputs["votes_for"].set_value(14)
    form.inputs["votes_against"].set_value(2)
    form.ok_button.click()
    assert not form.isVisible() and wf.stage(project).id == "council_approved"


def test_verify_record_reports_the_tampered_entry(window, project, people, services):
    services.workflow.advance(project, "submit_to_trustee", DRAFTER)
    services.workflow.advance(project, "trustee_approve", TRUSTEE)
    services.workflow.advance(project, "file", DRAFTER, {"folio": "F", "filing_date": "2025-03-01"})
    act_as(window, people, DRAFTER)
    _editor, workflow = open_editor(window, project)
    timeline = workflow.panel.timeline
    timeline.verify_button.click()
    assert timeline.result_label.text().startswith("Registro íntegro: 3 asientos")
    with services.db.session(write=True) as session:
        session.execute(text("update audit_records set comment = 'otro' where seq = 1"))
    timeline.verify_button.click()
    assert "El registro del trámite fue alterado" in timeline.result_label.text()
    assert "registro 1" in timeline.result_label.text()
    assert timeline.tree.topLevelItem(0).background(0).color().name() == "#fdecea"
    assert timeline.tree.topLevelItem(1).background(0).style().name == "NoBrush"


def test_transition_form_is_built_from_any_definition(qtbot, runner, parent):
    from reglamentos_app.domain.workflow import Choice, FieldSpec, FieldType, Transition
    from reglamentos_app.ui.workflow.fields import VotesInput
    from reglamentos_app.ui.workflow.transition_form import TransitionForm

    transition = Transition("acordar", ("a",), "b", "Acordar", ("redactor",), (
        FieldSpec("asunto", "Asunto", FieldType.TEXT),
        FieldSpec("fecha", "Fecha", FieldType.DATE, required=False),
        FieldSpec("copias", "Copias", FieldType.INT, minimum=1),
        FieldSpec("via", "Vía", FieldType.CHOICE, choices=(Choice("correo", "por correo"),)),
        FieldSpec("votos", "Votos", FieldType.VOTES)))
    form = TransitionForm(runner, 1, transition, DRAFTER, parent=parent)
    kinds = {name: type(widget) for name, widget in form.inputs.items()}
    assert kinds == {"asunto": TextInput, "fecha": DateInput, "copias": IntInput,
                     "via": ChoiceInput, "votos": VotesInput}
    assert form.data() == {}                     # nothing given: the optional date too
    form.inputs["asunto"].set_value("Algo")
    form.inputs["fecha"].set_value("2025-01-02")
    form.inputs["copias"].set_value(3)
    form.inputs["via"].set_value("correo")
    form.inputs["votos"].set_value({"A": "abstention"})
    assert form.data() == {"asunto": "Algo", "fecha": "2025-01-02", "copias": 3,
                           "via": "correo", "votos": {"A": "abstention"}}
    json.dumps(form.data())


def test_workflow_on_a_background_runner(qtbot, services, project, people, db_url):
    """As in the application: ops on worker threads, results through the queued signal."""
    from reglamentos_app.ui.ops import OpRunner

    runner = OpRunner(services)
    try:
        window = MainWindow(runner, Settings.load(), db_url)
        qtbot.addWidget(window)
        window.show()
        act_as(window, people, DRAFTER)
        editor, workflow = open_editor(window, project)
        qtbot.waitUntil(lambda: "submit_to_trustee" in workflow.panel.buttons, timeout=5000)
        qtbot.waitUntil(lambda: editor.current is not None, timeout=5000)
        editor.tree.select_pid(article(editor, "1").pid)
        editor.article_editor.text_edit.setPlainText("Texto antes de enviar.")
        workflow.panel.buttons["submit_to_trustee"].click()    # saves, then opens the form
        qtbot.waitUntil(lambda: workflow.form is not None and workflow.form.isVisible(),
                        timeout=5000)
        workflow.form.ok_button.click()
        qtbot.waitUntil(lambda: "Revisión de la Sindicatura"
                        in workflow.panel.stage_label.text(), timeout=5000)
        qtbot.waitUntil(lambda: editor.current is not None and editor.read_only, timeout=5000)
        assert len(workflow.panel.timeline.rows()) == 1
        stored = services.projects.get(project).target(editor.current.uri).draft
        assert article_text(stored, "1") == "Texto antes de enviar."
        window.workflow.notices.refresh()
        qtbot.waitUntil(lambda: runner.idle, timeout=5000)
        editor.shutdown()
    finally:
        qtbot.waitUntil(lambda: runner.idle, timeout=5000)
        runner.shutdown()


def test_publication_from_the_form_consolidates_and_ends_the_procedure(window, project, people,
                                                                        services):
    from datetime import date

    wf = services.workflow
    uri = services.projects.get(project).targets[0].regulation_uri
    session = services.projects.open_draft(project, uri)
    session.editor.edit(next(a for a in session.editor.root.articles() if a.num == "1").pid,
                        text="Este Reglamento regula los parques y jardines.")
    session.save()
    wf.advance(project, "submit_to_trustee", DRAFTER)
    wf.advance(project, "trustee_approve", TRUSTEE)
    wf.advance(project, "file", DRAFTER, {"folio": "F", "filing_date": "2025-03-01"})
    wf.advance(project, "waive_committee", SECRETARY, {"waiver_justification": "Urgencia."})
    wf.advance(project, "council_approve", SECRETARY, {
        "session_type": "ordinary", "session_date": "2025-04-10", "act_number": "45",
        "agenda_item": 7, "votes_for": 15, "votes_against": 2, "abstentions": 1})
    wf.advance(project, "certify", SECRETARY, {"certification_date": "2025-04-11"})
    wf.advance(project, "send_to_gazette", SECRETARY, {"sent_date": "2025-04-12"})
    act_as(window, people, SECRETARY)
    editor, workflow = open_editor(window, project)
    published: list = []
    editor.sig_published.connect(published.append)
    form = take(workflow, "publish")
    form.inputs["gazette_number"].edit.setText("20")
    form.inputs["gazette_section"].edit.setText("I")
    form.inputs["gazette_tome"].edit.setText("CXXXII")
    form.inputs["publication_date"].set_value("2025-04-25")
    form.ok_button.click()
    assert not form.isVisible() and wf.stage(project).id == "published"
    assert published == [[uri]]
    assert editor.read_only and "publicado" in editor.state_notice.text().lower()
    text_after = services.corpus.get_text(uri, date(2025, 4, 26)).root
    assert next(a for a in text_after.articles() if a.num == "1").text == \
        "Este Reglamento regula los parques y jardines."
    form = take(workflow, "enter_into_force")
    form.inputs["in_force_date"].set_value("2025-04-26")
    form.ok_button.click()
    assert wf.stage(project).id == "in_force"
    assert workflow.panel.buttons == {}
    assert "concluyó" in workflow.panel.actions_label.text()


def test_the_form_shows_advice_before_the_draft_leaves_without_blocking(window, project, people,
                                                                         services):
    """Advice (the review's citation check in the app) is shown in the form; it never refuses."""
    services.workflow.advisors.append(
        lambda pid: ["Esta reforma deroga el artículo 2, citado por el artículo 5."]
        if pid == project else [])
    act_as(window, people, DRAFTER)
    _editor, workflow = open_editor(window, project)
    form = take(workflow, "submit_to_trustee")
    assert form.advice_label.isVisible()
    assert "citado por el artículo 5" in form.advice_label.text()
    form.ok_button.click()
    assert services.workflow.stage(project).id == "trustee_review"
    services.workflow.advance(project, "trustee_approve", TRUSTEE)
    workflow.refresh()
    form = take(workflow, "file")            # out of the drafter's stages: no advice any more
    assert not form.advice_label.isVisible()
