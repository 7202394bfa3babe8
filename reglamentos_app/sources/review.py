"""The review step of an import: how each source line was read, and re-parsing with the
user's corrections.

``describe_lines`` lists every non-blank source line with a Spanish label of what the
importer took it for ("Artículo 5", "Fracción III", "Texto", "Omitida (paginación)…"), so
that a lawyer can spot a mis-detected line and correct it; ``reparse`` applies the
corrections. Akoma Ntoso files are already structured and have no lines to review.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..domain.errors import ValidationError
from ..domain.report import Correction
from .loader import LoadedDocument
from .text.lexer import LineKind, lex
from .text.parser import parse_text

_LABELS = {
    LineKind.DIVISION: "División", LineKind.ARTICLE: "Artículo",
    LineKind.PREAMBLE_NOTE: "Nota «Fue reformado…»",
    LineKind.TRANSITIONAL_HEADING: "Encabezado de transitorios", LineKind.ORDINAL: "Ordinal",
    LineKind.ROMAN: "Fracción", LineKind.LETTER: "Inciso", LineKind.NUMERAL: "Numeral",
    LineKind.PAREN_NOTE: "Nota de reforma", LineKind.EDITOR_NOTE: "Nota del editor",
    LineKind.FEDERAL_NOTE: "Nota de reforma", LineKind.PAREN: "Texto entre paréntesis",
    LineKind.TEXT: "Texto",
}


@dataclass(frozen=True, slots=True)
class LineView:
    """One source line as the importer read it."""

    number: int
    text: str
    label: str
    corrected: Correction | None = None


def describe_lines(loaded: LoadedDocument) -> list[LineView]:
    """Every non-blank line of the parsed source with what it was taken for."""
    text = loaded.doc.source_text
    if not text:
        return []
    corrections = loaded.doc.report.corrections
    lines, repairs = lex(text, corrections)
    views = {n: LineView(n, t, f"Omitida ({repairs.reasons.get(n, 'paginación')})",
                         corrections.get(n))
             for n, t in repairs.removed}
    for line in lines:
        if line.kind is LineKind.BLANK:
            continue
        label = _LABELS[line.kind]
        if line.kind is LineKind.DIVISION:
            label = line.keyword.capitalize().replace("Titulo", "Título").replace(
                "Capitulo", "Capítulo").replace("Seccion", "Sección")
        if line.num:
            label = f"{label} {line.num}"
        views[line.number] = LineView(line.number, line.raw, label, corrections.get(line.number))
    return [views[n] for n in sorted(views)]


def reparse(loaded: LoadedDocument, corrections: dict[int, Correction]) -> LoadedDocument:
    """The same source parsed again with the user's corrections."""
    if not loaded.doc.source_text:
        raise ValidationError("Este documento ya viene estructurado (Akoma Ntoso); no hay "
                              "líneas que corregir.")
    doc = parse_text(loaded.doc.source_text, loaded.doc.report.source_name, corrections)
    # Warnings of the conversion itself (tracked changes, furniture) stay with the document.
    earlier = [w for w in loaded.doc.report.warnings if w.line == 0
               and w not in doc.report.warnings]
    doc.report.warnings[:0] = earlier
    return replace(loaded, doc=doc)
