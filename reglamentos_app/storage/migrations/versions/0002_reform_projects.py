"""Reform projects and their target regulations with working drafts.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reform_projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("promoter_kind", sa.String(30), nullable=False),
        sa.Column("promoter_office", sa.String(300), nullable=False),
        sa.Column("motives", sa.Text(), nullable=False),
        sa.Column("file_number", sa.String(100), nullable=False),
        sa.Column("transitorios", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("publication", sa.JSON(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reform_projects")),
    )
    op.create_table(
        "project_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("regulation_uri", sa.String(300), nullable=False),
        sa.Column("regulation_title", sa.Text(), nullable=False),
        sa.Column("base_valid_from", sa.Date(), nullable=True),
        sa.Column("is_new", sa.Integer(), nullable=False),
        sa.Column("draft", sa.JSON(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["reform_projects.id"], ondelete="CASCADE",
                                name=op.f("fk_project_targets_project_id_reform_projects")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_targets")),
        sa.UniqueConstraint("project_id", "regulation_uri",
                            name=op.f("uq_project_targets_project_id")),
    )
    op.create_index(op.f("ix_project_targets_project_id"), "project_targets", ["project_id"])
    op.create_index(op.f("ix_project_targets_regulation_uri"), "project_targets",
                    ["regulation_uri"])


def downgrade() -> None:
    op.drop_table("project_targets")
    op.drop_table("reform_projects")
