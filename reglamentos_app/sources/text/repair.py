"""Repairs of text extracted from PDFs and web copies, before lines are classified.

Post-conditions of ``repair_lines`` (DOMAIN.md §8 lists the artefacts):

1. Page furniture is gone: bare page numbers ("18", "- 18 -"), "Página 3 de 48" lines, the
   compilation stamps, Congress blocks and running headers and footers of ``furniture``;
   each removed line is listed in ``Repairs.removed`` (its reason in ``Repairs.reasons``).
2. A parenthetical note broken over several lines ("(Reformas aprobadas en sesión …" … "…)")
   is one line, numbered as its first line.
3. Letter-spaced structural words from OCR ("T IT U L O P R IM E R O", "C A P I T U L O I")
   are rejoined ("TITULO PRIMERO", "CAPITULO I").
4. Structural keywords that lost their accented letter in a bad conversion ("ARTCULO",
   "TTULO", "CAPTULO", "SECCIN") are restored.

Every other line is left exactly as it was, so that canonical text is a fixed point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .furniture import find_furniture

_PAGE_RE = re.compile(
    r"^(?:[-–—]\s*)?\d{1,4}(?:\s*[-–—])?$|^p[áa]g(?:ina|\.)?\s*\d{1,4}(?:\s*(?:de|/)\s*\d{1,4})?$",
    re.IGNORECASE)
_KEYWORDS = ("ARTICULO", "ARTÍCULO", "TITULO", "TÍTULO", "CAPITULO", "CAPÍTULO", "SECCION",
             "SECCIÓN", "LIBRO", "TRANSITORIOS", "TRANSITORIO")
_LOST_ACCENT = {
    re.compile(r"^ART(?:CULO|\uFFFDCULO)\b", re.IGNORECASE): "ARTÍCULO",
    re.compile(r"^T(?:TULO|\uFFFDTULO)\b"): "TÍTULO",
    re.compile(r"^CAP(?:TULO|\uFFFDTULO)\b"): "CAPÍTULO",
    re.compile(r"^SECCI(?:N|\uFFFDN)\b"): "SECCIÓN",
}
_SPACED_TOKEN = re.compile(r"^[A-ZÁÉÍÓÚÑ]{1,2}$")
_MAX_PAREN_LINES = 8


@dataclass(slots=True)
class Repairs:
    """What the repairs did, for the import report."""

    removed: list[tuple[int, str]] = field(default_factory=list)  # (line number, text)
    reasons: dict[int, str] = field(default_factory=dict)  # line number → why it was removed
    respaced: int = 0
    accents: int = 0
    joined: int = 0


def repair_lines(lines: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], Repairs]:
    """Apply the repairs of the module docstring to cleaned, numbered lines."""
    repairs = Repairs()
    furniture = find_furniture([line for _, line in lines])
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(lines):
        number, line = lines[i]
        if i in furniture:
            repairs.removed.append((number, line))
            repairs.reasons[number] = furniture[i]
            i += 1
            continue
        if line and _PAGE_RE.match(line):
            repairs.removed.append((number, line))
            i += 1
            continue
        if line.startswith("(") and ")" not in line:
            joined, used = _join_parenthetical(lines, i)
            if used:
                repairs.joined += used
                out.append((number, joined))
                i += used + 1
                continue
        out.append((number, _repair_words(line, repairs)))
        i += 1
    return out, repairs


def _join_parenthetical(lines: list[tuple[int, str]], start: int) -> tuple[str, int]:
    parts = [lines[start][1]]
    for offset in range(1, _MAX_PAREN_LINES + 1):
        if start + offset >= len(lines):
            return "", 0
        nxt = lines[start + offset][1]
        if not nxt or nxt.startswith("("):
            return "", 0
        if _PAGE_RE.match(nxt):
            continue  # a page break inside the note
        parts.append(nxt)
        if nxt.endswith((")", ").")):
            return " ".join(parts), offset
    return "", 0


def _repair_words(line: str, repairs: Repairs) -> str:
    if not line or not line[0].isupper():
        return line
    for pattern, word in _LOST_ACCENT.items():
        fixed, count = pattern.subn(word, line, count=1)
        if count:
            repairs.accents += 1
            return fixed
    tokens = line.split(" ")
    if len(tokens) >= 4 and sum(1 for t in tokens if _SPACED_TOKEN.match(t)) >= 0.8 * len(tokens):
        squeezed = "".join(tokens)
        for keyword in _KEYWORDS:
            if squeezed.startswith(keyword) and len(squeezed) > len(keyword):
                repairs.respaced += 1
                return f"{keyword} {squeezed[len(keyword):]}"
            if squeezed == keyword:
                repairs.respaced += 1
                return keyword
    return line
