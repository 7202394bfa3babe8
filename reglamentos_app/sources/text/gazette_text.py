"""Reading gazette references (Periódico Oficial citations) out of free Spanish text.

Recognises the variants in DOMAIN.md §7.1: "No. 55, de fecha 14 de diciembre de 2001,
Tomo CVIII", "No. 44, Sección II", "P.O. No. 40, del 17 de junio de 2022", "POE 19/03/2021",
"30-Dic-2022", "DOF 05-01-1999", and the "delo" typo of the originals.
"""

from __future__ import annotations

import re
from datetime import date

from ...domain.gazette import MONTHS, GazetteReference
from ...domain.numbering import fold

_MONTH_NUM = {m: i + 1 for i, m in enumerate(MONTHS)}
_MONTH_NUM["setiembre"] = 9
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)}

_NUMBER_RE = re.compile(r"\b(?:no|num|numero|n°|nº)\.?\s*(\d{1,4})\b")
_SECTION_RE = re.compile(r"\bseccion\s+([ivx]+|\d+|unica|primera|segunda|tercera|cuarta)\b")
_TOME_RE = re.compile(r"\btomo\s+([ivxlcdm]+|\d+)\b")
_LONG_DATE_RE = re.compile(
    r"\b(\d{1,2})\s*(?:o|º)?\s+de\s+([a-z]+)\s+(?:de|del|delo)\s+(\d{4})\b")
_NUMERIC_DATE_RE = re.compile(r"\b(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4}|\d{2})\b")
_ABBR_DATE_RE = re.compile(r"\b(\d{1,2})[\-/\s]([a-z]{3})[a-z]*\.?[\-/\s](\d{4})\b")
_SECTION_WORDS = {"unica": "Única", "primera": "I", "segunda": "II", "tercera": "III", "cuarta": "IV"}


def parse_date(text: str) -> date | None:
    """First date found in ``text`` (long Spanish, numeric d/m/a or abbreviated month)."""
    folded = fold(text)
    for regex, month_of in ((_LONG_DATE_RE, _MONTH_NUM.get), (_ABBR_DATE_RE, _MONTH_ABBR.get),
                            (_NUMERIC_DATE_RE, lambda m: int(m))):
        for m in regex.finditer(folded):
            month = month_of(m.group(2))
            if not month:
                continue
            year = int(m.group(3))
            if year < 100:  # "27/08/25": two-digit years in federal and CDMX notes
                year += 2000 if year <= date.today().year % 100 else 1900
            try:
                return date(year, int(month), int(m.group(1)))
            except ValueError:
                continue
    return None


def parse_gazette(text: str) -> GazetteReference | None:
    """Gazette reference read from ``text``, or None when it cites nothing recognisable."""
    folded = fold(text)
    number = _first(_NUMBER_RE, folded)
    section = _first(_SECTION_RE, folded)
    tome = _first(_TOME_RE, folded)
    when = parse_date(text)
    if not (number or when or tome):
        return None
    if section:
        section = _SECTION_WORDS.get(section, section.upper())
    return GazetteReference(
        number=number or "", section=section or "", tome=(tome or "").upper(), date=when,
        source_text=text.strip(),
    )


def _first(regex: re.Pattern[str], text: str) -> str | None:
    m = regex.search(text)
    return m.group(1) if m else None
