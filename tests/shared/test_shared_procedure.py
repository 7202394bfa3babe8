"""The whole procedure in shared mode, each person with their own login, through the services.

The Python API is the same as in local mode; underneath, every write goes through the
server's functions, so the record carries the server's identity and time, the chain verifies,
and what a role may not do is refused by the server even when the client lets it through.
"""

from __future__ import annotations

from datetime import date

import pytest

from reglamentos_app.domain.errors import ReglamentosError, ValidationError
from reglamentos_app.domain.workflow import UserProfile
from reglamentos_app.storage import ServerRefused
from tests.services.test_projects import art
from tests.services.test_workflow_service import DRAFTER, SECRETARY, SESSION, TRUSTEE

pytestmark = pytest.mark.postgres


def test_procedure_with_one_login_per_person(office, project):
    ana, sin, sec = (office.services(w) for w in ("ana", "sin", "sec"))
    uri = office.uri
    ana.workflow.advance(project, "submit_to_trustee", DRAFTER)
    pid3 = art(ana.projects.get(project).targets[0].draft, "3").pid
    observation = sin.workflow.observe(project, uri, pid3, "Precise el sujeto.", TRUSTEE)
    sin.workflow.advance(project, "return_with_observations", TRUSTEE)
    session = ana.projects.open_draft(project, uri)  # returned: editable again
    session.editor.edit(pid3, text="Los parques municipales son bienes del dominio público.")
    session.save()
    with pytest.raises(ReglamentosError):   # closing is the Sindicatura's
        ana.workflow.answer(project, observation.id, _addressed(), "Se precisó.", DRAFTER)
    ana.workflow.reply(project, observation.id, "Se precisó.", DRAFTER)
    ana.workflow.advance(project, "submit_to_trustee", DRAFTER)
    sin.workflow.answer(project, observation.id, _addressed(), "Atendida.", TRUSTEE)
    sin.workflow.advance(project, "trustee_approve", TRUSTEE)
    ana.workflow.advance(project, "file", DRAFTER, {"folio": "SA-1", "filing_date": "2025-03-01"})
    sec.workflow.advance(project, "turn_to_committee", SECRETARY, {
        "committee": "Gobernación", "committee_kind": "single", "turn_date": "2025-03-02"})
    sec.workflow.advance(project, "register_committee_report", SECRETARY, {
        "report_number": "CG/1", "report_sense": "favorable",
        "member_votes": {"Regidora A": "for"}, "report_date": "2025-03-20"})
    # A síndico whose client skips its own checks is still refused by the server.
    with pytest.raises(ServerRefused):
        sin.workflow.repository.record_transition(project, "committee_report",
                                                  "council_approved",
                                                  {"action": "council_approve", "data": {}})
    sec.workflow.advance(project, "council_approve", SECRETARY, SESSION)
    with pytest.raises(ValidationError):
        ana.projects.open_draft(project, uri)  # approved: frozen
    sec.workflow.advance(project, "certify", SECRETARY, {"certification_date": "2025-04-11"})
    sec.workflow.advance(project, "send_to_gazette", SECRETARY, {"sent_date": "2025-04-12"})
    with pytest.raises(ReglamentosError):
        sin.workflow.repository.record_transition(project, "sent_to_gazette", "published",
                                                  {"action": "publish", "data": {}})
    sec.workflow.advance(project, "publish", SECRETARY, {
        "gazette_number": "20", "gazette_section": "I", "gazette_tome": "CXXXII",
        "publication_date": "2025-04-25"})
    assert sec.workflow.stage(project).id == "published"
    text = art(sec.corpus.get_text(uri, date(2025, 4, 26)).root, "3").text
    assert text == "Los parques municipales son bienes del dominio público."
    records = sec.workflow.timeline(project)
    assert {r.actor for r in records} == {"Lic. Ana Ruiz", "Lic. Pedro Soto", "Lic. Luz Mora"}
    assert all(r.data["identity"] == "server" for r in records)
    assert sec.workflow.verify_record() == []


def test_publication_outside_the_procedure_is_refused(office, project):
    sec = office.services("sec")
    from reglamentos_app.domain.gazette import GazetteReference

    with pytest.raises(ReglamentosError):
        sec.projects.publish(project, GazetteReference("1", "I", "CXXX", date(2025, 1, 1)),
                             also=lambda session: None)
    assert sec.projects.get(project).status.value == "open"


def test_unregistered_login_cannot_write(office, project):
    from sqlalchemy import text

    dba_services = office.services("ana")
    with dba_services.db.engine.connect() as conn:
        assert conn.execute(text("SELECT reg_my_role()")).scalar() == "redactor"
    intruder = UserProfile("Nadie", "", "redactor")
    with pytest.raises(ReglamentosError):
        office.services("sec").workflow.advance(project, "submit_to_trustee", intruder)


def _addressed():
    from reglamentos_app.domain.observations import ObservationStatus

    return ObservationStatus.ADDRESSED


def test_withdrawal_and_assignment_through_the_server(office, project):
    ana, beto = office.services("ana"), office.services("beto")
    session = beto.projects.open_draft(project, office.uri)   # the client lets him try…
    session.editor.edit(art(session.editor.root, "7").pid, text="Beto sin permiso.")
    with pytest.raises(ServerRefused):                         # …the server does not
        session.save()
    ana.projects.collab.add_member(project, office.login("beto"))
    session = beto.projects.open_draft(project, office.uri)
    session.editor.edit(art(session.editor.root, "7").pid, text="Beto asignado.")
    assert session.save()
    ana.workflow.advance(project, "withdraw", DRAFTER, {"withdrawal_reason": "Ya no procede."})
    assert ana.projects.get(project).status.value == "withdrawn"
    assert ana.workflow.stage(project).id == "withdrawn"
    assert ana.workflow.verify_record() == []
