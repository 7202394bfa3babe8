"""What the review tools read and report: corpus entries, provision units and findings.

The review package works on plain domain trees. A ``CorpusEntry`` is one regulation (URI,
title, status, date of its last reform, tree in force); ``iter_units`` walks a tree and yields
every provision whose own text is reviewable — in force, outside the transitorios of decrees
already published (history is not reformed) — with a readable label such as
«Artículo 47, fracción III». Findings are frozen dataclasses with a ``to_row`` that gives the
Spanish columns the reports (CSV, .docx, tables) show.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from ..domain.provisions import Provision, ProvisionKind, ProvisionStatus, text_says_repealed


@dataclass(slots=True)
class CorpusEntry:
    """One regulation as the review tools see it."""

    uri: str
    title: str
    root: Provision
    abrogated: bool = False
    last_reform: date | None = None
    original_date: date | None = None


@dataclass(frozen=True, slots=True)
class Unit:
    """A provision with reviewable text, its label and the number of its article."""

    node: Provision
    label: str
    article: Provision | None


_SUB_LABELS = {ProvisionKind.PARAGRAPH: "párrafo", ProvisionKind.CLAUSE: "fracción",
               ProvisionKind.ITEM: "inciso", ProvisionKind.NUMERAL: "numeral"}


def is_repealed(node: Provision) -> bool:
    return node.status is ProvisionStatus.REPEALED or text_says_repealed(node.text)


def iter_units(root: Provision) -> Iterator[Unit]:
    """Every in-force provision with text, outside published transitorios (module docstring)."""
    yield from _walk(root, [], None)


def _walk(node: Provision, path: list[str], article: Provision | None) -> Iterator[Unit]:
    for child in node.children:
        if child.kind is ProvisionKind.TRANSITIONAL_GROUP or is_repealed(child):
            continue
        if child.kind is ProvisionKind.ARTICLE:
            label_path, art = [f"Artículo {child.num}".strip()], child
        elif child.kind in _SUB_LABELS and article is not None:
            label_path, art = [*path, f"{_SUB_LABELS[child.kind]} {child.num}".strip()], article
        elif child.kind.is_division:
            label_path, art = [child.display_label()], None
        else:
            label_path, art = [*path, child.display_label()], article
        if child.text.strip() or child.heading.strip():
            yield Unit(child, ", ".join(label_path), art)
        yield from _walk(child, label_path, art)


def article_text(article: Provision) -> str:
    """The whole text of an article (heading, own text and every in-force descendant)."""
    parts = [article.heading, article.text]
    for node in article.walk():
        if node is not article and not is_repealed(node):
            parts.append(f"{node.num} {node.text}".strip())
    return " ".join(p for p in parts if p).strip()


def iter_articles(root: Provision) -> Iterator[Provision]:
    """In-force articles outside the transitorios."""
    for unit in iter_units(root):
        if unit.node.kind is ProvisionKind.ARTICLE:
            yield unit.node


@dataclass(frozen=True, slots=True)
class ObsoleteHit:
    """One obsolete reference found by a rule, with its proposed replacement."""

    uri: str
    title: str
    eid: str
    pid: str
    label: str
    field: str            # "text" or "heading"
    start: int
    end: int
    matched: str
    replacement: str      # "" = review case by case
    rule_id: str
    category: str
    category_label: str
    description: str
    before: str = ""
    after: str = ""

    @property
    def key(self) -> str:
        """Stable identity of the hit (selection in the GUI, --hit in the CLI)."""
        return f"{self.uri}#{self.eid}#{self.field}#{self.start}"

    @property
    def context(self) -> str:
        return f"…{self.before}[{self.matched}]{self.after}…"

    def to_row(self) -> dict[str, str]:
        return {"Reglamento": self.title, "URI": self.uri, "Disposición": self.label,
                "eId": self.eid, "Categoría": self.category_label, "Regla": self.rule_id,
                "Texto encontrado": self.matched,
                "Reemplazo propuesto": self.replacement or "(revisar caso por caso)",
                "Contexto": self.context}


@dataclass(frozen=True, slots=True)
class CitationFinding:
    """A citation that points to something missing, derogated, abrogated or unknown."""

    uri: str
    title: str
    eid: str
    label: str
    citation: str
    kind: str             # see CITATION_KINDS
    message: str
    target_uri: str = ""

    @property
    def kind_label(self) -> str:
        return CITATION_KINDS.get(self.kind, self.kind)

    def to_row(self) -> dict[str, str]:
        return {"Reglamento": self.title, "URI": self.uri, "Disposición": self.label,
                "eId": self.eid, "Tipo": self.kind_label, "Cita": self.citation,
                "Problema": self.message}


CITATION_KINDS = {
    "missing_article": "Artículo inexistente",
    "repealed_article": "Artículo derogado",
    "missing_clause": "Fracción inexistente",
    "repealed_clause": "Fracción derogada",
    "abrogated_regulation": "Ordenamiento abrogado",
    "unknown_regulation": "Ordenamiento fuera del corpus",
    "draft_breaks": "La reforma deja una cita sin destino",
}


@dataclass(slots=True)
class DuplicatePair:
    """Two near-duplicate or overlapping articles of different regulations."""

    score: float
    uri_a: str
    title_a: str
    eid_a: str
    label_a: str
    text_a: str
    uri_b: str
    title_b: str
    eid_b: str
    label_b: str
    text_b: str
    kind: str = "similar"          # "similar" | "fines" (same conduct, different fines)
    note: str = ""

    @property
    def kind_label(self) -> str:
        return {"similar": "Disposiciones parecidas", "fines": "Multas distintas",
                "definition": "Definiciones distintas"}.get(self.kind, self.kind)

    def to_row(self) -> dict[str, str]:
        return {"Tipo": self.kind_label, "Parecido": f"{self.score:.0f} %",
                "Reglamento A": self.title_a, "Disposición A": self.label_a,
                "Reglamento B": self.title_b, "Disposición B": self.label_b,
                "Observación": self.note, "Texto A": self.text_a, "Texto B": self.text_b}


@dataclass(slots=True)
class Definition:
    """A defined term («Vía pública.- …») in one regulation."""

    term: str
    text: str
    uri: str
    title: str
    eid: str
    label: str


@dataclass(slots=True)
class DefinitionGroup:
    """The same term defined by several regulations."""

    term: str
    definitions: list[Definition] = field(default_factory=list)
    identical: bool = False
