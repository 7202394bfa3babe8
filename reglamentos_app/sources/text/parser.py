"""Plain text → ``ParsedDocument``: the entry point of the text importer.

Pipeline: ``lex`` every line; split the header from the body at the first structural line;
``read_header``; feed the body to the ``TreeBuilder``; derive statuses (derogated
placeholders); assign unique eIds; check the gazette references of reform notes.
"""

from __future__ import annotations

import re

from ...domain.numbering import fold
from ...domain.provisions import NoteStyle, ProvisionKind, ProvisionStatus, assign_eids, text_says_repealed
from ...domain.report import Correction, ImportReport, WarningKind, count_provisions
from ..document import ParsedDocument
from .builder import TreeBuilder, make_note
from .header import check_gazette, read_header
from .lexer import Line, LineKind, lex, split_heading, split_trailing_note

_BODY_START = {LineKind.DIVISION, LineKind.ARTICLE, LineKind.PREAMBLE_NOTE,
               LineKind.TRANSITIONAL_HEADING}


def parse_text(text: str, source_name: str = "",
               corrections: dict[int, Correction] | None = None) -> ParsedDocument:
    """Parse a regulation's text; never raises on odd input (see the import report).

    ``corrections`` are the user's fixes of mis-detected lines (by source line number); they
    are applied before the structure is built and kept in the report.
    """
    doc = ParsedDocument(report=ImportReport(source_name, corrections=dict(corrections or {})),
                         source_text=text)
    lines, repairs = lex(text, corrections)
    _report_repairs(repairs, doc.report)
    _ordinals_as_articles(lines)
    start = _body_start(lines)
    if start is None:
        # No structure at all: the whole text is kept as header (title and notes).
        start = len(lines)
        doc.report.warn(0, "No se encontraron artículos ni divisiones en el texto.")
    read_header(lines[:start], doc)
    builder = TreeBuilder(doc.root, doc.report)
    for line in lines[start:]:
        builder.feed(line)
    builder.finish()
    _finish_tree(doc)
    return doc


_EXPEDITION_RE = re.compile(r"^se\s+(?:expide|expiden|aprueba|aprueban|crea|emite|emiten)\b")


def _body_start(lines: list[Line]) -> int | None:
    """Index of the first structural line of the instrument itself. The expedition decree's
    own article ("ARTÍCULO ÚNICO.- Se expide la Ley…", "Artículo Primero.- Se expide…") is
    the decree's, not the law's: it stays in the preamble (header notes)."""
    start = next((i for i, ln in enumerate(lines) if ln.kind in _BODY_START), None)
    while (start is not None and lines[start].kind is LineKind.ARTICLE
           and not lines[start].num[:1].isdigit()
           and _EXPEDITION_RE.match(fold(lines[start].text))):
        start = next((i for i in range(start + 1, len(lines)) if lines[i].kind in _BODY_START),
                     None)
    return start


def _ordinals_as_articles(lines: list[Line]) -> None:
    """Lineamientos and acuerdos number their provisions with ordinal words ("Primero.",
    "Sexagésimo noveno."): with no article before the transitorios, those are the articles."""
    body: list[Line] = []
    for line in lines:
        if line.kind is LineKind.TRANSITIONAL_HEADING:
            break
        if line.kind is LineKind.ARTICLE:
            return
        if line.kind is LineKind.ORDINAL:
            body.append(line)
    if len(body) >= 3:
        for line in body:
            line.kind = LineKind.ARTICLE


_HEADED = {ProvisionKind.ARTICLE: 14, ProvisionKind.CLAUSE: 8, ProvisionKind.ITEM: 8,
           ProvisionKind.NUMERAL: 8}


def _finish_tree(doc: ParsedDocument) -> None:
    for node in doc.root.walk():
        if node.kind in _HEADED and not node.heading:
            node.heading, node.text = split_heading(node.text, _HEADED[node.kind])
        _split_trailing_note(node)
        if text_says_repealed(node.text) and not node.children:
            node.status = ProvisionStatus.REPEALED
        for note in node.notes:
            if note.gazette is not None:
                check_gazette(note.gazette, node.line, doc.report)
        if node.decree is not None:
            check_gazette(node.decree, node.line, doc.report)
    doc.report.counts = count_provisions(doc.root)
    for eid in assign_eids(doc.root):
        doc.report.warn(_line_of(doc, eid), f"Identificador repetido «{eid}»: hay dos "
                        "disposiciones con el mismo número en el mismo lugar.")


def _split_trailing_note(node) -> None:
    """A reform note wrapped onto the end of a provision's text becomes a note of it."""
    note_text, rest = split_trailing_note(node.text)
    if note_text:
        node.text = rest
        position = sum(1 for n in node.notes if n.style is NoteStyle.PREAMBLE)
        node.notes.insert(position, make_note(NoteStyle.PARENTHETICAL, note_text))


def _report_repairs(repairs, report: ImportReport) -> None:
    report.removed = list(repairs.removed)
    by_reason: dict[str, list[tuple[int, str]]] = {}
    for number, text in repairs.removed:
        if number in repairs.reasons:
            by_reason.setdefault(repairs.reasons[number], []).append((number, text))
    for reason, lines in by_reason.items():
        listed = "; ".join(f"línea {n}: «{text}»" for n, text in lines[:20])
        more = f"; y {len(lines) - 20} más" if len(lines) > 20 else ""
        report.warn(lines[0][0], f"Se quitó {reason} ({len(lines)}): {listed}{more}.",
                    WarningKind.METADATA)
    if repairs.removed:
        sample = ", ".join(f"«{text}» (línea {n})" for n, text in repairs.removed[:3])
        report.warn(repairs.removed[0][0], f"Se quitaron {len(repairs.removed)} líneas de "
                    f"paginación: {sample}{'…' if len(repairs.removed) > 3 else ''}.",
                    WarningKind.METADATA)
    if repairs.respaced or repairs.accents:
        report.warn(0, f"Se repararon {repairs.respaced + repairs.accents} encabezados con "
                    "letras espaciadas o acentos perdidos.", WarningKind.METADATA)


def _line_of(doc: ParsedDocument, eid: str) -> int:
    node = doc.root.find(eid)
    return node.line if node else 0
