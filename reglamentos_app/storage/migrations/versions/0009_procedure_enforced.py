"""The procedure enforced by the server: visto bueno, quorum as data, dates, narrow functions.

On every backend: ``workflow_rules`` is rewritten from the definition in use (the new stage
"Con visto bueno de la Sindicatura", the Secretaría's filing without it, the administrator's
«publicación directa», the drafter's "reply" permission instead of closing observations) and
``shared_settings.quorum_rule`` holds how Cabildo votes are counted (Mexicali's default:
attendance of more than half the members, simple majority = more than half of those present,
qualified = two thirds of the members), the same row ``WorkflowService.quorum_rule`` reads.

On PostgreSQL only: ``reg_check_guards`` applies that stored rule (attendance first), the order
of the procedure's dates, the agreement of a dictamen's sense with its members' votes and the
visto bueno's "no open observation" guard, with the client's words. ``reg_update_observation``
checks membership, the state value, who may close (the author or the Sindicatura) and appends
exactly one reply written by the caller (older replies can never be rewritten).
``reg_log_action`` takes only the acts each role may log at the project's current stage.
``reg_acquire_lease`` is for those who may edit the draft now, for at most ten minutes. Every
new record leaves its number and hash in the append-only ``record_anchors`` (a table on every
backend, written only on PostgreSQL), so ``verify-record`` detects a chain cut short or
re-hashed even by someone able to rewrite ``audit_records``.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# Mexicali's rule (domain.workflow_default.QuorumRule()), written out so the migration does not
# change if the default ever does.
QUORUM_RULE = {"attendance": {"numerator": 1, "denominator": 2, "strict": True},
               "simple": {"numerator": 1, "denominator": 2, "strict": True},
               "qualified": {"numerator": 2, "denominator": 3, "strict": False}}
MAX_LEASE_SECONDS = 600
DATE_ORDER = (("filing_date", "de la presentación"), ("turn_date", "del turno a comisión"),
              ("report_date", "del dictamen"), ("session_date", "de la sesión de Cabildo"),
              ("certification_date", "de la certificación"),
              ("sent_date", "del envío al Periódico Oficial"),
              ("publication_date", "de la publicación en el Periódico Oficial"),
              ("in_force_date", "de la entrada en vigor"))


def upgrade() -> None:
    op.create_table(
        "record_anchors",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_record_anchors")),
    )
    _reseed_rules()
    settings = sa.table("shared_settings", sa.column("key"), sa.column("value"))
    op.execute(settings.delete().where(settings.c.key == "quorum_rule"))
    op.bulk_insert(settings, [{"key": "quorum_rule",
                               "value": json.dumps(QUORUM_RULE, sort_keys=True)}])
    if op.get_bind().dialect.name == "postgresql":
        schema = op.get_bind().exec_driver_sql("select current_schema()").scalar()
        for statement in postgres_statements(schema):
            op.execute(statement)


def _reseed_rules() -> None:
    """The rows of the definition in use: a stored one is kept as it is, else Mexicali's."""
    from reglamentos_app.domain.workflow_default import default_workflow
    from reglamentos_app.storage.rules import rule_rows

    bind = op.get_bind()
    stored = bind.execute(sa.text(
        "SELECT data FROM workflow_definitions ORDER BY id DESC LIMIT 1")).scalar()
    if isinstance(stored, str):
        stored = json.loads(stored)
    definition = stored or default_workflow().to_dict()
    table = sa.table("workflow_rules", sa.column("kind"), sa.column("name"),
                     sa.column("from_stage"), sa.column("to_stage"), sa.column("role"))
    op.execute(table.delete())
    op.bulk_insert(table, rule_rows(definition))


def postgres_statements(schema: str) -> list[str]:
    definer = f"SECURITY DEFINER SET search_path = {schema}, pg_temp"
    return [_long_date(), _needed(), _guards(definer), _update_observation(definer),
            _log_action(definer), _acquire_lease(definer), *_anchors(definer)]


def _anchors(definer: str) -> list[str]:
    """Every new record leaves its number and hash in ``record_anchors``, which nobody may
    change: a later truncation or re-hash of ``audit_records`` no longer matches it."""
    return [
        "ALTER TABLE record_anchors ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE record_anchors FORCE ROW LEVEL SECURITY",
        "CREATE POLICY reg_read ON record_anchors FOR SELECT USING (true)",
        f"""CREATE OR REPLACE FUNCTION reg_keep_anchor() RETURNS trigger LANGUAGE plpgsql
        {definer} AS $$
        BEGIN
          INSERT INTO record_anchors (seq, hash, at) VALUES (NEW.seq, NEW.hash, now());
          RETURN NULL;
        END $$""",
        """CREATE TRIGGER reg_anchor_after_record AFTER INSERT ON audit_records
            FOR EACH ROW EXECUTE FUNCTION reg_keep_anchor()""",
        """CREATE TRIGGER reg_anchors_append_only BEFORE UPDATE OR DELETE ON record_anchors
            FOR EACH ROW EXECUTE FUNCTION reg_refuse_change()""",
        """CREATE TRIGGER reg_anchors_no_truncate BEFORE TRUNCATE ON record_anchors
            FOR EACH STATEMENT EXECUTE FUNCTION reg_refuse_change()""",
        # The heads already written before this version are anchored now.
        "INSERT INTO record_anchors (seq, hash, at) SELECT seq, hash, now() FROM audit_records "
        "ON CONFLICT DO NOTHING",
    ]


def _long_date() -> str:
    months = ", ".join(f"'{m}'" for m in (
        "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
        "septiembre", "octubre", "noviembre", "diciembre"))
    return f"""CREATE OR REPLACE FUNCTION reg_long_date(d date) RETURNS text LANGUAGE sql
    IMMUTABLE AS $$
      SELECT extract(day FROM d)::integer || ' de '
             || (ARRAY[{months}])[extract(month FROM d)::integer]
             || ' de ' || extract(year FROM d)::integer $$"""


def _needed() -> str:
    # domain.workflow_default.Threshold.needed: integer arithmetic, as in the client.
    return """CREATE OR REPLACE FUNCTION reg_needed(p_share jsonb, p_base integer)
    RETURNS integer LANGUAGE sql IMMUTABLE AS $$
      SELECT CASE WHEN (p_share->>'strict')::boolean
                  THEN (p_share->>'numerator')::integer * p_base
                       / (p_share->>'denominator')::integer + 1
                  ELSE ((p_share->>'numerator')::integer * p_base
                        + (p_share->>'denominator')::integer - 1)
                       / (p_share->>'denominator')::integer END $$"""


def _date_checks() -> str:
    """PL/pgSQL that appends a message per date of p_data earlier than an earlier act's."""
    names = ", ".join(f"'{n}'" for n, _l in DATE_ORDER)
    labels = ", ".join(f"'{label}'" for _n, label in DATE_ORDER)
    return f"""
          names := ARRAY[{names}];
          labels := ARRAY[{labels}];
          FOR i IN 1 .. cardinality(names) LOOP
            IF coalesce(p_data->>names[i], '') !~ '^\\d{{4}}-\\d{{2}}-\\d{{2}}$' THEN
              CONTINUE;
            END IF;
            FOR j IN 1 .. i - 1 LOOP
              earlier := CASE WHEN coalesce(p_data->>names[j], '') ~ '^\\d{{4}}-\\d{{2}}-\\d{{2}}$'
                              THEN (p_data->>names[j])::date
                              ELSE (SELECT (a.data->>names[j])::date FROM audit_records a
                                     WHERE a.project_id = p_project
                                       AND coalesce(a.data->>names[j], '')
                                           ~ '^\\d{{4}}-\\d{{2}}-\\d{{2}}$'
                                     ORDER BY a.seq DESC LIMIT 1) END;
              IF earlier IS NOT NULL AND (p_data->>names[i])::date < earlier THEN
                out := out || format('La fecha %s (%s) es anterior a la fecha %s (%s).',
                  labels[i], reg_long_date((p_data->>names[i])::date), labels[j],
                  reg_long_date(earlier));
              END IF;
            END LOOP;
          END LOOP;"""


def _field_checks() -> str:
    """PL/pgSQL: every declared datum of the transition present when required and of its type
    (the client's ``clean_data``), so a modified client cannot record an act without them."""
    date_re = "'^\\d{4}-\\d{2}-\\d{2}$'"
    return f"""FOR f IN SELECT from_stage AS need, to_stage AS field, role AS type
               FROM workflow_rules WHERE kind = 'field' AND name = p_transition ORDER BY id LOOP
        v := p_data -> f.field;
        IF v IS NULL OR v = 'null'::jsonb OR (jsonb_typeof(v) = 'string'
                                             AND btrim(v #>> '{{}}') = '') THEN
          IF f.need = 'required' THEN
            out := out || format('Falta el dato «%s».', f.field);
          END IF;
          CONTINUE;
        END IF;
        IF (f.type IN ('text', 'choice') AND jsonb_typeof(v) <> 'string')
           OR (f.type = 'date' AND (jsonb_typeof(v) <> 'string' OR v #>> '{{}}' !~ {date_re}))
           OR (f.type = 'int' AND (jsonb_typeof(v) <> 'number' OR v::text ~ '[.eE]'))
           OR (f.type = 'votes' AND jsonb_typeof(v) <> 'object')
           OR (f.type = 'choice' AND NOT EXISTS (
                 SELECT 1 FROM workflow_rules WHERE kind = 'choice' AND name = p_transition
                 AND from_stage = f.field AND to_stage = v #>> '{{}}')) THEN
          out := out || format('El dato «%s» no tiene un valor válido (%s).', f.field, v);
        END IF;
      END LOOP;"""


def _guards(definer: str) -> str:
    # The same checks, words and arithmetic as domain.workflow_default's guards. Guards the
    # server does not implement (gazette_data_valid, custom ones) stay with the client.
    return f"""CREATE OR REPLACE FUNCTION reg_check_guards(p_project integer, p_transition text,
      p_data jsonb) RETURNS text[] LANGUAGE plpgsql STABLE {definer} AS $$
    DECLARE g text; out text[] := '{{}}'; members integer; open_obs integer; vf numeric;
            va numeric; ab numeric; quorums text[]; needed integer; approved text;
            current_hash text; published text; rule jsonb; present integer;
            names text[]; labels text[]; earlier date; sense text; mf integer; ma integer;
            f record; v jsonb;
    BEGIN
      members := coalesce((SELECT value::integer FROM shared_settings
                           WHERE key = 'council_members'), 18);
      rule := coalesce((SELECT value::jsonb FROM shared_settings WHERE key = 'quorum_rule'),
                       '{json.dumps(QUORUM_RULE)}'::jsonb);
      SELECT count(*) INTO open_obs FROM observations
       WHERE project_id = p_project AND status = 'open';
      {_field_checks()}
      FOR g IN SELECT to_stage FROM workflow_rules WHERE kind = 'guard'
               AND name = p_transition ORDER BY id LOOP
        IF g = 'observations_resolved' THEN
          IF open_obs > 0 AND coalesce(btrim(p_data->>'observations_override_reason'), '') = ''
          THEN
            out := out || format('Hay %s observación(es) de la Sindicatura sin atender. '
              'Atiéndalas o indique el motivo para presentar el proyecto sin atenderlas.',
              open_obs);
          END IF;
        ELSIF g = 'observations_closed' THEN
          IF open_obs > 0 THEN
            out := out || format('Hay %s observación(es) de la Sindicatura sin atender. '
              'Ciérrelas (atendidas o rechazadas) antes de dar el visto bueno, o devuelva el '
              'proyecto con observaciones.', open_obs);
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
            present := (vf + va + ab)::integer;
            quorums := ARRAY(SELECT DISTINCT coalesce(r.reform_quorum, '')
                             FROM project_targets t LEFT JOIN regulations r
                               ON r.uri = t.regulation_uri
                             WHERE t.project_id = p_project AND t.is_new = 0);
            IF cardinality(quorums) = 0 OR '' = ANY (quorums) THEN
              out := out || 'No se indicó qué mayoría exige el reglamento reformado (simple o '
                            'calificada).'::text;
            ELSIF present < reg_needed(rule->'attendance', members) THEN
              out := out || format('No hay quórum: la votación registra %s integrantes '
                'presentes de %s; se requieren al menos %s.', present, members,
                reg_needed(rule->'attendance', members));
            ELSIF 'qualified' = ANY (quorums) THEN
              needed := reg_needed(rule->'qualified', members);
              IF vf < needed THEN
                out := out || format('La votación no alcanza la mayoría calificada: %s votos a '
                  'favor de %s integrantes del Cabildo; se requieren al menos %s.', vf, members,
                  needed);
              END IF;
            ELSE
              needed := reg_needed(rule->'simple', present);
              IF vf < needed THEN
                out := out || format('La votación no alcanza la mayoría simple: %s a favor de '
                  '%s presentes; se requieren al menos %s votos a favor.', vf, present, needed);
              END IF;
            END IF;
          END IF;
        ELSIF g = 'favorable_committee_report' THEN
          IF (SELECT data->>'report_sense' FROM audit_records WHERE project_id = p_project
                AND action = 'register_committee_report' ORDER BY seq DESC LIMIT 1)
             = 'unfavorable' THEN
            out := out || 'El dictamen de la comisión es desfavorable: no puede registrarse la '
                          'aprobación del proyecto con ese dictamen.'::text;
          END IF;
        ELSIF g = 'report_sense_matches_votes' THEN
          sense := p_data->>'report_sense';
          IF jsonb_typeof(p_data->'member_votes') = 'object' AND sense IS NOT NULL THEN
            SELECT count(*) FILTER (WHERE value = 'for'), count(*) FILTER (WHERE value = 'against')
              INTO mf, ma FROM jsonb_each_text(p_data->'member_votes');
            IF sense = 'unfavorable' AND mf > ma THEN
              out := out || format('El dictamen se registra como desfavorable, pero la comisión '
                'votó %s a favor y %s en contra.', mf, ma);
            ELSIF sense <> 'unfavorable' AND mf <= ma THEN
              out := out || format('El dictamen se registra como favorable, pero la comisión '
                'votó %s a favor y %s en contra: un dictamen favorable necesita más votos a '
                'favor que en contra.', mf, ma);
            END IF;
          END IF;
        ELSIF g = 'dates_in_order' THEN
          {_date_checks()}
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
                        WHERE project_id = p_project AND stage_to = 'published'
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


def _update_observation(definer: str) -> str:
    return f"""CREATE OR REPLACE FUNCTION reg_update_observation(p_id integer, p_status text,
      p_replies jsonb) RETURNS void LANGUAGE plpgsql {definer} AS $$
    DECLARE me users := reg_me(); obs observations; stage text; reply text; action text;
    BEGIN
      SELECT * INTO obs FROM observations WHERE id = p_id FOR UPDATE;
      IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'La observación ya no existe.';
      END IF;
      IF p_status IS NULL OR p_status NOT IN ('open', 'addressed', 'rejected') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format(
          '«%s» no es un estado de observación (abierta, atendida o rechazada).', p_status);
      END IF;
      IF me.role = 'redactor' AND NOT reg_is_member(obs.project_id) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE =
          'Solo las personas asignadas al proyecto responden sus observaciones.';
      END IF;
      stage := reg_stage(obs.project_id);
      IF p_status <> obs.status THEN
        action := CASE WHEN p_status = 'open' THEN 'reopen_observation'
                       ELSE 'answer_observation' END;
        IF NOT reg_permits(me.role, action, stage)
           OR NOT (me.name = obs.author OR me.role = 'sindicatura') THEN
          RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE =
            'Solo quien hizo la observación o la Sindicatura la cierra o la reabre, y solo en '
            'la etapa en que la Sindicatura revisa.';
        END IF;
      ELSIF NOT (reg_permits(me.role, 'reply_observation', stage)
                 OR reg_permits(me.role, 'add_observation', stage)
                 OR reg_permits(me.role, 'answer_observation', stage)
                 OR reg_permits(me.role, 'reopen_observation', stage)) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE =
          'Su perfil no puede responder observaciones en la etapa actual del proyecto.';
      END IF;
      -- Replies are appended one at a time, written by the caller at the server's time; the
      -- earlier ones are the stored ones, whatever the client sent.
      reply := CASE WHEN jsonb_typeof(p_replies) = 'array'
                    THEN p_replies -> -1 ->> 'text' END;
      IF jsonb_array_length(CASE WHEN jsonb_typeof(p_replies) = 'array' THEN p_replies
                                 ELSE '[]'::jsonb END)
           <> json_array_length(coalesce(obs.replies, '[]'::json)) + 1
         OR coalesce(btrim(reply), '') = ''
         OR EXISTS (SELECT 1 FROM json_array_elements(coalesce(obs.replies, '[]'::json))
                      WITH ORDINALITY AS old(value, n)
                    WHERE (old.value->>'text', old.value->>'author')
                          IS DISTINCT FROM (p_replies->((old.n - 1)::integer)->>'text',
                                            p_replies->((old.n - 1)::integer)->>'author')) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE =
          'Las respuestas se agregan una a una, con texto; las anteriores no se modifican.';
      END IF;
      UPDATE observations SET status = p_status,
             replies = (coalesce(obs.replies::jsonb, '[]'::jsonb) || jsonb_build_array(
               jsonb_build_object('author', me.name, 'role', me.role, 'text', reply,
                 'created_at', to_char(now() AT TIME ZONE 'UTC',
                                       'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'))))::json
       WHERE id = p_id;
    END $$"""


def _log_action(definer: str) -> str:
    return f"""CREATE OR REPLACE FUNCTION reg_log_action(p_project integer, p_action text,
      p_comment text, p_data jsonb, p_text_hash text) RETURNS integer LANGUAGE plpgsql
    {definer} AS $$
    DECLARE me users := reg_me(); stage text; allowed boolean;
    BEGIN
      IF p_action IN ('change_workflow', 'manage_users') THEN
        allowed := me.role = 'administrador' AND p_project IS NULL;
      ELSIF p_project IS NULL OR NOT EXISTS (SELECT 1 FROM reform_projects
                                             WHERE id = p_project) THEN
        allowed := false;
      ELSE
        stage := reg_stage(p_project);
        allowed := CASE
          WHEN p_action = 'add_observation'
            THEN reg_permits(me.role, 'add_observation', stage)
          WHEN p_action = 'observation_reply'
            THEN reg_permits(me.role, 'reply_observation', stage)
                 OR reg_permits(me.role, 'add_observation', stage)
                 OR reg_permits(me.role, 'answer_observation', stage)
          WHEN p_action IN ('observation_addressed', 'observation_rejected')
            THEN reg_permits(me.role, 'answer_observation', stage)
          WHEN p_action = 'observation_open'
            THEN reg_permits(me.role, 'reopen_observation', stage)
          WHEN p_action = 'import_redline'
            THEN reg_can_edit(p_project) OR reg_permits(me.role, 'add_observation', stage)
          ELSE false END
          AND (me.role <> 'redactor' OR reg_is_member(p_project));
      END IF;
      IF NOT coalesce(allowed, false) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format(
          'Su perfil no puede registrar «%s» en el historial de este proyecto en su etapa '
          'actual.', p_action);
      END IF;
      RETURN reg_append_audit(p_project, p_action, '', '', p_comment, p_data, p_text_hash);
    END $$"""


def _acquire_lease(definer: str) -> str:
    return f"""CREATE OR REPLACE FUNCTION reg_acquire_lease(p_project integer, p_uri text,
      p_pid text, p_ttl integer) RETURNS TABLE (holder text, expires timestamptz, mine boolean)
    LANGUAGE plpgsql {definer} AS $$
    DECLARE me users := reg_me();
    BEGIN
      IF NOT reg_can_edit(p_project) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE =
          'Solo quien puede redactar este borrador ahora anuncia que lo está editando.';
      END IF;
      IF p_ttl IS NULL OR p_ttl < 1 OR p_ttl > {MAX_LEASE_SECONDS} THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format(
          'El aviso de edición dura entre 1 segundo y %s minutos; se pidieron %s segundos.',
          {MAX_LEASE_SECONDS // 60}, p_ttl);
      END IF;
      DELETE FROM draft_leases WHERE expires_at < now();
      INSERT INTO draft_leases AS l (project_id, regulation_uri, pid, holder_login,
                                     holder_name, expires_at)
      VALUES (p_project, p_uri, p_pid, session_user, me.name,
              now() + make_interval(secs => p_ttl))
      ON CONFLICT (project_id, regulation_uri, pid) DO UPDATE
        SET expires_at = EXCLUDED.expires_at
        WHERE l.holder_login = session_user;
      RETURN QUERY SELECT l.holder_name::text, l.expires_at, l.holder_login = session_user
        FROM draft_leases l WHERE l.project_id = p_project AND l.regulation_uri = p_uri
         AND l.pid = p_pid;
    END $$"""


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        import importlib.util
        from pathlib import Path

        def load(name: str):
            path = Path(__file__).with_name(name)
            spec = importlib.util.spec_from_file_location(f"reglamentos_{path.stem}", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module

        schema = bind.exec_driver_sql("select current_schema()").scalar()
        definer = f"SECURITY DEFINER SET search_path = {schema}, pg_temp"
        v5 = load("0005_server_guards.py")
        op.execute(v5._guards(definer).replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION",
                                               1))
        op.execute(v5._log_action(definer))
        for statement in load("0004_shared_mode.py").postgres_statements(schema):
            head = statement.lstrip()
            if head.startswith(("CREATE FUNCTION reg_update_observation(",
                                "CREATE FUNCTION reg_acquire_lease(")):
                op.execute(head.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))
        op.execute("DROP TRIGGER IF EXISTS reg_anchor_after_record ON audit_records")
        op.execute("DROP FUNCTION IF EXISTS reg_keep_anchor() CASCADE")
        op.execute("DROP FUNCTION IF EXISTS reg_needed(jsonb, integer)")
        op.execute("DROP FUNCTION IF EXISTS reg_long_date(date)")
    op.execute("DELETE FROM shared_settings WHERE key = 'quorum_rule'")
    op.drop_table("record_anchors")
