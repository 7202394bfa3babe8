"""Working together on one draft: leases, the change log, conflict revisions, assignments.

A *lease* backs the notice "X está editando este artículo": it is taken and renewed by a
heartbeat and expires after its TTL, so a client that dies stops blocking anybody (Indigo's
presence, not LEOS's hard locks). The *change log* numbers every saved provision; a client asks
for the changes after the last number it saw (``changes_since``) and refreshes what others
wrote without restarting. *Conflict revisions* are the losing texts of concurrent saves, kept
until someone resolves them. *Check-out stamps* say who took a project offline and since when.
On a managed PostgreSQL database leases and resolutions go
through the server's functions (identity from the login, time from ``now()``); elsewhere
they are written here with the local user's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, func, select, text

from ..domain.errors import NotFoundError
from .database import Database
from .records import (
    ChangeLogRecord, DraftConflictRecord, DraftLeaseRecord, ProjectCheckoutRecord,
    ProjectMemberRecord, SharedSettingRecord,
)


@dataclass(frozen=True, slots=True)
class Checkout:
    """A person who took the project to work offline, and since when (a notice, not a lock)."""

    holder: str
    login: str
    since: datetime


@dataclass(frozen=True, slots=True)
class Lease:
    """Who holds the lease on one provision, until when, and whether it is this client."""

    holder: str
    expires_at: datetime
    mine: bool


@dataclass(frozen=True, slots=True)
class Change:
    """One entry of the change log."""

    seq: int
    project_id: int
    regulation_uri: str
    pid: str
    action: str          # save | conflict
    author: str
    at: datetime


@dataclass(frozen=True, slots=True)
class ConflictRevision:
    """A losing text kept from a concurrent save (``mine`` lost, ``theirs`` stayed)."""

    id: int
    project_id: int
    regulation_uri: str
    pid: str
    base: dict | None
    mine: dict | None
    theirs: dict | None
    author: str
    created_at: datetime
    status: str
    resolved_by: str | None


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


class CollabRepository:
    """Leases, change log, conflict revisions and project members (module docstring)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- leases ------------------------------------------------------------------------------
    def acquire_lease(self, project_id: int, uri: str, pid: str, ttl_seconds: int,
                      login: str, name: str) -> Lease:
        """Take or renew the lease; when someone else holds a live one, report them."""
        with self.db.session(write=True) as session:
            if self.db.managed:
                row = session.execute(text("SELECT * FROM reg_acquire_lease(:p, :u, :pid, :t)"),
                                      {"p": project_id, "u": uri, "pid": pid,
                                       "t": ttl_seconds}).one()
                return Lease(row.holder, _aware(row.expires), bool(row.mine))
            now = datetime.now(timezone.utc)
            session.execute(delete(DraftLeaseRecord).where(DraftLeaseRecord.expires_at < now))
            row = session.get(DraftLeaseRecord, (project_id, uri, pid))
            expires = now + timedelta(seconds=ttl_seconds)
            if row is None:
                row = DraftLeaseRecord(project_id=project_id, regulation_uri=uri, pid=pid,
                                       holder_login=login, holder_name=name, acquired_at=now,
                                       expires_at=expires)
                session.add(row)
            elif row.holder_login == login:
                row.expires_at = expires
            return Lease(row.holder_name, _aware(row.expires_at), row.holder_login == login)

    def release_lease(self, project_id: int, uri: str, pid: str, login: str) -> None:
        with self.db.session(write=True) as session:
            if self.db.managed:
                session.execute(text("SELECT reg_release_lease(:p, :u, :pid)"),
                                {"p": project_id, "u": uri, "pid": pid})
                return
            session.execute(delete(DraftLeaseRecord).where(
                DraftLeaseRecord.project_id == project_id, DraftLeaseRecord.regulation_uri == uri,
                DraftLeaseRecord.pid == pid, DraftLeaseRecord.holder_login == login))

    def leases(self, project_id: int, uri: str) -> dict[str, Lease]:
        """Live leases on one draft, by pid (``mine`` is left False: the caller compares)."""
        with self.db.session() as session:
            now = self._now(session)
            rows = session.scalars(select(DraftLeaseRecord).where(
                DraftLeaseRecord.project_id == project_id,
                DraftLeaseRecord.regulation_uri == uri)).all()
            return {r.pid: Lease(r.holder_name, _aware(r.expires_at), False)
                    for r in rows if _aware(r.expires_at) >= now}

    def lease_holders(self, project_id: int, uri: str) -> dict[str, str]:
        with self.db.session() as session:
            now = self._now(session)
            rows = session.scalars(select(DraftLeaseRecord).where(
                DraftLeaseRecord.project_id == project_id,
                DraftLeaseRecord.regulation_uri == uri)).all()
            return {r.pid: r.holder_login for r in rows if _aware(r.expires_at) >= now}

    def _now(self, session) -> datetime:
        if self.db.is_sqlite:
            return datetime.now(timezone.utc)
        return _aware(session.execute(text("SELECT now()")).scalar())

    # -- change log --------------------------------------------------------------------------
    def last_change(self) -> int:
        with self.db.session() as session:
            return int(session.scalar(select(func.max(ChangeLogRecord.seq))) or 0)

    def changes_since(self, token: int, project_id: int | None = None) -> list[Change]:
        with self.db.session() as session:
            query = select(ChangeLogRecord).where(ChangeLogRecord.seq > token)
            if project_id is not None:
                query = query.where(ChangeLogRecord.project_id == project_id)
            return [Change(r.seq, r.project_id, r.regulation_uri, r.pid, r.action, r.author,
                           _aware(r.at))
                    for r in session.scalars(query.order_by(ChangeLogRecord.seq)).all()]

    # -- conflict revisions ------------------------------------------------------------------
    def conflicts(self, project_id: int, uri: str | None = None, *,
                  only_open: bool = False) -> list[ConflictRevision]:
        with self.db.session() as session:
            query = select(DraftConflictRecord).where(
                DraftConflictRecord.project_id == project_id)
            if uri is not None:
                query = query.where(DraftConflictRecord.regulation_uri == uri)
            if only_open:
                query = query.where(DraftConflictRecord.status == "open")
            return [ConflictRevision(r.id, r.project_id, r.regulation_uri, r.pid, r.base,
                                     r.mine, r.theirs, r.author, _aware(r.created_at), r.status,
                                     r.resolved_by)
                    for r in session.scalars(query.order_by(DraftConflictRecord.id)).all()]

    def resolve_conflict(self, conflict_id: int, status: str, name: str) -> None:
        with self.db.session(write=True) as session:
            if self.db.managed:
                session.execute(text("SELECT reg_resolve_conflict(:i, :s)"),
                                {"i": conflict_id, "s": status})
                return
            row = session.get(DraftConflictRecord, conflict_id)
            if row is None:
                raise NotFoundError("La revisión en conflicto ya no existe.")
            row.status, row.resolved_by = status, name
            row.resolved_at = datetime.now(timezone.utc)

    # -- settings (e.g. the check-out record of an offline copy) -------------------------------
    # -- check-out stamps ------------------------------------------------------------------------
    def mark_checkout(self, project_id: int, login: str, name: str) -> None:
        """Stamp that ``login`` took the project offline (again: the stamp is renewed)."""
        with self.db.session(write=True) as session:
            if self.db.managed:  # identity and time from the server
                session.execute(text("SELECT reg_mark_checkout(:p)"), {"p": project_id})
                return
            row = session.get(ProjectCheckoutRecord, (project_id, login))
            if row is None:
                row = ProjectCheckoutRecord(project_id=project_id, holder_login=login)
                session.add(row)
            row.holder_name, row.since = name, datetime.now(timezone.utc)

    def clear_checkout(self, project_id: int, login: str) -> None:
        with self.db.session(write=True) as session:
            if self.db.managed:
                session.execute(text("SELECT reg_clear_checkout(:p)"), {"p": project_id})
                return
            session.execute(delete(ProjectCheckoutRecord).where(
                ProjectCheckoutRecord.project_id == project_id,
                ProjectCheckoutRecord.holder_login == login))

    def checkouts(self, project_id: int) -> list[Checkout]:
        with self.db.session() as session:
            rows = session.scalars(select(ProjectCheckoutRecord)
                                   .where(ProjectCheckoutRecord.project_id == project_id)
                                   .order_by(ProjectCheckoutRecord.since)).all()
            return [Checkout(r.holder_name, r.holder_login, _aware(r.since)) for r in rows]

    def setting(self, key: str) -> str | None:
        with self.db.session() as session:
            row = session.get(SharedSettingRecord, key)
            return row.value if row else None

    def set_setting(self, key: str, value: str) -> None:
        with self.db.session(write=True) as session:
            row = session.get(SharedSettingRecord, key)
            if row is None:
                session.add(SharedSettingRecord(key=key, value=value))
            else:
                row.value = value

    # -- assignments ---------------------------------------------------------------------------
    def add_member(self, project_id: int, login: str) -> None:
        with self.db.session(write=True) as session:
            if session.get(ProjectMemberRecord, (project_id, login)) is None:
                session.add(ProjectMemberRecord(project_id=project_id, login=login))

    def members(self, project_id: int) -> list[str]:
        with self.db.session() as session:
            return list(session.scalars(select(ProjectMemberRecord.login).where(
                ProjectMemberRecord.project_id == project_id)).all())
