"""Corpus use cases: import files and folders, list, show and export regulations.

Each file is imported in its own transaction: a file that fails leaves nothing behind and
does not stop the others; its Spanish error is reported in its ``ImportOutcome``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from pathlib import Path

from ..domain.errors import Cancelled, ImportFailed, NotFoundError, ReglamentosError
from ..domain.ids import RegulationUri
from ..domain.progress import CancelToken, Progress
from ..domain.provisions import ProvisionKind
from ..domain.regulation import Expression, Regulation, kind_from_title, make_work_uri
from ..domain.report import ImportReport, ImportWarning
from ..domain.report import Correction
from ..sources import (
    SUPPORTED_SUFFIXES, LineView, LoadedDocument, ParsedDocument, describe_lines, export_akn,
    jurisdiction, load_document, load_text, reparse, unparse,
)
from ..storage import RegulationRepository, RegulationSummary
from ..storage.repositories import StoreOutcome, VersionInfo
from .catalog import CatalogEntry, load_catalog

log = logging.getLogger(__name__)
ChangeListener = Callable[[str], None]


class ImportStatus(str, Enum):
    CREATED = "created"
    NEW_VERSION = "new_version"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return {
            "created": "importado", "new_version": "nueva versión", "replaced": "versión reemplazada",
            "unchanged": "sin cambios", "failed": "error",
        }[self.value]


@dataclass(slots=True)
class ImportOutcome:
    """What happened to one file."""

    path: Path
    status: ImportStatus
    uri: str = ""
    title: str = ""
    articles: int = 0
    message: str = ""
    warnings: list[ImportWarning] = field(default_factory=list)
    # "nueva versión de …" or why the file was not taken for a stored instrument (Spanish).
    notice: str = ""
    # Spanish summary when much of the text fell outside articles: the user should review it.
    review: str = ""


@dataclass(frozen=True, slots=True)
class IdentityCheck:
    """A stored regulation with the URI a file would take, and how the two differ."""

    uri: str
    title: str
    differences: list[str]

    @property
    def same(self) -> bool:
        return not self.differences


ProgressCallback = Callable[[Progress], None]


@dataclass(slots=True)
class PreparedImport:
    """A file read and parsed but not stored yet: what the review step shows and corrects."""

    path: Path
    loaded: LoadedDocument
    entry: CatalogEntry | None
    # The URI of the stored regulation the user confirmed this file is a new version of.
    same_as: str = ""

    @property
    def review(self) -> str:
        """Spanish summary when the structure needs the user's review ("revisar"), else ""."""
        return review_summary(self.loaded.doc)

    @property
    def report(self) -> ImportReport:
        return self.loaded.doc.report

    @property
    def title(self) -> str:
        return self.loaded.doc.title or self.path.name

    @property
    def reviewable(self) -> bool:
        return bool(self.loaded.doc.source_text)

    def lines(self) -> list[LineView]:
        return describe_lines(self.loaded)


class CorpusService:
    """Import and read the corpus of regulations."""

    def __init__(self, repository: RegulationRepository) -> None:
        self.repository = repository
        self._listeners: list[ChangeListener] = []

    def add_listener(self, listener: ChangeListener) -> None:
        """Call ``listener(uri)`` after a regulation's stored text changes (caches, indexes)."""
        self._listeners.append(listener)

    def _notify(self, uri: str) -> None:
        for listener in self._listeners:
            try:
                listener(uri)
            except Exception:  # noqa: BLE001 - a cache must never undo a committed import
                log.exception("Un observador del corpus falló para %s", uri)

    # -- import -------------------------------------------------------------------------------
    @staticmethod
    def collect_files(paths: Iterable[Path]) -> list[Path]:
        """Files to import: the given files and the supported files inside given folders."""
        files: list[Path] = []
        for path in paths:
            if path.is_dir():
                # Links too, even broken ones: the reader refuses them with a reason.
                files.extend(sorted(p for p in path.rglob("*")
                                    if (p.is_file() or p.is_symlink())
                                    and p.suffix.lower() in SUPPORTED_SUFFIXES))
            else:
                files.append(path)
        return files

    def import_paths(self, paths: Iterable[Path], progress: ProgressCallback | None = None,
                     cancel: CancelToken | None = None,
                     encoding: str | None = None) -> list[ImportOutcome]:
        """Import files and folders, one transaction per file; report progress per file."""
        paths = list(paths)
        files = self.collect_files(paths)
        # The folder each file was found in: a symbolic link must point inside it.
        roots = {f: folder for folder in paths if folder.is_dir()
                 for f in files if f.is_relative_to(folder)}
        outcomes: list[ImportOutcome] = []
        catalogs: dict[Path, dict[str, CatalogEntry]] = {}
        for index, path in enumerate(files):
            if progress:
                progress(Progress(index, len(files), f"Importando {path.name}…"))
            if cancel is not None:
                cancel.check()
            outcomes.append(self._import_one(path, catalogs, encoding, roots.get(path), cancel))
        if progress:
            progress(Progress(len(files), len(files), "Importación terminada"))
        return outcomes

    def _import_one(self, path: Path, catalogs: dict[Path, dict[str, CatalogEntry]],
                    encoding: str | None = None, root: Path | None = None,
                    cancel: CancelToken | None = None) -> ImportOutcome:
        try:
            folder = path.parent
            if folder not in catalogs:
                catalogs[folder] = load_catalog(folder)
            loaded = load_document(path, encoding, root=root, cancel=cancel)
            return self._store(loaded, path.name, catalogs[folder].get(path.name), path)
        except Cancelled:
            raise
        except ReglamentosError as exc:
            return ImportOutcome(path, ImportStatus.FAILED, message=exc.user_message)

    # -- import with review (one file): read, let the user correct, then store -------------------
    def prepare_import(self, path: Path, encoding: str | None = None) -> PreparedImport:
        """Read and parse one file without storing it (raises ``ImportFailed``, or
        ``AmbiguousEncoding`` for a text file whose code page the user must choose)."""
        entry = load_catalog(path.parent).get(path.name)
        return PreparedImport(path, load_document(path, encoding), entry)

    @staticmethod
    def revise_import(prepared: PreparedImport,
                      corrections: dict[int, Correction]) -> PreparedImport:
        """Parse the same source again with the user's corrections of mis-detected lines."""
        return PreparedImport(prepared.path, reparse(prepared.loaded, corrections), prepared.entry,
                              prepared.same_as)

    def identity_check(self, prepared: PreparedImport) -> IdentityCheck | None:
        """The stored regulation this file would become a version of, with how its title and
        original publication differ (None when the URI is free): the review step asks."""
        regulation = regulation_from_document(prepared.loaded.doc, prepared.entry)
        existing = self._existing(str(regulation.uri))
        if existing is None:
            return None
        return IdentityCheck(str(existing.uri), existing.title, differences(existing, regulation))

    def commit_import(self, prepared: PreparedImport) -> ImportOutcome:
        """Store a prepared (and possibly corrected) import in one transaction."""
        return self._store(prepared.loaded, prepared.path.name, prepared.entry, prepared.path,
                           prepared.same_as)

    def import_text(self, text: str, source_name: str, entry: CatalogEntry | None = None
                    ) -> ImportOutcome:
        """Parse and store text typed or pasted by the user."""
        return self._store(load_text(text, source_name), source_name, entry, None)

    def _store(self, loaded: LoadedDocument, source_name: str, entry: CatalogEntry | None,
               path: Path | None, same_as: str = "") -> ImportOutcome:
        doc = loaded.doc
        if not any(True for _ in doc.root.articles()) and not doc.root.children:
            raise ImportFailed(f"«{source_name}» no contiene artículos reconocibles; "
                               "no se importó nada.")
        regulation = regulation_from_document(doc, entry)
        notice = ""
        if same_as:
            regulation.uri = RegulationUri.parse(same_as)  # the user said: the same instrument
        elif not (entry and entry.uri):
            notice = self._settle_identity(regulation)
        dated = doc.last_reform or doc.original_publication
        expression = Expression(
            regulation_uri=regulation.uri, root=doc.root,
            valid_from=doc.version_date or (dated.date if dated else None),
            amending_act=doc.last_reform, source_name=source_name,
            source_sha256=loaded.source_sha256,
        )
        outcome = self.repository.store_version(regulation, expression, doc.report)
        if outcome is not StoreOutcome.UNCHANGED:
            self._notify(str(regulation.uri))
        if outcome is StoreOutcome.UNCHANGED and notice.startswith("nueva versión"):
            notice = ""
        return ImportOutcome(
            path or Path(source_name), ImportStatus(outcome.value), str(regulation.uri),
            regulation.title, sum(1 for _ in doc.root.articles()),
            warnings=list(doc.report.warnings) if outcome is not StoreOutcome.UNCHANGED else [],
            notice=notice, review=review_summary(doc),
        )

    def _existing(self, uri: str) -> Regulation | None:
        try:
            return self.repository.get(uri)
        except NotFoundError:
            return None

    def _settle_identity(self, regulation: Regulation) -> str:
        """Give ``regulation`` its own URI unless the stored one with that URI is the same
        instrument (same full title and original publication): a file never silently
        replaces another instrument (the 1994 and the 2020 Ley de Amnistía, the revenue laws
        of two municipalities whose long titles share their first words)."""
        first = regulation.uri
        existing = self._existing(str(first))
        if existing is None:
            return ""
        diffs = differences(existing, regulation)
        if not diffs:
            return f"nueva versión de «{existing.title}» ({first})"
        for n in range(2, 100):
            candidate = RegulationUri(first.locality, first.doctype, first.year, f"{first.slug}-{n}")
            other = self._existing(str(candidate))
            if other is None or not differences(other, regulation):
                regulation.uri = candidate
                break
        return (f"no es el mismo instrumento que «{existing.title}» ({first}): "
                f"{'; '.join(diffs)}. Se guardó aparte como {regulation.uri}.")

    # -- reading ------------------------------------------------------------------------------
    def list_regulations(self) -> list[RegulationSummary]:
        return self.repository.list_summaries()

    def is_empty(self) -> bool:
        return not self.repository.list_summaries()

    def get_regulation(self, uri: str) -> Regulation:
        return self.repository.get(uri)

    def get_text(self, uri: str, when: date | None = None) -> Expression:
        """The version in force on ``when``; without a date, the one in force **today**.

        "Vigente" means in force now: a reform already published but starting later is not
        today's text (``next_version`` tells when it starts). A regulation whose every version
        starts later (just issued, in vacatio) shows its first version.
        """
        if when is not None:
            return self.repository.load_expression(uri, when)
        today = date.today()
        infos = self.repository.versions(uri)
        if infos and all(i.valid_from is not None and i.valid_from > today for i in infos):
            return self.repository.load_expression(uri, infos[0].valid_from)
        return self.repository.load_expression(uri, today)

    def latest_text(self, uri: str) -> Expression:
        """The newest version, even one that starts later: what a new reform consolidates on."""
        return self.repository.load_expression(uri, None)

    def next_version(self, uri: str, after: date | None = None) -> VersionInfo | None:
        """The first version that starts after ``after`` (default today): "próxima versión"."""
        after = after or date.today()
        return next((i for i in self.repository.versions(uri)
                     if i.valid_from is not None and i.valid_from > after), None)

    def versions(self, uri: str) -> list[VersionInfo]:
        return self.repository.versions(uri)

    def import_report(self, uri: str) -> ImportReport:
        versions = self.repository.versions(uri)
        return versions[-1].report if versions else ImportReport()

    def export_text(self, uri: str, when: date | None = None) -> str:
        """Canonical plain text of a regulation as in force on ``when``."""
        regulation = self.get_regulation(uri)
        expression = self.get_text(uri, when)
        return unparse(document_from(regulation, expression))


    def export_akn(self, uri: str, when: date | None = None) -> bytes:
        """Akoma Ntoso 3.0 XML of a regulation as in force on ``when`` (permanent ids kept)."""
        return export_akn(self.get_regulation(uri), self.get_text(uri, when))


def regulation_from_document(doc: ParsedDocument, entry: CatalogEntry | None) -> Regulation:
    """Build the work metadata from a parsed document plus its catalogue entry."""
    entry = entry or CatalogEntry()
    title = doc.title or doc.report.source_name or "Sin título"
    kind = entry.kind or kind_from_title(title)
    year = doc.original_publication.date.year if doc.original_publication and doc.original_publication.date else None
    where = jurisdiction(doc)
    uri = (RegulationUri.parse(entry.uri) if entry.uri
           else make_work_uri(title, kind, year, where.locality))
    regulation = Regulation(uri=uri, title=title, kind=kind, issuing_body=where.issuer,
                            original_publication=doc.original_publication,
                            reforms=doc.reforms(), header_notes=list(doc.header_notes))
    if entry.issuing_body:
        regulation.issuing_body = entry.issuing_body
    if entry.responsible_unit:
        regulation.responsible_unit = entry.responsible_unit
    if entry.quorum:
        regulation.reform_quorum = entry.quorum
    if entry.status:
        regulation.status = entry.status
    return regulation


def differences(stored: Regulation, new: Regulation) -> list[str]:
    """How two regulations differ as instruments (Spanish), empty when they are the same:
    the full title (ignoring case, accents and spacing) and the original publication date."""
    out = []
    if _title_key(stored.title) != _title_key(new.title):
        out.append(f"el título es «{new.title}», no «{stored.title}»")
    old_date = stored.original_publication.date if stored.original_publication else None
    new_date = new.original_publication.date if new.original_publication else None
    if old_date != new_date:
        shown = {d: d.strftime("%d/%m/%Y") if d else "sin fecha" for d in (old_date, new_date)}
        out.append(f"la publicación original es {shown[new_date]}, no {shown[old_date]}")
    return out


def _title_key(title: str) -> str:
    from ..domain.numbering import fold

    return " ".join(fold(title).replace(",", " ").split()).rstrip(". ")


def review_summary(doc: ParsedDocument) -> str:
    """Spanish summary when much of the text is outside articles (a structure the importer
    did not recognise): the GUI marks the file "revisar" and the CLI exits with code 3."""
    inside, outside = _text_inside_outside(doc.root)
    total = inside + outside
    if total == 0 or outside < 0.05 * total:
        return ""
    return (f"Revisar: el {100 * outside / total:.0f} % del texto quedó fuera de los artículos "
            f"(estructura no reconocida); revise las líneas en el paso de revisión.")


def _text_inside_outside(root) -> tuple[int, int]:
    """Characters inside provisions, and in paragraphs hanging from the root or a division."""
    inside = outside = 0
    stack = [root]
    while stack:
        node = stack.pop()
        for child in node.children:
            loose = child.kind is ProvisionKind.PARAGRAPH and (
                node.kind is ProvisionKind.ROOT or node.kind.is_division)
            if loose:
                outside += len(child.text)
            else:
                inside += len(child.text) + len(child.heading)
            stack.append(child)
    return inside, outside


def document_from(regulation: Regulation, expression: Expression) -> ParsedDocument:
    """A document (header + tree) ready to be unparsed, from stored domain objects."""
    doc = ParsedDocument(title=regulation.title, root=expression.root,
                         header_notes=list(regulation.header_notes))
    if regulation.original_publication:
        doc.publication_line = (regulation.original_publication.source_text
                                or f"Publicado en el {regulation.original_publication.describe()}.")
    if expression.amending_act:
        doc.last_reform_line = (expression.amending_act.source_text
                                or f"Última reforma publicada en el {expression.amending_act.describe()}.")
    return doc
