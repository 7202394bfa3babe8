"""Reform projects in the database: create, load, autosave drafts, publish atomically.

Every save names the revision it was made from; the row is updated only if nobody saved a
newer one meanwhile (``UPDATE … WHERE revision = :expected`` in ``store_merged``, the only
writer of a draft; on a managed PostgreSQL database the server's ``reg_save_draft`` does it),
otherwise the caller merges again at provision level (``services.merge``). That is how two
windows — or two offices sharing a PostgreSQL server — never silently overwrite each other's
draft. Publishing stores the consolidated versions of every target
regulation and marks the project published in ONE transaction: an omnibus reform is either
wholly in the corpus or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.exc import SQLAlchemyError

from ..domain.errors import ConflictError, NotFoundError, ValidationError
from ..domain.gazette import gazette_from_dict, gazette_to_dict
from ..domain.provisions import Provision, assign_eids
from ..domain.reform import (
    ProjectKind, ProjectStatus, ProjectTarget, PromoterKind, ReformProject,
)
from ..domain.regulation import Expression, Regulation
from ..domain.report import ImportReport
from .database import Database
from .mapping import tree_from_flat, tree_to_flat
from .records import ChangeLogRecord, DraftConflictRecord, ProjectRecord, ProjectTargetRecord
from .repositories import store_version_in


@dataclass(frozen=True, slots=True)
class DraftState:
    """A stored draft as the save path needs it: target (tree, revision) and versions."""

    target: ProjectTarget
    versions: dict[str, int]


@dataclass(frozen=True, slots=True)
class ProjectSummary:
    """A row of the project list."""

    id: int
    title: str
    kind: ProjectKind
    status: ProjectStatus
    file_number: str
    promoter: str
    targets: tuple[str, ...]          # titles of the regulations it amends
    target_uris: tuple[str, ...]
    updated_at: datetime | None


class ProjectRepository:
    """Store and load reform projects (see the module docstring)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- writing ------------------------------------------------------------------------------
    def create(self, project: ReformProject) -> int:
        with self.db.session(write=True) as session:
            record = ProjectRecord(status=project.status.value, revision=1,
                                   owner_login=self.db.identity.login if self.db.managed else None)
            _project_fields(record, project)
            session.add(record)
            session.flush()
            for position, target in enumerate(project.targets):
                session.add(_target_record(record.id, position, target))
            session.flush()
            return record.id

    def update_meta(self, project: ReformProject) -> int:
        """Save title, promoter, motives, transitorios…; returns the new revision."""
        with self.db.session(write=True) as session:
            values = _project_values(project)
            new_revision = project.revision + 1
            done = session.execute(
                update(ProjectRecord)
                .where(ProjectRecord.id == project.id, ProjectRecord.revision == project.revision)
                .values(revision=new_revision, updated_at=datetime.now().astimezone(), **values))
            if done.rowcount != 1:
                self._raise_missing_or_conflict(session, project.id)
            return new_revision

    def add_target(self, project_id: int, target: ProjectTarget) -> None:
        with self.db.session(write=True) as session:
            record = self._get(session, project_id)
            if any(t.regulation_uri == target.regulation_uri for t in record.targets):
                raise ValidationError(f"El proyecto ya reforma «{target.regulation_title}».")
            session.add(_target_record(project_id, len(record.targets), target))

    def rebase_target(self, project_id: int, uri: str, expected_revision: int,
                      draft: Provision, base_valid_from: date | None) -> int:
        """Put a draft on a newer base version (``ProjectService.rebase``); the new revision.

        Raises ``ConflictError`` when someone saved the draft meanwhile (rebase again)."""
        with self.db.session(write=True) as session:
            record = session.scalar(select(ProjectTargetRecord).where(
                ProjectTargetRecord.project_id == project_id,
                ProjectTargetRecord.regulation_uri == uri))
            if record is None:
                raise NotFoundError("El borrador ya no existe en el proyecto.")
            if record.revision != expected_revision:
                raise ConflictError()
            record.draft = tree_to_flat(draft)
            record.base_valid_from = base_valid_from
            record.provision_versions = {}
            record.revision = expected_revision + 1
            return record.revision

    def remove_target(self, project_id: int, uri: str) -> None:
        with self.db.session(write=True) as session:
            record = self._get(session, project_id)
            for target in list(record.targets):
                if target.regulation_uri == uri:
                    session.delete(target)

    def load_state(self, project_id: int, uri: str, *, with_eids: bool = True) -> DraftState:
        """The stored draft with its revision and per-provision versions (no lock).

        ``with_eids=False`` skips computing eIds (the merge works by pid only)."""
        with self.db.session() as session:
            record = session.scalar(select(ProjectTargetRecord).where(
                ProjectTargetRecord.project_id == project_id,
                ProjectTargetRecord.regulation_uri == uri))
            if record is None:
                raise NotFoundError("El borrador ya no existe en el proyecto.")
            return DraftState(_to_target(record, with_eids),
                              dict(record.provision_versions or {}))

    @contextmanager
    def save_turn(self, project_id: int, uri: str, wait_s: float = 30.0) -> Iterator[bool]:
        """Writers of one draft take turns on PostgreSQL; yields whether the turn was taken.

        Optimistic compare-and-swap alone let a slow writer lose again and again to faster ones
        (issue 19: one of 8 writers on 2 busy cores starved). A session-level advisory lock
        per (project, regulation) queues the writers in arrival order, so the merge-and-store
        inside normally succeeds at its first attempt; the compare-and-swap still guards the
        write. Advisory locks need no privilege, so every login can take them. If the turn does
        not come within ``wait_s`` (a stuck client), the save goes on optimistically. SQLite
        serialises writers itself (BEGIN IMMEDIATE), and it is one user's database.
        """
        if self.db.is_sqlite:
            yield False
            return
        keys = {"p": project_id, "u": uri}
        with self.db.engine.connect() as conn:
            try:
                conn.execute(text(f"SET lock_timeout = '{int(wait_s * 1000)}ms'"))
                conn.execute(text("SELECT pg_advisory_lock(:p, hashtext(:u))"), keys)
                conn.commit()   # the lock is the session's: no transaction is held open
            except SQLAlchemyError:
                conn.rollback()
                yield False
                return
            try:
                yield True
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:p, hashtext(:u))"), keys)
                conn.commit()

    def store_merged(self, project_id: int, uri: str, expected_revision: int,
                     draft: Provision, versions: dict[str, int], changed: list[str],
                     conflicts: list[dict], author: str) -> int | None:
        """Write a merged draft if the target is still at ``expected_revision``.

        Returns the new revision, or None when someone saved meanwhile (merge again). Every
        losing text in ``conflicts`` is stored as a conflict revision in the same transaction.
        """
        with self.db.session(write=True) as session:
            if self.db.managed:
                return session.execute(text(
                    "SELECT reg_save_draft(:p, :u, :e, CAST(:d AS json), CAST(:v AS jsonb), "
                    "CAST(:c AS jsonb), CAST(:x AS jsonb))"),
                    {"p": project_id, "u": uri, "e": expected_revision,
                     "d": json.dumps(tree_to_flat(draft), ensure_ascii=False),
                     "v": json.dumps(versions), "c": json.dumps(changed),
                     "x": json.dumps(conflicts, ensure_ascii=False)}).scalar()
            done = session.execute(
                update(ProjectTargetRecord)
                .where(ProjectTargetRecord.project_id == project_id,
                       ProjectTargetRecord.regulation_uri == uri,
                       ProjectTargetRecord.revision == expected_revision)
                .values(draft=tree_to_flat(draft), provision_versions=versions,
                        revision=expected_revision + 1, updated_at=datetime.now().astimezone()))
            if done.rowcount != 1:
                return None
            for pid in changed:
                session.add(ChangeLogRecord(project_id=project_id, regulation_uri=uri, pid=pid,
                                            action="save", author=author))
            for conflict in conflicts:
                session.add(DraftConflictRecord(
                    project_id=project_id, regulation_uri=uri, pid=conflict["pid"],
                    base=conflict["base"], mine=conflict["mine"], theirs=conflict["theirs"],
                    author=author, status="open"))
                session.add(ChangeLogRecord(project_id=project_id, regulation_uri=uri,
                                            pid=conflict["pid"], action="conflict",
                                            author=author))
            return expected_revision + 1

    def set_status(self, project_id: int, status: ProjectStatus,
                   also: Callable[[Any], None] | None = None) -> None:
        with self.db.session(write=True) as session:
            if also is not None:
                also(session)
            if self.db.managed:
                return  # the server's stage-change function closed the project itself
            record = self._get(session, project_id)
            record.status = status.value
            record.revision += 1

    def delete(self, project_id: int) -> None:
        with self.db.session(write=True) as session:
            session.delete(self._get(session, project_id))

    def publish(self, project: ReformProject,
                versions: list[tuple[Regulation, Expression, ImportReport]],
                also: Callable[[Any], None] | None = None) -> None:
        """Store every consolidated version and mark the project published, all or nothing.

        ``also(session)`` runs in the same transaction (the workflow records the stage change
        and its audit link there, so a publication is never half-recorded).
        """
        with self.db.session(write=True) as session:
            if also is not None:
                also(session)
            record = self._get(session, project.id)
            if record.revision != project.revision:
                raise ConflictError()
            for regulation, expression, report in versions:
                store_version_in(session, regulation, expression, report, keep_pids=True)
            if self.db.managed:  # only for a project the procedure published (server check)
                session.execute(text("SELECT reg_set_publication(:p, CAST(:g AS jsonb))"),
                                {"p": project.id,
                                 "g": json.dumps(gazette_to_dict(project.publication))})
                return
            record.status = ProjectStatus.PUBLISHED.value
            record.publication = gazette_to_dict(project.publication)
            record.revision += 1

    # -- reading ------------------------------------------------------------------------------
    def list(self) -> list[ProjectSummary]:
        with self.db.session() as session:
            records = session.scalars(select(ProjectRecord)
                                      .order_by(ProjectRecord.updated_at.desc())).all()
            return [ProjectSummary(
                id=r.id, title=r.title, kind=ProjectKind(r.kind), status=ProjectStatus(r.status),
                file_number=r.file_number,
                promoter=_promoter_label(r.promoter_kind, r.promoter_office),
                targets=tuple(t.regulation_title for t in r.targets),
                target_uris=tuple(t.regulation_uri for t in r.targets),
                updated_at=r.updated_at) for r in records]

    def get(self, project_id: int) -> ReformProject:
        with self.db.session() as session:
            return _to_project(self._get(session, project_id))

    def projects_touching(self, uri: str) -> list[int]:
        """Ids of the open projects that amend the regulation ``uri``."""
        with self.db.session() as session:
            return list(session.scalars(
                select(ProjectTargetRecord.project_id)
                .join(ProjectRecord, ProjectRecord.id == ProjectTargetRecord.project_id)
                .where(ProjectTargetRecord.regulation_uri == uri,
                       ProjectRecord.status == ProjectStatus.OPEN.value)).all())

    @staticmethod
    def _get(session, project_id: int | None) -> ProjectRecord:
        record = session.get(ProjectRecord, project_id) if project_id is not None else None
        if record is None:
            raise NotFoundError(f"No existe el proyecto de reforma número {project_id}.")
        return record

    def _raise_missing_or_conflict(self, session, project_id: int | None) -> None:
        self._get(session, project_id)
        raise ConflictError()


def _promoter_label(kind: str, office: str) -> str:
    return office or PromoterKind(kind).label


def _project_values(project: ReformProject) -> dict:
    return {"title": project.title, "kind": project.kind.value,
            "promoter_kind": project.promoter_kind.value,
            "promoter_office": project.promoter_office, "motives": project.motives,
            "file_number": project.file_number, "transitorios": list(project.transitorios)}


def _project_fields(record: ProjectRecord, project: ReformProject) -> None:
    for key, value in _project_values(project).items():
        setattr(record, key, value)


def _target_record(project_id: int, position: int, target: ProjectTarget) -> ProjectTargetRecord:
    return ProjectTargetRecord(
        project_id=project_id, position=position, regulation_uri=target.regulation_uri,
        regulation_title=target.regulation_title, base_valid_from=target.base_valid_from,
        is_new=int(target.is_new), draft=tree_to_flat(target.draft), revision=1)


def _to_target(rec: ProjectTargetRecord, with_eids: bool = True) -> ProjectTarget:
    draft = tree_from_flat(rec.draft)
    if with_eids:
        assign_eids(draft)
    return ProjectTarget(regulation_uri=rec.regulation_uri, regulation_title=rec.regulation_title,
                         draft=draft, base_valid_from=rec.base_valid_from,
                         is_new=bool(rec.is_new), revision=rec.revision,
                         updated_at=rec.updated_at)


def _to_project(rec: ProjectRecord) -> ReformProject:
    return ReformProject(
        id=rec.id, title=rec.title, kind=ProjectKind(rec.kind),
        promoter_kind=PromoterKind(rec.promoter_kind), promoter_office=rec.promoter_office,
        motives=rec.motives, file_number=rec.file_number,
        transitorios=list(rec.transitorios or []), status=ProjectStatus(rec.status),
        targets=[_to_target(t) for t in rec.targets], revision=rec.revision,
        created_at=rec.created_at, updated_at=rec.updated_at,
        publication=gazette_from_dict(rec.publication))


