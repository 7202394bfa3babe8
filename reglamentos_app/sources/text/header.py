"""The header of a regulation: title, original publication, last reform and notes.

The header is every line before the first division, article or transitorios heading.
The title is the first run of upper-case lines (or the first line when none is upper case);
the publication and last-reform lines are recognised by their wording (DOMAIN.md §7.1).
"""

from __future__ import annotations

from ...domain.numbering import fold
from ...domain.report import ImportReport, WarningKind
from ..document import ParsedDocument
from .gazette_text import parse_gazette
from .lexer import Line, LineKind, mostly_upper


def read_header(lines: list[Line], doc: ParsedDocument) -> None:
    """Fill the header fields of ``doc`` from the header lines."""
    i = 0
    title_parts: list[str] = []
    while i < len(lines) and lines[i].kind is LineKind.BLANK:
        i += 1
    while i < len(lines) and lines[i].kind is not LineKind.BLANK:
        raw = lines[i].raw
        if title_parts and (not mostly_upper(raw) or _is_publication(raw) or _is_last_reform(raw)):
            break
        title_parts.append(raw)
        i += 1
        if not mostly_upper(raw):
            break
    doc.title = " ".join(title_parts)
    for line in lines[i:]:
        if line.kind is LineKind.BLANK:
            continue
        if not doc.publication_line and _is_publication(line.raw) and not _is_last_reform(line.raw):
            doc.publication_line = line.raw
        elif not doc.last_reform_line and _is_last_reform(line.raw):
            doc.last_reform_line = line.raw
        else:
            doc.header_notes.append(line.raw)
    doc.original_publication = _gazette(doc.publication_line, lines, doc.report)
    doc.last_reform = _gazette(doc.last_reform_line, lines, doc.report)
    if not doc.title:
        doc.report.warn(1, "No se encontró el título del reglamento al inicio del texto.",
                        WarningKind.METADATA)


def _gazette(text: str, lines: list[Line], report: ImportReport):
    if not text:
        return None
    ref = parse_gazette(text)
    line_no = next((ln.number for ln in lines if ln.raw == text), 0)
    check_gazette(ref, line_no, report)
    return ref


def check_gazette(ref, line_no: int, report: ImportReport) -> None:
    """Metadata warnings for a gazette reference: missing date, implausible tome."""
    if ref is None:
        report.warn(line_no, "No se reconocen los datos de publicación de esta línea.",
                    WarningKind.METADATA)
        return
    if ref.date is None:
        report.warn(line_no, "La cita del Periódico Oficial no tiene una fecha legible.",
                    WarningKind.METADATA)
    elif not ref.tome_is_plausible():
        report.warn(line_no, f"El Tomo {ref.tome} no corresponde al año {ref.date.year} "
                    f"(se esperaba cerca de {ref.expected_tome()}).", WarningKind.METADATA)


def _is_publication(text: str) -> bool:
    f = fold(text).lstrip("( ")
    return (f.startswith(("publicad", "aprobad", "reglamento publicado", "expedid"))
            or ("periodico oficial" in f and "publicad" in f))


def _is_last_reform(text: str) -> bool:
    f = fold(text).lstrip("( ")
    # "TEXTO VIGENTE" alone is a label, not a citation: a last-reform line carries a date.
    return (f.startswith(("ultima reforma", "ultimas reformas", "texto vigente",
                          "ultima modificacion")) and any(ch.isdigit() for ch in f))
