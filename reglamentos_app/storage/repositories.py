"""Repositories: load and store regulations and their versions as domain objects.

Each public method is one operation with its own session (``Database.session``); a write
either stores everything (regulation, gazette references, version, provisions) or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from sqlalchemy import delete, func, insert, select

from ..domain.errors import NotFoundError
from ..domain.gazette import GazetteReference
from ..domain.ids import RegulationUri
from ..domain.provisions import carry_pids, ensure_pids
from ..domain.regulation import (
    Expression, ReformQuorum, Regulation, RegulationKind, RegulationStatus,
)
from ..domain.report import ImportReport
from .database import Database
from ..domain.gazette import gazette_from_dict, gazette_to_dict
from .mapping import tree_from_rows, tree_to_rows
from .records import ExpressionRecord, GazetteRecord, ProvisionRecord, RegulationRecord


class StoreOutcome(str, Enum):
    CREATED = "created"          # a new regulation
    NEW_VERSION = "new_version"  # a new version of a known regulation
    REPLACED = "replaced"        # the version with the same date was replaced
    UNCHANGED = "unchanged"      # the very same text was already stored


@dataclass(frozen=True, slots=True)
class RegulationSummary:
    """A row of the corpus browser."""

    uri: str
    title: str
    kind: RegulationKind
    status: RegulationStatus
    last_reform: date | None
    original_date: date | None
    version_count: int
    article_count: int


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """A version of a regulation, without its text."""

    valid_from: date | None
    valid_until: date | None
    amending_act: GazetteReference | None
    source_name: str
    article_count: int
    report: ImportReport


class RegulationRepository:
    """Store and load regulations (works) and their expressions (versions)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- writing ------------------------------------------------------------------------------
    def store_version(self, regulation: Regulation, expression: Expression,
                      report: ImportReport, *, keep_pids: bool = False) -> StoreOutcome:
        """Store a version (and the regulation if new) in one transaction.

        ``keep_pids``: the tree's permanent ids are authoritative (an offline copy of a shared
        database must keep the ids its drafts refer to)."""
        with self.db.session(write=True) as session:
            return store_version_in(session, regulation, expression, report,
                                    keep_pids=keep_pids)

    def delete(self, uri: str) -> None:
        with self.db.session(write=True) as session:
            record = self._get_record(session, uri)
            session.delete(record)

    # -- reading ------------------------------------------------------------------------------
    def list_summaries(self) -> list[RegulationSummary]:
        with self.db.session() as session:
            latest = (select(ExpressionRecord.regulation_id,
                             func.count(ExpressionRecord.id).label("versions"),
                             func.max(ExpressionRecord.article_count).label("articles"))
                      .group_by(ExpressionRecord.regulation_id).subquery())
            rows = session.execute(
                select(RegulationRecord, latest.c.versions, latest.c.articles)
                .outerjoin(latest, latest.c.regulation_id == RegulationRecord.id)
                .order_by(RegulationRecord.kind, RegulationRecord.title)).all()
            gazettes = session.execute(select(GazetteRecord.regulation_id, GazetteRecord.role,
                                              GazetteRecord.date)).all()
            dates: dict[int, dict[str, list[date]]] = {}
            for reg_id, role, when in gazettes:
                if when:
                    dates.setdefault(reg_id, {}).setdefault(role, []).append(when)
            return [
                RegulationSummary(
                    uri=rec.uri, title=rec.title, kind=RegulationKind(rec.kind),
                    status=RegulationStatus(rec.status),
                    last_reform=max(dates.get(rec.id, {}).get("reform", []), default=None),
                    original_date=min(dates.get(rec.id, {}).get("original", []), default=None),
                    version_count=versions or 0, article_count=articles or 0,
                )
                for rec, versions, articles in rows
            ]

    def get(self, uri: str) -> Regulation:
        with self.db.session() as session:
            return _to_regulation(self._get_record(session, uri))

    def versions(self, uri: str) -> list[VersionInfo]:
        with self.db.session() as session:
            record = self._get_record(session, uri)
            rows = session.scalars(select(ExpressionRecord)
                                   .where(ExpressionRecord.regulation_id == record.id)).all()
            infos = [_to_version_info(r, record.uri) for r in rows]
        return sorted(infos, key=lambda v: v.valid_from or date.min)

    def load_expression(self, uri: str, when: date | None = None) -> Expression:
        """The version in force on ``when`` (the newest one when ``when`` is None)."""
        with self.db.session() as session:
            record = self._get_record(session, uri)
            exprs = session.scalars(select(ExpressionRecord)
                                    .where(ExpressionRecord.regulation_id == record.id)).all()
            chosen = _choose_expression(exprs, when, record.title)
            return Expression(
                regulation_uri=RegulationUri.parse(record.uri), root=_load_tree(session, chosen.id),
                valid_from=chosen.valid_from, valid_until=chosen.valid_until,
                amending_act=gazette_from_dict(chosen.amending_act),
                source_name=chosen.source_name, source_sha256=chosen.source_sha256,
            )

    def load_version(self, uri: str, valid_from: date | None) -> Expression:
        """The version that starts on exactly ``valid_from`` (a project's base version)."""
        with self.db.session() as session:
            record = self._get_record(session, uri)
            exprs = session.scalars(select(ExpressionRecord)
                                    .where(ExpressionRecord.regulation_id == record.id)).all()
            chosen = next((e for e in exprs if e.valid_from == valid_from), None)
            if chosen is None:
                raise NotFoundError(f"«{record.title}» ya no tiene la versión del "
                                    f"{valid_from:%d/%m/%Y} de la que partió el proyecto."
                                    if valid_from else
                                    f"«{record.title}» ya no tiene la versión sin fecha de la "
                                    "que partió el proyecto.")
            return Expression(
                regulation_uri=RegulationUri.parse(record.uri), root=_load_tree(session, chosen.id),
                valid_from=chosen.valid_from, valid_until=chosen.valid_until,
                amending_act=gazette_from_dict(chosen.amending_act),
                source_name=chosen.source_name, source_sha256=chosen.source_sha256)

    @staticmethod
    def _get_record(session, uri: str) -> RegulationRecord:
        work = str(RegulationUri.parse(uri).work())
        record = session.scalar(select(RegulationRecord).where(RegulationRecord.uri == work))
        if record is None:
            raise NotFoundError(f"No existe el reglamento «{work}» en la base de datos.")
        return record


def store_version_in(session, regulation: Regulation, expression: Expression,
                     report: ImportReport, *, keep_pids: bool = False) -> StoreOutcome:
    """``store_version`` inside a caller's transaction (publishing stores several at once).

    ``keep_pids``: the tree already carries the right permanent ids (a consolidated version
    made from the previous one), so they must not be re-derived from eIds, which a
    renumbering changes.
    """
    record = session.scalar(select(RegulationRecord)
                            .where(RegulationRecord.uri == str(regulation.uri.work())))
    if record is None:
        record = RegulationRecord(uri=str(regulation.uri.work()))
        session.add(record)
        outcome = StoreOutcome.CREATED
    else:
        same = session.scalar(select(ExpressionRecord.id).where(
            ExpressionRecord.regulation_id == record.id,
            ExpressionRecord.source_sha256 == expression.source_sha256))
        if same is not None and expression.source_sha256:
            return StoreOutcome.UNCHANGED
        outcome = StoreOutcome.NEW_VERSION
    _update_work(record, regulation)
    session.flush()
    _replace_gazettes(session, record.id, regulation)
    if outcome is not StoreOutcome.CREATED:
        outcome = _carry_from_previous(session, record.id, expression, outcome, keep_pids)
    else:
        ensure_pids(expression.root)
    expr_id = _insert_expression(session, record.id, expression, report)
    rows = tree_to_rows(expression.root, expr_id)
    if rows:
        session.execute(insert(ProvisionRecord), rows)
    _recompute_validity(session, record.id)
    return outcome


# -- helpers ----------------------------------------------------------------------------------
def _load_tree(session, expression_id: int):
    """The provision tree of one expression, in one ordered select."""
    rows = session.execute(
        select(ProvisionRecord.kind, ProvisionRecord.num, ProvisionRecord.heading,
               ProvisionRecord.text, ProvisionRecord.status, ProvisionRecord.notes,
               ProvisionRecord.eid, ProvisionRecord.pid, ProvisionRecord.decree,
               ProvisionRecord.line, ProvisionRecord.depth)
        .where(ProvisionRecord.expression_id == expression_id)
        .order_by(ProvisionRecord.ord)).all()
    return tree_from_rows(rows)


def _update_work(record: RegulationRecord, reg: Regulation) -> None:
    record.title = reg.title
    record.kind = reg.kind.value
    record.issuing_body = reg.issuing_body
    record.status = reg.status.value
    record.reform_quorum = reg.reform_quorum.value
    record.responsible_unit = reg.responsible_unit
    record.header_notes = list(reg.header_notes)


def _replace_gazettes(session, regulation_id: int, reg: Regulation) -> None:
    existing = session.scalars(select(GazetteRecord).where(
        GazetteRecord.regulation_id == regulation_id, GazetteRecord.role == "reform")).all()
    reforms = {(g.date, g.number): GazetteReference(g.number, g.section, g.tome, g.date,
                                                   g.source_text) for g in existing}
    for ref in reg.reforms:
        reforms.setdefault((ref.date, ref.number), ref)
    session.execute(delete(GazetteRecord).where(GazetteRecord.regulation_id == regulation_id))
    refs = [("reform", r) for r in reforms.values()]
    if reg.original_publication:
        refs.insert(0, ("original", reg.original_publication))
    for role, ref in refs:
        session.add(GazetteRecord(regulation_id=regulation_id, role=role, number=ref.number,
                                  section=ref.section, tome=ref.tome, date=ref.date,
                                  source_text=ref.source_text))


def _carry_from_previous(session, regulation_id: int, expression: Expression,
                         outcome: StoreOutcome, keep_pids: bool = False) -> StoreOutcome:
    """Carry permanent ids from the closest earlier version; replace a same-date version."""
    exprs = session.scalars(select(ExpressionRecord)
                            .where(ExpressionRecord.regulation_id == regulation_id)).all()
    same_date = next((e for e in exprs if e.valid_from == expression.valid_from), None)
    earlier = [e for e in exprs if (e.valid_from or date.min) <= (expression.valid_from or date.min)]
    base = same_date or (max(earlier, key=lambda e: e.valid_from or date.min) if earlier else None)
    base = base or (exprs[0] if exprs else None)
    if keep_pids:
        ensure_pids(expression.root)
    elif base is not None:
        carry_pids(_load_tree(session, base.id), expression.root)
    else:
        ensure_pids(expression.root)
    if same_date is not None:
        session.delete(same_date)
        session.flush()
        return StoreOutcome.REPLACED
    return outcome


def _insert_expression(session, regulation_id: int, expression: Expression,
                       report: ImportReport) -> int:
    record = ExpressionRecord(
        regulation_id=regulation_id, valid_from=expression.valid_from,
        amending_act=gazette_to_dict(expression.amending_act),
        source_name=expression.source_name, source_sha256=expression.source_sha256,
        article_count=sum(1 for _ in expression.root.articles()),
        import_report=report.to_json(),
    )
    session.add(record)
    session.flush()
    return record.id


def _recompute_validity(session, regulation_id: int) -> None:
    """Each version is in force until the next one starts."""
    exprs = sorted(session.scalars(select(ExpressionRecord)
                                   .where(ExpressionRecord.regulation_id == regulation_id)).all(),
                   key=lambda e: e.valid_from or date.min)
    for current, following in zip(exprs, exprs[1:] + [None]):
        current.valid_until = following.valid_from if following else None


def _choose_expression(exprs, when: date | None, title: str) -> ExpressionRecord:
    if not exprs:
        raise NotFoundError(f"«{title}» no tiene ningún texto guardado.")
    ordered = sorted(exprs, key=lambda e: e.valid_from or date.min)
    if when is None:
        return ordered[-1]
    for e in reversed(ordered):
        if (e.valid_from is None or e.valid_from <= when) and (e.valid_until is None or when < e.valid_until):
            return e
    first = ordered[0].valid_from
    raise NotFoundError(f"«{title}» no tenía texto vigente registrado el {when:%d/%m/%Y}; "
                        f"el texto más antiguo guardado es del {first:%d/%m/%Y}.")


def _to_regulation(rec: RegulationRecord) -> Regulation:
    original = next((g for g in rec.gazettes if g.role == "original"), None)
    reforms = sorted((g for g in rec.gazettes if g.role == "reform"),
                     key=lambda g: (g.date or date.min, g.number))
    as_ref = lambda g: GazetteReference(g.number, g.section, g.tome, g.date, g.source_text)  # noqa: E731
    return Regulation(
        uri=RegulationUri.parse(rec.uri), title=rec.title, kind=RegulationKind(rec.kind),
        issuing_body=rec.issuing_body, status=RegulationStatus(rec.status),
        reform_quorum=ReformQuorum(rec.reform_quorum), responsible_unit=rec.responsible_unit,
        original_publication=as_ref(original) if original else None,
        reforms=[as_ref(g) for g in reforms], header_notes=list(rec.header_notes or []),
    )


def _to_version_info(rec: ExpressionRecord, uri: str) -> VersionInfo:
    return VersionInfo(rec.valid_from, rec.valid_until, gazette_from_dict(rec.amending_act),
                       rec.source_name, rec.article_count,
                       ImportReport.from_json(rec.source_name, rec.import_report))
