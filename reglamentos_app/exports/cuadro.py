"""Cuadro comparativo of a reform project: TEXTO VIGENTE | TEXTO PROPUESTO (| OBSERVACIONES).

One row per touched provision, in the draft's order (DOMAIN.md §9.2): changed words struck
through on the left and in bold underline on the right; "SIN CORRELATIVO" on the left of a new
provision (its fracciones and párrafos go in the same row); "SE DEROGA" on the right of a
repealed or suppressed one; a unit below an article is introduced by "ARTÍCULO n.- …" so the
reader knows where it sits; the unchanged provisions between two rows are collapsed to one
"…" row. The word diff is given by the caller (``diff``), since word diffs belong to the
diffing adapter and adapters do not import each other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..domain.changes import AlignedPair, RowKind, Segment, SegmentKind
from ..domain.provisions import Provision, ProvisionKind, ProvisionStatus
from .consolidated import provision_paragraph
from .model import Document, Heading, Paragraph, Role, Run, Table

__all__ = ["CuadroSection", "DiffFunction", "cuadro_document", "cuadro_table"]

DiffFunction = Callable[[str, str], list[Segment]]
NO_MATCH = "SIN CORRELATIVO"
REPEALED = "SE DEROGA"
ELLIPSIS = "…"
_DIVISION_WORDS = {ProvisionKind.BOOK: "LIBRO", ProvisionKind.TITLE: "TÍTULO",
                   ProvisionKind.CHAPTER: "CAPÍTULO", ProvisionKind.SECTION: "SECCIÓN"}


@dataclass(slots=True)
class CuadroSection:
    """The comparison of one regulation of the project."""

    regulation_title: str
    base: Provision
    draft: Provision
    pairs: Sequence[AlignedPair]
    observations: dict[str, list[str]] = field(default_factory=dict)  # pid → texts


# -- lines ------------------------------------------------------------------------------------------
def _line(node: Provision) -> str:
    if node.kind.is_division:
        return " ".join(p for p in (f"{_DIVISION_WORDS[node.kind]} {node.num}".strip(),
                                    node.heading) if p)
    if node.kind is ProvisionKind.TRANSITIONAL_GROUP:
        return "TRANSITORIOS" + (f" ({node.heading})" if node.heading else "")
    return provision_paragraph(node).text


def _label_runs(text: str, *, strike: bool = False, new: bool = False) -> list[Run]:
    """A whole line, bold/underlined when new or struck when removed."""
    return [Run(text, bold=new, underline=new, strike=strike)]


def _diff_runs(old: str, new: str, diff: DiffFunction) -> tuple[list[Run], list[Run]]:
    """(left, right) runs. Each side comes from a diff towards it, because a word diff's equal
    runs carry the spacing of its *new* text: the left side must read exactly as in force."""
    right = [Run(s.text) if s.kind is SegmentKind.EQUAL else
             Run(s.text, bold=True, underline=True)
             for s in diff(old, new) if s.kind is not SegmentKind.DELETE]
    left = [Run(s.text) if s.kind is SegmentKind.EQUAL else Run(s.text, strike=True)
            for s in diff(new, old) if s.kind is not SegmentKind.DELETE]
    return left or [Run("")], right or [Run("")]


def _indent(node: Provision) -> int:
    return {ProvisionKind.CLAUSE: 1, ProvisionKind.ITEM: 2, ProvisionKind.NUMERAL: 3}.get(
        node.kind, 0)


def _subtree_lines(node: Provision, *, strike: bool = False, new: bool = False
                   ) -> list[Paragraph]:
    return [Paragraph(_label_runs(_line(n), strike=strike, new=new), Role.BODY, _indent(n))
            for n in node.walk()]


# -- rows -------------------------------------------------------------------------------------------
def _parents(root: Provision) -> dict[int, Provision]:
    return {id(c): n for n in root.walk() for c in n.children}


def _article_of(node: Provision, parents: dict[int, Provision]) -> Provision | None:
    current = parents.get(id(node))
    while current is not None and current.kind not in (ProvisionKind.ARTICLE,
                                                        ProvisionKind.TRANSITIONAL):
        current = parents.get(id(current))
    return current


def _context(article: Provision | None) -> list[Paragraph]:
    if article is None:
        return []
    label = provision_paragraph(article).runs[0].text
    return [Paragraph([Run(label, bold=True), Run(f" {ELLIPSIS}")])]


def _changed_cells(pair: AlignedPair, diff: DiffFunction) -> tuple[list[Paragraph],
                                                                   list[Paragraph]]:
    base, draft = pair.base, pair.draft
    if draft.status is ProvisionStatus.REPEALED and base.status is not ProvisionStatus.REPEALED:
        left = _subtree_lines(base, strike=True)
        label = provision_paragraph(draft).runs[0].text if draft.num else ""
        runs = [Run(label, bold=True), Run(" ")] if label else []
        right = [Paragraph([*runs, Run(REPEALED, bold=True)], Role.BODY, _indent(draft))]
        return left, right
    (old_label, old_body), (new_label, new_body) = _parts(base), _parts(draft)
    left, right = [], []
    if old_label or new_label:
        # The label in bold, as in the text; a renumbering shows in it like any change.
        labels = _diff_runs(old_label, new_label, diff)
        left += [_bolded(r) for r in labels[0]] + [Run(" ")] * bool(old_body)
        right += [_bolded(r) for r in labels[1]] + [Run(" ")] * bool(new_body)
    if old_body or new_body:
        bodies = _diff_runs(old_body, new_body, diff)
        left += bodies[0]
        right += bodies[1]
    return ([Paragraph(left or [Run("")], Role.BODY, _indent(base))],
            [Paragraph(right or [Run("")], Role.BODY, _indent(draft))])


def _parts(node: Provision) -> tuple[str, str]:
    """(label, rest) of a provision's line: ("ARTÍCULO 5.-", "El texto…")."""
    if node.kind.is_division or node.kind is ProvisionKind.TRANSITIONAL_GROUP:
        return "", _line(node)
    runs = provision_paragraph(node).runs
    if runs and runs[0].bold:
        return runs[0].text, "".join(r.text for r in runs[1:]).lstrip()
    return "", "".join(r.text for r in runs)


def _bolded(run: Run) -> Run:
    return Run(run.text, bold=True, underline=run.underline, strike=run.strike)


@dataclass(slots=True)
class _Row:
    left: list[Paragraph]
    right: list[Paragraph]
    pids: list[str]
    article: Provision | None = None


def _rows(section: CuadroSection, diff: DiffFunction) -> list[_Row | None]:
    """The rows, with ``None`` where unchanged provisions were collapsed."""
    base_parents, draft_parents = _parents(section.base), _parents(section.draft)
    covered: set[int] = set()
    rows: list[_Row | None] = []
    skipped = False
    for pair in section.pairs:
        node = pair.draft if pair.draft is not None else pair.base
        if id(node) in covered:
            continue
        kind = pair.kind
        if kind is RowKind.EQUAL:
            skipped = True
            continue
        if skipped:
            rows.append(None)
            skipped = False
        parents = draft_parents if pair.draft is not None else base_parents
        article = _article_of(node, parents)
        if kind is RowKind.INSERTED:
            covered.update(id(n) for n in pair.draft.walk())
            row = _Row([Paragraph([Run(NO_MATCH, bold=True)], Role.CENTER)],
                       _subtree_lines(pair.draft, new=True), [n.pid for n in pair.draft.walk()],
                       article)
        elif kind is RowKind.DELETED:
            covered.update(id(n) for n in pair.base.walk())
            row = _Row(_subtree_lines(pair.base, strike=True),
                       [Paragraph([Run(REPEALED, bold=True)], Role.CENTER)],
                       [n.pid for n in pair.base.walk()], article)
        else:
            left, right = _changed_cells(pair, diff)
            row = _Row(left, right, [node.pid], article)
        rows.append(row)
    if skipped and rows:
        rows.append(None)
    return rows


def cuadro_table(section: CuadroSection, diff: DiffFunction, *,
                 with_observations: bool = False) -> Table:
    """The comparison table of one regulation (see the module docstring)."""
    header = ["TEXTO VIGENTE", "TEXTO PROPUESTO"] + (["OBSERVACIONES"] if with_observations else [])
    table = Table(header, [], [1.0, 1.0, 0.6] if with_observations else [1.0, 1.0])
    previous_article: Provision | None = None
    for row in _rows(section, diff):
        if row is None:
            cells = [[Paragraph([Run(ELLIPSIS)], Role.CENTER)] for _ in header]
            if with_observations:
                cells[-1] = [Paragraph([Run("")])]
            table.rows.append(cells)
            previous_article = None
            continue
        context = _context(row.article) if row.article is not previous_article else []
        previous_article = row.article
        cells = [context + row.left, context + row.right]
        if with_observations:
            notes = [text for pid in row.pids for text in section.observations.get(pid, [])]
            cells.append([Paragraph([Run(t)]) for t in notes] or [Paragraph([Run("")])])
        table.rows.append(cells)
    return table


def cuadro_document(project_title: str, sections: list[CuadroSection], diff: DiffFunction, *,
                    with_observations: bool = False, subtitle: str = "") -> Document:
    """The whole cuadro comparativo: title, then one table per regulation (landscape)."""
    doc = Document(title=f"Cuadro comparativo — {project_title}", landscape=True,
                   running_header=f"Cuadro comparativo · {project_title}",
                   subject="Cuadro comparativo de un proyecto de reforma")
    doc.para("CUADRO COMPARATIVO", Role.TITLE, bold=True)
    doc.para(project_title, Role.META)
    if subtitle:
        doc.para(f"Promovente: {subtitle}", Role.META)
    for section in sections:
        doc.add(Heading(1, section.regulation_title))
        doc.add(cuadro_table(section, diff, with_observations=with_observations))
    return doc
