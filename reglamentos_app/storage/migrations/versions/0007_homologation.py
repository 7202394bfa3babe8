"""Homologation: models imported for homologation and the user's choices about them.

``homologation_models`` holds a model's text (kept apart from the corpus in force) or the URI
of a corpus regulation used as model; ``homologation_choices`` the corrected matches and
placeholder wordings per model and instrument. On PostgreSQL both are readable by every
login and writable by every role (a correction is a working note, not an act of the
procedure); ``reglamentos admin init-db`` grants the writes.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

NOW = sa.text("CURRENT_TIMESTAMP")
TABLES = ("homologation_models", "homologation_choices")


def upgrade() -> None:
    op.create_table(
        "homologation_models",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("source_name", sa.String(500), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("regulation_uri", sa.String(300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_homologation_models")),
    )
    op.create_table(
        "homologation_choices",
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("regulation_uri", sa.String(300), nullable=False),
        sa.Column("choice_key", sa.String(200), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["model_id"], ["homologation_models.id"], ondelete="CASCADE",
                                name=op.f("fk_homologation_choices_model_id_homologation_models")),
        sa.PrimaryKeyConstraint("model_id", "regulation_uri", "choice_key",
                                name=op.f("pk_homologation_choices")),
    )
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"CREATE POLICY reg_read ON {table} FOR SELECT USING (true)")
            op.execute(f"CREATE POLICY reg_homologation_write ON {table} FOR ALL "
                       "USING (reg_my_role() IS NOT NULL) WITH CHECK (reg_my_role() IS NOT NULL)")


def downgrade() -> None:
    op.drop_table("homologation_choices")
    op.drop_table("homologation_models")
