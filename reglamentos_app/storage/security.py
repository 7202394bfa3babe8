"""PostgreSQL roles, grants and ownership of a shared Reglamentos database.

``setup_roles`` (run by ``reglamentos admin init-db`` with an administrator's connection, after
the migrations) creates one NOLOGIN group role per role of the procedure — ``<prefijo>_redactor``,
``_sindicatura``, ``_secretaria``, ``_administrador`` — and a NOLOGIN owner ``<prefijo>_propietario``
that owns every table and function, so nobody who logs in owns anything (RELIABILITY.md §4). Row
level security is *forced* on every table (the owner is subject to it too, with a policy of its
own used only inside the ``SECURITY DEFINER`` functions); PUBLIC loses every privilege; each group
gets SELECT plus exactly the writes its role needs, and the narrow functions for the rest
(drafts, stage changes, observations, publication). ``add_login`` creates a person's own
PostgreSQL login, puts it in its group and maps it to the application user. Role names are
cluster-wide, hence the prefix (tests use the name of their throw-away database).
"""

from __future__ import annotations

import re

from sqlalchemy import Engine, inspect, text

from ..domain.errors import ValidationError
from .records import SharedSettingRecord, UserRecord

ROLES = ("redactor", "sindicatura", "secretaria", "administrador")
OWNER_SUFFIX = "propietario"
DEFAULT_PREFIX = "reglamentos"
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

CORPUS_TABLES = ("regulations", "gazette_references", "expressions", "provisions")
# Executable by every group: the narrow entry points and the helpers policies evaluate.
API_FUNCTIONS = ("reg_my_role", "reg_stage", "reg_permits", "reg_can_edit", "reg_save_draft",
                 "reg_resolve_conflict", "reg_acquire_lease", "reg_release_lease",
                 "reg_transition", "reg_set_publication", "reg_observe",
                 "reg_update_observation", "reg_log_action", "reg_project_text_hash",
                 # corpus policies call these as the invoking login (0005)
                 "reg_publishing_uri", "reg_publishing_regulation", "reg_publishing_expression",
                 "reg_mark_checkout", "reg_clear_checkout")
EDITABLE_PROJECT_COLUMNS = ("title", "kind", "promoter_kind", "promoter_office", "motives",
                            "file_number", "transitorios", "revision", "updated_at")


def check_name(name: str, what: str = "El nombre") -> str:
    """A role or login name we can put in SQL without quoting surprises."""
    if not _NAME.match(name or ""):
        raise ValidationError(f"{what} «{name}» no es válido: use minúsculas, dígitos y guion "
                              "bajo, empezando por una letra (máximo 63 caracteres).")
    return name


def group_role(prefix: str, role: str) -> str:
    return f"{prefix}_{role}"


def owner_role(prefix: str) -> str:
    return f"{prefix}_{OWNER_SUFFIX}"


def stored_prefix(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return conn.execute(text("SELECT value FROM shared_settings WHERE key = 'role_prefix'")
                            ).scalar()


def setup_roles(engine: Engine, prefix: str = DEFAULT_PREFIX) -> list[str]:
    """Create the group roles and apply ownership, RLS and grants (idempotent).

    Returns the names of the group roles. Needs a superuser (or an owner with CREATEROLE).
    """
    check_name(prefix, "El prefijo de los roles")
    owner = owner_role(prefix)
    groups = {role: group_role(prefix, role) for role in ROLES}
    with engine.begin() as conn:
        schema = conn.execute(text("select current_schema()")).scalar()
        for name in (owner, *groups.values()):
            exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"),
                                  {"n": name}).scalar()
            if not exists:
                conn.execute(text(f'CREATE ROLE "{name}" NOLOGIN'))
        _ownership(conn, schema, owner)
        _grants(conn, schema, groups)
        conn.execute(text("DELETE FROM shared_settings WHERE key = 'role_prefix'"))
        conn.execute(text("INSERT INTO shared_settings (key, value) VALUES ('role_prefix', :p)"),
                     {"p": prefix})
    return list(groups.values())


def _tables(conn, schema: str) -> list[str]:
    return inspect(conn).get_table_names(schema=schema)


def _ownership(conn, schema: str, owner: str) -> None:
    for table in _tables(conn, schema):
        conn.execute(text(f'ALTER TABLE "{schema}"."{table}" OWNER TO "{owner}"'))
        if table == "alembic_version":
            continue
        conn.execute(text(f'ALTER TABLE "{schema}"."{table}" ENABLE ROW LEVEL SECURITY'))
        conn.execute(text(f'ALTER TABLE "{schema}"."{table}" FORCE ROW LEVEL SECURITY'))
        conn.execute(text(f'DROP POLICY IF EXISTS reg_owner ON "{schema}"."{table}"'))
        conn.execute(text(f'CREATE POLICY reg_owner ON "{schema}"."{table}" TO "{owner}" '
                          "USING (true) WITH CHECK (true)"))
    for signature in _functions(conn, schema):
        conn.execute(text(f'ALTER FUNCTION {signature} OWNER TO "{owner}"'))


def _functions(conn, schema: str) -> list[str]:
    return list(conn.execute(text(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n "
        "ON n.oid = p.pronamespace WHERE n.nspname = :s AND p.proname LIKE 'reg\\_%'"),
        {"s": schema}).scalars())


def _grants(conn, schema: str, groups: dict[str, str]) -> None:
    everyone = ", ".join(f'"{g}"' for g in groups.values())
    run = lambda sql: conn.execute(text(sql))  # noqa: E731 - a local shorthand
    database = conn.execute(text("select current_database()")).scalar()
    for kind in ("TABLES", "SEQUENCES", "FUNCTIONS"):
        run(f'REVOKE ALL ON ALL {kind} IN SCHEMA "{schema}" FROM PUBLIC')
        run(f'REVOKE ALL ON ALL {kind} IN SCHEMA "{schema}" FROM {everyone}')
    run(f'REVOKE CREATE ON SCHEMA "{schema}" FROM PUBLIC')
    run(f'GRANT CONNECT ON DATABASE "{database}" TO {everyone}')
    run(f'GRANT USAGE ON SCHEMA "{schema}" TO {everyone}')
    run(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO {everyone}')
    run(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "{schema}" TO {everyone}')
    for signature in _functions(conn, schema):
        if signature.split("(")[0].split(".")[-1] in API_FUNCTIONS:
            run(f"GRANT EXECUTE ON FUNCTION {signature} TO {everyone}")
    writers = f'"{groups["secretaria"]}", "{groups["administrador"]}"'
    for table in CORPUS_TABLES:
        run(f'GRANT INSERT, UPDATE, DELETE ON "{schema}".{table} TO {writers}')
    drafter = f'"{groups["redactor"]}"'
    columns = ", ".join(EDITABLE_PROJECT_COLUMNS)
    run(f'GRANT INSERT, DELETE ON "{schema}".reform_projects TO {drafter}')
    run(f'GRANT UPDATE ({columns}) ON "{schema}".reform_projects TO {drafter}')
    run(f'GRANT INSERT, DELETE ON "{schema}".project_targets TO {drafter}')
    run(f'GRANT INSERT, DELETE ON "{schema}".project_members TO {drafter}')
    admin = f'"{groups["administrador"]}"'
    for table in ("users", "workflow_definitions", "workflow_rules"):
        run(f'GRANT INSERT, UPDATE, DELETE ON "{schema}".{table} TO {admin}')
    # Homologation models and corrections are working notes any role may keep (0007).
    for table in ("homologation_models", "homologation_choices"):
        run(f'GRANT INSERT, UPDATE, DELETE ON "{schema}".{table} TO {everyone}')


def check_can_create_roles(engine: Engine) -> None:
    """The connection's role may create logins (superuser or CREATEROLE), or a Spanish refusal
    naming the missing privilege — before anything is written (it printed a traceback)."""
    with engine.connect() as conn:
        user, superuser, createrole = conn.execute(text(
            "SELECT rolname, rolsuper, rolcreaterole FROM pg_roles "
            "WHERE rolname = current_user")).one()
    if not (superuser or createrole):
        raise ValidationError(
            f"El usuario «{user}» no puede dar de alta personas: le falta el permiso CREATEROLE "
            "de PostgreSQL. Ejecute «admin add-user» con un superusuario o con un rol que lo "
            "tenga (ALTER ROLE … CREATEROLE); no se creó nada.")


def add_login(engine: Engine, prefix: str, login: str, *, name: str, office: str, role: str,
              password: str | None = None) -> int:
    """Create (or reuse) the PostgreSQL login, grant its group, map it to a new user row."""
    check_name(login, "El usuario")
    if role not in ROLES:
        raise ValidationError(f"El rol «{role}» no existe; use uno de: {', '.join(ROLES)}.")
    if not name.strip():
        raise ValidationError("Indique el nombre de la persona.")
    group = group_role(prefix, role)
    with engine.begin() as conn:
        if conn.execute(text("SELECT 1 FROM users WHERE login = :l"), {"l": login}).scalar():
            raise ValidationError(f"El usuario «{login}» ya está registrado en Reglamentos.")
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"),
                              {"n": login}).scalar()
        if not exists:
            statement = conn.execute(text(
                "SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                "NOBYPASSRLS' || CASE WHEN CAST(:p AS text) IS NULL THEN '' "
                "ELSE ' PASSWORD ' || quote_literal(:p) END, CAST(:l AS text))"),
                {"l": login, "p": password}).scalar()
            conn.execute(text(statement))
        conn.execute(text(f'GRANT "{group}" TO "{login}"'))
        row = conn.execute(
            UserRecord.__table__.insert().values(name=name.strip(), office=office, role=role,
                                                 login=login, active=1)
            .returning(UserRecord.__table__.c.id))
        return int(row.scalar())


def drop_installation(engine: Engine, prefix: str, logins: list[str]) -> None:
    """Remove the roles of an installation (tests; the database is dropped separately)."""
    names = [owner_role(prefix), *(group_role(prefix, r) for r in ROLES), *logins]
    with engine.begin() as conn:
        current = conn.execute(text("select current_user")).scalar()
        for name in names:
            if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"),
                            {"n": name}).scalar():
                conn.execute(text(f'REASSIGN OWNED BY "{name}" TO "{current}"'))
                conn.execute(text(f'DROP OWNED BY "{name}"'))
    with engine.begin() as conn:
        for name in reversed(names):
            conn.execute(text(f'DROP ROLE IF EXISTS "{name}"'))


__all__ = ["ROLES", "SharedSettingRecord", "add_login", "check_name", "drop_installation",
           "group_role", "owner_role", "setup_roles", "stored_prefix"]
