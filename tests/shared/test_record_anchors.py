"""The server keeps every head of the record (issue 16): a truncated or re-hashed chain no
longer matches ``record_anchors``, which nobody may change, not even the table owner's
functions; the whole check is done by ``verify_record`` for every user."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.services.test_workflow_service import DRAFTER, TRUSTEE

pytestmark = pytest.mark.postgres


def _dba(office):
    engine = create_engine(make_url(office.admin_url).set(drivername="postgresql+psycopg"))
    office.opened.append(engine)
    return engine


def test_server_anchors_catch_truncation_and_cannot_be_changed(office, project):
    ana, sin = office.services("ana"), office.services("sin")
    ana.workflow.advance(project, "submit_to_trustee", DRAFTER)
    sin.workflow.advance(project, "trustee_approve", TRUSTEE)
    with sin.db.session() as session:
        kept = session.execute(text("SELECT seq, hash FROM record_anchors ORDER BY seq")).all()
    assert [tuple(row) for row in kept] == [(r.seq, r.hash) for r in sin.workflow.timeline(project)]
    assert ana.workflow.anchor().count == 2
    # Even a superuser who disables the record's append-only trigger and deletes the last
    # act is caught: the server's anchor still names record 2.
    with _dba(office).begin() as conn:
        conn.execute(text("ALTER TABLE audit_records DISABLE TRIGGER reg_audit_append_only"))
        conn.execute(text("DELETE FROM audit_records WHERE seq = 2"))
        conn.execute(text("ALTER TABLE audit_records ENABLE TRIGGER reg_audit_append_only"))
    problems = sin.workflow.verify_record()
    assert problems and "fue borrado" in problems[0].description
    # The anchors themselves are append-only, for every login.
    for who in ("ana", "sin", "sec", "adm"):
        with office.engine(who).connect() as conn:
            for statement in ("DELETE FROM record_anchors", "UPDATE record_anchors SET hash = 'x'",
                              "INSERT INTO record_anchors (seq, hash) VALUES (99, 'x')"):
                with pytest.raises(Exception):
                    with conn.begin():
                        conn.execute(text(statement))
    with pytest.raises(Exception, match="solo admite registros nuevos"):
        with _dba(office).begin() as conn:
            conn.execute(text("DELETE FROM record_anchors"))
