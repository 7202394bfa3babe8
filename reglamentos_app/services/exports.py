"""Export use cases: texto vigente, cuadro comparativo, acuerdo, iniciativa, publication package.

The service gathers the domain objects (a regulation and its version in force on a date, a
project's comparisons and decree wording, its observations and workflow record), hands them to
the ``exports`` adapter, and writes the result atomically (``files.write_atomic``; a package
folder is built in a temporary folder next to the destination and renamed into place). The
.txt and Akoma Ntoso exports reuse the canonical text and AKN writers of ``sources``, so they
re-import without loss. Every method returning bytes is deterministic for the same data and
options; the ``when`` of decree documents defaults to today and can be fixed by the caller.
"""

from __future__ import annotations

import copy
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from pathlib import Path

from ..domain.audit import APPROVAL_STAGE, AuditRecord, RecordAnchor, canonical_text_hash
from ..domain.errors import NotFoundError, ReglamentosError, ValidationError
from ..domain.gazette import GazetteReference, gazette_to_dict
from ..domain.progress import Progress
from ..domain.provisions import NoteStyle
from ..domain.reform import ProjectStatus, ReformProject, project_text
from ..domain.regulation import Expression, Regulation, formal_title
from ..domain.wording import WordingTarget, decree_clause, decree_text
from ..exports.consolidated import ConsolidatedOptions, consolidated_document, restyle_notes
from ..exports.cuadro import CuadroSection, cuadro_document, cuadro_table
from ..exports.decree import DecreeData, decree_document, initiative_document
from ..exports.model import Document
from ..exports.package import (
    MANIFEST, PackageFile, PackageProblem, PackagedText, build_manifest, manifest_of, read_members,
    verify_package, zip_members,
)
from ..exports import libreoffice
from ..exports.render import PDF_ENGINES, preview_pages, render
from ..sources import export_akn, unparse
from ..domain.consolidation import consolidate_or_raise
from ..domain.entry_into_force import entry_into_force
from ..sources.formats.akn_decree import (
    DecreeAct, DecreeTarget, append_decree_transitorios, decree_operations, decree_to_akn,
    decree_transitorios,
)
from .corpus import CorpusService, document_from
from .files import write_atomic
from .projects import ProjectService, word_diff
from .workflow import WorkflowService

__all__ = ["ExportFormat", "ExportService", "PackageResult", "parse_note_style"]

ProgressCallback = Callable[[Progress], None]


class ExportFormat(str, Enum):
    """The formats of the texto vigente; the values are the file suffixes."""

    DOCX = "docx"
    PDF = "pdf"
    HTML = "html"
    TXT = "txt"
    AKN = "akn"

    @property
    def label(self) -> str:
        return {"docx": "Word (.docx)", "pdf": "PDF (.pdf)", "html": "Página web (.html)",
                "txt": "Texto canónico (.txt)", "akn": "Akoma Ntoso (.xml)"}[self.value]

    @property
    def suffix(self) -> str:
        return ".xml" if self is ExportFormat.AKN else f".{self.value}"

    @classmethod
    def of(cls, value: str | ExportFormat) -> ExportFormat:
        if isinstance(value, ExportFormat):
            return value
        text = value.lower().lstrip(".")
        if text in ("xml", "akoma", "akomantoso"):
            return cls.AKN
        try:
            return cls(text)
        except ValueError:
            raise ValidationError(f"Formato no válido: «{value}». Use docx, pdf, html, txt o "
                                  "akn.") from None

    @classmethod
    def from_path(cls, path: Path) -> ExportFormat:
        return cls.of(path.suffix or "txt")


_STYLE_NAMES = {"original": None, "parentesis": NoteStyle.PARENTHETICAL,
                "parenthetical": NoteStyle.PARENTHETICAL, "preambulo": NoteStyle.PREAMBLE,
                "preamble": NoteStyle.PREAMBLE, "fue-reformado": NoteStyle.PREAMBLE,
                "editor": NoteStyle.EDITOR}

NOTE_STYLE_LABELS = {None: "Como están en el texto", NoteStyle.PREAMBLE: "«Fue reformado…» (Mexicali)",
                     NoteStyle.PARENTHETICAL: "Entre paréntesis", NoteStyle.EDITOR: "Notas del editor"}


def parse_note_style(text: str | None) -> NoteStyle | None:
    """"preambulo" / "parentesis" / "editor" / "original" (None) → the house style."""
    if not text:
        return None
    key = text.strip().lower().replace("é", "e").replace("á", "a").replace("í", "i")
    if key not in _STYLE_NAMES:
        raise ValidationError(f"Estilo de notas no válido: «{text}». Use preambulo, parentesis, "
                              "editor u original.")
    return _STYLE_NAMES[key]


@dataclass(slots=True)
class PackageResult:
    """Where the package was written and what it holds."""

    path: Path
    files: list[str] = field(default_factory=list)
    approval: dict | None = None


class ExportService:
    """Use cases of exports (see the module docstring)."""

    def __init__(self, corpus: CorpusService, projects: ProjectService,
                 workflow: WorkflowService) -> None:
        self.corpus = corpus
        self.projects = projects
        self.workflow = workflow

    # -- texto vigente ---------------------------------------------------------------------------
    def consolidated_document(self, uri: str, when: date | None = None,
                              note_style: NoteStyle | None = None) -> Document:
        regulation = self.corpus.get_regulation(uri)
        expression = self.corpus.get_text(uri, when)
        return self._anchored(consolidated_document(
            regulation, expression, ConsolidatedOptions(note_style, when,
                                                        self._upcoming(uri, when))))

    def _anchored(self, doc: Document) -> Document:
        """``doc`` carrying the procedure record's anchor in its properties (issue 16)."""
        doc.record_anchor = self.workflow.anchor().text
        return doc

    def _upcoming(self, uri: str, when: date | None) -> date | None:
        """Start of a published version later than the one exported ("próxima versión")."""
        info = self.corpus.next_version(uri, when)
        return info.valid_from if info else None

    def consolidated(self, uri: str, fmt: str | ExportFormat, *, when: date | None = None,
                     note_style: NoteStyle | None = None, pdf_engine: str = "qt") -> bytes:
        """The texto vigente of ``uri`` on ``when`` (default: the newest) in ``fmt``."""
        fmt = ExportFormat.of(fmt)
        regulation = self.corpus.get_regulation(uri)
        expression = self.corpus.get_text(uri, when)
        return self._consolidated_bytes(regulation, expression, fmt, when, note_style, pdf_engine)

    def _consolidated_bytes(self, regulation: Regulation, expression: Expression,
                            fmt: ExportFormat, when: date | None,
                            note_style: NoteStyle | None, pdf_engine: str = "qt") -> bytes:
        if fmt in (ExportFormat.TXT, ExportFormat.AKN):
            styled = copy.copy(expression)
            styled.root = restyle_notes(expression.root, note_style)
            if fmt is ExportFormat.TXT:
                return unparse(document_from(regulation, styled)).encode("utf-8")
            return export_akn(regulation, styled)
        upcoming = self._upcoming(str(regulation.uri.work()), when)
        doc = consolidated_document(regulation, expression,
                                    ConsolidatedOptions(note_style, when, upcoming))
        return render(self._anchored(doc), fmt.value, _engine(pdf_engine))

    def export_consolidated(self, uri: str, path: Path, fmt: str | ExportFormat | None = None, *,
                            when: date | None = None, note_style: NoteStyle | None = None,
                            pdf_engine: str = "qt") -> Path:
        fmt = ExportFormat.of(fmt) if fmt else ExportFormat.from_path(path)
        return self.save(path, self.consolidated(uri, fmt, when=when, note_style=note_style,
                                                 pdf_engine=pdf_engine))

    @staticmethod
    def libreoffice_available() -> bool:
        """Whether the PDF can also be made by LibreOffice (Word's exact layout)."""
        return libreoffice.available()

    # -- project documents -----------------------------------------------------------------------
    def _sections(self, project: ReformProject, with_observations: bool) -> list[CuadroSection]:
        notes: dict[tuple[str, str], list[str]] = {}
        if with_observations:
            for view in self.workflow.observations(project.id):
                o = view.observation
                line = f"{o.author} ({o.status.label}): {o.text}"
                line += "".join(f" — {r.author}: {r.text}" for r in o.replies)
                notes.setdefault((o.regulation_uri, o.pid), []).append(line)
        sections = []
        for target in project.targets:
            comparison = self.projects.compare(project.id, target.regulation_uri)
            by_pid = {pid: texts for (uri, pid), texts in notes.items()
                      if uri == target.regulation_uri}
            sections.append(CuadroSection(formal_title(target.regulation_title),
                                          comparison.base, comparison.draft,
                                          comparison.alignment.pairs, by_pid))
        return sections

    def cuadro_document(self, project_id: int, *, observations: bool = False) -> Document:
        project = self.projects.get(project_id)
        return self._anchored(cuadro_document(
            project.title, self._sections(project, observations), word_diff,
            with_observations=observations, subtitle=_promoter(project)))

    def cuadro(self, project_id: int, fmt: str = "docx", *, observations: bool = False,
               pdf_engine: str = "qt") -> bytes:
        """The cuadro comparativo of a project, as .docx or .pdf (or .html)."""
        fmt = ExportFormat.of(fmt)
        if fmt in (ExportFormat.TXT, ExportFormat.AKN):
            raise ValidationError("El cuadro comparativo se exporta a .docx, .pdf o .html.")
        return render(self.cuadro_document(project_id, observations=observations), fmt.value,
                      _engine(pdf_engine))

    def decree_data(self, project_id: int, when: date | None = None) -> DecreeData:
        project = self.projects.get(project_id)
        # Reformed, issued ("Se expide…") or abrogated ("Se abroga…"), as the project says.
        targets = self.projects.wording_targets(project)
        text = decree_text(targets, project.transitorios)
        return DecreeData(
            project_title=project.title, promoter=_promoter(project),
            file_number=project.file_number, when=when or date.today(),
            clause_lines=decree_clause(targets).split("\n"), decree_lines=text.split("\n"),
            motives=project.motives,
            regulation_titles=[formal_title(t.regulation_title) for t in project.targets])

    def decree_document(self, project_id: int, when: date | None = None) -> Document:
        data = self.decree_data(project_id, when)
        if not data.clause_lines or data.clause_lines == [""]:
            raise ValidationError("El proyecto todavía no tiene cambios: no hay acuerdo que "
                                  "redactar.")
        return self._anchored(decree_document(data))

    def decree(self, project_id: int, fmt: str = "docx", *, when: date | None = None,
               pdf_engine: str = "qt") -> bytes:
        """The proyecto de acuerdo (.docx; .pdf and .html also work; akn: the amending act)."""
        if ExportFormat.of(fmt) is ExportFormat.AKN:
            return self.decree_akn(project_id, when)
        return render(self.decree_document(project_id, when), ExportFormat.of(fmt).value,
                      _engine(pdf_engine))

    def decree_akn(self, project_id: int, when: date | None = None) -> bytes:
        """The draft decree as an Akoma Ntoso amending act (``mod``/``quotedStructure`` per
        change, ``activeModifications`` naming each destination in the base version)."""
        project = self.projects.get(project_id)
        targets = []
        for t in project.targets:
            ops = self.projects.compare(project_id, t.regulation_uri).operations
            title = formal_title(t.regulation_title)
            base = None if t.is_new else self.corpus.get_text(t.regulation_uri,
                                                              t.base_valid_from).root
            targets.append(DecreeTarget(t.regulation_uri, title,
                                        decree_clause([WordingTarget(title, ops, t.draft)]),
                                        list(ops), base))
        if not any(t.operations for t in targets):
            raise ValidationError("El proyecto todavía no tiene cambios: no hay acuerdo que "
                                  "exportar.")
        return decree_to_akn(DecreeAct(project.title, project_id, when or date.today(), targets,
                                       list(project.transitorios), project.file_number))

    def applied_decree(self, data: bytes, fmt: str | ExportFormat = ExportFormat.AKN, *,
                       uri: str | None = None, gazette: GazetteReference | None = None,
                       note_style: NoteStyle | None = NoteStyle.PREAMBLE,
                       name: str = "acuerdo.xml") -> tuple[str, bytes]:
        """The texto vigente that results from applying an AKN amending act to the version in
        force of the regulation it amends (``uri`` when it amends several). Nothing is stored:
        publishing goes through the procedure; this lets anyone check what a decree does.
        Raises ``ConsolidationConflict`` when the text in force is not the one it was drafted on.
        """
        by_uri = decree_operations(data, name)
        if uri is None:
            if len(by_uri) > 1:
                raise ValidationError("El acuerdo reforma varios reglamentos; indique cuál: "
                                      + ", ".join(sorted(by_uri)) + ".")
            uri = next(iter(by_uri))
        if uri not in by_uri:
            raise ValidationError(f"El acuerdo «{name}» no reforma «{uri}».")
        regulation = self.corpus.get_regulation(uri)
        current = self.corpus.get_text(uri)
        result = consolidate_or_raise(current.root, by_uri[uri], act=gazette,
                                      note_style=note_style)
        transitorios = decree_transitorios(data, name)
        append_decree_transitorios(result.root, transitorios, gazette)
        if gazette is not None and gazette.date:
            regulation.reforms = [*regulation.reforms, gazette]
        # in force when the act's own transitorios say (by default, the day after publication)
        when = entry_into_force(transitorios, gazette.date).default \
            if gazette is not None and gazette.date else current.valid_from
        expression = Expression(regulation.uri, result.root, valid_from=when,
                                amending_act=gazette, source_name=name)
        return uri, self._consolidated_bytes(regulation, expression, ExportFormat.of(fmt),
                                             None, None)

    def initiative_document(self, project_id: int, when: date | None = None) -> Document:
        project = self.projects.get(project_id)
        data = self.decree_data(project_id, when)
        tables = [(s.regulation_title, cuadro_table(s, word_diff))
                  for s in self._sections(project, False)]
        return self._anchored(initiative_document(data, tables))

    def initiative(self, project_id: int, fmt: str = "docx", *, when: date | None = None,
                   pdf_engine: str = "qt") -> bytes:
        """The iniciativa: exposición de motivos, cuadro comparativo and proposed acuerdo."""
        return render(self.initiative_document(project_id, when), ExportFormat.of(fmt).value,
                      _engine(pdf_engine))

    def preview(self, doc: Document, max_pages: int = 2) -> list[bytes]:
        """PNG images of the first pages of a document, as the PDF will print them."""
        return preview_pages(doc, max_pages)

    @staticmethod
    def save(path: Path, data: bytes) -> Path:
        """Write atomically, readable as any file the user saves (not the temp file's 0600)."""
        write_atomic(path, data)
        _user_mode(path)
        return path

    # -- publication package ---------------------------------------------------------------------
    def package(self, source: str, dest: Path, *, as_zip: bool | None = None,
                note_style: NoteStyle | None = None,
                progress: ProgressCallback | None = None) -> PackageResult:
        """The publication package of a regulation (URI) or a published project (its number).

        ``dest`` ending in ``.zip`` (or ``as_zip``) gives one .zip; otherwise a folder, which
        must not exist yet or be empty (it is replaced only by a complete package).
        """
        as_zip = dest.suffix.lower() == ".zip" if as_zip is None else as_zip
        texts, approval = self._package_sources(source.strip())
        members: list[PackageFile] = []
        packaged: list[PackagedText] = []
        steps = len(texts) * 4 + 1
        done = 0
        for slug, regulation, expression in texts:
            files = []
            for fmt in (ExportFormat.DOCX, ExportFormat.PDF, ExportFormat.HTML, ExportFormat.TXT):
                if progress:
                    progress(Progress(done, steps, f"Generando {slug}{fmt.suffix}…"))
                data = self._consolidated_bytes(regulation, expression, fmt, None, note_style)
                files.append(PackageFile(f"{slug}{fmt.suffix}", data))
                done += 1
            packaged.append(PackagedText(
                str(regulation.uri), regulation.title,
                expression.valid_from.isoformat() if expression.valid_from else None, files,
                f"{slug}.txt", gazette_to_dict(expression.amending_act, with_source=False),
                # verify-package --registro rebuilds the .txt from the database in this style
                {"estilo_notas": note_style.value if note_style else "original"}))
            members.extend(files)
        members.append(build_manifest(packaged, approval))
        if progress:
            progress(Progress(done, steps, "Escribiendo el paquete…"))
        if as_zip:
            self.save(dest, zip_members(members))
        else:
            _write_folder(dest, members)
        if progress:
            progress(Progress(steps, steps, "Paquete terminado"))
        return PackageResult(dest, [m.name for m in members], approval)

    def _package_sources(self, source: str) -> tuple[list[tuple[str, Regulation, Expression]],
                                                     dict | None]:
        if source.isdigit():
            return self._project_sources(int(source))
        regulation = self.corpus.get_regulation(source)
        expression = self.corpus.get_text(source)
        project = self._project_published_by(str(regulation.uri.work()), expression.amending_act)
        approval = self._approval(project) if project else None
        return [(_slug(regulation), regulation, expression)], approval

    def _project_sources(self, project_id: int):
        project = self.projects.get(project_id)
        if project.status is not ProjectStatus.PUBLISHED or project.publication is None:
            raise ValidationError(f"El proyecto «{project.title}» aún no se publica: el paquete "
                                  "de publicación se genera con el texto consolidado publicado.")
        out = []
        for target in project.targets:
            regulation = self.corpus.get_regulation(target.regulation_uri)
            versions = [v for v in self.corpus.versions(target.regulation_uri)
                        if _same_act(v.amending_act, project.publication)]
            if not versions:
                raise NotFoundError(f"No se encontró la versión publicada de «{target.regulation_title}».")
            first = min(versions, key=lambda v: v.valid_from or date.min)
            expression = self.corpus.repository.load_version(target.regulation_uri, first.valid_from)
            out.append((_slug(regulation), regulation, expression))
        return out, self._approval(project)

    def _project_published_by(self, uri: str, act: GazetteReference | None) -> ReformProject | None:
        if act is None:
            return None
        for summary in self.projects.list():
            if summary.status is ProjectStatus.PUBLISHED and uri in summary.target_uris:
                project = self.projects.get(summary.id)
                if _same_act(project.publication, act):
                    return project
        return None

    def _approval(self, project: ReformProject) -> dict:
        records = self.workflow.timeline(project.id)
        approval = _last(records, lambda r: r.stage_to == APPROVAL_STAGE and bool(r.text_hash))
        # "publish" or an administrator's «publicación directa»: both lead to "published"
        published = _last(records, lambda r: r.stage_to == "published")
        return {"proyecto": project.id, "titulo": project.title,
                "expediente": project.file_number,
                "publicacion": gazette_to_dict(project.publication, with_source=False),
                "registro_aprobacion": _record_link(approval),
                "registro_publicacion": _record_link(published),
                "ancla_registro": self.workflow.anchor().text}

    def verify_package(self, path: Path) -> list[PackageProblem]:
        """Every file missing, altered or added in a package (empty: it verifies)."""
        return verify_package(path)

    def verify_approval(self, path: Path) -> list[PackageProblem]:
        """Check the package against this database: each text against the published version
        it stores (rebuilt in the package's note style), and the approval link and anchor
        against the procedure's record."""
        manifest = manifest_of(path)
        problems = self._texts_against_database(manifest, read_members(path))
        approval = manifest.get("aprobacion")
        if not approval:
            return problems
        records = self.workflow.timeline(int(approval["proyecto"]))
        anchors = []
        if approval.get("ancla_registro"):
            anchors.append(RecordAnchor.parse(str(approval["ancla_registro"])))
        problems += [PackageProblem(MANIFEST, f"El registro del trámite está alterado "
                                              f"(registro {p.seq}): {p.description}")
                     for p in self.workflow.verify_record(anchors)]
        by_seq = {r.seq: r for r in records}
        for key in ("registro_aprobacion", "registro_publicacion"):
            link = approval.get(key)
            if not link:
                continue
            record = by_seq.get(int(link["registro"]))
            if record is None or record.hash != link["hash"]:
                problems.append(PackageProblem(MANIFEST, f"El registro {link['registro']} del "
                                               "trámite no coincide con el del manifiesto."))
        link = approval.get("registro_aprobacion")
        if link and link.get("hash_texto"):
            # The project's text as stored must still be, canonically, the one Cabildo approved.
            project = self.projects.get(int(approval["proyecto"]))
            if canonical_text_hash(project_text(project)) != link["hash_texto"]:
                problems.append(PackageProblem(MANIFEST, "El texto del proyecto guardado ya no es "
                                               "el que aprobó el Cabildo."))
        return problems


    def _texts_against_database(self, manifest: dict,
                                members: dict[str, bytes]) -> list[PackageProblem]:
        problems = []
        for document in manifest.get("documentos", []):
            name = document.get("texto_canonico", {}).get("archivo", "")
            title = document.get("titulo", name)
            try:
                stored = self._stored_text(document)
            except ReglamentosError:
                problems.append(PackageProblem(name, f"La base de datos no tiene la versión "
                                                     f"publicada de «{title}» que trae el "
                                                     "paquete."))
                continue
            packaged = members.get(name, b"").decode("utf-8", errors="replace")
            if canonical_text_hash(packaged) != canonical_text_hash(stored):
                problems.append(PackageProblem(name, f"El texto de «{title}» no es la versión "
                                                     "publicada que guarda la base de datos: "
                                                     "se alteró el paquete o la base."))
        return problems

    def _stored_text(self, document: dict) -> str:
        """The package's .txt as this database would write it now."""
        uri, since = str(document["uri"]), document.get("vigente_desde")
        regulation = self.corpus.get_regulation(uri)
        expression = self.corpus.repository.load_version(
            uri, date.fromisoformat(since) if since else None)
        style = document.get("estilo_notas", "original")
        note_style = None if style == "original" else NoteStyle(style)
        return self._consolidated_bytes(regulation, expression, ExportFormat.TXT, None,
                                        note_style).decode("utf-8")


def _engine(name: str) -> str:
    if name not in PDF_ENGINES:
        raise ValidationError(f"Motor de PDF no válido: «{name}». Use qt o libreoffice.")
    return name


def _promoter(project: ReformProject) -> str:
    office = project.promoter_office.strip()
    return office or project.promoter_kind.label


def _slug(regulation: Regulation) -> str:
    return regulation.uri.slug


def _same_act(a: GazetteReference | None, b: GazetteReference | None) -> bool:
    return a is not None and b is not None and (a.number, a.date) == (b.number, b.date)


def _last(records: list[AuditRecord], wanted) -> AuditRecord | None:
    chosen = [r for r in records if wanted(r)]
    return max(chosen, key=lambda r: r.seq) if chosen else None


def _record_link(record: AuditRecord | None) -> dict | None:
    if record is None:
        return None
    return {"registro": record.seq, "hash": record.hash, "hash_texto": record.text_hash,
            "fecha": record.at, "accion": record.action, "etapa": record.stage_to}


def _read_umask() -> int:
    # Read once at import: setting and restoring the umask later would race with threads.
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


_UMASK = _read_umask()


def _user_mode(path: Path, *, folder: bool = False) -> None:
    """The permissions the user's umask gives a new file or folder (temp files are private)."""
    try:
        os.chmod(path, (0o777 if folder else 0o666) & ~_UMASK)
    except OSError:
        pass  # e.g. a file system without permissions: the file is written all the same


def _write_folder(dest: Path, members: list[PackageFile]) -> None:
    """Build the folder next to ``dest`` and rename it into place: never a half package."""
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise ValidationError(f"«{dest}» ya existe y no está vacía; elija otra carpeta.")
    parent = dest.parent if str(dest.parent) else Path(".")
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".tmp", dir=parent))
    try:
        _user_mode(tmp, folder=True)
        for member in members:
            target = tmp / member.name
            with open(target, "wb") as stream:
                stream.write(member.data)
                stream.flush()
                os.fsync(stream.fileno())
        if dest.exists():
            dest.rmdir()
        os.replace(tmp, dest)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ReglamentosError(f"No se pudo escribir el paquete en «{dest}»: "
                               f"{exc.strerror or exc}.", detail=str(exc)) from exc
