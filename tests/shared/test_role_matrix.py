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
GAZETTE = {"gazette_number": "20", "gazette_section": "I", "gazette_tome": "CXXXII",
           "publication_date": "2025-04-25"}
DIRECT = {**GAZETTE, "direct_publication_reason": "Publicada antes de usar el programa."}
REPORT = {"report_number": "CG/1", "report_sense": "favorable", "report_date": "2025-03-20",
          "member_votes": {"Regidora A": "for", "Regidor B": "against", "Regidora C": "against"}}


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


def log_action(action, project_key="draft"):
    def run(conn, ctx):
        return conn.execute(text("SELECT reg_log_action(:p, :a, '', '{}'::jsonb, '')"),
                            {"p": ctx.get(project_key), "a": action}).scalar() is not None
    return run


def update_observation(status, replies=None, project_key="review"):
    """reg_update_observation on the project's observation; ``replies(stored)`` builds the
    list sent (default: the stored ones plus one new reply)."""
    def run(conn, ctx):
        obs_id, stored = conn.execute(text(
            "SELECT id, replies::text FROM observations WHERE project_id = :p"),
            {"p": ctx[project_key]}).one()
        stored = json.loads(stored or "[]")
        sent = replies(stored) if replies else stored + [
            {"author": "x", "role": "x", "created_at": "2025-01-01T00:00:00+00:00",
             "text": "Respuesta."}]
        conn.execute(text("SELECT reg_update_observation(:i, :s, CAST(:r AS jsonb))"),
                     {"i": obs_id, "s": status, "r": json.dumps(sent)})
        return True
    return run


def forged_reply_author(conn, ctx):
    """A reply planted in another person's name takes effect only if that name is stored."""
    update_observation("open", lambda stored: stored + [
        {"author": "Presidente Municipal", "role": "sindicatura",
         "created_at": "2025-01-01T00:00:00+00:00", "text": "Aprobado."}])(conn, ctx)
    replies = json.loads(conn.execute(text(
        "SELECT replies::text FROM observations WHERE project_id = :p"),
        {"p": ctx["review"]}).scalar())
    return replies[-1]["author"] == "Presidente Municipal"


def lease(project_key="draft", ttl=60):
    def run(conn, ctx):
        row = conn.execute(text("SELECT * FROM reg_acquire_lease(:p, :u, :pid, :t)"),
                           {"p": ctx[project_key], "u": ctx["uri"], "pid": ctx["pid3"],
                            "t": ttl}).one()
        return bool(row.mine)
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
    ("presentar sin visto bueno, sin motivo",
     transition("file_without_trustee_approval", "filed", "review", "trustee_review", FILING),
     NOBODY),
    ("presentar sin visto bueno, con motivo",
     transition("file_without_trustee_approval", "filed", "review", "trustee_review",
                {**FILING, "observations_override_reason": "Se atenderán en comisión."}),
     {"sec"}),
    ("presentar desde la revisión (sin visto bueno)",
     transition("file", "filed", "review_clean", "trustee_review", FILING), NOBODY),
    ("dar el visto bueno con observaciones abiertas",
     transition("trustee_approve", "trustee_approved", "review", "trustee_review"), NOBODY),
    ("dar el visto bueno", transition("trustee_approve", "trustee_approved", "review_clean",
                                      "trustee_review"), {"sin"}),
    ("presentar con visto bueno",
     transition("file", "filed", "vb", "trustee_approved", FILING), {"ana", "sec"}),
    ("presentar con visto bueno, sin folio",
     transition("file", "filed", "vb", "trustee_approved", {"filing_date": "2025-03-01"}),
     NOBODY),
    ("turnar antes de la presentación",
     transition("turn_to_committee", "in_committee", "filed_late", "filed",
                {"committee": "Gobernación", "committee_kind": "single",
                 "turn_date": "2025-03-01"}), NOBODY),
    ("turnar con un tipo de turno inexistente",
     transition("turn_to_committee", "in_committee", "filed_late", "filed",
                {"committee": "Gobernación", "committee_kind": "todas",
                 "turn_date": "2025-03-20"}), NOBODY),
    ("dictamen favorable con mayoría en contra",
     transition("register_committee_report", "committee_report", "committee", "in_committee",
                REPORT), NOBODY),
    ("dictamen desfavorable con mayoría en contra",
     transition("register_committee_report", "committee_report", "committee", "in_committee",
                {**REPORT, "report_sense": "unfavorable"}), {"sec"}),
    ("aprobar en Cabildo sin quórum (1-0-0)",
     approve(votes_for=1, votes_against=0, abstentions=0), NOBODY),
    ("aprobar en Cabildo 2-1-15", approve(votes_for=2, votes_against=1, abstentions=15),
     NOBODY),
    ("aprobar en Cabildo con sesión anterior al dictamen",
     approve(session_date="2025-01-02"), NOBODY),
    ("publicación directa", transition("direct_publication", "published", "draft", "draft",
                                       DIRECT), {"adm"}),
    ("publicación directa sin motivo",
     transition("direct_publication", "published", "draft", "draft", GAZETTE), NOBODY),
    ("publicar (transición) desde Borrador",
     transition("publish", "published", "draft", "draft", GAZETTE), NOBODY),
    ("cerrar una observación (rechazada) en revisión", update_observation("rejected"), {"sin"}),
    ("cerrar una observación en devuelta",
     update_observation("addressed", project_key="returned"), NOBODY),
    ("contestar una observación en devuelta",
     update_observation("open", project_key="returned"), {"ana"}),
    ("observación con un estado inexistente", update_observation("aprobada"), NOBODY),
    ("reescribir las respuestas de una observación",
     update_observation("open", lambda stored: [
         {"author": "x", "role": "x", "created_at": "2025-01-01T00:00:00+00:00",
          "text": "Otra historia."}] * (len(stored) + 1), project_key="rewrite"), NOBODY),
    ("borrar las respuestas de una observación",
     update_observation("open", lambda stored: [], project_key="rewrite"), NOBODY),
    ("plantar una respuesta a nombre de otro", forged_reply_author, NOBODY),
    ("anunciar que edita (aviso de edición)", lease(), {"ana"}),
    ("aviso de edición por diez años", lease(ttl=315_360_000), NOBODY),
    ("aviso de edición en revisión", lease("review"), NOBODY),
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
    ("publicar (transición)", transition("publish", "published", "gazette", "sent_to_gazette",
                                         GAZETTE), {"sec"}),
    ("publicar un texto distinto del aprobado",
     transition("publish", "published", "tampered", "sent_to_gazette", GAZETTE), NOBODY),
    ("publicar sin aprobación registrada",
     transition("publish", "published", "unapproved", "sent_to_gazette", GAZETTE), NOBODY),
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
    ("registrar cambio de procedimiento", log_action("change_workflow", None), {"adm"}),
    ("registrar cambio de procedimiento en un proyecto", log_action("change_workflow"), NOBODY),
    ("registrar una importación de redline", log_action("import_redline"), {"ana"}),
    ("registrar una importación de redline en revisión",
     log_action("import_redline", "review"), {"sin"}),
    ("registrar texto libre en el historial",
     log_action("Aprobado por unanimidad en Cabildo"), NOBODY),
    ("registrar una observación en Borrador", log_action("add_observation"), NOBODY),
    ("registrar una observación atendida en Borrador", log_action("observation_addressed"),
     NOBODY),
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
     then(transition("publish", "published", "gazette", "sent_to_gazette", GAZETTE),
          dml("UPDATE regulations SET title = 'Consolidado' WHERE uri = '{uri}'")),
     {"sec"}),
    ("publicar un corpus distinto del borrador",
     then(transition("publish", "published", "gazette", "sent_to_gazette", GAZETTE),
          dml("UPDATE provisions SET text = 'Texto que nadie aprobó.' WHERE pid = '{pid3}'"),
          publish_call), NOBODY),
    ("publicar (transición y versión consolidada)",
     then(transition("publish", "published", "gazette", "sent_to_gazette", GAZETTE), publish_call),
     {"sec"}),
    ("escribir el corpus después de cerrar la publicación",
     then(transition("publish", "published", "gazette", "sent_to_gazette", GAZETTE), publish_call,
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
              ("report", "committee_report"), ("vb", "trustee_approved"),
              ("returned", "returned"), ("rewrite", "trustee_review"),
              ("filed_late", "filed"), ("committee", "in_committee"),
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
        for key, replies in (("review", "[]"), ("returned", "[]"), ("rewrite", json.dumps(
                [{"author": "Lic. Ana Ruiz", "role": "redactor", "text": "Se precisó.",
                  "created_at": "2025-03-02T10:00:00+00:00"}]))):
            conn.execute(text(
                "INSERT INTO observations (project_id, regulation_uri, pid, quoted_text, "
                "draft_revision, author, role, created_at, text, status, replies) VALUES "
                "(:p, :u, 'x', '', 1, 'Lic. Pedro Soto', 'sindicatura', now(), 'Precise.', "
                "'open', CAST(:r AS json))"), {"p": ids[key], "u": office.uri, "r": replies})
        _record(conn, ids["filed_late"], "file", "filed",
                {"folio": "SA-9", "filing_date": "2025-03-10"}, "")
        _record(conn, ids["report"], "register_committee_report", "committee_report",
                {"report_sense": "favorable", "report_date": "2025-03-20"}, "")
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
    "presentar sin visto bueno, sin motivo": "observations_override_reason",
    "dar el visto bueno con observaciones abiertas": "Ciérrelas",
    "presentar con visto bueno, sin folio": "«folio»",
    "turnar antes de la presentación": "es anterior a la fecha de la presentación",
    "turnar con un tipo de turno inexistente": "committee_kind",
    "dictamen favorable con mayoría en contra": "1 a favor y 2 en contra",
    "aprobar en Cabildo sin quórum (1-0-0)": "No hay quórum",
    "aprobar en Cabildo 2-1-15": "no alcanza la mayoría simple",
    "aprobar en Cabildo con sesión anterior al dictamen": "anterior a la fecha del dictamen",
    "publicación directa sin motivo": "direct_publication_reason",
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
            transition("publish", "published", "gazette", "sent_to_gazette", GAZETTE)(conn, ctx)
            conn.execute(text("UPDATE regulations SET title = 'Sin cerrar' "
                              "WHERE uri = :u"), {"u": ctx["uri"]})
    with sec.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM regulations "
                                 "WHERE title = 'Sin cerrar'")).scalar() == 0
        assert conn.execute(text("SELECT stage FROM project_stages WHERE project_id = :p"),
                            {"p": ctx["gazette"]}).scalar() == "sent_to_gazette"


def test_forged_acts_are_refused_with_the_reason(office, ctx):
    actions = {label: action for label, action, _allowed in MATRIX}
    who = {"devolver sin observaciones": "sin",
           "dar el visto bueno con observaciones abiertas": "sin",
           "publicación directa sin motivo": "adm"}
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


# --- every server function × role × membership × stage (issue 16) ----------------------------

MATRIX_STAGES = ("draft", "public_consultation", "trustee_review", "returned",
                 "trustee_approved", "filed", "in_committee", "committee_report",
                 "council_approved", "certified", "sent_to_gazette", "published", "in_force",
                 "rejected", "withdrawn")
LOGGED_ACTS = ("add_observation", "observation_reply", "observation_addressed",
               "observation_rejected", "observation_open", "import_redline", "change_workflow",
               "council_approve", "Aprobado por unanimidad en Cabildo")
ROLE_OF = {"ana": "redactor", "beto": "redactor", "sin": "sindicatura", "sec": "secretaria",
           "adm": "administrador"}
MEMBER = {"ana"}   # Ana owns every project here; Beto is a redactor of none of them


def _expected(function: str, who: str, stage: str, extra: str = "") -> bool:
    """What the written procedure allows, computed from the definition in Python (not SQL)."""
    from reglamentos_app.domain.workflow_default import default_workflow

    wf, role = default_workflow(), ROLE_OF[who]
    member_ok = role != "redactor" or who in MEMBER
    can = lambda action: wf.permits(role, action, stage)   # noqa: E731
    if function == "save_draft" or function == "lease":
        return can("edit_draft") and who in MEMBER
    if function == "observe":
        return can("add_observation")
    if function == "reply":
        return member_ok and any(can(a) for a in ("reply_observation", "add_observation",
                                                  "answer_observation", "reopen_observation"))
    if function == "close":   # the observation's author is the síndico
        return member_ok and can("answer_observation") and role == "sindicatura"
    if function == "log":
        rules = {"add_observation": can("add_observation"),
                 "observation_reply": any(can(a) for a in ("reply_observation",
                                                           "add_observation",
                                                           "answer_observation")),
                 "observation_addressed": can("answer_observation"),
                 "observation_rejected": can("answer_observation"),
                 "observation_open": can("reopen_observation"),
                 "import_redline": (can("edit_draft") and who in MEMBER)
                 or can("add_observation")}
        return member_ok and rules.get(extra, False)
    if function == "transition":
        transition = wf.transition(extra)
        return stage in transition.from_stages and role in transition.roles and member_ok
    raise AssertionError(function)


def _calls(ctx_ids, uri, pid3):
    """(function, extra, callable(conn, project_id)) for every narrow function."""
    from reglamentos_app.domain.workflow_default import default_workflow

    def save(conn, p):
        return conn.execute(text(
            "SELECT reg_save_draft(:p, :u, :e, CAST(:d AS json), '{}'::jsonb, '[]'::jsonb, "
            "'[]'::jsonb)"), {"p": p, "u": uri, "e": _rev(conn, p),
                               "d": _draft(conn, p)}).scalar() is not None

    def observe_(conn, p):
        return conn.execute(text(
            "SELECT reg_observe(:p, :u, :pid, NULL, NULL, 'x', 1, 'Observación')"),
            {"p": p, "u": uri, "pid": pid3}).scalar() is not None

    def update(status):
        def run(conn, p):
            obs_id, stored = conn.execute(text(
                "SELECT id, replies::text FROM observations WHERE project_id = :p"),
                {"p": p}).one()
            sent = json.loads(stored or "[]") + [{"author": "x", "role": "x", "text": "R.",
                                                   "created_at": "2025-01-01T00:00:00+00:00"}]
            conn.execute(text("SELECT reg_update_observation(:i, :s, CAST(:r AS jsonb))"),
                         {"i": obs_id, "s": status, "r": json.dumps(sent)})
            return True
        return run

    def log(action):
        def run(conn, p):
            return conn.execute(text("SELECT reg_log_action(:p, :a, '', '{}'::jsonb, '')"),
                                {"p": p, "a": action}).scalar() is not None
        return run

    def lease_(conn, p):
        return bool(conn.execute(text("SELECT * FROM reg_acquire_lease(:p, :u, :pid, 60)"),
                                 {"p": p, "u": uri, "pid": pid3}).one().mine)

    def move(transition):
        def run(conn, p):
            stage = conn.execute(text("SELECT stage FROM project_stages WHERE project_id = :p"),
                                 {"p": p}).scalar()
            return conn.execute(text(
                "SELECT reg_transition(:p, :t, :e, :to, '', '{}'::jsonb, '')"),
                {"p": p, "t": transition.id, "e": stage, "to": transition.to}).scalar() \
                is not None
        return run

    calls = [("save_draft", "", save), ("observe", "", observe_), ("reply", "", update("open")),
             ("close", "", update("rejected")), ("lease", "", lease_)]
    calls += [("log", action, log(action)) for action in LOGGED_ACTS]
    calls += [("transition", t.id, move(t)) for t in default_workflow().transitions]
    return calls


def test_every_function_role_membership_and_stage(office, project, capsys):
    """Each narrow function, by each login (member redactor, non-member redactor, síndico,
    Secretaría, administrador), on a project in each stage: nothing the written procedure
    forbids succeeds, and every non-transition act it allows does (transitions it allows may
    still be refused by their guards for want of data: counted apart)."""
    ana = office.services("ana")
    ids = {stage: ana.projects.create(f"Proyecto en {stage}", [office.uri]).id
           for stage in MATRIX_STAGES}
    dba = create_engine(make_url(office.admin_url).set(drivername="postgresql+psycopg"))
    office.opened.append(dba)
    with dba.begin() as conn:
        for stage, pid in ids.items():
            conn.execute(text("INSERT INTO project_stages (project_id, stage, since) "
                              "VALUES (:p, :s, now())"), {"p": pid, "s": stage})
            conn.execute(text(
                "INSERT INTO observations (project_id, regulation_uri, pid, quoted_text, "
                "draft_revision, author, role, created_at, text, status, replies) VALUES (:p, "
                ":u, 'x', '', 1, 'Lic. Pedro Soto', 'sindicatura', now(), 'Precise.', 'open', "
                "'[]')"), {"p": pid, "u": office.uri})
    pid3 = art(ana.projects.open_draft(ids["draft"], office.uri).editor.root, "3").pid
    engines = {who: office.engine(who) for who in WHO}
    attempts = refused = forbidden = 0
    wrong, guarded = [], 0
    for function, extra, call in _calls(ids, office.uri, pid3):
        for stage, pid in ids.items():
            for who in WHO:
                expected = _expected(function, who, stage, extra)
                ok, why = _attempt(engines[who], lambda c, _x: call(c, pid), None)
                attempts += 1
                refused += not ok
                forbidden += not expected
                if ok and not expected:
                    wrong.append(f"{function} {extra} / {who} / {stage}: permitido")
                elif expected and not ok:
                    if function == "transition":
                        guarded += 1   # allowed by role and stage; its guards want data
                    else:
                        wrong.append(f"{function} {extra} / {who} / {stage}: negado ({why})")
    with capsys.disabled():
        print(f"\nMatriz del servidor: {attempts} intentos, {forbidden} prohibidos por el "
              f"procedimiento, {refused} rechazados por el servidor ({guarded} permitidos por "
              f"rol y etapa pero detenidos por sus validaciones), {len(wrong)} discrepancias.")
    assert wrong == [], "\n".join(wrong[:40])
