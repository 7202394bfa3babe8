"""Shared office mode: logins, owners, per-provision versions, conflicts, leases, change log.

On every backend: ``users.login`` maps a PostgreSQL login to the person; ``reform_projects.
owner_login`` and ``project_members`` say who may draft a project; ``project_targets.
provision_versions`` holds one version per provision (optimistic concurrency per article);
``draft_conflicts`` keeps every losing text (never discarded); ``draft_leases`` backs the
"X está editando" notice; ``change_log`` lets clients see others' saves without restarting;
``workflow_rules`` mirrors the role table of the procedure for the server.

On PostgreSQL only: the narrow ``SECURITY DEFINER`` functions every write of the procedure
goes through (identity from ``session_user``, time from ``now()``, the audit chain hashed on
the server with the same canonical JSON as ``domain.audit``), row-level security policies, and
triggers that make the audit record append-only. Roles, grants and table ownership are set by
``reglamentos admin init-db`` (``storage.security``), because role names are per installation.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

NOW = sa.text("CURRENT_TIMESTAMP")


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("login", sa.String(200), nullable=True))
        batch.create_unique_constraint("uq_users_login", ["login"])
    with op.batch_alter_table("reform_projects") as batch:
        batch.add_column(sa.Column("owner_login", sa.String(200), nullable=True))
    with op.batch_alter_table("project_targets") as batch:
        batch.add_column(sa.Column("provision_versions", sa.JSON(), nullable=True))
    _create_tables()
    _seed_rules()
    if op.get_bind().dialect.name == "postgresql":
        schema = op.get_bind().exec_driver_sql("select current_schema()").scalar()
        for statement in postgres_statements(schema):
            op.execute(statement)


def _create_tables() -> None:
    op.create_table(
        "project_members",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["reform_projects.id"], ondelete="CASCADE",
                                name=op.f("fk_project_members_project_id_reform_projects")),
        sa.PrimaryKeyConstraint("project_id", "login", name=op.f("pk_project_members")),
    )
    op.create_table(
        "draft_conflicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("regulation_uri", sa.String(300), nullable=False),
        sa.Column("pid", sa.String(32), nullable=False),
        sa.Column("base", sa.JSON(), nullable=True),
        sa.Column("mine", sa.JSON(), nullable=True),
        sa.Column("theirs", sa.JSON(), nullable=True),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("author_login", sa.String(200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=NOW),
        sa.Column("status", sa.String(20), nullable=False, server_default="open"),
        sa.Column("resolved_by", sa.String(200), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["project_id"], ["reform_projects.id"], ondelete="CASCADE",
                                name=op.f("fk_draft_conflicts_project_id_reform_projects")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_conflicts")),
    )
    op.create_index(op.f("ix_draft_conflicts_project_id"), "draft_conflicts", ["project_id"])
    op.create_table(
        "draft_leases",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("regulation_uri", sa.String(300), nullable=False),
        sa.Column("pid", sa.String(32), nullable=False),
        sa.Column("holder_login", sa.String(200), nullable=False),
        sa.Column("holder_name", sa.String(200), nullable=False),
        sa.Column("acquired_at", sa.DateTime(timezone=True), nullable=False, server_default=NOW),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["reform_projects.id"], ondelete="CASCADE",
                                name=op.f("fk_draft_leases_project_id_reform_projects")),
        sa.PrimaryKeyConstraint("project_id", "regulation_uri", "pid",
                                name=op.f("pk_draft_leases")),
    )
    op.create_table(
        "change_log",
        sa.Column("seq", sa.Integer(), nullable=False, autoincrement=True),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("regulation_uri", sa.String(300), nullable=False),
        sa.Column("pid", sa.String(32), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, server_default=NOW),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_change_log")),
    )
    op.create_table(
        "workflow_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),   # transition | permission | initial
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("from_stage", sa.String(60), nullable=False),
        sa.Column("to_stage", sa.String(60), nullable=False),
        sa.Column("role", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workflow_rules")),
    )
    op.create_table(
        "shared_settings",
        sa.Column("key", sa.String(80), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_shared_settings")),
    )


def _seed_rules() -> None:
    from reglamentos_app.domain.workflow_default import default_workflow
    from reglamentos_app.storage.rules import rule_rows

    table = sa.table("workflow_rules", sa.column("kind"), sa.column("name"),
                     sa.column("from_stage"), sa.column("to_stage"), sa.column("role"))
    op.bulk_insert(table, rule_rows(default_workflow().to_dict()))


# ---------------------------------------------------------------------------------------------
# PostgreSQL: functions, policies, triggers
# ---------------------------------------------------------------------------------------------

READ_ONLY_TABLES = ("project_stages", "observations", "audit_records", "draft_conflicts",
                    "draft_leases", "change_log")
CORPUS_TABLES = ("regulations", "gazette_references", "expressions", "provisions")


def postgres_statements(schema: str) -> list[str]:
    definer = f"SECURITY DEFINER SET search_path = {schema}, pg_temp"
    return [*_helpers(definer), *_audit_functions(definer), *_draft_functions(definer),
            *_workflow_functions(definer), *_policies(), *_append_only()]


def _helpers(definer: str) -> list[str]:
    return [
        # Canonical JSON exactly as domain.audit._canonical_json (sorted keys by code point,
        # no spaces, non-ASCII kept): the server's hash must verify with the Python verifier.
        """CREATE FUNCTION reg_canonical_json(v jsonb) RETURNS text LANGUAGE plpgsql IMMUTABLE
        AS $$
        DECLARE t text := jsonb_typeof(v); out text; k text; e jsonb; first boolean := true;
        BEGIN
          IF t = 'object' THEN
            out := '{';
            FOR k IN SELECT key FROM jsonb_object_keys(v) AS key ORDER BY key COLLATE "C" LOOP
              IF NOT first THEN out := out || ','; END IF;
              first := false;
              out := out || to_json(k)::text || ':' || reg_canonical_json(v -> k);
            END LOOP;
            RETURN out || '}';
          ELSIF t = 'array' THEN
            out := '[';
            FOR e IN SELECT value FROM jsonb_array_elements(v) LOOP
              IF NOT first THEN out := out || ','; END IF;
              first := false;
              out := out || reg_canonical_json(e);
            END LOOP;
            RETURN out || ']';
          ELSIF t = 'string' THEN
            RETURN to_json(v #>> '{}')::text;
          END IF;
          RETURN v::text;
        END $$""",
        f"""CREATE FUNCTION reg_me() RETURNS users LANGUAGE plpgsql STABLE {definer} AS $$
        DECLARE me users;
        BEGIN
          SELECT * INTO me FROM users WHERE login = session_user AND active = 1;
          IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format(
              'El usuario de la base de datos «%s» no está registrado en Reglamentos; pida al '
              'administrador que lo agregue.', session_user);
          END IF;
          RETURN me;
        END $$""",
        f"""CREATE FUNCTION reg_my_role() RETURNS text LANGUAGE sql STABLE {definer} AS $$
          SELECT role FROM users WHERE login = session_user AND active = 1 $$""",
        f"""CREATE FUNCTION reg_stage(p_project integer) RETURNS text LANGUAGE sql STABLE
        {definer} AS $$
          SELECT coalesce((SELECT stage FROM project_stages WHERE project_id = p_project),
                          (SELECT name FROM workflow_rules WHERE kind = 'initial' LIMIT 1),
                          'draft') $$""",
        f"""CREATE FUNCTION reg_permits(p_role text, p_action text, p_stage text) RETURNS boolean
        LANGUAGE sql STABLE {definer} AS $$
          SELECT EXISTS (SELECT 1 FROM workflow_rules WHERE kind = 'permission'
                         AND name = p_action AND role = p_role
                         AND from_stage IN (p_stage, '*')) $$""",
        f"""CREATE FUNCTION reg_is_member(p_project integer) RETURNS boolean LANGUAGE sql STABLE
        {definer} AS $$
          SELECT EXISTS (SELECT 1 FROM reform_projects p WHERE p.id = p_project
                         AND (p.owner_login = session_user OR EXISTS (
                              SELECT 1 FROM project_members m
                              WHERE m.project_id = p.id AND m.login = session_user))) $$""",
        # A redactor drafts only projects they own or were assigned to, in editable stages.
        f"""CREATE FUNCTION reg_can_edit(p_project integer) RETURNS boolean LANGUAGE sql STABLE
        {definer} AS $$
          SELECT EXISTS (
            SELECT 1 FROM reform_projects p JOIN users u
              ON u.login = session_user AND u.active = 1
            WHERE p.id = p_project AND p.status = 'open'
              AND reg_permits(u.role, 'edit_draft', reg_stage(p.id))
              AND reg_is_member(p.id)) $$""",
        f"""CREATE FUNCTION reg_require_edit(p_project integer) RETURNS users LANGUAGE plpgsql
        STABLE {definer} AS $$
        DECLARE me users := reg_me();
        BEGIN
          IF NOT reg_can_edit(p_project) THEN
            RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE =
              'No puede modificar este borrador: solo lo redactan su responsable y las personas '
              'asignadas, en Borrador o cuando fue devuelto con observaciones.';
          END IF;
          RETURN me;
        END $$""",
    ]


def _audit_functions(definer: str) -> list[str]:
    return [
        # Internal (no EXECUTE grant): identity and time come from the server, never the client.
        f"""CREATE FUNCTION reg_append_audit(p_project integer, p_action text, p_from text,
          p_to text, p_comment text, p_data jsonb, p_text_hash text) RETURNS integer
        LANGUAGE plpgsql {definer} AS $$
        DECLARE me users := reg_me(); last_seq integer; last_hash text; rec jsonb; h text;
                stamp text := to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"');
        BEGIN
          PERFORM pg_advisory_xact_lock(hashtext('reglamentos.audit_records'));
          SELECT seq, hash INTO last_seq, last_hash FROM audit_records
            ORDER BY seq DESC LIMIT 1;
          rec := jsonb_build_object(
            'seq', coalesce(last_seq, 0) + 1, 'project_id', p_project, 'action', p_action,
            'stage_from', p_from, 'stage_to', p_to, 'actor', me.name, 'role', me.role,
            'at', stamp, 'comment', coalesce(p_comment, ''),
            'data', coalesce(p_data, '{{}}'::jsonb)
                    || jsonb_build_object('identity', 'server', 'office', me.office,
                                          'login', session_user::text),
            'text_hash', coalesce(p_text_hash, ''),
            'prev_hash', coalesce(last_hash, repeat('0', 64)));
          h := encode(sha256(convert_to(reg_canonical_json(rec), 'UTF8')), 'hex');
          INSERT INTO audit_records (seq, project_id, action, stage_from, stage_to, actor, role,
                                     at, comment, data, text_hash, prev_hash, hash)
          VALUES ((rec->>'seq')::integer, p_project, p_action, p_from, p_to, me.name, me.role,
                  stamp, rec->>'comment', (rec->'data')::json, rec->>'text_hash',
                  rec->>'prev_hash', h);
          RETURN (rec->>'seq')::integer;
        END $$""",
        # Acts that are not stage changes: only these, only by these roles.
        f"""CREATE FUNCTION reg_log_action(p_project integer, p_action text, p_comment text,
          p_data jsonb, p_text_hash text) RETURNS integer LANGUAGE plpgsql {definer} AS $$
        DECLARE me users := reg_me();
        BEGIN
          IF NOT ((p_action = 'add_observation' AND me.role = 'sindicatura')
                  OR (p_action LIKE 'observation\\_%' AND me.role IN ('redactor', 'sindicatura'))
                  OR (p_action IN ('change_workflow', 'manage_users')
                      AND me.role = 'administrador')) THEN
            RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format(
              'Su perfil no puede registrar «%s» en el historial.', p_action);
          END IF;
          RETURN reg_append_audit(p_project, p_action, '', '', p_comment, p_data, p_text_hash);
        END $$""",
    ]


def _draft_functions(definer: str) -> list[str]:
    return [
        # Compare-and-swap on the target revision: the caller merged at provision level against
        # exactly this revision; losing texts arrive in p_conflicts and are stored, never lost.
        f"""CREATE FUNCTION reg_save_draft(p_project integer, p_uri text, p_expected integer,
          p_draft json, p_versions jsonb, p_changed jsonb, p_conflicts jsonb)
        RETURNS integer LANGUAGE plpgsql {definer} AS $$
        DECLARE me users := reg_require_edit(p_project); new_rev integer; c jsonb; pid text;
        BEGIN
          UPDATE project_targets SET draft = p_draft, provision_versions = p_versions::json,
                 revision = revision + 1, updated_at = now()
           WHERE project_id = p_project AND regulation_uri = p_uri AND revision = p_expected
          RETURNING revision INTO new_rev;
          IF new_rev IS NULL THEN
            RETURN NULL;
          END IF;
          FOR pid IN SELECT jsonb_array_elements_text(coalesce(p_changed, '[]'::jsonb)) LOOP
            INSERT INTO change_log (project_id, regulation_uri, pid, action, author)
            VALUES (p_project, p_uri, pid, 'save', me.name);
          END LOOP;
          FOR c IN SELECT value FROM jsonb_array_elements(coalesce(p_conflicts, '[]'::jsonb))
          LOOP
            INSERT INTO draft_conflicts (project_id, regulation_uri, pid, base, mine, theirs,
                                         author, author_login)
            VALUES (p_project, p_uri, c->>'pid', (c->'base')::json, (c->'mine')::json,
                    (c->'theirs')::json, me.name, session_user);
            INSERT INTO change_log (project_id, regulation_uri, pid, action, author)
            VALUES (p_project, p_uri, c->>'pid', 'conflict', me.name);
          END LOOP;
          RETURN new_rev;
        END $$""",
        f"""CREATE FUNCTION reg_resolve_conflict(p_conflict integer, p_status text)
        RETURNS void LANGUAGE plpgsql {definer} AS $$
        DECLARE me users; proj integer;
        BEGIN
          SELECT project_id INTO proj FROM draft_conflicts WHERE id = p_conflict;
          me := reg_require_edit(proj);
          UPDATE draft_conflicts SET status = p_status, resolved_by = me.name,
                 resolved_at = now() WHERE id = p_conflict;
        END $$""",
        # A lease is "X está editando"; an expired one is anybody's (a dead client loses it).
        f"""CREATE FUNCTION reg_acquire_lease(p_project integer, p_uri text, p_pid text,
          p_ttl integer) RETURNS TABLE (holder text, expires timestamptz, mine boolean)
        LANGUAGE plpgsql {definer} AS $$
        DECLARE me users := reg_me();
        BEGIN
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
        END $$""",
        f"""CREATE FUNCTION reg_release_lease(p_project integer, p_uri text, p_pid text)
        RETURNS void LANGUAGE sql {definer} AS $$
          DELETE FROM draft_leases WHERE project_id = p_project AND regulation_uri = p_uri
             AND pid = p_pid AND holder_login = session_user $$""",
    ]


def _workflow_functions(definer: str) -> list[str]:
    return [
        f"""CREATE FUNCTION reg_transition(p_project integer, p_transition text,
          p_expected text, p_to text, p_comment text, p_data jsonb, p_text_hash text)
        RETURNS integer LANGUAGE plpgsql {definer} AS $$
        DECLARE me users := reg_me(); current_stage text;
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
          INSERT INTO project_stages AS s (project_id, stage, since)
          VALUES (p_project, p_to, now())
          ON CONFLICT (project_id) DO UPDATE SET stage = EXCLUDED.stage, since = now();
          IF p_to IN ('withdrawn', 'rejected') THEN
            UPDATE reform_projects SET status = 'withdrawn', revision = revision + 1,
                   updated_at = now() WHERE id = p_project;
          END IF;
          RETURN reg_append_audit(p_project, p_transition, current_stage, p_to, p_comment,
                                  p_data, p_text_hash);
        END $$""",
        # The consolidated text enters the corpus only for a project the procedure published.
        f"""CREATE FUNCTION reg_set_publication(p_project integer, p_publication jsonb)
        RETURNS void LANGUAGE plpgsql {definer} AS $$
        DECLARE me users := reg_me();
        BEGIN
          IF reg_stage(p_project) <> 'published' OR NOT EXISTS (
               SELECT 1 FROM workflow_rules WHERE kind = 'transition' AND to_stage = 'published'
               AND role = me.role) THEN
            RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE =
              'Solo la Secretaría publica, y solo un proyecto cuya publicación registró el trámite.';
          END IF;
          UPDATE reform_projects SET status = 'published', publication = p_publication::json,
                 revision = revision + 1, updated_at = now() WHERE id = p_project;
        END $$""",
        f"""CREATE FUNCTION reg_observe(p_project integer, p_uri text, p_pid text,
          p_span_start integer, p_span_end integer, p_quoted text, p_draft_revision integer,
          p_text text) RETURNS integer LANGUAGE plpgsql {definer} AS $$
        DECLARE me users := reg_me(); new_id integer;
        BEGIN
          IF NOT reg_permits(me.role, 'add_observation', reg_stage(p_project)) THEN
            RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE =
              'Su perfil no puede hacer observaciones en la etapa actual del proyecto.';
          END IF;
          INSERT INTO observations (project_id, regulation_uri, pid, span_start, span_end,
                                    quoted_text, draft_revision, author, role, created_at, text,
                                    status, replies)
          VALUES (p_project, p_uri, p_pid, p_span_start, p_span_end, p_quoted,
                  p_draft_revision, me.name, me.role, now(), p_text, 'open', '[]'::json)
          RETURNING id INTO new_id;
          RETURN new_id;
        END $$""",
        f"""CREATE FUNCTION reg_update_observation(p_id integer, p_status text, p_replies jsonb)
        RETURNS void LANGUAGE plpgsql {definer} AS $$
        DECLARE me users := reg_me(); proj integer; n integer; action text;
        BEGIN
          SELECT project_id INTO proj FROM observations WHERE id = p_id FOR UPDATE;
          IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'La observación ya no existe.';
          END IF;
          action := CASE WHEN p_status = 'open' THEN 'reopen_observation'
                         ELSE 'answer_observation' END;
          IF NOT reg_permits(me.role, action, reg_stage(proj)) THEN
            RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE =
              'Su perfil no puede responder observaciones en la etapa actual del proyecto.';
          END IF;
          n := jsonb_array_length(coalesce(p_replies, '[]'::jsonb));
          IF n > 0 THEN  -- the newest reply is this user's, at the server's time
            p_replies := jsonb_set(p_replies, ARRAY[(n - 1)::text],
              (p_replies -> (n - 1)) || jsonb_build_object('author', me.name, 'role', me.role,
                'created_at',
                to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')));
          END IF;
          UPDATE observations SET status = p_status, replies = p_replies::json WHERE id = p_id;
        END $$""",
    ]


def _policies() -> list[str]:
    out = []
    every = (*CORPUS_TABLES, "reform_projects", "project_targets", "project_members", "users",
             "workflow_definitions", "workflow_rules", "shared_settings", *READ_ONLY_TABLES)
    for table in every:
        out.append(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        out.append(f"CREATE POLICY reg_read ON {table} FOR SELECT USING (true)")
    for table in CORPUS_TABLES:
        out.append(f"""CREATE POLICY reg_corpus_write ON {table} FOR ALL
            USING (reg_my_role() IN ('administrador', 'secretaria'))
            WITH CHECK (reg_my_role() IN ('administrador', 'secretaria'))""")
    for table in ("users", "workflow_definitions", "workflow_rules", "shared_settings"):
        out.append(f"""CREATE POLICY reg_admin_write ON {table} FOR ALL
            USING (reg_my_role() = 'administrador') WITH CHECK (reg_my_role() = 'administrador')""")
    out += [
        """CREATE POLICY reg_create ON reform_projects FOR INSERT WITH CHECK (
            reg_permits(reg_my_role(), 'edit_draft', 'draft') AND owner_login = session_user
            AND status = 'open')""",
        """CREATE POLICY reg_edit ON reform_projects FOR UPDATE USING (reg_can_edit(id))
            WITH CHECK (reg_can_edit(id))""",
        """CREATE POLICY reg_delete ON reform_projects FOR DELETE USING (
            owner_login = session_user AND reg_stage(id) = 'draft')""",
        """CREATE POLICY reg_add ON project_targets FOR INSERT
            WITH CHECK (reg_can_edit(project_id))""",
        """CREATE POLICY reg_remove ON project_targets FOR DELETE USING (reg_can_edit(project_id))""",
        """CREATE POLICY reg_assign ON project_members FOR ALL
            USING (EXISTS (SELECT 1 FROM reform_projects p WHERE p.id = project_id
                           AND p.owner_login = session_user))
            WITH CHECK (EXISTS (SELECT 1 FROM reform_projects p WHERE p.id = project_id
                                AND p.owner_login = session_user))""",
    ]
    return out


def _append_only() -> list[str]:
    return [
        """CREATE FUNCTION reg_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE =
            'El registro del trámite solo admite registros nuevos: no se modifica ni se borra.';
        END $$""",
        """CREATE TRIGGER reg_audit_append_only BEFORE UPDATE OR DELETE ON audit_records
            FOR EACH ROW EXECUTE FUNCTION reg_refuse_change()""",
        """CREATE TRIGGER reg_audit_no_truncate BEFORE TRUNCATE ON audit_records
            FOR EACH STATEMENT EXECUTE FUNCTION reg_refuse_change()""",
    ]


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS reg_audit_append_only ON audit_records")
        op.execute("DROP TRIGGER IF EXISTS reg_audit_no_truncate ON audit_records")
        for table in (*CORPUS_TABLES, "reform_projects", "project_targets", "users",
                      "workflow_definitions", "project_stages", "observations", "audit_records"):
            for policy in bind.exec_driver_sql(
                    "SELECT policyname FROM pg_policies WHERE tablename = %(t)s",
                    {"t": table}).scalars().all():
                op.execute(f'DROP POLICY IF EXISTS "{policy}" ON {table}')
            op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        for signature in bind.exec_driver_sql(
                "SELECT oid::regprocedure::text FROM pg_proc WHERE proname LIKE 'reg\\_%%' "
                "AND pronamespace = current_schema()::regnamespace").scalars().all():
            op.execute(f"DROP FUNCTION IF EXISTS {signature} CASCADE")
    for table in ("shared_settings", "workflow_rules", "change_log", "draft_leases",
                  "draft_conflicts", "project_members"):
        op.drop_table(table)
    with op.batch_alter_table("project_targets") as batch:
        batch.drop_column("provision_versions")
    with op.batch_alter_table("reform_projects") as batch:
        batch.drop_column("owner_login")
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("uq_users_login", type_="unique")
        batch.drop_column("login")
