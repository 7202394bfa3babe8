"""The header of a regulation: title, original publication, last reform and notes.

The header is every line before the first division, article or transitorios heading.
The title is the first run of lines that starts with the name of a kind of instrument ("LEY",
"REGLAMENTO", "Lineamientos"…), over as many lines as it wraps, and never a stamp, running
header, publication line or promulgation formula; the publication and last-reform lines are
recognised by their wording (DOMAIN.md §7.1 and the DOF forms), with the date they wrap onto.
"""

from __future__ import annotations

import re

from ...domain.numbering import fold
from ...domain.report import ImportReport, WarningKind
from ..document import ParsedDocument
from .gazette_text import parse_date, parse_gazette
from .lexer import Line, LineKind, mostly_upper


def read_header(lines: list[Line], doc: ParsedDocument) -> None:
    """Fill the header fields of ``doc`` from the header lines."""
    content = [ln for ln in lines if ln.kind is not LineKind.BLANK]
    used: set[int] = set()
    title_lines = _title_lines(lines)
    doc.title = " ".join(" ".join(ln.raw for ln in title_lines).split())
    used.update(id(ln) for ln in title_lines)
    for k, line in enumerate(content):
        if id(line) in used:
            continue
        if not doc.last_reform_line and _is_last_reform_start(line.raw):
            doc.last_reform_line = _with_date(content, k, used)
        elif not doc.publication_line and _is_publication(line.raw) and not _is_last_reform_start(line.raw):
            doc.publication_line = _with_date(content, k, used)
        else:
            doc.header_notes.append(line.raw)
        used.add(id(line))
    doc.original_publication = _gazette(doc.publication_line, lines, doc.report)
    doc.last_reform = _gazette(doc.last_reform_line, lines, doc.report)
    if not doc.title:
        doc.report.warn(1, "No se encontró el título del reglamento al inicio del texto.",
                        WarningKind.METADATA)


_KIND_WORDS = re.compile(
    r"^(?:reglamento|ley|bando|codigo|lineamientos?|manual|norma|normas|reglas|estatuto|"
    r"constitucion|acuerdo|decreto|plan|programa|politicas?|criterios|disposiciones)\b")
_NOT_TITLE = re.compile(
    r"^(?:camara de diputados|secretaria general|secretaria de servicios parlamentarios|"
    r"texto vigente|nueva ley|nuevo reglamento|nuevo codigo|al margen|menu de referencias|"
    r"reforma publicada|(?:el|la) (?:ciudadano|c\.)|que el (?:h\.|honorable)|decreto\s*(?:numero|no\.)|"
    r"d ?e ?c ?r ?e ?t ?a|decreta)"
    r"|sabed\b|hace saber|a sus habitantes|a los habitantes|gobernador constitucional|"
    r"presidente (?:constitucional|de los estados)|jefe de gobierno|decreta:?$|^decreto$")


def _excluded(text: str) -> bool:
    f = fold(text).lstrip("(\"' ")
    return (_is_publication(text) or _is_last_reform_start(text) or bool(_NOT_TITLE.search(f))
            or f.startswith(("se expide", "articulo unico", "unico.")))


def _title_lines(lines: list[Line]) -> list[Line]:
    """The instrument's name: the first run of lines that starts with a kind word ("LEY…",
    "REGLAMENTO…", "Lineamientos…"), never a stamp, publication line or promulgation formula
    ("EL CIUDADANO … GOBERNADOR … SABED:"); a decree heading only when nothing else names it."""
    runs: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.kind is LineKind.BLANK or _excluded(line.raw):
            if current:
                runs.append(current)
            current = []
        else:
            current.append(line)
    if current:
        runs.append(current)
    for wanted in (lambda f: _KIND_WORDS.match(f) and not f.startswith(("decreto", "acuerdo")),
                   lambda f: _KIND_WORDS.match(f), lambda f: True):
        for r, run in enumerate(runs):
            for k, line in enumerate(run):
                if wanted(fold(line.raw)) and (k == 0 or mostly_upper(line.raw)):
                    taken = _title_run(run[k:])
                    if len(taken) == len(run) - k and r + 1 < len(runs):
                        taken += _wrapped_after_blank(lines, taken, runs[r + 1])
                    return taken
    return []


def _wrapped_after_blank(lines: list[Line], taken: list[Line], following: list[Line]) -> list[Line]:
    """The rest of an upper-case title that a PDF put after a blank line ("…EN MATERIA" /
    "ECONÓMICA"): the next run, right after blank lines only, upper case, not a new name."""
    last, nxt = lines.index(taken[-1]), lines.index(following[0])
    between = lines[last + 1:nxt]
    if (not between or any(ln.kind is not LineKind.BLANK for ln in between)
            or not mostly_upper(taken[0].raw) or taken[-1].raw.endswith((".", ":"))):
        return []
    run = _title_run(following)
    if (not mostly_upper(following[0].raw) or _KIND_WORDS.match(fold(following[0].raw))
            or len(run) > 2 or sum(len(ln.raw) for ln in run) > 160):
        return []
    return run


def _title_run(run: list[Line]) -> list[Line]:
    upper = mostly_upper(run[0].raw)
    taken = [run[0]]
    for line in run[1:4]:
        if upper != mostly_upper(line.raw) or (not upper and taken[-1].raw.endswith(".")):
            break
        taken.append(line)
    return taken


def _with_date(content: list[Line], k: int, used: set[int]) -> str:
    """A publication line with the date it wraps onto ("PUBLICADA EN LA GACETA OFICIAL DEL
    DISTRITO FEDERAL" / "EL 27 DE OCTUBRE DE 2008")."""
    text = content[k].raw
    for line in content[k + 1:k + 3]:
        if parse_date(text) is not None or _excluded(line.raw) or id(line) in used:
            break
        if not (any(ch.isdigit() for ch in line.raw) and len(line.raw) < 120):
            break
        text = f"{text} {line.raw}"
        used.add(id(line))
    return text


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
            or (("periodico oficial" in f or "diario oficial" in f or "gaceta oficial" in f
                 or "gaceta municipal" in f) and "publicad" in f))


def _is_last_reform(text: str) -> bool:
    f = fold(text).lstrip("( ")
    # "TEXTO VIGENTE" alone is a label, not a citation: a last-reform line carries a date.
    return (f.startswith(("ultima reforma", "ultimas reformas", "texto vigente",
                          "ultima modificacion")) and any(ch.isdigit() for ch in f))


def _is_last_reform_start(text: str) -> bool:
    """A last-reform line, or its first half when the date wraps ("Última reforma publicada en
    la G.O. CDMX" / "el 27 de agosto de 2025.")."""
    f = fold(text).lstrip("( ")
    return _is_last_reform(text) or f.startswith(("ultima reforma publicada", "ultima reforma p",
                                                  "reforma publicada en el"))
