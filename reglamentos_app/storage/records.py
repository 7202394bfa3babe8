"""ORM records (tables). English, plural snake_case table names; see docs/glosario.md.

The provision tree of an expression is stored flat, in pre-order (``ord``) with its
``depth``: one bulk insert per import and one ordered select per load, no recursive queries.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import (
    JSON, BigInteger, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class RegulationRecord(Base):
    __tablename__ = "regulations"

    id: Mapped[int] = mapped_column(primary_key=True)
    uri: Mapped[str] = mapped_column(String(300), unique=True)
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40))
    issuing_body: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(20))
    reform_quorum: Mapped[str] = mapped_column(String(20))
    responsible_unit: Mapped[str] = mapped_column(String(300), default="")
    header_notes: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    gazettes: Mapped[list[GazetteRecord]] = relationship(
        back_populates="regulation", cascade="all, delete-orphan", passive_deletes=True)
    expressions: Mapped[list[ExpressionRecord]] = relationship(
        back_populates="regulation", cascade="all, delete-orphan", passive_deletes=True)


class GazetteRecord(Base):
    """A Periódico Oficial reference: the original publication or a reform of a regulation."""

    __tablename__ = "gazette_references"

    id: Mapped[int] = mapped_column(primary_key=True)
    regulation_id: Mapped[int] = mapped_column(
        ForeignKey("regulations.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))  # original | reform
    number: Mapped[str] = mapped_column(String(20), default="")
    section: Mapped[str] = mapped_column(String(20), default="")
    tome: Mapped[str] = mapped_column(String(20), default="")
    date: Mapped[date | None] = mapped_column(Date, nullable=True)
    source_text: Mapped[str] = mapped_column(Text, default="")

    regulation: Mapped[RegulationRecord] = relationship(back_populates="gazettes")


class ExpressionRecord(Base):
    """One version of a regulation's text, in force from ``valid_from``."""

    __tablename__ = "expressions"
    __table_args__ = (UniqueConstraint("regulation_id", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    regulation_id: Mapped[int] = mapped_column(
        ForeignKey("regulations.id", ondelete="CASCADE"), index=True)
    valid_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    valid_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    amending_act: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    source_name: Mapped[str] = mapped_column(String(500), default="")
    source_sha256: Mapped[str] = mapped_column(String(64), default="")
    article_count: Mapped[int] = mapped_column(Integer, default=0)
    import_report: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    regulation: Mapped[RegulationRecord] = relationship(back_populates="expressions")


class ProvisionRecord(Base):
    """A node of an expression's provision tree, stored in pre-order."""

    __tablename__ = "provisions"
    __table_args__ = (UniqueConstraint("expression_id", "ord"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    expression_id: Mapped[int] = mapped_column(
        ForeignKey("expressions.id", ondelete="CASCADE"), index=True)
    ord: Mapped[int] = mapped_column(Integer)
    depth: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    eid: Mapped[str] = mapped_column(String(300))
    pid: Mapped[str] = mapped_column(String(32), index=True)
    num: Mapped[str] = mapped_column(String(60), default="")
    heading: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20))
    notes: Mapped[list] = mapped_column(JSON, default=list)
    decree: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    line: Mapped[int] = mapped_column(Integer, default=0)


class ProjectRecord(Base):
    """A reform project (proyecto de reforma); ``revision`` guards concurrent saves."""

    __tablename__ = "reform_projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(30))
    promoter_kind: Mapped[str] = mapped_column(String(30))
    promoter_office: Mapped[str] = mapped_column(String(300), default="")
    motives: Mapped[str] = mapped_column(Text, default="")
    file_number: Mapped[str] = mapped_column(String(100), default="")
    transitorios: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20))
    publication: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    owner_login: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    targets: Mapped[list[ProjectTargetRecord]] = relationship(
        back_populates="project", cascade="all, delete-orphan", passive_deletes=True,
        order_by="ProjectTargetRecord.position")


class ProjectTargetRecord(Base):
    """A regulation amended by a project, with its working draft stored as one JSON value.

    The draft is saved whole (it is autosaved every few seconds while typing): one row write
    is atomic and cheap, and a draft is never half-saved.
    """

    __tablename__ = "project_targets"
    __table_args__ = (UniqueConstraint("project_id", "regulation_uri"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("reform_projects.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    regulation_uri: Mapped[str] = mapped_column(String(300), index=True)
    regulation_title: Mapped[str] = mapped_column(Text)
    base_valid_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    is_new: Mapped[int] = mapped_column(Integer, default=0)
    draft: Mapped[list] = mapped_column(JSON, default=list)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    provision_versions: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    project: Mapped[ProjectRecord] = relationship(back_populates="targets")


class WorkflowDefinitionRecord(Base):
    """The procedure as data; the newest active row is the one in use (admins edit it)."""

    __tablename__ = "workflow_definitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    data: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class UserRecord(Base):
    """A person who takes part in the procedure, with office and role."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    office: Mapped[str] = mapped_column(String(300), default="")
    role: Mapped[str] = mapped_column(String(40))
    active: Mapped[int] = mapped_column(Integer, default=1)
    login: Mapped[str | None] = mapped_column(String(200), nullable=True, unique=True)


class ProjectStageRecord(Base):
    """The current stage of a project (one row per project; history is the audit record)."""

    __tablename__ = "project_stages"

    project_id: Mapped[int] = mapped_column(
        ForeignKey("reform_projects.id", ondelete="CASCADE"), primary_key=True)
    stage: Mapped[str] = mapped_column(String(60))
    since: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ObservationRecord(Base):
    """An observation of the Sindicatura anchored to a provision of a draft revision."""

    __tablename__ = "observations"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("reform_projects.id", ondelete="CASCADE"), index=True)
    regulation_uri: Mapped[str] = mapped_column(String(300))
    pid: Mapped[str] = mapped_column(String(32))
    span_start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    span_end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    quoted_text: Mapped[str] = mapped_column(Text, default="")
    draft_revision: Mapped[int] = mapped_column(Integer, default=0)
    author: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    replies: Mapped[list] = mapped_column(JSON, default=list)


class AuditRecordRow(Base):
    """One link of the append-only, hash-chained record (never updated nor deleted).

    Not tied to ``reform_projects`` by a foreign key on purpose: deleting a project must not
    delete its history, or the chain would break.
    """

    __tablename__ = "audit_records"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    project_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    action: Mapped[str] = mapped_column(String(80))
    stage_from: Mapped[str] = mapped_column(String(60), default="")
    stage_to: Mapped[str] = mapped_column(String(60), default="")
    actor: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(40))
    at: Mapped[str] = mapped_column(String(40))
    comment: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    text_hash: Mapped[str] = mapped_column(String(64), default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class RecordAnchorRow(Base):
    """The server's copy of each head of the record (shared mode): written by a trigger on
    every new record, append-only, so a chain cut short or re-hashed later no longer matches.
    Empty in SQLite mode, where the anchor travels with the user (``verify-record --ancla``)."""

    __tablename__ = "record_anchors"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                         server_default=text("CURRENT_TIMESTAMP"))


class ProjectMemberRecord(Base):
    """A login assigned to draft a project besides its owner (shared mode)."""

    __tablename__ = "project_members"

    project_id: Mapped[int] = mapped_column(
        ForeignKey("reform_projects.id", ondelete="CASCADE"), primary_key=True)
    login: Mapped[str] = mapped_column(String(200), primary_key=True)


class DraftConflictRecord(Base):
    """A losing text of a concurrent save, kept as a conflict revision (never discarded).

    ``base``, ``mine`` and ``theirs`` are node contents (see ``storage.projects``); ``mine`` is
    the text that lost, ``theirs`` the one that stayed in the draft.
    """

    __tablename__ = "draft_conflicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("reform_projects.id", ondelete="CASCADE"), index=True)
    regulation_uri: Mapped[str] = mapped_column(String(300))
    pid: Mapped[str] = mapped_column(String(32))
    base: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    mine: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    theirs: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    author: Mapped[str] = mapped_column(String(200))
    author_login: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default="open")
    resolved_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class DraftLeaseRecord(Base):
    """"X está editando este artículo": a lease with an expiry, renewed by a heartbeat."""

    __tablename__ = "draft_leases"

    project_id: Mapped[int] = mapped_column(
        ForeignKey("reform_projects.id", ondelete="CASCADE"), primary_key=True)
    regulation_uri: Mapped[str] = mapped_column(String(300), primary_key=True)
    pid: Mapped[str] = mapped_column(String(32), primary_key=True)
    holder_login: Mapped[str] = mapped_column(String(200))
    holder_name: Mapped[str] = mapped_column(String(200))
    acquired_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ChangeLogRecord(Base):
    """One saved or conflicting provision, so other clients see changes without restarting."""

    __tablename__ = "change_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    project_id: Mapped[int] = mapped_column(Integer)
    regulation_uri: Mapped[str] = mapped_column(String(300))
    pid: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(40))
    author: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WorkflowRuleRecord(Base):
    """One line of the procedure's role table, for the server's checks (``storage.rules``)."""

    __tablename__ = "workflow_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(80))
    from_stage: Mapped[str] = mapped_column(String(60))
    to_stage: Mapped[str] = mapped_column(String(60))
    role: Mapped[str] = mapped_column(String(40))


class SharedSettingRecord(Base):
    """Installation settings of a shared database (e.g. the prefix of its PostgreSQL roles)."""

    __tablename__ = "shared_settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class PublicationWindowRecord(Base):
    """The transaction in which the server's publication transition opened the corpus.

    Written only by ``reg_transition`` and emptied by ``reg_set_publication`` (PostgreSQL);
    the corpus policies let the Secretaría write the project's target regulations only while
    its transaction has a row here. Unused on SQLite, where nothing is enforced.
    """

    __tablename__ = "publication_windows"

    txid: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    project_id: Mapped[int] = mapped_column(ForeignKey("reform_projects.id", ondelete="CASCADE"))


class ProjectCheckoutRecord(Base):
    """Someone took the project to work offline (``services.offline``); gone at check-in."""

    __tablename__ = "project_checkouts"

    project_id: Mapped[int] = mapped_column(
        ForeignKey("reform_projects.id", ondelete="CASCADE"), primary_key=True)
    holder_login: Mapped[str] = mapped_column(String(200), primary_key=True)
    holder_name: Mapped[str] = mapped_column(String(200))
    since: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
