"""Line classification: the first stage of the plain-text importer.

``lex`` turns raw text into ``Line`` tokens, each tagged with what it may be (article label,
division, fracción, inciso, numeral, transitorios heading, reform note…) and its parsed
number, heading and text. The lexer decides only what a line looks like; the builder decides
what it is from the context (e.g. "C)" as inciso or fracción, "PRIMERO.-" only inside
transitorios). Post-conditions: every line of the input gives exactly one token, with its
1-based line number, except furniture (``repair``) and the blank lines inside a wrapped
sentence (``join_wrapped``); text is NFC, without trailing spaces, tabs or non-breaking spaces.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

from ...domain.numbering import SUFFIX_PATTERN, display_suffix, fold, is_roman, ordinal_to_int
from ...domain.report import Correction
from .repair import Repairs, repair_lines


class LineKind(str, Enum):
    BLANK = "blank"
    DIVISION = "division"
    ARTICLE = "article"
    PREAMBLE_NOTE = "preamble_note"      # "ARTÍCULO 7.- Fue reformado por Acuerdo…"
    TRANSITIONAL_HEADING = "transitional_heading"
    ORDINAL = "ordinal"                  # "PRIMERO.- …" (a transitorio in context)
    ROMAN = "roman"                      # "III.- …" (fracción, or inciso "I)" in context)
    LETTER = "letter"                    # "a) …"
    NUMERAL = "numeral"                  # "1.- …"
    PAREN_NOTE = "paren_note"            # "(Reformado, P.O. No. …)"
    EDITOR_NOTE = "editor_note"          # "[N. DE E. …]"
    FEDERAL_NOTE = "federal_note"        # "Artículo reformado DOF 05-01-1999"
    PAREN = "paren"                      # any other line wholly in parentheses
    TEXT = "text"


@dataclass(slots=True)
class Line:
    """One classified source line."""

    number: int
    kind: LineKind
    raw: str
    num: str = ""
    heading: str = ""
    text: str = ""
    keyword: str = ""  # division keyword (libro, titulo, capitulo, seccion)
    trailing_note: str = ""  # a parenthetical reform note found at the end of the line
    forced: str = ""  # "join" / "new": the user's correction of a text line (review step)


_SEP = r"(?:\.\s*[-–—]|[-–—]|\.|:|\))"
_ARTICLE_RE = re.compile(
    rf"^(?:ART[IÍ]CULO|ARTICULO|Art[ií]culo|Art\.)\s*(?P<num>\d+)\s*(?P<ord>[oºª°](?:\.(?!\s*[-–—]))?)?"
    rf"(?:[\s\-]*(?P<suf>{SUFFIX_PATTERN})\b)?(?P<letter>-[A-ZÑ](?![A-Za-zÁÉÍÓÚáéíóúñ]))?"
    rf"(?:\s+(?P<suf2>{SUFFIX_PATTERN})\b)?"
    rf"\s*{_SEP}\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
# "Artículo 1" alone on its line, without a separator (its text, often numbered párrafos
# "1. …", follows on the next lines).
_ARTICLE_ALONE_RE = re.compile(
    rf"^(?:ART[IÍ]CULO|Art[ií]culo)\s+(?P<num>\d+)\s*(?P<ord>[oºª°])?"
    rf"(?:\s+(?P<suf>{SUFFIX_PATTERN}))?$", re.IGNORECASE)
_ARTICLE_WORD_RE = re.compile(
    rf"^(?:ART[IÍ]CULO|Art[ií]culo)\s+(?P<num>[A-Za-zÁÉÍÓÚáéíóú]+(?:\s+[A-Za-zÁÉÍÓÚáéíóú]+)?)"
    rf"\s*{_SEP}\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_DIVISION_RE = re.compile(
    r"^(?P<kw>LIBRO|T[IÍ]TULO|CAP[IÍ]TULO|SECCI[OÓ]N)\s+(?P<rest>.+)$", re.IGNORECASE)
_DIVISION_NUM_RE = re.compile(
    rf"^(?P<num>[IVXLCDM]+|\d+|[A-Za-zÁÉÍÓÚáéíóú]+(?:\s+[A-Za-zÁÉÍÓÚáéíóú]+)?)"
    rf"(?:\s+(?P<suf>{SUFFIX_PATTERN}))?\s*(?:(?:\.\s*[-–—]|[-–—:.])\s*(?P<rest>.*))?$",
    re.IGNORECASE,
)
_TRANSITIONAL_HEADING_RE = re.compile(
    r"^(?:ART[IÍ]CULOS?\s+|DISPOSICIONES\s+)?TRANSITORI[OA]S?\b[.:]?\s*(?P<rest>.*)$", re.IGNORECASE)
_ORDINAL_RE = re.compile(
    r"^(?:ART[IÍ]CULO\s+)?(?P<num>[A-ZÁÉÍÓÚ][A-Za-zÁÉÍÓÚáéíóú]+(?:\s+[A-Za-zÁÉÍÓÚáéíóú]+){0,2})"
    rf"\s*{_SEP}\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_ROMAN_RE = re.compile(
    rf"^(?P<num>[IVXLCDM]+)(?:\s*(?P<suf>{SUFFIX_PATTERN})\b)?\s*(?P<sep>\.\s*[-–—]|[-–—]|\.|\))"
    r"\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_LETTER_RE = re.compile(
    rf"^(?P<num>[a-zA-ZñÑ])(?:\s*(?P<suf>{SUFFIX_PATTERN})\b)?\s*(?P<sep>\)\s*\.?\s*[-–—]?|\.\s*[-–—])"
    r"\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_NUMBERED_ORDINAL_RE = re.compile(r"^(?P<num>\d{1,3}[oº°])\.?\s*[-–—]\s*(?P<rest>.*)$")
_NUMERAL_RE = re.compile(r"^(?P<num>\d{1,3})(?P<sep>\.\s*[-–—]|\)|\.(?=\s))\s*(?P<rest>.*)$")
_NOTE_WORDS = (r"(?:reformad|adicionad|derogad|modificad|reformas?\b|adici[oó]n|"
               r"derogaci[oó]n|se\s+reform|se\s+adicion|se\s+derog|fe\s+de\s+erratas)")
# A note may open with a few words before the reform word: "(Esta reforma fue aprobada…)".
_NOTE_LEAD = r"(?:(?:esta|este|la\s+presente|el\s+presente|art[ií]culo|fracci[oó]n|p[aá]rrafo|inciso)\s+)?"
_PAREN_NOTE_RE = re.compile(rf"^\(\s*{_NOTE_LEAD}{_NOTE_WORDS}[^()]*\)\.?$", re.IGNORECASE)
_TRAILING_NOTE_RE = re.compile(rf"\s+(\(\s*{_NOTE_LEAD}{_NOTE_WORDS}[^()]*\)\.?)$", re.IGNORECASE)
_EDITOR_NOTE_RE = re.compile(r"^(?:\[\s*N\.?\s*(?:DE\s*)?(?:L\s*)?(?:LA\s*)?E\.?.*\]|NOTA\s+DE(?:L)?\s+(?:EDITOR|VLEX)\b.*)$",
                             re.IGNORECASE)
_FEDERAL_NOTE_RE = re.compile(
    r"^(?:Art[ií]culo|Fracci[oó]n|P[aá]rrafo|Inciso|Cap[ií]tulo|T[ií]tulo|Secci[oó]n|Numeral|"
    r"Denominaci[oó]n|Fe de erratas)(?:\s+\S+){0,4}?\s+(?:reformad|adicionad|derogad|recorrid|modificad)[oa]s?\b"
    r".{0,80}\b(?:DOF|P\.?\s?O\.?E?|POE|G\.\s?O\.|Gaceta)(?:\s|\b).{0,60}$",
)
_PREAMBLE_RE = re.compile(r"^(?:fue|fueron|ha\s+sido)\s+(?:reformad|adicionad|derogad|modificad)",
                          re.IGNORECASE)
_HEADING_RE = re.compile(r"^(?P<h>[^.:;]{1,90}?)\s*\.\s*[-–—]\s*(?P<t>.*)$")
_CAPS_HEADING_RE = re.compile(r"^(?P<h>[A-ZÁÉÍÓÚÑÜ][A-ZÁÉÍÓÚÑÜ ,]{2,89})\.\s+(?P<t>\S.*)$")
_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")
_ZERO_WIDTH_RE = re.compile(r"[\u200b\u200c\u200d\ufeff]")


def clean_line(raw: str) -> str:
    """NFC, no zero-width characters, collapsed spaces, no surrounding spaces."""
    line = unicodedata.normalize("NFC", raw)
    line = _ZERO_WIDTH_RE.sub("", line)
    return _SPACES_RE.sub(" ", line).strip()


def lex(text: str, corrections: dict[int, Correction] | None = None) -> tuple[list[Line], Repairs]:
    """Classify every line of ``text`` after the repairs of ``repair.repair_lines``, then apply
    the user's corrections (by source line number) from the review step."""
    cleaned = [(i, clean_line(raw)) for i, raw in enumerate(text.splitlines(), start=1)]
    repaired, repairs = repair_lines(cleaned)
    lines = join_wrapped([classify(number, line) for number, line in repaired])
    if corrections:
        lines = _apply_corrections(lines, corrections, repairs)
    return lines, repairs


_WRAPPABLE = {LineKind.TEXT, LineKind.ARTICLE, LineKind.ROMAN, LineKind.LETTER, LineKind.NUMERAL,
              LineKind.ORDINAL}
_STRUCTURAL = {LineKind.DIVISION, LineKind.ARTICLE, LineKind.PREAMBLE_NOTE,
               LineKind.TRANSITIONAL_HEADING}
OPEN_END_RE = _OPEN_END_RE = re.compile(
    r"(?:,|\b(?:de|del|la|las|el|los|y|e|o|u|a|al|en|por|para|con|que|se|su|sus|lo|le|les|un|"
    r"una|como|sin|entre|sobre|ante|cuando|donde|cual|cuales|sea|son|es|no|mediante|conforme))$",
    re.IGNORECASE)


def join_wrapped(lines: list[Line]) -> list[Line]:
    """Drop the blank lines inside a wrapped sentence of the header (text copied from PDFs
    puts one after each line; the builder does the same in the body): a line that does not end a sentence and the text line after the blank are
    one paragraph when that text starts in lower case or the first line ends on a word that
    cannot end a sentence ("de", "la", "y", a comma). The builder then joins them."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.kind in _STRUCTURAL:
            # In the body the builder decides, from the provision it is filling, so that the
            # canonical text (a blank line between paragraphs) is read back the same way.
            return out + lines[i:]
        if line.kind is LineKind.BLANK and out and out[-1].kind in _WRAPPABLE:
            j = i
            while j < len(lines) and lines[j].kind is LineKind.BLANK:
                j += 1
            prev = out[-1].raw
            if (j < len(lines) and lines[j].kind is LineKind.TEXT and not lines[j].trailing_note
                    and not prev.endswith((".", ";", ":", ")", "]"))
                    and (lines[j].raw[:1].islower() or _OPEN_END_RE.search(prev))):
                i = j
                continue
        out.append(line)
        i += 1
    return out


def _apply_corrections(lines: list[Line], corrections: dict[int, Correction],
                       repairs: Repairs) -> list[Line]:
    out = []
    for line in lines:
        correction = corrections.get(line.number)
        if correction is None or line.kind is LineKind.BLANK:
            out.append(line)
        elif correction is Correction.OMIT:
            repairs.removed.append((line.number, line.raw))
        else:
            forced = "join" if correction is Correction.CONTINUATION else "new"
            out.append(Line(line.number, LineKind.TEXT, line.raw, text=line.raw, forced=forced))
    return out


def classify(number: int, line: str) -> Line:
    """Tag one cleaned line with what it looks like."""
    if not line:
        return Line(number, LineKind.BLANK, line)
    first = line[0]
    if first == "(":
        if _PAREN_NOTE_RE.match(line):
            return Line(number, LineKind.PAREN_NOTE, line, text=line)
        if line.endswith(")") or line.endswith(")."):
            return Line(number, LineKind.PAREN, line, text=line)
    if first == "[" or first in "Nn":
        if _EDITOR_NOTE_RE.match(line):
            return Line(number, LineKind.EDITOR_NOTE, line, text=line)
    if first in "Aa":
        token = _article(number, line)
        if token:
            return token
    if first in "LlTtCcSs":
        token = _division(number, line)
        if token:
            return token
    if first in "AaTtDd":
        m = _TRANSITIONAL_HEADING_RE.match(line)
        if m and (not m["rest"] or _is_caption(m["rest"])) and line[:1].isupper():
            return Line(number, LineKind.TRANSITIONAL_HEADING, line, text=m["rest"])
    if first in "IVXLCDM":
        m = _ROMAN_RE.match(line)
        if m and m["num"].isupper() and is_roman(m["num"]):
            return _numbered(number, LineKind.ROMAN, line, m)
    if first.isalpha():
        m = _LETTER_RE.match(line)
        if m:
            return _numbered(number, LineKind.LETTER, line, m)
        if first.isupper():
            token = _ordinal(number, line)
            if token:
                return token
        if _FEDERAL_NOTE_RE.match(line):
            return Line(number, LineKind.FEDERAL_NOTE, line, text=line)
    if first.isdigit():
        m = _NUMBERED_ORDINAL_RE.match(line)
        if m:  # "1o.- La presente Ley entrará en vigor…": a transitorio in context
            return Line(number, LineKind.ORDINAL, line, num=m["num"], text=m["rest"].strip())
        m = _NUMERAL_RE.match(line)
        if m:
            return _numbered(number, LineKind.NUMERAL, line, m)
    return _with_trailing_note(Line(number, LineKind.TEXT, line, text=line))


def _article(number: int, line: str) -> Line | None:
    m = _ARTICLE_RE.match(line) or _ARTICLE_ALONE_RE.match(line)
    if m:
        num = m["num"] + (m["ord"].rstrip(".") if m["ord"] else "")
        if m["suf"]:
            num += " " + display_suffix(fold(m["suf"]).replace("á", "a"))
        if m.groupdict().get("letter"):
            num += m["letter"].upper()  # "Artículo 15-A" (federal labour law style)
            if m["suf2"]:
                num += " " + display_suffix(fold(m["suf2"]).replace("á", "a"))  # "153-F Bis"
        rest = m.groupdict().get("rest") or ""
    else:
        m = _ARTICLE_WORD_RE.match(line)
        if not m or ordinal_to_int(m["num"]) is None:
            return None
        num, rest = m["num"].upper(), m["rest"]
    if _PREAMBLE_RE.match(rest):
        return Line(number, LineKind.PREAMBLE_NOTE, line, num=num, text=rest)
    # The inline heading is split later, on the joined text (a heading may wrap to a new line).
    return _with_trailing_note(Line(number, LineKind.ARTICLE, line, num=num, text=rest.strip()))


def _division(number: int, line: str) -> Line | None:
    m = _DIVISION_RE.match(line)
    if not m:
        return None
    keyword = fold(m["kw"])
    n = _DIVISION_NUM_RE.match(m["rest"])
    if n:
        num, heading = n["num"], (n["rest"] or "").strip()
    else:
        # "CAPÍTULO I DE LAS LICENCIAS": number, then the heading with no separator.
        parts = m["rest"].split(" ", 1)
        num, heading = parts[0], parts[1] if len(parts) > 1 else ""
    if not _is_division_number(num):
        return None
    if n and n["suf"]:
        num += " " + display_suffix(fold(n["suf"]).replace("á", "a"))
    # Division keywords in running text ("Título de concesión…") are lower case after the word.
    if heading and not line.split(" ", 1)[0].isupper() and not heading[:1].isupper():
        return None
    return Line(number, LineKind.DIVISION, line, num=num, heading=heading, keyword=keyword)


def _is_division_number(num: str) -> bool:
    return num.isdigit() or (num.isupper() and is_roman(num)) or ordinal_to_int(num) is not None


def _ordinal(number: int, line: str) -> Line | None:
    m = _ORDINAL_RE.match(line)
    if not m or ordinal_to_int(m["num"]) is None:
        return None
    num, rest = m["num"], m["rest"]
    # "Décimo. Primero. Se faculta…": a compound ordinal split by a stray period.
    unit = _ORDINAL_RE.match(rest)
    if unit and len(unit["num"].split()) == 1 and ordinal_to_int(f"{num} {unit['num']}"):
        num, rest = f"{num} {unit['num']}", unit["rest"]
    return Line(number, LineKind.ORDINAL, line, num=num, text=rest)


def _numbered(number: int, kind: LineKind, line: str, m: re.Match[str]) -> Line:
    num = m["num"]
    suffix = m.groupdict().get("suf")
    if suffix:
        num += " " + fold(suffix).replace("á", "a").upper()
    return _with_trailing_note(Line(number, kind, line, num=num, text=m["rest"].strip()))


def mostly_upper(text: str) -> bool:
    """True when at least 80 % of the letters are capitals (titles, division headings)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def split_heading(rest: str, max_words: int = 14) -> tuple[str, str]:
    """Split an inline heading ("Objeto.- El presente…") from the text that follows it."""
    m = _HEADING_RE.match(rest)
    # A heading is a short label: it starts upper-case and cites no number ("…conforme al
    # ARTÍCULO 2.- de la Ley" is running text that happens to contain ".-").
    if (m and len(m["h"].split()) <= max_words and m["h"][:1].isupper()
            and not any(ch.isdigit() for ch in m["h"])):
        return m["h"].strip(), m["t"].strip()
    m = _CAPS_HEADING_RE.match(rest)
    if m and len(m["h"].split()) <= max_words and sum(c.isalpha() for c in m["h"]) >= 4:
        return m["h"].strip(), m["t"].strip()
    return "", rest.strip()


def _is_caption(rest: str) -> bool:
    """True when text after "TRANSITORIOS" names the decree ("DEL ACUERDO … PUBLICADO …")."""
    f = fold(rest)
    return f.startswith(("de ", "del ", "(")) or "publicad" in f or "acuerdo" in f or "reforma" in f


def split_trailing_note(text: str) -> tuple[str, str]:
    """("(Reformado, …)", text before it) when ``text`` ends with a reform note, else ("", text)."""
    m = _TRAILING_NOTE_RE.search(text)
    if m and m.start() > 0:
        return m.group(1), text[: m.start()].rstrip()
    return "", text


def _with_trailing_note(token: Line) -> Line:
    token.trailing_note, token.text = split_trailing_note(token.text)
    return token
