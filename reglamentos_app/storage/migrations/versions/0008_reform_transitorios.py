"""The published version carries the reform's own transitorios after the project's text.

A texto vigente appends each reform's transitorios after the original's, under that reform's
Periódico Oficial data (DOMAIN.md §7.4, §9.6), so the version a publication stores is the
project's draft *plus* one block of transitorios. On PostgreSQL ``reg_consolidation_problem``
(0005) compared the newest version with the draft row by row and refused that block; it now
accepts the draft's rows followed by exactly one transitorios block whose articles are the
project's transitorios, in order, and still refuses any other difference; a regulation an
abrogation project abrogates must end in an empty version. Nothing changes on SQLite (no
server guards there).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

import importlib.util
from pathlib import Path

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_ROW = ("row(p.depth, p.kind, coalesce(p.num, ''), coalesce(p.heading, ''), "
        "coalesce(p.text, ''), p.status, p.pid)::text")
_FLAT = ("row((e.value->>0)::integer, e.value->>1, coalesce(e.value->>2, ''), "
         "coalesce(e.value->>3, ''), coalesce(e.value->>4, ''), e.value->>5, "
         "e.value->>6)::text")
# Python's str.strip(), which domain.consolidation.append_transitorios applies.
_TRIM = "regexp_replace({0}, '^\\s+|\\s+$', '', 'g')"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        schema = bind.exec_driver_sql("select current_schema()").scalar()
        op.execute(consolidation_problem(schema))


def consolidation_problem(schema: str) -> str:
    definer = f"SECURITY DEFINER SET search_path = {schema}, pg_temp"
    numbered = ("SELECT p.*, row_number() OVER (ORDER BY p.ord) AS n FROM provisions p "
                "WHERE p.expression_id = latest AND p.depth > 0")
    return f"""CREATE OR REPLACE FUNCTION reg_consolidation_problem(p_project integer)
    RETURNS text LANGUAGE plpgsql STABLE {definer} AS $$
    DECLARE t record; latest integer; drafted integer; expected text[]; extra text[];
            abrogating boolean;
    BEGIN
      SELECT r.kind IN ('abrogation', 'abrogation_and_issue') INTO abrogating
        FROM reform_projects r WHERE r.id = p_project;
      SELECT ARRAY(SELECT 'transitional:2:' || {_TRIM.format('e.value')}
                   FROM json_array_elements_text(coalesce(r.transitorios, '[]'::json))
                        WITH ORDINALITY AS e(value, i)
                   WHERE {_TRIM.format('e.value')} <> '' ORDER BY e.i)
        INTO expected FROM reform_projects r WHERE r.id = p_project;
      FOR t IN SELECT regulation_uri, regulation_title, draft, is_new FROM project_targets
               WHERE project_id = p_project ORDER BY position, id LOOP
        SELECT x.id INTO latest FROM expressions x JOIN regulations r
          ON r.id = x.regulation_id WHERE r.uri = t.regulation_uri
         ORDER BY x.valid_from DESC, x.id DESC LIMIT 1;
        IF abrogating AND coalesce(t.is_new, 0) = 0 THEN
          -- An abrogated regulation's last version is empty: nothing is in force from then.
          IF latest IS NULL OR EXISTS (SELECT 1 FROM provisions p
                                       WHERE p.expression_id = latest AND p.depth > 0) THEN
            RETURN format('La abrogación de «%s» no quedó registrada; no se registra la '
                          'publicación.', t.regulation_title);
          END IF;
          CONTINUE;
        END IF;
        drafted := json_array_length(coalesce(t.draft, '[]'::json));
        IF latest IS NULL OR ARRAY(
             SELECT {_ROW} FROM ({numbered}) p WHERE p.n <= drafted ORDER BY p.n)
           IS DISTINCT FROM ARRAY(
             SELECT {_FLAT} FROM json_array_elements(coalesce(t.draft, '[]'::json))
             WITH ORDINALITY AS e(value, n) ORDER BY e.n) THEN
          RETURN format('La versión consolidada de «%s» no es el texto del proyecto; no se '
                        'registra la publicación.', t.regulation_title);
        END IF;
        extra := ARRAY(SELECT p.kind || ':' || p.depth || ':' || coalesce(p.text, '')
                       FROM ({numbered}) p WHERE p.n > drafted ORDER BY p.n);
        IF cardinality(extra) > 0 AND extra IS DISTINCT FROM
             (ARRAY['transitional_group:1:'] || coalesce(expected, '{{}}'::text[])) THEN
          RETURN format('Los transitorios de la versión consolidada de «%s» no son los del '
                        'proyecto; no se registra la publicación.', t.regulation_title);
        END IF;
      END LOOP;
      RETURN NULL;
    END $$"""


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    path = Path(__file__).with_name("0005_server_guards.py")
    spec = importlib.util.spec_from_file_location("reglamentos_migration_0005", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    schema = bind.exec_driver_sql("select current_schema()").scalar()
    definer = f"SECURITY DEFINER SET search_path = {schema}, pg_temp"
    original = module._consolidation(definer)[0]
    op.execute(original.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))
