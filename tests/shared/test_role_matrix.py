"""The role × action matrix, executed directly with each PostgreSQL login (RELIABILITY A1, A2).

No GUI, no service: a "modified client" with a person's own credentials sends SQL straight to
the server. Each action runs in a transaction that is rolled back, so every role tries it on the
same state; it *succeeded* only if no error was raised and it took effect (an RLS denial on
UPDATE is a silent "UPDATE 0", which counts as refused). The expected column is the role table
of the procedure: 0 forbidden actions may succeed, and every allowed one must.
"""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import text

from tests.services.test_projects import art

pytestmark = pytest.mark.postgres

WHO = ("ana", "beto", "sin", "sec", "adm")


def _rev(conn, project_id):
    return conn.execute(text("SELECT revision FROM project_targets WHERE project_id = :p"),
                        {"p": project_id}).scalar()


def _draft(conn, project_id):
    return conn.execute(text("SELECT draft::text FROM project_targets WHERE project_id = :p"),
                        {"p": project_id}).scalar()


def save_draft(conn, ctx, project_key="draft"):
    pid = ctx[project_key]
    return conn.execute(text(
        "SELECT reg_save_draft(:p, :u, :e, CAST(:d AS json), '{}'::jsonb, '[]'::jsonb, "
        "'[]'::jsonb)"), {"p": pid, "u": ctx["uri"], "e": _rev(conn, pid),
                           "d": _draft(conn, pid)}).scalar() is not None


def transition(name, to, project_key, expected):
    def run(conn, ctx):
        return conn.execute(text(
            "SELECT reg_transition(:p, :t, :e, :to, '', '{}'::jsonb, '')"),
            {"p": ctx[project_key], "t": name, "e": expected, "to": to}).scalar() is not None
    return run


def dml(sql):
    def run(conn, ctx):
        return conn.execute(text(sql.format(**ctx))).rowcount > 0
    return run


def ddl(sql):
    def run(conn, ctx):
        conn.execute(text(sql.format(**ctx)))
        return True
    return run


def observe(project_key):
    def run(conn, ctx):
        return conn.execute(text(
            "SELECT reg_observe(:p, :u, :pid, NULL, NULL, 'x', 1, 'Observación')"),
            {"p": ctx[project_key], "u": ctx["uri"], "pid": ctx["pid3"]}).scalar() is not None
    return run


def log_action(action):
    def run(conn, ctx):
        return conn.execute(text("SELECT reg_log_action(:p, :a, '', '{}'::jsonb, '')"),
                            {"p": ctx["draft"], "a": action}).scalar() is not None
    return run


def create_project(owner_expr):
    def run(conn, ctx):
        return conn.execute(text(
            "INSERT INTO reform_projects (title, kind, promoter_kind, promoter_office, motives, "
            "file_number, transitorios, status, revision, created_at, updated_at, owner_login) "
            f"VALUES ('P', 'partial_reform', 'department', '', '', '', '[]', 'open', 1, now(), "
            f"now(), {owner_expr})")).rowcount > 0
    return run


def set_publication(conn, ctx):
    conn.execute(text("SELECT reg_set_publication(:p, '{}'::jsonb)"), {"p": ctx["gazette"]})
    return True


def forge_audit_insert(conn, ctx):
    return conn.execute(text(
        "INSERT INTO audit_records (seq, project_id, action, stage_from, stage_to, actor, role, "
        "at, comment, data, text_hash, prev_hash, hash) VALUES (999, :p, 'council_approve', "
        "'committee_report', 'council_approved', 'Cabildo', 'secretaria', "
        "'2025-01-01T00:00:00Z', '', '{}', '', '', '')"), {"p": ctx["report"]}).rowcount > 0


def call_append_audit(conn, ctx):
    conn.execute(text("SELECT reg_append_audit(:p, 'council_approve', 'committee_report', "
                      "'council_approved', '', '{}'::jsonb, '')"), {"p": ctx["report"]})
    return True


def set_role_owner(conn, ctx):
    conn.execute(text(f'SET ROLE "{ctx["owner"]}"'))
    return True


def grant_self_admin(conn, ctx):
    conn.execute(text(f'GRANT "{ctx["prefix"]}_administrador" TO CURRENT_USER'))
    return True


ALL = set(WHO)
NOBODY: set[str] = set()
MATRIX = [
    ("leer borradores", dml("SELECT 1 FROM project_targets WHERE project_id = {draft}"), ALL),
    ("leer el registro y las etapas", ddl("SELECT * FROM audit_records, project_stages"), ALL),
    ("guardar borrador propio / ajeno", save_draft, {"ana"}),
    ("UPDATE directo del borrador",
     dml("UPDATE project_targets SET draft = '[]' WHERE project_id = {draft}"), NOBODY),
    ("cambiar datos del proyecto",
     dml("UPDATE reform_projects SET title = 'Otro' WHERE id = {draft}"), {"ana"}),
    ("marcar publicado con UPDATE",
     dml("UPDATE reform_projects SET status = 'published' WHERE id = {draft}"), NOBODY),
    ("crear proyecto propio", create_project("session_user"), {"ana", "beto"}),
    ("crear proyecto a nombre de otro", create_project("'otra_persona'"), NOBODY),
    ("borrar proyecto", dml("DELETE FROM reform_projects WHERE id = {draft}"), {"ana"}),
    ("enviar a la Sindicatura", transition("submit_to_trustee", "trustee_review", "draft",
                                           "draft"), {"ana"}),
    ("observar en Borrador", observe("draft"), NOBODY),
    ("observar en revisión", observe("review"), {"sin"}),
    ("guardar en revisión", lambda c, x: save_draft(c, x, "review"), NOBODY),
    ("devolver con observaciones", transition("return_with_observations", "returned", "review",
                                              "trustee_review"), {"sin"}),
    ("aprobar en Cabildo", transition("council_approve", "council_approved", "report",
                                      "committee_report"), {"sec"}),
    ("publicar (transición)", transition("publish", "published", "gazette", "sent_to_gazette"),
     {"sec"}),
    ("publicar sin trámite", set_publication, NOBODY),
    ("cambiar etapa con INSERT",
     dml("INSERT INTO project_stages (project_id, stage, since) VALUES ({draft}, "
         "'council_approved', now())"), NOBODY),
    ("cambiar etapa con UPDATE",
     dml("UPDATE project_stages SET stage = 'published' WHERE project_id = {report}"), NOBODY),
    ("falsificar aprobación (INSERT)", forge_audit_insert, NOBODY),
    ("falsificar aprobación (función interna)", call_append_audit, NOBODY),
    ("registrar acción de aprobación", log_action("council_approve"), NOBODY),
    ("registrar cambio de procedimiento", log_action("change_workflow"), {"adm"}),
    ("reescribir el registro", dml("UPDATE audit_records SET actor = 'Otro'"), NOBODY),
    ("borrar el registro", dml("DELETE FROM audit_records"), NOBODY),
    ("vaciar el registro", ddl("TRUNCATE audit_records"), NOBODY),
    ("desactivar el disparador", ddl("ALTER TABLE audit_records DISABLE TRIGGER USER"), NOBODY),
    ("DDL: borrar tabla", ddl("DROP TABLE observations"), NOBODY),
    ("SET ROLE al propietario", set_role_owner, NOBODY),
    ("darse el rol de administrador", grant_self_admin, NOBODY),
    ("observación directa (INSERT)",
     dml("INSERT INTO observations (project_id, regulation_uri, pid, quoted_text, "
         "draft_revision, author, role, created_at, text, status, replies) VALUES ({review}, "
         "'{uri}', 'x', '', 1, 'Otro', 'sindicatura', now(), 't', 'open', '[]')"), NOBODY),
    ("cambiar roles de usuarios", dml("UPDATE users SET role = 'secretaria'"), {"adm"}),
    ("agregar usuario", dml("INSERT INTO users (name, office, role, active) VALUES "
                            "('X', 'Y', 'secretaria', 1)"), {"adm"}),
    ("cambiar reglas del servidor", dml("DELETE FROM workflow_rules"), {"adm"}),
    ("escribir el corpus", dml("UPDATE regulations SET title = 'Otro'"), {"sec", "adm"}),
    ("borrar una revisión en conflicto", dml("DELETE FROM draft_conflicts"), NOBODY),
]


@pytest.fixture
def ctx(office, project):
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    ana = office.services("ana")
    ids = {"draft": project}
    for key in ("review", "report", "gazette"):
        ids[key] = ana.projects.create(f"Proyecto {key}", [office.uri]).id
    dba = create_engine(make_url(office.admin_url).set(drivername="postgresql+psycopg"))
    office.opened.append(dba)
    with dba.begin() as conn:
        for key, stage in (("review", "trustee_review"), ("report", "committee_report"),
                           ("gazette", "sent_to_gazette")):
            conn.execute(text("INSERT INTO project_stages (project_id, stage, since) "
                              "VALUES (:p, :s, now())"), {"p": ids[key], "s": stage})
        conn.execute(text("DELETE FROM draft_conflicts"))
        conn.execute(text(
            "INSERT INTO draft_conflicts (project_id, regulation_uri, pid, author, status) "
            "VALUES (:p, :u, 'x', 'Ana', 'open')"), {"p": project, "u": office.uri})
    session = ana.projects.open_draft(project, office.uri)
    return {**ids, "uri": office.uri, "pid3": art(session.editor.root, "3").pid,
            "owner": f"{office.prefix}_propietario", "prefix": office.prefix,
            "ana": office.login("ana")}


def _attempt(engine, action, ctx) -> tuple[bool, str]:
    with engine.connect() as conn:
        trans = conn.begin()
        try:
            ok = bool(action(conn, ctx))
            return ok, ""
        except Exception as exc:  # a refusal: permission denied, RLS, our functions' errors
            return False, str(getattr(exc, "orig", exc)).splitlines()[0]
        finally:
            trans.rollback()


def test_role_action_matrix(office, ctx):
    engines = {who: office.engine(who) for who in WHO}
    wrong = []
    for label, action, allowed in MATRIX:
        for who in WHO:
            ok, why = _attempt(engines[who], action, ctx)
            if ok != (who in allowed):
                wrong.append(f"{label} / {who}: {'permitido' if ok else 'negado'} ({why})")
    assert wrong == [], "\n".join(wrong)


def test_assigned_redactor_may_edit(office, ctx):
    beto = office.engine("beto")
    assert _attempt(beto, save_draft, ctx)[0] is False
    with office.engine("ana").begin() as conn:  # the owner assigns Beto
        conn.execute(text("INSERT INTO project_members (project_id, login) VALUES (:p, :l)"),
                     {"p": ctx["draft"], "l": office.login("beto")})
    assert _attempt(beto, save_draft, ctx)[0] is True
    ok, _why = _attempt(beto, dml("INSERT INTO project_members (project_id, login) "
                                  "VALUES ({review}, session_user)"), ctx)
    assert ok is False  # but he cannot assign himself to another project


def test_catalog_lint(office, ctx):
    """RELIABILITY A3: RLS forced everywhere, nothing owned by a login, definer functions safe."""
    with office.engine("sin").connect() as conn:
        rows = conn.execute(text(
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, r.rolcanlogin "
            "FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
            "WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'")).all()
        functions = conn.execute(text(
            "SELECT proname, proconfig, proacl::text FROM pg_proc "
            "WHERE pronamespace = 'public'::regnamespace AND prosecdef")).all()
    assert rows
    for name, rls, forced, owner_logs_in in rows:
        assert not owner_logs_in, name
        if name != "alembic_version":
            assert rls and forced, name
    assert functions
    for name, config, acl in functions:
        assert any(c.startswith("search_path=") and c.endswith("pg_temp") for c in config), name
        # NULL acl means the default (PUBLIC may execute); "=X/…" is an explicit PUBLIC grant.
        assert acl and not re.search(r"(^|[{,])=X", acl), f"{name} ejecutable por PUBLIC"


def test_server_identity_and_time_in_the_record(office, project):
    """I4: the client's claimed actor is ignored; the record verifies with the Python chain."""
    from reglamentos_app.domain.workflow import UserProfile

    ana = office.services("ana")
    forged = UserProfile("Presidente Municipal", "Presidencia", "redactor")
    record = ana.workflow.advance(project, "submit_to_trustee", forged)
    assert record.actor == "Lic. Ana Ruiz" and record.data["identity"] == "server"
    assert record.data["login"] == office.login("ana")
    assert ana.workflow.verify_record() == []
    sin = office.services("sin")
    forged = UserProfile("Presidente Municipal", "Presidencia", "sindicatura")
    observation = sin.workflow.observe(project, office.uri,
                                       art(ana.projects.get(project).targets[0].draft, "3").pid,
                                       "Precise el sujeto.", forged)
    assert observation.author == "Lic. Pedro Soto"
    stored = sin.workflow.observations(project)[0].observation
    assert stored.author == "Lic. Pedro Soto" and stored.role == "sindicatura"
    assert json.dumps(sin.workflow.timeline(project)[-1].data, sort_keys=True)
    assert sin.workflow.verify_record() == []
