"""The procedure through the services: an omnibus reform from Borrador to Vigente, guards,
observations blocking presentation, and tamper detection on the stored record."""

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import text

from reglamentos_app.domain.observations import ObservationStatus
from reglamentos_app.domain.workflow import TransitionRefused, UserProfile
from reglamentos_app.domain.errors import ValidationError
from reglamentos_app.domain.regulation import ReformQuorum
from tests.fixtures_text import SMALL
from tests.services.test_projects import PARQUES, art

DRAFTER = UserProfile("Lic. Ana Ruiz", "Consejería Jurídica", "redactor")
TRUSTEE = UserProfile("Lic. Pedro Soto", "Sindicatura Municipal", "sindicatura")
SECRETARY = UserProfile("Lic. Luz Mora", "Secretaría del Ayuntamiento", "secretaria")

SESSION = {"session_type": "ordinary", "session_date": "2025-04-10", "act_number": "45",
           "agenda_item": 7, "votes_for": 15, "votes_against": 2, "abstentions": 1}


@pytest.fixture
def omnibus(services):
    a = services.corpus.import_text(PARQUES, "parques.txt").uri
    b = services.corpus.import_text(SMALL, "prueba.txt").uri
    project = services.projects.create("Reforma conjunta", [a, b])
    for uri, num in ((a, "3"), (b, "1")):
        session = services.projects.open_draft(project.id, uri)
        session.editor.edit(art(session.editor.root, num).pid, text=f"Texto reformado de {num}.")
        session.save()
    return project.id, a, b


def walk_to_committee_report(wf, pid):
    wf.advance(pid, "submit_to_trustee", DRAFTER)
    wf.advance(pid, "trustee_approve", TRUSTEE)
    wf.advance(pid, "file", DRAFTER, {"folio": "SA-2025-10", "filing_date": "2025-03-01"})
    wf.advance(pid, "turn_to_committee", SECRETARY, {
        "committee": "Comisión de Gobernación", "committee_kind": "single",
        "turn_date": "2025-03-02"})
    wf.advance(pid, "register_committee_report", SECRETARY, {
        "report_number": "CG/12/2025", "report_sense": "favorable",
        "member_votes": {"Regidora A": "for", "Regidor B": "for", "Regidor C": "against"},
        "report_date": "2025-03-20"})


def test_omnibus_reform_from_draft_to_in_force(services, omnibus):
    pid, a, b = omnibus
    wf = services.workflow
    assert wf.stage(pid).id == "draft"
    walk_to_committee_report(wf, pid)
    wf.advance(pid, "council_approve", SECRETARY, SESSION)
    # After approval the draft is frozen.
    with pytest.raises(ValidationError):
        services.projects.open_draft(pid, a)
    wf.advance(pid, "certify", SECRETARY, {"certification_date": "2025-04-11"})
    wf.advance(pid, "send_to_gazette", SECRETARY, {"sent_date": "2025-04-12"})
    wf.advance(pid, "publish", SECRETARY, {
        "gazette_number": "20", "gazette_section": "I", "gazette_tome": "CXXXII",
        "publication_date": "2025-04-25"})
    assert wf.stage(pid).id == "published"
    for uri, num in ((a, "3"), (b, "1")):
        assert art(services.corpus.get_text(uri, date(2025, 4, 26)).root, num).text == \
            f"Texto reformado de {num}."
        assert art(services.corpus.get_text(uri, date(2025, 4, 25)).root, num).text != \
            f"Texto reformado de {num}."
    wf.advance(pid, "enter_into_force", SECRETARY, {"in_force_date": "2025-04-26"})
    assert wf.stage(pid).id == "in_force"
    records = wf.timeline(pid)
    assert [r.stage_to for r in records][-3:] == ["sent_to_gazette", "published", "in_force"]
    assert all(r.data["identity"] == "local" or services.db.is_sqlite is False for r in records)
    assert wf.verify_record() == []


def test_consolidation_knows_the_cabildo_approval_date(services, omnibus):
    """ProjectService.publish refuses a publication dated before the approval: it reads the
    session date from the record (before approval there is none to compare with)."""
    pid, _a, _b = omnibus
    wf = services.workflow
    walk_to_committee_report(wf, pid)
    assert services.projects.approval_of(pid) is None
    wf.advance(pid, "council_approve", SECRETARY, SESSION)
    assert services.projects.approval_of(pid) == date(2025, 4, 10)


def test_wrong_role_and_missing_data_are_refused(services, omnibus):
    pid, _a, _b = omnibus
    wf = services.workflow
    with pytest.raises(TransitionRefused):
        wf.advance(pid, "submit_to_trustee", SECRETARY)
    wf.advance(pid, "submit_to_trustee", DRAFTER)
    with pytest.raises(TransitionRefused, match="no procede"):   # no visto bueno yet
        wf.advance(pid, "file", DRAFTER, {"folio": "F-1", "filing_date": "2025-03-01"})
    wf.advance(pid, "trustee_approve", TRUSTEE)
    with pytest.raises(TransitionRefused) as err:
        wf.advance(pid, "file", DRAFTER, {"filing_date": "2025-03-01"})
    assert "folio" in " ".join(err.value.messages)
    assert wf.stage(pid).id == "trustee_approved"


def test_qualified_quorum_of_one_target_applies(services, omnibus):
    pid, _a, b = omnibus
    with services.db.session(write=True) as session:  # the bando needs a qualified majority
        session.execute(text("update regulations set reform_quorum = :q where uri = :u"),
                        {"q": ReformQuorum.QUALIFIED.value, "u": b})
    wf = services.workflow
    walk_to_committee_report(wf, pid)
    short = dict(SESSION, votes_for=11, votes_against=6, abstentions=1)
    with pytest.raises(TransitionRefused) as err:
        wf.advance(pid, "council_approve", SECRETARY, short)
    assert "calificada" in " ".join(err.value.messages)
    wf.advance(pid, "council_approve", SECRETARY, dict(SESSION, votes_for=12))


def test_council_size_is_the_one_the_database_records(services, omnibus):
    """A new Cabildo of another size: the setting the server's guard reads also moves the
    client's quorum (2/3 of 21 is 14)."""
    pid, _a, b = omnibus
    wf = services.workflow
    assert wf.council_size() == 18
    with services.db.session(write=True) as session:
        session.execute(text("update regulations set reform_quorum = :q where uri = :u"),
                        {"q": ReformQuorum.QUALIFIED.value, "u": b})
        session.execute(text("update shared_settings set value = '21' "
                             "where key = 'council_members'"))
    assert wf.council_size() == 21
    walk_to_committee_report(wf, pid)
    with pytest.raises(TransitionRefused):
        wf.advance(pid, "council_approve", SECRETARY,
                   dict(SESSION, votes_for=13, votes_against=7, abstentions=1))
    wf.advance(pid, "council_approve", SECRETARY,
               dict(SESSION, votes_for=14, votes_against=6, abstentions=1))


def test_observations_block_the_visto_bueno_until_the_sindicatura_closes_them(services, omnibus):
    pid, a, _b = omnibus
    wf = services.workflow
    wf.advance(pid, "submit_to_trustee", DRAFTER)
    node = art(services.projects.get(pid).target(a).draft, "3")
    obs = wf.observe(pid, a, node.pid, "Precise qué es dominio público.", TRUSTEE, span=(0, 5))
    wf.advance(pid, "return_with_observations", TRUSTEE)
    filing = {"folio": "F-1", "filing_date": "2025-03-01"}
    with pytest.raises(TransitionRefused):
        wf.advance(pid, "file", DRAFTER, filing)
    session = services.projects.open_draft(pid, a)  # returned: editable again
    session.editor.edit(node.pid, text="Nuevo texto sin la frase observada.")
    session.save()
    (view,) = wf.observations(pid)
    assert view.stale == "El texto cambió desde la observación."
    # The drafter answers; closing ("rechazada" or "atendida") is the Sindicatura's.
    for status in (ObservationStatus.REJECTED, ObservationStatus.ADDRESSED):
        with pytest.raises(ValidationError, match="solo la Sindicatura las cierra"):
            wf.answer(pid, obs.id, status, "No procede.", DRAFTER)
    wf.reply(pid, obs.id, "Se precisó.", DRAFTER)
    wf.advance(pid, "submit_to_trustee", DRAFTER)
    with pytest.raises(TransitionRefused, match="Ciérrela"):
        wf.advance(pid, "trustee_approve", TRUSTEE)
    wf.answer(pid, obs.id, ObservationStatus.ADDRESSED, "Atendida.", TRUSTEE)
    wf.advance(pid, "trustee_approve", TRUSTEE)
    wf.advance(pid, "file", DRAFTER, filing)
    assert wf.stage(pid).id == "filed"
    (view,) = wf.observations(pid)
    assert [r.author for r in view.observation.replies] == [DRAFTER.name, TRUSTEE.name]


def test_secretaria_may_file_without_the_visto_bueno_with_a_recorded_reason(services, omnibus):
    pid, _a, _b = omnibus
    wf = services.workflow
    wf.advance(pid, "submit_to_trustee", DRAFTER)
    with pytest.raises(TransitionRefused):
        wf.advance(pid, "file_without_trustee_approval", DRAFTER,
                   {"folio": "F-1", "filing_date": "2025-03-01",
                    "observations_override_reason": "Urgente"})
    with pytest.raises(TransitionRefused, match="requiere un motivo"):
        wf.advance(pid, "file_without_trustee_approval", SECRETARY,
                   {"folio": "F-1", "filing_date": "2025-03-01"})
    record = wf.advance(pid, "file_without_trustee_approval", SECRETARY,
                        {"folio": "F-1", "filing_date": "2025-03-01",
                         "observations_override_reason": "Plazo legal vencido."})
    assert record.data["observations_override_reason"] == "Plazo legal vencido."
    assert wf.stage(pid).id == "filed"


def test_publication_refused_when_text_differs_from_approved(services, omnibus):
    pid, a, _b = omnibus
    wf = services.workflow
    walk_to_committee_report(wf, pid)
    wf.advance(pid, "council_approve", SECRETARY, SESSION)
    wf.advance(pid, "certify", SECRETARY, {"certification_date": "2025-04-11"})
    # Someone changes the draft behind the procedure's back.
    with services.db.session(write=True) as session:
        session.execute(text("update reform_projects set transitorios = :t where id = :i"),
                        {"t": '["Entrará en vigor cuando se me ocurra."]', "i": pid})
    with pytest.raises(TransitionRefused):
        wf.advance(pid, "send_to_gazette", SECRETARY, {"sent_date": "2025-04-12"})


@pytest.mark.parametrize("tamper", [
    "update audit_records set comment = 'otro' where seq = 2",
    "delete from audit_records where seq = 2",
    "update audit_records set seq = 99 where seq = 1",
])
def test_stored_record_tampering_is_detected(services, omnibus, tamper):
    pid, _a, _b = omnibus
    walk_to_committee_report(services.workflow, pid)
    assert services.workflow.verify_record() == []
    with services.db.session(write=True) as session:
        if not services.db.is_sqlite:  # a superuser first disables the append-only trigger
            session.execute(text("ALTER TABLE audit_records DISABLE TRIGGER USER"))
        session.execute(text(tamper))
    problems = services.workflow.verify_record()
    assert problems and all(p.description for p in problems)


# -- what the GUI asks of the service -------------------------------------------------------------

def test_view_offers_each_role_its_actions_and_edits(services, omnibus):
    pid, _a, _b = omnibus
    wf = services.workflow
    view = wf.view(pid, DRAFTER)
    assert view.stage.id == "draft" and view.editable and view.edit_notice == ""
    assert "submit_to_trustee" in [t.id for t in view.available]
    assert "edit_draft" in view.permitted
    assert view.acting_roles == ("redactor",)   # withdrawal does not make others "due"
    secretary = wf.view(pid, SECRETARY)
    assert "submit_to_trustee" not in [t.id for t in secretary.available]
    assert not secretary.editable and "Secretaría del Ayuntamiento" in secretary.edit_notice
    nobody = wf.view(pid, None)   # no profile yet: the stage alone decides, nothing offered
    assert nobody.editable and nobody.available == () and nobody.permitted == frozenset()
    wf.advance(pid, "submit_to_trustee", DRAFTER)
    locked = wf.view(pid, DRAFTER)
    assert not locked.editable and "Revisión de la Sindicatura" in locked.edit_notice
    assert not wf.is_editable(pid)
    trustee = wf.view(pid, TRUSTEE)
    assert {"add_observation", "reopen_observation"} <= trustee.permitted
    assert "return_with_observations" in {t.id for t in trustee.available}


def test_board_rows_say_who_must_act_and_age(services, omnibus):
    pid, _a, _b = omnibus
    wf = services.workflow
    wf.advance(pid, "submit_to_trustee", DRAFTER)
    (row,) = wf.board()
    assert row.stage.id == "trustee_review" and row.acting_roles == ("sindicatura",)
    assert row.days_in_stage() == 0 and not row.is_stale()
    later = date.fromordinal(date.today().toordinal() + 31)
    assert row.days_in_stage(later) == 31 and row.is_stale(later)


def test_notices_list_turns_stale_projects_and_new_observations(services, omnibus):
    pid, a, _b = omnibus
    wf = services.workflow
    wf.advance(pid, "submit_to_trustee", DRAFTER)
    (turn,) = wf.notices(TRUSTEE)
    assert (turn.kind, turn.new, turn.project_id) == ("turn", True, pid)
    assert "Revisión de la Sindicatura" in turn.message
    admin = UserProfile("Ing. Rosa Gil", "Informática", "administrador")
    assert wf.notices(admin) == []                        # takes no step of the procedure
    seen = datetime.now(timezone.utc)
    (old,) = wf.notices(TRUSTEE, since=seen)
    assert old.kind == "turn" and not old.new
    later = date.fromordinal(date.today().toordinal() + 40)
    (stale,) = wf.notices(TRUSTEE, since=seen, today=later)
    assert stale.kind == "stale" and "40 días" in stale.message
    # The drafter wrote a record on this project: the Sindicatura's observation reaches them.
    node = art(services.projects.get(pid).target(a).draft, "3")
    obs = wf.observe(pid, a, node.pid, "Precise el alcance.", TRUSTEE)
    mine = [n for n in wf.notices(DRAFTER, since=seen) if n.kind == "observation"]
    assert len(mine) == 1 and "Lic. Pedro Soto" in mine[0].message and mine[0].new
    assert [n for n in wf.notices(TRUSTEE, since=seen) if n.kind == "observation"] == []
    wf.reply(pid, obs.id, "¿Se refiere a la fracción II?", TRUSTEE)
    assert len([n for n in wf.notices(DRAFTER, since=seen) if n.kind == "observation"]) == 2
    after = datetime.now(timezone.utc)
    assert [n for n in wf.notices(DRAFTER, since=after) if n.kind == "observation"] == []


def test_reply_keeps_state_is_recorded_and_needs_a_role(services, omnibus):
    pid, a, _b = omnibus
    wf = services.workflow
    wf.advance(pid, "submit_to_trustee", DRAFTER)
    node = art(services.projects.get(pid).target(a).draft, "3")
    obs = wf.observe(pid, a, node.pid, "Precise el alcance.", TRUSTEE)
    replied = wf.reply(pid, obs.id, "Agrego un ejemplo.", TRUSTEE)
    assert replied.status is ObservationStatus.OPEN and replied.replies[-1].author == "Lic. Pedro Soto"
    assert wf.timeline(pid)[-1].action == "observation_reply"
    with pytest.raises(ValidationError):
        wf.reply(pid, obs.id, "Yo también opino.", SECRETARY)
    assert wf.verify_record() == []


def test_records_say_the_identity_was_picked_locally(services, omnibus):
    pid, _a, _b = omnibus
    services.workflow.shared = True   # even against a shared database, until a server signs in
    record = services.workflow.advance(pid, "submit_to_trustee", DRAFTER)
    assert record.data["identity"] == "local" and record.data["office"] == "Consejería Jurídica"


def test_a_project_closed_outside_the_procedure_has_no_more_steps(services, omnibus):
    pid, _a, _b = omnibus
    wf = services.workflow
    services.projects.withdraw(pid)          # the old way, without the procedure
    view = wf.view(pid, DRAFTER)
    assert view.available == () and not view.editable and "fuera del trámite" in view.edit_notice
    with pytest.raises(ValidationError) as err:
        wf.advance(pid, "submit_to_trustee", DRAFTER)
    assert "retirado fuera del trámite" in str(err.value.user_message)
    (row,) = wf.board()
    assert row.acting_roles == () and wf.notices(DRAFTER) == []


def test_withdrawal_through_the_procedure_is_recorded(services, omnibus):
    pid, _a, _b = omnibus
    wf = services.workflow
    wf.advance(pid, "withdraw", DRAFTER, {"withdrawal_reason": "Se presentará otro proyecto."})
    assert wf.stage(pid).id == "withdrawn"
    assert services.projects.get(pid).status.value == "withdrawn"
    view = wf.view(pid, DRAFTER)
    assert view.stage.final and view.available == ()
    assert wf.timeline(pid)[-1].data["withdrawal_reason"] == "Se presentará otro proyecto."


ADMIN = UserProfile("Ing. Rosa Gil", "Informática", "administrador")
DIRECT = {"direct_publication_reason": "Reforma aprobada y publicada antes de usar el programa.",
          "gazette_number": "22", "gazette_section": "I", "gazette_tome": "CXXXII",
          "publication_date": "2025-04-25"}


def test_only_an_administrator_publishes_outside_the_stages_and_it_is_recorded(services,
                                                                               omnibus):
    pid, a, _b = omnibus
    wf = services.workflow
    for who in (DRAFTER, SECRETARY, TRUSTEE):
        with pytest.raises(TransitionRefused):
            wf.advance(pid, "direct_publication", who, DIRECT)
    with pytest.raises(TransitionRefused, match="requiere un motivo"):
        wf.advance(pid, "direct_publication", ADMIN,
                   {k: v for k, v in DIRECT.items() if k != "direct_publication_reason"})
    assert services.corpus.versions(a) and wf.stage(pid).id == "draft"
    record = wf.advance(pid, "direct_publication", ADMIN, DIRECT)
    assert (record.action, record.stage_from, record.stage_to) == (
        "direct_publication", "draft", "published")
    assert record.data["direct_publication_reason"].startswith("Reforma aprobada")
    assert wf.stage(pid).id == "published"
    assert art(services.corpus.get_text(a, date(2025, 4, 26)).root, "3").text == \
        "Texto reformado de 3."
    assert wf.verify_record() == []
