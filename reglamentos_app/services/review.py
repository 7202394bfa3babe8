"""Corpus review use cases: obsolete references, citations, harmonisation, health, reports.

The service loads the text in force of every regulation once per call (``CorpusEntry``), runs
the ``review`` adapter over it (rules scanner, citation checker, definitions and fines) and
composes it with ``diffing.similarity`` for the near-duplicate articles. The rules come from
the user's copy of the rules file in the data folder when there is one, else from the factory
copy; importing a file validates it first and writes it atomically, so a bad file never
replaces a good one. «Crear proyecto de reforma» turns selected hits into an omnibus reform
project through the public API of ``ProjectService`` (create, then a ``DraftSession`` per
regulation with the replacements already drafted and saved).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..diffing.similarity import near_duplicates, similarity
from ..domain.errors import NotFoundError, ValidationError
from ..domain.reform import ProjectStatus, ReformProject
from ..domain.regulation import RegulationStatus, formal_title
from ..review.citations import check_corpus, draft_findings
from ..review.harmonize import (
    article_units, comparable_text, definition_groups, definition_pairs, make_pair,
)
from ..review.model import (
    CitationFinding, CorpusEntry, DefinitionGroup, DuplicatePair, ObsoleteHit,
)
from ..review.rules import (
    CATEGORIES, RuleBook, default_rules_text, dump_rules, dump_rules_data, load_rules,
)
from ..review.scanner import Scanner, apply_hits
from .corpus import CorpusService
from .files import write_atomic
from .projects import ProjectService

__all__ = ["CreatedProject", "HealthReport", "ReviewService", "ScanReport"]

RULES_FILE = "reglas_revision.yaml"
AGE_BUCKETS = ("Menos de 5 años", "De 5 a 10 años", "De 10 a 20 años", "Más de 20 años",
               "Sin fecha")


@dataclass(slots=True)
class ScanReport:
    """Hits of the obsolete-reference rules, with counts per regulation and per category."""

    hits: list[ObsoleteHit]
    regulations: int = 0

    @property
    def by_regulation(self) -> dict[str, int]:
        return dict(Counter(h.title for h in self.hits).most_common())

    @property
    def by_category(self) -> dict[str, int]:
        return dict(Counter(h.category_label for h in self.hits).most_common())


@dataclass(slots=True)
class HealthReport:
    """The dashboard's figures: age of last reform, findings by kind, open projects."""

    ages: dict[str, int]
    regulations: list[dict[str, str]]
    findings: dict[str, int]
    open_projects: list[tuple[int, str]]
    projects_by_status: dict[str, int]
    scan: ScanReport
    citations: list[CitationFinding]
    duplicates: list[DuplicatePair]


@dataclass(slots=True)
class CreatedProject:
    """The project drafted from hits, and the hits that were left for a manual review."""

    project: ReformProject
    applied: int
    skipped: list[ObsoleteHit] = field(default_factory=list)


class ReviewService:
    """Corpus review (see the module docstring)."""

    def __init__(self, corpus: CorpusService, projects: ProjectService, rules_path: Path) -> None:
        self.corpus = corpus
        self.projects = projects
        self.rules_path = rules_path

    # -- the rules file -----------------------------------------------------------------------
    def rules_text(self) -> str:
        if self.rules_path.is_file():
            return self.rules_path.read_text(encoding="utf-8")
        return default_rules_text()

    def rule_book(self) -> RuleBook:
        source = str(self.rules_path) if self.rules_path.is_file() else "reglas de fábrica"
        return load_rules(self.rules_text(), source)

    @property
    def using_default_rules(self) -> bool:
        return not self.rules_path.is_file()

    def export_rules(self, path: Path) -> None:
        write_atomic(path, self.rules_text().encode("utf-8"))

    def import_rules(self, path: Path) -> RuleBook:
        """Validate a rules file and make it the user's copy (nothing changes if it is bad)."""
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise NotFoundError(f"No existe el archivo «{path}».") from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise ValidationError(f"No se pudo leer «{path}» como texto UTF-8.") from exc
        return self.save_rules_text(text, source=path.name)

    def save_rules_text(self, text: str, source: str = "reglas") -> RuleBook:
        book = load_rules(text, source)
        self.rules_path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.rules_path, text.encode("utf-8"))
        return book

    def save_rule_book(self, book: RuleBook) -> RuleBook:
        """Save rules edited in the application's table (validated like an imported file)."""
        return self.save_rules_text(dump_rules(book), source="tabla de reglas")

    def rules_data(self) -> dict:
        """The rules in use as plain data (sets, rules, known laws), for the rules table."""
        return self.rule_book().to_data()

    def save_rules_data(self, data: dict) -> RuleBook:
        """Save rules edited as plain data (validated like an imported file)."""
        return self.save_rules_text(dump_rules_data(data), source="tabla de reglas")

    @staticmethod
    def rule_categories() -> dict[str, str]:
        """Rule category id → Spanish label."""
        return dict(CATEGORIES)

    def reset_rules(self) -> None:
        """Go back to the factory rules (the user's copy is removed)."""
        self.rules_path.unlink(missing_ok=True)

    # -- the corpus as the review sees it -------------------------------------------------------
    def entries(self, uris: Iterable[str] | None = None) -> list[CorpusEntry]:
        wanted = set(uris) if uris else None
        out = []
        for summary in self.corpus.list_regulations():
            if wanted is not None and summary.uri not in wanted:
                continue
            out.append(CorpusEntry(summary.uri, summary.title,
                                   self.corpus.get_text(summary.uri).root,
                                   summary.status is RegulationStatus.ABROGATED,
                                   summary.last_reform, summary.original_date))
        if wanted is not None and len(out) < len(wanted):
            missing = wanted - {e.uri for e in out}
            raise NotFoundError(f"No está en el corpus: {', '.join(sorted(missing))}.")
        return out

    # -- obsolete references --------------------------------------------------------------------
    def scan(self, uris: Iterable[str] | None = None, *, sets: Iterable[str] | None = None,
             entries: list[CorpusEntry] | None = None) -> ScanReport:
        """Hits of the active rule sets (or exactly ``sets``) in the regulations ``uris``."""
        book = self.rule_book()
        chosen = set(sets) if sets else None
        if chosen:
            unknown = chosen - {s.id for s in book.sets}
            if unknown:
                raise ValidationError(f"No existe el conjunto de reglas «{sorted(unknown)[0]}» "
                                      f"(hay: {', '.join(s.id for s in book.sets)}).")
        entries = entries if entries is not None else self.entries(uris)
        return ScanReport(Scanner(book.active_rules(chosen)).scan(entries), len(entries))

    def create_project(self, hits: Sequence[ObsoleteHit], title: str = "") -> CreatedProject:
        """An omnibus reform project with the replacements of ``hits`` already drafted."""
        usable = [h for h in hits if h.replacement]
        if not usable:
            raise ValidationError("Ninguno de los hallazgos elegidos tiene un reemplazo "
                                  "propuesto; esos se revisan caso por caso.")
        uris = list(dict.fromkeys(h.uri for h in usable))
        categories = sorted({h.category_label for h in usable})
        title = title.strip() or ("Actualización de referencias obsoletas (" +
                                  ", ".join(categories) + ")")
        motives = _motives(usable, categories)
        project = self.projects.create(title, uris, motives=motives)
        try:
            applied, skipped = self._draft_replacements(project.id, uris, usable)
        except BaseException:
            self.projects.delete(project.id)  # never leave a half-drafted project behind
            raise
        skipped = [h for h in hits if not h.replacement] + skipped
        return CreatedProject(self.projects.get(project.id), applied, skipped)

    def _draft_replacements(self, project_id: int, uris: list[str],
                            usable: Sequence[ObsoleteHit]) -> tuple[int, list[ObsoleteHit]]:
        """Write the hits' replacements into each target's draft and save it."""
        applied, skipped = 0, []
        for uri in uris:
            session = self.projects.open_draft(project_id, uri)
            by_node: dict[tuple[str, str], list[ObsoleteHit]] = {}
            for hit in usable:
                if hit.uri == uri:
                    by_node.setdefault((hit.pid, hit.field), []).append(hit)
            for (pid, field_name), node_hits in by_node.items():
                try:
                    node = session.editor.node(pid)
                except NotFoundError:  # the provision is no longer in the text in force
                    skipped.extend(node_hits)
                    continue
                new_text, left = apply_hits(getattr(node, field_name), node_hits)
                skipped.extend(left)
                applied += len(node_hits) - len(left)
                session.editor.edit(pid, **{field_name: new_text})
            session.save()
        return applied, skipped

    # -- citations ------------------------------------------------------------------------------
    def check_references(self, uris: Iterable[str] | None = None, *,
                         entries: list[CorpusEntry] | None = None) -> list[CitationFinding]:
        """Broken citations of the regulations ``uris`` (checked against the whole corpus)."""
        everything = entries if entries is not None else self.entries()
        findings = check_corpus(everything, self.rule_book().known_laws)
        wanted = set(uris) if uris else None
        return [f for f in findings if wanted is None or f.uri in wanted]

    def check_draft(self, project_id: int) -> list[CitationFinding]:
        """What the project's drafts break («esta reforma deroga el artículo 20, citado…»)."""
        project = self.projects.get(project_id)
        corpus = self.entries()
        known = self.rule_book().known_laws
        out: list[CitationFinding] = []
        for target in project.targets:
            draft = CorpusEntry(target.regulation_uri, formal_title(target.regulation_title),
                                target.draft)
            out.extend(draft_findings(draft, self.projects.base_tree(target), corpus, known))
        return out

    def draft_advice(self, project_id: int) -> list[str]:
        """``check_draft`` as the one-line warnings the procedure shows before a transition."""
        return [f"{f.title}, {f.label.lower()}: {f.message}" if f.kind != "draft_breaks"
                else f"{f.title}: {f.message}" for f in self.check_draft(project_id)]

    # -- harmonisation --------------------------------------------------------------------------
    def near_duplicates(self, *, threshold: float = 85.0, definitions: bool = True,
                        entries: list[CorpusEntry] | None = None) -> list[DuplicatePair]:
        """Near-duplicate articles of different regulations and terms defined differently."""
        if not 50 <= threshold <= 100:
            raise ValidationError("El umbral de parecido va de 50 a 100.")
        entries = entries if entries is not None else self.entries()
        units = article_units(entries)
        pairs = near_duplicates([comparable_text(u[2]) for u in units], threshold=threshold,
                                groups=[u[0].uri for u in units])
        out = [make_pair(p.score, units[p.a], units[p.b]) for p in pairs]
        if definitions:
            out.extend(definition_pairs(definition_groups(entries, similarity), similarity))
        out.sort(key=lambda p: ({"fines": 0, "definition": 1}.get(p.kind, 2), -p.score))
        return out

    def definition_groups(self) -> list[DefinitionGroup]:
        return definition_groups(self.entries(), similarity)

    # -- dashboard ------------------------------------------------------------------------------
    def health(self, today: date | None = None, *, threshold: float = 85.0) -> HealthReport:
        today = today or date.today()
        entries = self.entries()
        scan = self.scan(entries=entries)
        citations = self.check_references(entries=entries)
        duplicates = self.near_duplicates(threshold=threshold, entries=entries)
        ages = dict.fromkeys(AGE_BUCKETS, 0)
        rows = []
        for entry in entries:
            last = entry.last_reform or entry.original_date
            bucket = _age_bucket(last, today)
            ages[bucket] += 1
            rows.append({"Reglamento": entry.title, "URI": entry.uri,
                         "Última reforma": last.isoformat() if last else "",
                         "Antigüedad": bucket,
                         "Referencias obsoletas": str(sum(h.uri == entry.uri for h in scan.hits)),
                         "Citas rotas": str(sum(c.uri == entry.uri for c in citations))})
        findings = Counter(h.category_label for h in scan.hits)
        findings.update(c.kind_label for c in citations)
        findings.update(d.kind_label for d in duplicates)
        projects = self.projects.list()
        open_projects = [(p.id, p.title) for p in projects if p.status is ProjectStatus.OPEN]
        by_status = {status.label.capitalize(): sum(p.status is status for p in projects)
                     for status in ProjectStatus}
        return HealthReport(ages, rows, dict(findings.most_common()), open_projects, by_status,
                            scan, citations, duplicates)

    # -- reports --------------------------------------------------------------------------------
    @staticmethod
    def csv_bytes(rows: Sequence[dict[str, str]]) -> bytes:
        """CSV with a BOM and «;» separators, as Excel in Spanish opens it directly."""
        buffer = io.StringIO()
        if rows:
            writer = csv.DictWriter(buffer, fieldnames=list(rows[0].keys()), delimiter=";",
                                    extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")

    def export_csv(self, rows: Sequence[dict[str, str]], path: Path) -> None:
        write_atomic(path, self.csv_bytes(rows))

    def export_docx(self, path: Path, *, scan: ScanReport | None = None,
                    citations: Sequence[CitationFinding] | None = None,
                    duplicates: Sequence[DuplicatePair] | None = None,
                    today: date | None = None) -> None:
        """The review report (.docx) with the sections given (each omitted one is skipped)."""
        from ..exports.review_report import ReportSection, review_report_docx

        today = today or date.today()
        summary, sections = [f"Fecha del reporte: {today:%d/%m/%Y}."], []
        if scan is not None:
            summary.append(f"Referencias obsoletas: {len(scan.hits)} en "
                           f"{len(scan.by_regulation)} reglamentos.")
            sections.append(ReportSection(
                "Referencias obsoletas", [h.to_row() for h in scan.hits],
                "Por reglamento: " + "; ".join(f"{k}: {v}" for k, v in
                                               scan.by_regulation.items())))
        if citations is not None:
            summary.append(f"Citas con problemas: {len(citations)}.")
            sections.append(ReportSection("Citas", [c.to_row() for c in citations]))
        if duplicates is not None:
            summary.append(f"Disposiciones por homologar: {len(duplicates)}.")
            sections.append(ReportSection("Homologación", [d.to_row() for d in duplicates]))
        data = review_report_docx("Revisión del corpus de reglamentos municipales", summary,
                                  sections)
        write_atomic(path, data)


def _age_bucket(last: date | None, today: date) -> str:
    if last is None:
        return AGE_BUCKETS[4]
    years = (today - last).days / 365.25
    if years < 5:
        return AGE_BUCKETS[0]
    if years < 10:
        return AGE_BUCKETS[1]
    if years < 20:
        return AGE_BUCKETS[2]
    return AGE_BUCKETS[3]


def _motives(hits: Sequence[ObsoleteHit], categories: list[str]) -> str:
    regulations = sorted({h.title for h in hits})
    lines = ["La revisión del corpus municipal encontró referencias que ya no corresponden al "
             "orden jurídico vigente (" + ", ".join(categories).lower() + ").",
             "Este proyecto las actualiza en: " + "; ".join(regulations) + ".",
             "Cada reemplazo fue propuesto por las reglas de revisión y debe confirmarse en la "
             "revisión jurídica del proyecto."]
    return "\n\n".join(lines)
