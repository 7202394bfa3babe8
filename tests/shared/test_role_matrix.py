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
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

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


def transition(name, to, project_key, expected, data=None, text_hash=""):
    def run(conn, ctx):
        return conn.execute(text(
            "SELECT reg_transition(:p, :t, :e, :to, '', CAST(:d AS jsonb), :h)"),
            {"p": ctx[project_key], "t": name, "e": expected, "to": to,
             "d": json.dumps(data or {}), "h": text_hash}).scalar() is not None
    return run


VOTES = {"session_type": "ordinary", "session_date": "2025-04-10", "act_number": "45",
         "agenda_item": 7, "votes_for": 15, "votes_against": 2, "abstentions": 1}
FILING = {"folio": "SA-1", "filing_date": "2025-03-01"}


def approve(project_key="report", **votes):
    return transition("council_approve", "council_approved", project_key, "committee_report",
                      {**VOTES, **votes})


def then(*steps):
    """Several statements in one transaction: succeeds only if the last one took effect."""
    def run(conn, ctx):
        ok = False
        for step in steps:
            ok = step(conn, ctx)
        return ok
    return run


def publish_call(conn, ctx):
    conn.execute(text("SELECT reg_set_publication(:p, '{}'::jsonb)"), {"p": ctx["gazette"]})
    return True


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
    ("devolver sin observaciones", transition("return_with_observations", "returned",
                                              "review_clean", "trustee_review"), NOBODY),
    ("presentar con observaciones abiertas, sin motivo",
     transition("file", "filed", "review", "trustee_review", FILING), NOBODY),
    ("presentar con observaciones abiertas, con motivo",
     transition("file", "filed", "review", "trustee_review",
                {**FILING, "observations_override_reason": "Se atenderán en comisión."}),
     {"ana", "sec"}),
    ("aprobar en Cabildo", approve(), {"sec"}),
    ("aprobar en Cabildo sin votación",
     transition("council_approve", "council_approved", "report", "committee_report",
                {"session_type": "ordinary"}), NOBODY),
    ("aprobar en Cabildo sin mayoría", approve(votes_for=3, votes_against=10), NOBODY),
    ("aprobar en Cabildo empatada", approve(votes_for=8, votes_against=8), NOBODY),
    ("aprobar con más votos que munícipes", approve(votes_for=30), NOBODY),
    ("aprobar con votos negativos", approve(votes_against=-5), NOBODY),
    ("aprobar con votos fraccionarios", approve(votes_for=12.5), NOBODY),
    ("aprobar con dictamen desfavorable", approve("unfavorable"), NOBODY),
    ("aprobar declarando otra huella del texto",
     transition("council_approve", "council_approved", "report", "committee_report", VOTES,
                "f" * 64), NOBODY),
    ("publicar (transición)", transition("publish", "published", "gazette", "sent_to_gazette"),
     {"sec"}),
    ("publicar un texto distinto del aprobado",
     transition("publish", "published", "tampered", "sent_to_gazette"), NOBODY),
    ("publicar sin aprobación registrada",
     transition("publish", "published", "unapproved", "sent_to_gazette"), NOBODY),
    ("enviar al Periódico un texto distinto del aprobado",
     transition("send_to_gazette", "sent_to_gazette", "tampered_cert", "certified",
                {"sent_date": "2025-04-12"}), NOBODY),
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
    ("registrar una importación de redline", log_action("import_redline"),
     {"ana", "beto", "sin"}),
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
    ("escribir el corpus", dml("UPDATE regulations SET title = 'Otro'"), {"adm"}),
    ("borrar disposiciones del corpus", dml("DELETE FROM provisions"), {"adm"}),
    ("cambiar una versión del corpus", dml("UPDATE expressions SET source_sha256 = 'x'"),
     {"adm"}),
    ("agregar una publicación al corpus",
     dml("INSERT INTO gazette_references (regulation_id, role, number, section, tome, "
         "source_text) SELECT id, 'reform', '1', '', '', '' FROM regulations"), {"adm"}),
    ("escribir el corpus dentro de la publicación",
     then(transition("publish", "published", "gazette", "sent_to_gazette"),
          dml("UPDATE regulations SET title = 'Consolidado' WHERE uri = '{uri}'")),
     {"sec"}),
    ("publicar un corpus distinto del borrador",
     then(transition("publish", "published", "gazette", "sent_to_gazette"),
          dml("UPDATE provisions SET text = 'Texto que nadie aprobó.' WHERE pid = '{pid3}'"),
          publish_call), NOBODY),
    ("publicar (transición y versión consolidada)",
     then(transition("publish", "published", "gazette", "sent_to_gazette"), publish_call),
     {"sec"}),
    ("escribir el corpus después de cerrar la publicación",
     then(transition("publish", "published", "gazette", "sent_to_gazette"), publish_call,
          dml("UPDATE regulations SET title = 'Otro' WHERE uri = '{uri}'")), NOBODY),
    ("borrar una revisión en conflicto", dml("DELETE FROM draft_conflicts"), NOBODY),
    ("sellar la salida sin conexión", ddl("SELECT reg_mark_checkout({draft})"), {"ana"}),
    ("sellar la salida a nombre de otro",
     dml("INSERT INTO project_checkouts (project_id, holder_login, holder_name, since) "
         "VALUES ({draft}, 'otra', 'Otra', now())"), NOBODY),
]


@pytest.fixture
def ctx(office, project):
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    ana = office.services("ana")
    ids = {"draft": project}
    stages = (("review", "trustee_review"), ("review_clean", "trustee_review"),
              ("report", "committee_report"),
              ("unfavorable", "committee_report"), ("gazette", "sent_to_gazette"),
              ("tampered", "sent_to_gazette"), ("unapproved", "sent_to_gazette"),
              ("tampered_cert", "certified"))
    for key, _stage in stages:
        ids[key] = ana.projects.create(f"Proyecto {key}", [office.uri]).id
    dba = create_engine(make_url(office.admin_url).set(drivername="postgresql+psycopg"))
    office.opened.append(dba)
    with dba.begin() as conn:
        for key, stage in stages:
            conn.execute(text("INSERT INTO project_stages (project_id, stage, since) "
                              "VALUES (:p, :s, now())"), {"p": ids[key], "s": stage})
        conn.execute(text(
            "INSERT INTO observations (project_id, regulation_uri, pid, quoted_text, "
            "draft_revision, author, role, created_at, text, status, replies) VALUES (:p, :u, "
            "'x', '', 1, 'Síndico', 'sindicatura', now(), 'Precise.', 'open', '[]')"),
            {"p": ids["review"], "u": office.uri})
        # The acts the procedure would have recorded before (written here as the DBA).
        _record(conn, ids["unfavorable"], "register_committee_report", "committee_report",
                {"report_sense": "unfavorable"}, "")
        for key in ("gazette", "tampered", "tampered_cert"):
            _record(conn, ids[key], "council_approve", "council_approved", VOTES,
                    conn.execute(text("SELECT reg_project_text_hash(:p)"),
                                 {"p": ids[key]}).scalar())
        for key in ("tampered", "tampered_cert"):  # the text changes after the approval
            conn.execute(text("UPDATE reform_projects SET transitorios = "
                              "'[\"PRIMERO.- Entra en vigor mañana.\"]' WHERE id = :p"),
                         {"p": ids[key]})
        conn.execute(text("DELETE FROM draft_conflicts"))
        conn.execute(text(
            "INSERT INTO draft_conflicts (project_id, regulation_uri, pid, author, status) "
            "VALUES (:p, :u, 'x', 'Ana', 'open')"), {"p": project, "u": office.uri})
    session = ana.projects.open_draft(project, office.uri)
    return {**ids, "uri": office.uri, "pid3": art(session.editor.root, "3").pid,
            "owner": f"{office.prefix}_propietario", "prefix": office.prefix,
            "ana": office.login("ana")}


def _record(conn, project_id, action, stage_to, data, text_hash):
    conn.execute(text(
        "INSERT INTO audit_records (seq, project_id, action, stage_from, stage_to, actor, role, "
        "at, comment, data, text_hash, prev_hash, hash) SELECT coalesce(max(seq), 0) + 1, :p, "
        ":a, '', :s, 'Lic. Luz Mora', 'secretaria', '2025-04-10T10:00:00Z', '', CAST(:d AS "
        "json), :h, '', '' FROM audit_records"),
        {"p": project_id, "a": action, "s": stage_to, "d": json.dumps(data), "h": text_hash})


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


# Forged procedure acts by the one role that may take them: refused by the server's guards,
# each with the reason in Spanish (not a bare "permission denied").
FORGED_REASONS = {
    "devolver sin observaciones": "registre al menos una observación",
    "presentar con observaciones abiertas, sin motivo": "sin atender",
    "aprobar en Cabildo sin votación": "no registra la votación",
    "aprobar en Cabildo sin mayoría": "no alcanza la mayoría simple",
    "aprobar en Cabildo empatada": "no alcanza la mayoría simple",
    "aprobar con más votos que munícipes": "el Cabildo tiene 18 integrantes",
    "aprobar con votos negativos": "cantidades negativas",
    "aprobar con votos fraccionarios": "números enteros",
    "aprobar con dictamen desfavorable": "dictamen de la comisión es desfavorable",
    "aprobar declarando otra huella del texto": "El texto del proyecto cambió",
    "publicar un texto distinto del aprobado": "no es el que aprobó el Cabildo",
    "publicar sin aprobación registrada": "No hay registro de qué texto aprobó",
    "enviar al Periódico un texto distinto del aprobado": "no es el que aprobó el Cabildo",
    "publicar un corpus distinto del borrador": "no es el texto del proyecto",
}


def test_publication_left_open_is_undone_at_commit(office, ctx):
    """The corpus window opened by the publication transition must be closed in the same
    transaction (reg_set_publication); committing without it undoes everything."""
    sec = office.engine("sec")
    with pytest.raises(Exception, match="quedó incompleta"):
        with sec.begin() as conn:
            transition("publish", "published", "gazette", "sent_to_gazette")(conn, ctx)
            conn.execute(text("UPDATE regulations SET title = 'Sin cerrar' "
                              "WHERE uri = :u"), {"u": ctx["uri"]})
    with sec.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM regulations "
                                 "WHERE title = 'Sin cerrar'")).scalar() == 0
        assert conn.execute(text("SELECT stage FROM project_stages WHERE project_id = :p"),
                            {"p": ctx["gazette"]}).scalar() == "sent_to_gazette"


def test_forged_acts_are_refused_with_the_reason(office, ctx):
    actions = {label: action for label, action, _allowed in MATRIX}
    who = {"devolver sin observaciones": "sin"}
    for label, fragment in FORGED_REASONS.items():
        ok, why = _attempt(office.engine(who.get(label, "sec")), actions[label], ctx)
        assert not ok and fragment in why, (label, why)


def test_qualified_quorum_counts_the_members(office, ctx):
    """Calificada: two thirds of the 18 members (12), present or not; simple is not enough."""
    dba = create_engine(make_url(office.admin_url).set(drivername="postgresql+psycopg"))
    office.opened.append(dba)
    with dba.begin() as conn:
        conn.execute(text("UPDATE regulations SET reform_quorum = 'qualified'"))
    sec = office.engine("sec")
    ok, why = _attempt(sec, approve(votes_for=11, votes_against=0, abstentions=0), ctx)
    assert not ok and "mayoría calificada" in why and "al menos 12" in why
    assert _attempt(sec, approve(votes_for=12, votes_against=6, abstentions=0), ctx) == (True, "")


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
