"""Initial schema: regulations, gazette references, expressions and provisions.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "regulations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uri", sa.String(300), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("issuing_body", sa.String(300), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("reform_quorum", sa.String(20), nullable=False),
        sa.Column("responsible_unit", sa.String(300), nullable=False),
        sa.Column("header_notes", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_regulations")),
        sa.UniqueConstraint("uri", name=op.f("uq_regulations_uri")),
    )
    op.create_table(
        "gazette_references",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("regulation_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("number", sa.String(20), nullable=False),
        sa.Column("section", sa.String(20), nullable=False),
        sa.Column("tome", sa.String(20), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["regulation_id"], ["regulations.id"], ondelete="CASCADE",
                                name=op.f("fk_gazette_references_regulation_id_regulations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gazette_references")),
    )
    op.create_index(op.f("ix_gazette_references_regulation_id"), "gazette_references",
                    ["regulation_id"])
    op.create_table(
        "expressions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("regulation_id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("amending_act", sa.JSON(), nullable=True),
        sa.Column("source_name", sa.String(500), nullable=False),
        sa.Column("source_sha256", sa.String(64), nullable=False),
        sa.Column("article_count", sa.Integer(), nullable=False),
        sa.Column("import_report", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["regulation_id"], ["regulations.id"], ondelete="CASCADE",
                                name=op.f("fk_expressions_regulation_id_regulations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expressions")),
        sa.UniqueConstraint("regulation_id", "valid_from",
                            name=op.f("uq_expressions_regulation_id")),
    )
    op.create_index(op.f("ix_expressions_regulation_id"), "expressions", ["regulation_id"])
    op.create_table(
        "provisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("expression_id", sa.Integer(), nullable=False),
        sa.Column("ord", sa.Integer(), nullable=False),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("eid", sa.String(300), nullable=False),
        sa.Column("pid", sa.String(32), nullable=False),
        sa.Column("num", sa.String(60), nullable=False),
        sa.Column("heading", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("notes", sa.JSON(), nullable=False),
        sa.Column("decree", sa.JSON(), nullable=True),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["expression_id"], ["expressions.id"], ondelete="CASCADE",
                                name=op.f("fk_provisions_expression_id_expressions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provisions")),
        sa.UniqueConstraint("expression_id", "ord", name=op.f("uq_provisions_expression_id")),
    )
    op.create_index(op.f("ix_provisions_expression_id"), "provisions", ["expression_id"])
    op.create_index(op.f("ix_provisions_pid"), "provisions", ["pid"])


def downgrade() -> None:
    op.drop_table("provisions")
    op.drop_table("expressions")
    op.drop_table("gazette_references")
    op.drop_table("regulations")
