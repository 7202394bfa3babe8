"""Server-side guards of the procedure, the approved text hashed on the server, corpus writes.

On every backend: ``workflow_rules`` also lists each transition's guards (``kind = 'guard'``,
see ``storage.rules``) and ``shared_settings`` holds ``council_members`` (the munícipes of the
Ayuntamiento, 18 in Mexicali), so the server applies the same data-driven guards as the client.

On PostgreSQL only (SQLite has no server to enforce anything; ``publication_windows`` stays
empty there): ``reg_transition`` now evaluates the guards it implements — the Cabildo tally against the strictest reform quorum of the target
regulations (simple: more for than against; calificada: two thirds of the members), a
consistent tally, open Sindicatura observations without the override reason, an unfavourable
committee report, and the published text against the one Cabildo approved — and records the
canonical text hash it computes itself from the stored drafts (``reg_project_text_hash``, the
same text as ``domain.reform.project_text`` canonicalised as ``domain.audit.canonical_text``);
a client-sent hash that differs is refused as stale. The corpus tables may be written only by
the administrador, or inside the transaction that the server's publication transition opened
(``publication_windows``, closed by ``reg_set_publication``) and only for that project's
target regulations; ``reg_set_publication`` checks that the newest version of every target is
the project's draft provision by provision, and a transaction that opened the window and did
not close it is refused at commit.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

COUNCIL_MEMBERS = "18"  # munícipes of Mexicali: presidente, síndico, 16 regidores
CORPUS_WRITE = {"regulations": "reg_publishing_uri(uri)",
                "gazette_references": "reg_publishing_regulation(regulation_id)",
                "expressions": "reg_publishing_regulation(regulation_id)",
                "provisions": "reg_publishing_expression(expression_id)"}
# Python's str.isspace() characters, as PostgreSQL ARE escapes: canonical_text drops them at
# the end of every line (str.rstrip), and display_label strips them (str.strip).
PY_SPACE = (r"[\t\n\v\f\r\u001c-\u001f \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f"
            r"\u205f\u3000]+$")


def upgrade() -> None:
    _reseed_rules()
    settings = sa.table("shared_settings", sa.column("key"), sa.column("value"))
    op.execute(settings.delete().where(settings.c.key == "council_members"))
    op.bulk_insert(settings, [{"key": "council_members", "value": COUNCIL_MEMBERS}])
    # Written only by reg_transition (publication), emptied by reg_set_publication; created
    # on both engines so the schema is one, but only PostgreSQL's policies read it.
    op.create_table(
        "publication_windows",
        sa.Column("txid", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["reform_projects.id"], ondelete="CASCADE",
                                name=op.f("fk_publication_windows_project_id_reform_projects")),
        sa.PrimaryKeyConstraint("txid", name=op.f("pk_publication_windows")),
    )
    if op.get_bind().dialect.name == "postgresql":
        schema = op.get_bind().exec_driver_sql("select current_schema()").scalar()
        for statement in postgres_statements(schema):
            op.execute(statement)


def _reseed_rules() -> None:
    """The rows of the definition in use (the stored one, else Mexicali's), now with guards."""
    from reglamentos_app.domain.workflow_default import default_workflow
    from reglamentos_app.storage.rules import rule_rows

    bind = op.get_bind()
    stored = bind.execute(sa.text(
        "SELECT data FROM workflow_definitions ORDER BY id DESC LIMIT 1")).scalar()
    if isinstance(stored, str):
        import json
        stored = json.loads(stored)
    definition = stored or default_workflow().to_dict()
    table = sa.table("workflow_rules", sa.column("kind"), sa.column("name"),
                     sa.column("from_stage"), sa.column("to_stage"), sa.column("role"))
    op.execute(table.delete())
    op.bulk_insert(table, rule_rows(definition))


def _kind_labels() -> str:
    from reglamentos_app.domain.provisions import ProvisionKind

    whens = " ".join(f"WHEN '{k.value}' THEN '{k.label}'" for k in ProvisionKind)
    return f"CASE p_kind {whens} ELSE p_kind END"


def postgres_statements(schema: str) -> list[str]:
    definer = f"SECURITY DEFINER SET search_path = {schema}, pg_temp"
    return [*_text_functions(definer), *_window(definer), _guards(definer),
            _transition(definer), _log_action(definer), *_consolidation(definer),
            _set_publication(definer),
            *_corpus_policies()]


def _text_functions(definer: str) -> list[str]:
    return [
        f"""CREATE FUNCTION reg_canonical_text(p text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
          SELECT coalesce(string_agg(regexp_replace(line, '{PY_SPACE}', ''), E'\\n'
                                     ORDER BY n), '')
            FROM unnest(string_to_array(replace(replace(normalize(p, NFC), E'\\r\\n', E'\\n'),
                                                E'\\r', E'\\n'), E'\\n'))
                 WITH ORDINALITY AS u(line, n) $$""",
        f"""CREATE FUNCTION reg_label(p_kind text, p_num text, p_heading text) RETURNS text
        LANGUAGE sql IMMUTABLE AS $$
          SELECT CASE WHEN p_kind = 'transitional_group'
                      THEN 'Transitorios' || CASE WHEN p_heading <> ''
                                                  THEN ' (' || p_heading || ')' ELSE '' END
                      ELSE regexp_replace({_kind_labels()} || ' ' || p_num, '{PY_SPACE}', '')
                 END $$""",
        # domain.reform.project_text, line by line, from the stored flat drafts.
        f"""CREATE FUNCTION reg_project_text(p_project integer) RETURNS text LANGUAGE plpgsql
        STABLE {definer} AS $$
        DECLARE t record; r json; lines text[] := '{{}}'; depth integer; heading text; body text;
        BEGIN
          FOR t IN SELECT regulation_title, draft FROM project_targets
                   WHERE project_id = p_project ORDER BY position, id LOOP
            lines := lines || ('== ' || t.regulation_title || ' ==');
            FOR r IN SELECT e.value FROM json_array_elements(coalesce(t.draft, '[]'::json))
                     WITH ORDINALITY AS e(value, n) ORDER BY e.n LOOP
              depth := (r->>0)::integer;
              heading := coalesce(r->>3, '');
              body := coalesce(r->>4, '');
              lines := lines || (repeat('  ', depth - 1) || array_to_string(array_remove(
                ARRAY[reg_label(r->>1, coalesce(r->>2, ''), heading), heading, body], ''), ' '));
            END LOOP;
          END LOOP;
          lines := lines || '== TRANSITORIOS =='::text;
          lines := lines || ARRAY(SELECT e.value FROM json_array_elements_text(coalesce(
                     (SELECT transitorios FROM reform_projects WHERE id = p_project),
                     '[]'::json)) WITH ORDINALITY AS e(value, n) ORDER BY e.n);
          RETURN array_to_string(lines, E'\\n') || E'\\n';
        END $$""",
        f"""CREATE FUNCTION reg_project_text_hash(p_project integer) RETURNS text
        LANGUAGE sql STABLE {definer} AS $$
          SELECT encode(sha256(convert_to(reg_canonical_text(reg_project_text(p_project)),
                                          'UTF8')), 'hex') $$""",
    ]


def _window(definer: str) -> list[str]:
    return [
        "ALTER TABLE publication_windows ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE publication_windows FORCE ROW LEVEL SECURITY",
        f"""CREATE FUNCTION reg_publishing_uri(p_uri text) RETURNS boolean LANGUAGE sql STABLE
        {definer} AS $$
          SELECT EXISTS (SELECT 1 FROM publication_windows w JOIN project_targets t
                           ON t.project_id = w.project_id
                         WHERE w.txid = txid_current() AND t.regulation_uri = p_uri) $$""",
        f"""CREATE FUNCTION reg_publishing_regulation(p_regulation integer) RETURNS boolean
        LANGUAGE sql STABLE {definer} AS $$
          SELECT EXISTS (SELECT 1 FROM publication_windows WHERE txid = txid_current())
             AND reg_publishing_uri((SELECT uri FROM regulations WHERE id = p_regulation)) $$""",
        f"""CREATE FUNCTION reg_publishing_expression(p_expression integer) RETURNS boolean
        LANGUAGE sql STABLE {definer} AS $$
          SELECT EXISTS (SELECT 1 FROM publication_windows WHERE txid = txid_current())
             AND reg_publishing_regulation((SELECT regulation_id FROM expressions
                                            WHERE id = p_expression)) $$""",
    ]


def _guards(definer: str) -> str:
    # The same checks, words and arithmetic as domain.workflow_default's guards. Guards the
    # server does not implement (gazette_data_valid, custom ones) stay with the client.
    return f"""CREATE FUNCTION reg_check_guards(p_project integer, p_transition text,
      p_data jsonb) RETURNS text[] LANGUAGE plpgsql STABLE {definer} AS $$
    DECLARE g text; out text[] := '{{}}'; members integer; open_obs integer; vf numeric;
            va numeric; ab numeric; quorums text[]; needed integer; approved text;
            current_hash text; published text;
    BEGIN
      members := coalesce((SELECT value::integer FROM shared_settings
                           WHERE key = 'council_members'), 18);
      SELECT count(*) INTO open_obs FROM observations
       WHERE project_id = p_project AND status = 'open';
      FOR g IN SELECT to_stage FROM workflow_rules WHERE kind = 'guard'
               AND name = p_transition ORDER BY id LOOP
        IF g = 'observations_resolved' THEN
          IF open_obs > 0 AND coalesce(btrim(p_data->>'observations_override_reason'), '') = ''
          THEN
            out := out || format('Hay %s observación(es) de la Sindicatura sin atender. '
              'Atiéndalas o indique el motivo para presentar el proyecto sin atenderlas.',
              open_obs);
          END IF;
        ELSIF g = 'has_open_observations' THEN
          IF open_obs = 0 THEN
            out := out || 'Para devolver el proyecto con observaciones, registre al menos una '
                          'observación.'::text;
          END IF;
        ELSIF g IN ('council_quorum', 'tally_consistent') THEN
          IF jsonb_typeof(p_data->'votes_for') IS DISTINCT FROM 'number'
             OR jsonb_typeof(p_data->'votes_against') IS DISTINCT FROM 'number'
             OR jsonb_typeof(coalesce(p_data->'abstentions', '0'::jsonb)) <> 'number' THEN
            out := out || 'La acción no registra la votación; no se puede comprobar la '
                          'mayoría.'::text;
            CONTINUE;
          END IF;
          vf := (p_data->>'votes_for')::numeric;
          va := (p_data->>'votes_against')::numeric;
          ab := coalesce((p_data->>'abstentions')::numeric, 0);
          IF vf <> trunc(vf) OR va <> trunc(va) OR ab <> trunc(ab) THEN
            out := out || 'La votación se registra con números enteros.'::text;
          ELSIF least(vf, va, ab) < 0 THEN
            out := out || 'La votación no puede tener cantidades negativas.'::text;
          ELSIF vf + va + ab > members THEN
            out := out || format('La votación suma %s votos (a favor, en contra y '
              'abstenciones), pero el Cabildo tiene %s integrantes.', vf + va + ab, members);
          ELSIF g = 'council_quorum' THEN
            quorums := ARRAY(SELECT DISTINCT coalesce(r.reform_quorum, '')
                             FROM project_targets t LEFT JOIN regulations r
                               ON r.uri = t.regulation_uri
                             WHERE t.project_id = p_project AND t.is_new = 0);
            IF cardinality(quorums) = 0 OR '' = ANY (quorums) THEN
              out := out || 'No se indicó qué mayoría exige el reglamento reformado (simple o '
                            'calificada).'::text;
            ELSIF 'qualified' = ANY (quorums) THEN
              needed := (2 * members + 2) / 3;
              IF vf < needed THEN
                out := out || format('La votación no alcanza la mayoría calificada: %s votos a '
                  'favor de %s integrantes del Cabildo; se requieren al menos %s (las dos '
                  'terceras partes de los integrantes).', vf, members, needed);
              END IF;
            ELSIF vf <= va THEN
              out := out || format('La votación no alcanza la mayoría simple: %s a favor y %s '
                'en contra; se requieren más votos a favor que en contra.', vf, va);
            END IF;
          END IF;
        ELSIF g = 'favorable_committee_report' THEN
          IF (SELECT data->>'report_sense' FROM audit_records WHERE project_id = p_project
                AND action = 'register_committee_report' ORDER BY seq DESC LIMIT 1)
             = 'unfavorable' THEN
            out := out || 'El dictamen de la comisión es desfavorable: no puede registrarse la '
                          'aprobación del proyecto con ese dictamen.'::text;
          END IF;
        ELSIF g = 'text_matches_approval' THEN
          approved := (SELECT text_hash FROM audit_records WHERE project_id = p_project
                         AND stage_to = 'council_approved' ORDER BY seq DESC LIMIT 1);
          current_hash := reg_project_text_hash(p_project);
          IF coalesce(approved, '') = '' THEN
            out := out || 'No hay registro de qué texto aprobó el Cabildo; sin él no puede '
                          'continuar.'::text;
          ELSIF approved <> current_hash THEN
            out := out || format('El texto actual no es el que aprobó el Cabildo (huella '
              'aprobada %s…, huella actual %s…). Solo puede publicarse el texto aprobado.',
              left(approved, 12), left(current_hash, 12));
          END IF;
        ELSIF g = 'in_force_after_publication' THEN
          published := (SELECT data->>'publication_date' FROM audit_records
                        WHERE project_id = p_project AND action = 'publish'
                        ORDER BY seq DESC LIMIT 1);
          IF published ~ '^\\d{{4}}-\\d{{2}}-\\d{{2}}$'
             AND p_data->>'in_force_date' ~ '^\\d{{4}}-\\d{{2}}-\\d{{2}}$'
             AND (p_data->>'in_force_date')::date < published::date THEN
            out := out || 'La fecha de entrada en vigor es anterior a la publicación en el '
                          'Periódico Oficial.'::text;
          END IF;
        END IF;
      END LOOP;
      RETURN out;
    END $$"""


def _transition(definer: str) -> str:
    return f"""CREATE OR REPLACE FUNCTION reg_transition(p_project integer, p_transition text,
      p_expected text, p_to text, p_comment text, p_data jsonb, p_text_hash text)
    RETURNS integer LANGUAGE plpgsql {definer} AS $$
    DECLARE me users := reg_me(); current_stage text; problems text[]; server_hash text;
    BEGIN
      PERFORM 1 FROM reform_projects WHERE id = p_project FOR UPDATE;
      IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'El proyecto ya no existe.';
      END IF;
      current_stage := reg_stage(p_project);
      IF current_stage IS DISTINCT FROM coalesce(p_expected, current_stage)
         OR (p_expected IS NULL AND EXISTS (SELECT 1 FROM project_stages
                                            WHERE project_id = p_project)) THEN
        RAISE EXCEPTION USING ERRCODE = '40001', MESSAGE = format(
          'El proyecto cambió de etapa mientras usted lo revisaba (ahora está en «%s»). '
          'Vuelva a abrirlo.', current_stage);
      END IF;
      IF NOT EXISTS (SELECT 1 FROM workflow_rules WHERE kind = 'transition'
                     AND name = p_transition AND from_stage = current_stage
                     AND to_stage = p_to AND role = me.role)
         OR (me.role = 'redactor' AND NOT reg_is_member(p_project)) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format(
          'Su perfil («%s») no puede tomar la acción «%s» en la etapa actual.',
          me.role, p_transition);
      END IF;
      -- The text hash of the record is the server's; a different one from the client means
      -- the text changed after it was displayed (never record what the client claims).
      server_hash := reg_project_text_hash(p_project);
      IF coalesce(p_text_hash, '') <> '' AND p_text_hash <> server_hash THEN
        RAISE EXCEPTION USING ERRCODE = '40001', MESSAGE =
          'El texto del proyecto cambió mientras usted lo revisaba; vuelva a abrirlo.';
      END IF;
      problems := reg_check_guards(p_project, p_transition, coalesce(p_data, '{{}}'::jsonb));
      IF cardinality(problems) > 0 THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = array_to_string(problems, ' ');
      END IF;
      INSERT INTO project_stages AS s (project_id, stage, since)
      VALUES (p_project, p_to, now())
      ON CONFLICT (project_id) DO UPDATE SET stage = EXCLUDED.stage, since = now();
      IF p_to IN ('withdrawn', 'rejected') THEN
        UPDATE reform_projects SET status = 'withdrawn', revision = revision + 1,
               updated_at = now() WHERE id = p_project;
      END IF;
      IF p_to = 'published' THEN  -- the corpus opens to this publication, this transaction
        INSERT INTO publication_windows (txid, project_id) VALUES (txid_current(), p_project)
        ON CONFLICT (txid) DO UPDATE SET project_id = EXCLUDED.project_id;
      END IF;
      RETURN reg_append_audit(p_project, p_transition, current_stage, p_to, p_comment,
                              p_data, server_hash);
    END $$"""


def _set_publication(definer: str) -> str:
    return f"""CREATE OR REPLACE FUNCTION reg_set_publication(p_project integer,
      p_publication jsonb) RETURNS void LANGUAGE plpgsql {definer} AS $$
    DECLARE me users := reg_me(); problem text;
    BEGIN
      IF reg_stage(p_project) <> 'published' OR NOT EXISTS (
           SELECT 1 FROM workflow_rules WHERE kind = 'transition' AND to_stage = 'published'
           AND role = me.role) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE =
          'Solo la Secretaría publica, y solo un proyecto cuya publicación registró el trámite.';
      END IF;
      problem := reg_consolidation_problem(p_project);
      IF problem IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = problem;
      END IF;
      UPDATE reform_projects SET status = 'published', publication = p_publication::json,
             revision = revision + 1, updated_at = now() WHERE id = p_project;
      DELETE FROM publication_windows WHERE txid = txid_current();  -- the corpus closes again
    END $$"""


def _log_action(definer: str) -> str:
    # As in 0004, plus the record of a redline import (by whoever may import one: the drafter
    # or the Sindicatura), written in the import's own transaction.
    return f"""CREATE OR REPLACE FUNCTION reg_log_action(p_project integer, p_action text,
      p_comment text, p_data jsonb, p_text_hash text) RETURNS integer LANGUAGE plpgsql
    {definer} AS $$
    DECLARE me users := reg_me();
    BEGIN
      IF NOT ((p_action = 'add_observation' AND me.role = 'sindicatura')
              OR (p_action LIKE 'observation\\_%' AND me.role IN ('redactor', 'sindicatura'))
              OR (p_action = 'import_redline' AND me.role IN ('redactor', 'sindicatura'))
              OR (p_action IN ('change_workflow', 'manage_users')
                  AND me.role = 'administrador')) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format(
          'Su perfil no puede registrar «%s» en el historial.', p_action);
      END IF;
      RETURN reg_append_audit(p_project, p_action, '', '', p_comment, p_data, p_text_hash);
    END $$"""


def _consolidation(definer: str) -> list[str]:
    row = "row({0}depth, {0}kind, coalesce({0}num, ''), coalesce({0}heading, ''), " \
          "coalesce({0}text, ''), {0}status, {0}pid)::text"
    flat = ("row((e.value->>0)::integer, e.value->>1, coalesce(e.value->>2, ''), "
            "coalesce(e.value->>3, ''), coalesce(e.value->>4, ''), e.value->>5, "
            "e.value->>6)::text")
    return [
        # The version in force last of every target must be the project's draft, provision by
        # provision (what ProjectService.publish consolidates): a client that wrote another
        # text into the corpus during the publication is refused here.
        f"""CREATE FUNCTION reg_consolidation_problem(p_project integer) RETURNS text
        LANGUAGE plpgsql STABLE {definer} AS $$
        DECLARE t record; latest integer;
        BEGIN
          FOR t IN SELECT regulation_uri, regulation_title, draft FROM project_targets
                   WHERE project_id = p_project ORDER BY position, id LOOP
            SELECT x.id INTO latest FROM expressions x JOIN regulations r
              ON r.id = x.regulation_id WHERE r.uri = t.regulation_uri
             ORDER BY x.valid_from DESC, x.id DESC LIMIT 1;
            IF latest IS NULL OR ARRAY(
                 SELECT {row.format("p.")} FROM provisions p
                 WHERE p.expression_id = latest AND p.depth > 0 ORDER BY p.ord)
               IS DISTINCT FROM ARRAY(
                 SELECT {flat} FROM json_array_elements(coalesce(t.draft, '[]'::json))
                 WITH ORDINALITY AS e(value, n) ORDER BY e.n) THEN
              RETURN format('La versión consolidada de «%s» no es el texto del proyecto; no se '
                            'registra la publicación.', t.regulation_title);
            END IF;
          END LOOP;
          RETURN NULL;
        END $$""",
        # A publication transition whose transaction commits without reg_set_publication
        # (the corpus window still open) is undone whole at commit.
        f"""CREATE FUNCTION reg_window_closed() RETURNS trigger LANGUAGE plpgsql {definer} AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM publication_windows WHERE txid = NEW.txid) THEN
            RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE =
              'La publicación quedó incompleta (falta registrar la versión consolidada); no se '
              'guardó nada.';
          END IF;
          RETURN NULL;
        END $$""",
        """CREATE CONSTRAINT TRIGGER reg_publication_completed AFTER INSERT
            ON publication_windows DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
            EXECUTE FUNCTION reg_window_closed()""",
    ]


def _corpus_policies() -> list[str]:
    out = []
    for table, check in CORPUS_WRITE.items():
        allowed = f"(reg_my_role() = 'administrador' OR {check})"
        out.append(f"DROP POLICY IF EXISTS reg_corpus_write ON {table}")
        out.append(f"CREATE POLICY reg_corpus_write ON {table} FOR ALL USING {allowed} "
                   f"WITH CHECK {allowed}")
    return out


def _v0004():
    path = Path(__file__).with_name("0004_shared_mode.py")
    spec = importlib.util.spec_from_file_location("reglamentos_migration_0004", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        schema = bind.exec_driver_sql("select current_schema()").scalar()
        for statement in _v0004().postgres_statements(schema):
            head = statement.lstrip()
            if head.startswith(("CREATE FUNCTION reg_transition(",
                                "CREATE FUNCTION reg_set_publication(",
                                "CREATE FUNCTION reg_log_action(")):
                op.execute(head.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))
            elif head.startswith("CREATE POLICY reg_corpus_write"):
                table = head.split()[4]
                op.execute(f"DROP POLICY IF EXISTS reg_corpus_write ON {table}")
                op.execute(head)
        for name in ("reg_consolidation_problem", "reg_window_closed", "reg_check_guards", "reg_project_text_hash", "reg_project_text",
                     "reg_label", "reg_canonical_text", "reg_publishing_expression",
                     "reg_publishing_regulation", "reg_publishing_uri"):
            for signature in bind.exec_driver_sql(
                    "SELECT oid::regprocedure::text FROM pg_proc WHERE proname = %(n)s "
                    "AND pronamespace = current_schema()::regnamespace",
                    {"n": name}).scalars().all():
                op.execute(f"DROP FUNCTION IF EXISTS {signature} CASCADE")
    op.drop_table("publication_windows")
    op.execute("DELETE FROM workflow_rules WHERE kind = 'guard'")
    op.execute("DELETE FROM shared_settings WHERE key = 'council_members'")
