"""Workflow persistence: procedure definition, users, stages, observations, audit record.

A stage change and its audit record are written in the same transaction, and only if the
project is still in the stage the user saw (so two clerks cannot both "approve"). The audit
record is append-only: the next link is computed from the last one read inside the writing
transaction (locked with ``FOR UPDATE`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` already
serialises writers), and ``seq`` is the primary key, so a concurrent append fails instead of
forking the chain.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import delete, insert, select, text

from ..domain.audit import AuditRecord, append
from ..domain.errors import ConflictError, NotFoundError
from ..domain.observations import Observation, observation_from_dict, observation_to_dict
from ..domain.workflow import UserProfile
from .database import Database
from .records import (
    AuditRecordRow, ObservationRecord, ProjectStageRecord, RecordAnchorRow, SharedSettingRecord,
    UserRecord,
    WorkflowDefinitionRecord, WorkflowRuleRecord,
)
from .rules import rule_rows

_AUDIT_FIELDS = ("seq", "project_id", "action", "stage_from", "stage_to", "actor", "role", "at",
                 "comment", "data", "text_hash", "prev_hash", "hash")


class WorkflowRepository:
    """Store and load everything the procedure needs (see the module docstring)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- definition ------------------------------------------------------------------------------
    def load_definition(self) -> dict | None:
        with self.db.session() as session:
            row = session.scalars(select(WorkflowDefinitionRecord)
                                  .order_by(WorkflowDefinitionRecord.id.desc())).first()
            return dict(row.data) if row else None

    def council_members(self) -> int | None:
        """The munícipes of the Cabildo as the database records them: the server's quorum
        guard reads the same row, so client and server count alike."""
        with self.db.session() as session:
            row = session.get(SharedSettingRecord, "council_members")
            value = row.value.strip() if row is not None else ""
            return int(value) if value.isdigit() and int(value) > 0 else None

    def set_council_members(self, members: int) -> None:
        """Record the size of a new Cabildo (an administrator's act on the database)."""
        with self.db.session(write=True) as session:
            row = session.get(SharedSettingRecord, "council_members")
            if row is None:
                session.add(SharedSettingRecord(key="council_members", value=str(members)))
            else:
                row.value = str(members)

    def setting(self, key: str) -> str | None:
        """A row of ``shared_settings`` (read by the server's guards as well)."""
        with self.db.session() as session:
            row = session.get(SharedSettingRecord, key)
            return row.value if row is not None else None

    def set_setting(self, key: str, value: str) -> None:
        with self.db.session(write=True) as session:
            row = session.get(SharedSettingRecord, key)
            if row is None:
                session.add(SharedSettingRecord(key=key, value=value))
            else:
                row.value = value

    def save_definition(self, name: str, data: dict) -> None:
        with self.db.session(write=True) as session:
            session.add(WorkflowDefinitionRecord(name=name, data=data))
            # The server checks roles against these rows: they follow the definition in use.
            session.execute(delete(WorkflowRuleRecord))
            session.execute(insert(WorkflowRuleRecord), rule_rows(data))

    # -- users -----------------------------------------------------------------------------------
    def add_user(self, profile: UserProfile) -> int:
        with self.db.session(write=True) as session:
            row = UserRecord(name=profile.name, office=profile.office, role=str(_plain(profile.role)))
            session.add(row)
            session.flush()
            return row.id

    def users(self) -> list[tuple[int, UserProfile]]:
        with self.db.session() as session:
            rows = session.scalars(select(UserRecord).where(UserRecord.active == 1)
                                   .order_by(UserRecord.name)).all()
            return [(r.id, UserProfile(r.name, r.office, r.role)) for r in rows]

    def user(self, user_id: int) -> UserProfile:
        with self.db.session() as session:
            row = session.get(UserRecord, user_id)
            if row is None:
                raise NotFoundError(f"No existe el usuario número {user_id}.")
            return UserProfile(row.name, row.office, row.role)

    # -- stages ----------------------------------------------------------------------------------
    def stage(self, project_id: int) -> tuple[str, datetime] | None:
        with self.db.session() as session:
            row = session.get(ProjectStageRecord, project_id)
            return (row.stage, row.since) if row else None

    def stages(self) -> dict[int, tuple[str, datetime]]:
        with self.db.session() as session:
            return {r.project_id: (r.stage, r.since)
                    for r in session.scalars(select(ProjectStageRecord)).all()}

    def record_transition(self, project_id: int, expected_stage: str | None, new_stage: str,
                          record: dict[str, Any],
                          also: Callable[[Any], None] | None = None) -> AuditRecord:
        """Move a project to ``new_stage`` and append its audit record, atomically."""
        with self.db.session(write=True) as session:
            return self.transition_in(session, project_id, expected_stage, new_stage, record, also)

    def transition_in(self, session, project_id: int, expected_stage: str | None, new_stage: str,
                      record: dict[str, Any], also: Callable[[Any], None] | None = None
                      ) -> AuditRecord:
        if self.db.managed:
            return self._server_transition(session, project_id, expected_stage, new_stage,
                                           record, also)
        row = session.get(ProjectStageRecord, project_id, with_for_update=not self.db.is_sqlite)
        current = row.stage if row else None
        if current != expected_stage:
            raise ConflictError("El proyecto cambió de etapa mientras usted lo revisaba "
                                f"(ahora está en «{current}»). Vuelva a abrirlo.")
        if row is None:
            row = ProjectStageRecord(project_id=project_id, stage=new_stage)
            session.add(row)
        row.stage = new_stage
        row.since = datetime.now(timezone.utc)
        if also is not None:
            also(session)
        return self._append_in(session, record)

    def append_record(self, record: dict[str, Any]) -> AuditRecord:
        """Append a record that is not a stage change (observations, overrides…)."""
        with self.db.session(write=True) as session:
            if self.db.managed:
                seq = session.execute(text(
                    "SELECT reg_log_action(:p, :a, :c, CAST(:d AS jsonb), :h)"),
                    {"p": record.get("project_id"), "a": record["action"],
                     "c": record.get("comment", ""), "d": _json(record.get("data")),
                     "h": record.get("text_hash", "")}).scalar()
                return _to_audit(session.get(AuditRecordRow, seq))
            return self._append_in(session, record)

    def _server_transition(self, session, project_id: int, expected_stage: str | None,
                           new_stage: str, record: dict[str, Any],
                           also: Callable[[Any], None] | None) -> AuditRecord:
        """The server checks the role and the stage, and writes stage and record itself."""
        seq = session.execute(text(
            "SELECT reg_transition(:p, :t, :e, :to, :c, CAST(:d AS jsonb), :h)"),
            {"p": project_id, "t": record["action"], "e": expected_stage, "to": new_stage,
             "c": record.get("comment", ""), "d": _json(record.get("data")),
             "h": record.get("text_hash", "")}).scalar()
        if also is not None:
            also(session)
        return _to_audit(session.get(AuditRecordRow, seq))

    def _append_in(self, session, record: dict[str, Any]) -> AuditRecord:
        query = select(AuditRecordRow).order_by(AuditRecordRow.seq.desc()).limit(1)
        if not self.db.is_sqlite:
            query = query.with_for_update()
        last = session.scalars(query).first()
        chain = [_to_audit(last)] if last is not None else []
        new = append(chain, **record)
        session.add(AuditRecordRow(**{name: getattr(new, name) for name in _AUDIT_FIELDS}))
        session.flush()
        return new

    # -- audit record ------------------------------------------------------------------------------
    def server_anchors(self) -> dict[int, str]:
        """The heads the server kept (``record_anchors``, written by its trigger); empty in
        SQLite mode."""
        with self.db.session() as session:
            rows = session.execute(select(RecordAnchorRow.seq, RecordAnchorRow.hash)).all()
            return {seq: digest for seq, digest in rows}

    def audit_records(self, project_id: int | None = None) -> list[AuditRecord]:
        with self.db.session() as session:
            query = select(AuditRecordRow).order_by(AuditRecordRow.seq)
            if project_id is not None:
                query = query.where(AuditRecordRow.project_id == project_id)
            return [_to_audit(r) for r in session.scalars(query).all()]

    # -- observations ------------------------------------------------------------------------------
    def add_observation(self, observation: Observation) -> int:
        with self.db.session(write=True) as session:
            if self.db.managed:  # author, role and time come from the server
                o = observation
                start, end = o.span if o.span else (None, None)
                new_id = int(session.execute(text(
                    "SELECT reg_observe(:p, :u, :pid, :s, :e, :q, :r, :t)"),
                    {"p": o.project_id, "u": o.regulation_uri, "pid": o.pid, "s": start,
                     "e": end, "q": o.quoted_text, "r": o.draft_revision, "t": o.text}).scalar())
                o.author, o.role = self.db.identity.name, self.db.identity.role
                return new_id
            row = ObservationRecord(project_id=observation.project_id)
            _observation_fields(row, observation)
            session.add(row)
            session.flush()
            return row.id

    def update_observation(self, observation: Observation) -> None:
        with self.db.session(write=True) as session:
            if self.db.managed:
                replies = observation_to_dict(observation)["replies"]
                session.execute(text("SELECT reg_update_observation(:i, :s, CAST(:r AS jsonb))"),
                                {"i": observation.id, "s": observation.status.value,
                                 "r": _json(replies)})
                return
            row = session.get(ObservationRecord, observation.id)
            if row is None:
                raise NotFoundError("La observación ya no existe.")
            _observation_fields(row, observation)

    def observations(self, project_id: int) -> list[Observation]:
        with self.db.session() as session:
            rows = session.scalars(select(ObservationRecord)
                                   .where(ObservationRecord.project_id == project_id)
                                   .order_by(ObservationRecord.id)).all()
            return [_to_observation(r) for r in rows]


def _json(value: Any) -> str:
    return json.dumps(value if value is not None else {}, ensure_ascii=False)


def _plain(value: Any) -> Any:
    return getattr(value, "value", value)


def _to_audit(row: AuditRecordRow) -> AuditRecord:
    return AuditRecord(**{name: getattr(row, name) for name in _AUDIT_FIELDS})


def _observation_fields(row: ObservationRecord, o: Observation) -> None:
    data = observation_to_dict(o)
    row.regulation_uri = o.regulation_uri
    row.pid = o.pid
    row.span_start, row.span_end = o.span if o.span else (None, None)
    row.quoted_text = o.quoted_text
    row.draft_revision = o.draft_revision
    row.author = o.author
    row.role = o.role
    row.created_at = o.created_at
    row.text = o.text
    row.status = o.status.value
    row.replies = data["replies"]


def _to_observation(row: ObservationRecord) -> Observation:
    created = row.created_at
    if created is not None and created.tzinfo is None:
        created = created.replace(tzinfo=timezone.utc)  # SQLite returns naive datetimes
    data = {"id": row.id, "project_id": row.project_id, "regulation_uri": row.regulation_uri,
            "pid": row.pid,
            "span": [row.span_start, row.span_end] if row.span_start is not None else None,
            "quoted_text": row.quoted_text, "draft_revision": row.draft_revision,
            "author": row.author, "role": row.role, "created_at": created.isoformat(),
            "text": row.text, "status": row.status, "replies": row.replies}
    return observation_from_dict(data)
