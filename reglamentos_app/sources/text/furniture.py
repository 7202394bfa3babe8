"""Stamps and running furniture in plain text, wherever they fall (DOMAIN.md §7.1, §8).

``find_furniture`` returns the indices of cleaned lines that are not part of the regulation:

1. the compilation stamps of the old state "Tomos" web compilation ("TOMO4\\MEXICALI\\REGPANT
   Actualizado en Internet: 14 de Marzo del 2011", "\\Tomos\\tomo4\\Mexicali\\Reginayun Publicado
   en Internet el: 8 de Abril del 2002", "Actualizaciones Anteriores: …", "Modificaciones
   Anteriores: …");
2. the Congress block of the BC state texts ("H. Congreso del Estado de Baja California",
   "Dirección de Procesos Parlamentarios", "Coordinación de Registro Parlamentario…");
3. running headers: a last-reform line ("Última reforma P.O. No. 9, del 21 de febrero de
   2020") that repeats, every repetition after the first (the first is the header's line);
4. running footers: a line ending in a page number ("Reglamento de … Página 2", "… 14")
   whose text without the number repeats with other numbers;
5. a running title: the same long line, not a sentence, three times or more (all but the
   first, which is the document's title).

A stamp is removed wherever it is; the reason of each removal goes to the import report.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from ...domain.numbering import fold

STAMP = "sello de compilación"
CONGRESS = "bloque del Congreso"
RUNNING = "encabezado o pie repetido"

_STAMP_RE = re.compile(
    r"(?:^|\\)tomos?\s*\d*\\|^\\?tomo\s*\d+\b|(?:actualizad[oa]|publicad[oa])\s+en\s+internet"
    r"|^(?:actualizaciones|modificaciones)\s+anteriores\b")
_CONGRESS_RE = re.compile(
    r"^(?:h\.\s*)?congreso del estado(?: libre y soberano)? de [a-z ]{4,30}$"
    r"|^direccion de procesos parlamentarios$"
    r"|^coordinacion de registro parlamentario(?: y actualizacion legislativa)?$"
    r"|^(?:xx[iv]*|x[xvi]*)\s+legislatura$")
_LAST_REFORM_RE = re.compile(r"^\(?\s*ultima\s+(?:reforma|modificacion)\b")
_PAGE_TAIL_RE = re.compile(r"^(?P<stem>.{6,}?)[\s,.\-–—|]*(?P<page>p[aá]g(?:ina|\.)?\s*)?(?P<n>\d{1,4})"
                           r"(?:\s*(?:de|/)\s*\d{1,4})?$", re.IGNORECASE)


def find_furniture(lines: list[str]) -> dict[int, str]:
    """Index → reason for every furniture line of ``lines`` (see the module docstring)."""
    found: dict[int, str] = {}
    folded = [fold(line) for line in lines]
    for i, f in enumerate(folded):
        if not f:
            continue
        if _STAMP_RE.search(f):
            found[i] = STAMP
        elif _CONGRESS_RE.match(f):
            found[i] = CONGRESS
    _repeated_last_reform(folded, found)
    _page_footers(lines, found)
    _running_titles(lines, found)
    return found


def _repeated_last_reform(folded: list[str], found: dict[int, str]) -> None:
    seen: set[str] = set()
    for i, f in enumerate(folded):
        if i in found or not _LAST_REFORM_RE.match(f) or len(f) > 160:
            continue
        if f in seen:
            found[i] = RUNNING
        seen.add(f)


def _page_footers(lines: list[str], found: dict[int, str]) -> None:
    stems: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, line in enumerate(lines):
        if i in found or not line or len(line) > 200:
            continue
        m = _PAGE_TAIL_RE.match(line)
        if m and not line[:1].isdigit() and (m["page"] or _KIND_RE.match(fold(m["stem"]))):
            stems[" ".join(m["stem"].split()).rstrip(" ,.-–—|").lower()].append((i, int(m["n"])))
    for stem, hits in stems.items():
        numbers = {n for _, n in hits}
        # A footer repeats with different page numbers; a sentence ending in a number does not.
        if len(hits) >= 2 and len(numbers) >= 2 and len(stem) >= 6 and not _is_provision(stem):
            for i, _ in hits:
                found[i] = RUNNING


def _running_titles(lines: list[str], found: dict[int, str]) -> None:
    counts = Counter(line for line in lines if len(line) >= 20)
    for line, n in counts.items():
        if n < 3 or line.endswith((".", ";", ":", ",")) or _is_provision(line.lower()):
            continue
        if line.startswith(("(", "[")) or not _mostly_upper(line):
            continue
        occurrences = [i for i, text in enumerate(lines) if text == line and i not in found]
        for i in occurrences[1:]:
            found[i] = RUNNING


_PROVISION_RE = re.compile(r"^(?:art[ií]culo|art\.|cap[ií]tulo|t[ií]tulo|secci[oó]n|libro|"
                           r"transitori|fracci[oó]n|[ivxlcdm]+[.)-]|[a-z]\))", re.IGNORECASE)


_KIND_RE = re.compile(r"^(?:reglamento|ley|bando|codigo|acuerdo|decreto|lineamientos?|manual|"
                      r"norma|reglas|estatuto|constitucion)\b")


def _is_provision(text: str) -> bool:
    return bool(_PROVISION_RE.match(text))


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)
