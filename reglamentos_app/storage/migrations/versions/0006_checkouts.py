"""Check-out stamps: who took a project to work offline, and since when.

On every backend a row of ``project_checkouts`` says that a person (``holder_login``: the
PostgreSQL login, or the local author's name elsewhere) checked the project out to a local file
at ``since``; the others see "X lo tiene desprotegido desde …" and the row goes at check-in.
It is a notice, not a lock: check-in merges provision by provision anyway.

On PostgreSQL the stamp is written only through ``reg_mark_checkout`` (who may edit the
project; identity from the login, time from ``now()``) and removed by ``reg_clear_checkout``
(the holder only); every login may read it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "project_checkouts",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("holder_login", sa.String(200), nullable=False),
        sa.Column("holder_name", sa.String(200), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.ForeignKeyConstraint(["project_id"], ["reform_projects.id"], ondelete="CASCADE",
                                name=op.f("fk_project_checkouts_project_id_reform_projects")),
        sa.PrimaryKeyConstraint("project_id", "holder_login", name=op.f("pk_project_checkouts")),
    )
    if op.get_bind().dialect.name == "postgresql":
        schema = op.get_bind().exec_driver_sql("select current_schema()").scalar()
        for statement in postgres_statements(schema):
            op.execute(statement)


def postgres_statements(schema: str) -> list[str]:
    definer = f"SECURITY DEFINER SET search_path = {schema}, pg_temp"
    return [
        "ALTER TABLE project_checkouts ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE project_checkouts FORCE ROW LEVEL SECURITY",
        "CREATE POLICY reg_read ON project_checkouts FOR SELECT USING (true)",
        f"""CREATE FUNCTION reg_mark_checkout(p_project integer) RETURNS timestamptz
        LANGUAGE plpgsql {definer} AS $$
        DECLARE me users := reg_require_edit(p_project); stamp timestamptz;
        BEGIN
          INSERT INTO project_checkouts AS c (project_id, holder_login, holder_name, since)
          VALUES (p_project, session_user, me.name, now())
          ON CONFLICT (project_id, holder_login) DO UPDATE SET since = now(),
            holder_name = EXCLUDED.holder_name
          RETURNING c.since INTO stamp;
          RETURN stamp;
        END $$""",
        f"""CREATE FUNCTION reg_clear_checkout(p_project integer) RETURNS void
        LANGUAGE sql {definer} AS $$
          DELETE FROM project_checkouts WHERE project_id = p_project
             AND holder_login = session_user $$""",
    ]


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS reg_mark_checkout(integer)")
        op.execute("DROP FUNCTION IF EXISTS reg_clear_checkout(integer)")
    op.drop_table("project_checkouts")
