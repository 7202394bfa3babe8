"""Entry into force: reading the transitorios of a reform to know from when it binds.

A reform binds only once published, and its transitorios say when it starts: the day of
publication, the day after, a number of natural or business days (or months) later, or a fixed
date, sometimes with exceptions for single articles ("…con excepción de lo dispuesto en el
artículo 15, que entrará en vigor el 1 de marzo de 2027", or a separate transitorio for the
reform of one article). ``entry_into_force`` reads those plain Spanish texts, with numbers in
digits or spelled out ("treinta", "ciento veinte", "dos mil veintisiete"), and returns the
general date, the per-article exceptions and a Spanish description of what it understood;
when it understands nothing it proposes the day after publication and says so, so that the
user confirms the date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from .gazette import MONTHS, format_long_date
from .numbering import SUFFIX_PATTERN, canonical_token, display_suffix, fold, ordinal_to_int

__all__ = ["EntryIntoForce", "add_business_days", "add_months", "entry_into_force",
           "spelled_numbers_to_digits"]


@dataclass(frozen=True, slots=True)
class EntryIntoForce:
    """General date, per-article exceptions (canonical article number → date) and the rule read."""

    default: date
    exceptions: dict[str, date] = field(default_factory=dict)
    rule: str = ""
    understood: bool = True

    def date_for(self, article_num: str) -> date:
        """From when ``article_num`` ("15", "12 Bis") binds."""
        return self.exceptions.get(canonical_token(article_num), self.default)


# -- calendar arithmetic ------------------------------------------------------------------
def add_business_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start``, skipping Saturdays and Sundays.

    Official holidays (1 de enero, 5 de febrero, 16 de septiembre…) and the days the
    Ayuntamiento declares inhábiles are NOT skipped: their calendar changes by decree, so the
    date is approximate and the description says so for the user to confirm.
    """
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        if day.weekday() < 5:
            counted += 1
    return day


def add_months(start: date, months: int) -> date:
    """Same day ``months`` later, or the month's last day when it has no such day."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    for day in range(start.day, 27, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return date(year, month, min(start.day, 28))


# -- spelled-out numbers ------------------------------------------------------------------
_UNITS = {"un": 1, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
          "siete": 7, "ocho": 8, "nueve": 9}
_TEENS = {"diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15,
          "dieciseis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20,
          "veintiun": 21, "veintiuno": 21, "veintiuna": 21, "veintidos": 22, "veintitres": 23,
          "veinticuatro": 24, "veinticinco": 25, "veintiseis": 26, "veintisiete": 27,
          "veintiocho": 28, "veintinueve": 29}
_TENS = {"treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70,
         "ochenta": 80, "noventa": 90}
_HUNDREDS = {"cien": 100, "ciento": 100, "doscientos": 200, "doscientas": 200,
             "trescientos": 300, "trescientas": 300, "cuatrocientos": 400,
             "cuatrocientas": 400, "quinientos": 500, "quinientas": 500, "seiscientos": 600,
             "seiscientas": 600, "setecientos": 700, "setecientas": 700, "ochocientos": 800,
             "ochocientas": 800, "novecientos": 900, "novecientas": 900}
_WORD_VALUE = {**_UNITS, **_TEENS, **_TENS, **_HUNDREDS, "mil": 1000}
# Which kind of word may follow which inside one number ("ciento veinte", "treinta y un",
# "dos mil veintisiete"); anything else ends the number, so "quince y dieciséis" stays two.
_CLASS = {**{w: "unit" for w in _UNITS}, **{w: "unit" for w in _TEENS},
          **{w: "tens" for w in _TENS}, **{w: "hundreds" for w in _HUNDREDS}, "mil": "mil"}
_FOLLOWS = {"unit": {"mil"}, "tens": {"y", "mil"}, "y": {"unit1"},
            "hundreds": {"unit", "tens", "mil"}, "mil": {"unit", "tens", "hundreds"}}
_WORD_RE = re.compile(r"[a-zñ]+")


def _word_class(word: str) -> str:
    if word == "y":
        return "y"
    return _CLASS.get(word, "")


def _fits(previous: str, word: str) -> bool:
    kind = _word_class(word)
    allowed = _FOLLOWS.get(previous, set())
    if kind == "unit" and "unit1" in allowed:
        return word in _UNITS  # after "treinta y" only a unit word: "treinta y un"
    return kind in allowed


def _number_runs(text: str) -> list[tuple[int, int, int]]:
    """(start, end, value) of every spelled-out number in folded ``text``."""
    words = list(_WORD_RE.finditer(text))
    runs: list[tuple[int, int, int]] = []
    i = 0
    while i < len(words):
        if _word_class(words[i].group()) in ("", "y"):
            i += 1
            continue
        j, previous = i, _word_class(words[i].group())
        while (j + 1 < len(words) and not text[words[j].end():words[j + 1].start()].strip()
               and _fits(previous, words[j + 1].group())):
            j += 1
            previous = _word_class(words[j].group())
        if words[j].group() == "y":  # a trailing "y" belongs to the sentence, not the number
            j -= 1
        runs.append((words[i].start(), words[j].end(),
                     _value([w.group() for w in words[i:j + 1]])))
        i = j + 1
    return runs


def _value(words: list[str]) -> int:
    total, current = 0, 0
    for word in words:
        if word == "y":
            continue
        if word == "mil":
            total += (current or 1) * 1000
            current = 0
        else:
            current += _WORD_VALUE[word]
    return total + current


_MONTH_ALT = "|".join(MONTHS) + "|setiembre"
_FIRST_OF_RE = re.compile(rf"\bprimero\s+(?=de\s+(?:mes\s+de\s+)?(?:{_MONTH_ALT})\b)")


def spelled_numbers_to_digits(text: str) -> str:
    """Folded ``text`` with its spelled-out numbers as digits ("treinta días" → "30 días").

    "primero de enero" becomes "1 de enero" too; other ordinals are left alone.
    """
    folded = _FIRST_OF_RE.sub("1 ", fold(text))
    out, last = [], 0
    for start, end, value in _number_runs(folded):
        out.append(folded[last:start])
        out.append(str(value))
        last = end
    out.append(folded[last:])
    return "".join(out)


# -- one rule -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Rule:
    when: date
    description: str
    position: int


_FIXED_RE = re.compile(
    rf"\b(\d{{1,2}})\s*(?:o|º|°)?\.?\s+de\s+(?:mes\s+de\s+)?({_MONTH_ALT})\s+(?:de|del)\s+"
    r"(?:(?:año|ano)\s+)?(\d{4})\b")
_OFFSET_RE = re.compile(
    r"\b(\d{1,4})\s*(?:\(\s*\d{1,4}\s*\)\s*)?(dias?|mes(?:es)?|años?)\b"
    r"(?:\s+(naturales|calendario|habiles))?")
_NEXT_DAY_RE = re.compile(r"\b(?:dia|fecha)\s+(?:inmediato\s+)?siguiente\b|\bsiguiente\s+dia\b")
_SAME_DAY_RE = re.compile(r"\b(?:dia|fecha|momento)\s+(?:de\s+)?(?:su|la)\s+publicacion\b"
                          r"|\ba\s+partir\s+de\s+su\s+publicacion\b|\bdesde\s+su\s+publicacion\b"
                          r"|\bal\s+publicarse\b")
_MONTH_NUM = {name: i + 1 for i, name in enumerate(MONTHS)} | {"setiembre": 9}


def _fixed(text: str, publication: date) -> _Rule | None:
    m = _FIXED_RE.search(text)
    if not m:
        return None
    try:
        when = date(int(m.group(3)), _MONTH_NUM[m.group(2)], int(m.group(1)))
    except ValueError:
        return None  # "31 de febrero": a typo the user must resolve
    return _Rule(when, f"el {format_long_date(when)}", m.start())


def _offset(text: str, publication: date) -> _Rule | None:
    m = _OFFSET_RE.search(text)
    if not m:
        return None
    amount, unit, kind = int(m.group(1)), m.group(2), m.group(3) or ""
    if unit.startswith("mes"):
        when = add_months(publication, amount)
        words = _count(amount, "al mes", "meses") + " de su publicación"
    elif unit.startswith("año"):
        when = add_months(publication, 12 * amount)
        words = _count(amount, "al año", "años") + " de su publicación"
    elif kind == "habiles":
        when = add_business_days(publication, amount)
        words = (_count(amount, "al día hábil siguiente", "días hábiles siguientes")
                 + " a su publicación, sin descontar los días festivos oficiales")
    else:
        # "Días" without qualifier are natural days, the general rule of Mexican legislation.
        when = publication + timedelta(days=amount)
        words = (_count(amount, "al día natural siguiente", "días naturales siguientes")
                 + " a su publicación")
    return _Rule(when, f"{words} ({format_long_date(when)})", m.start())


def _count(amount: int, one: str, many: str) -> str:
    """"al mes" for one, "a los 6 meses" for more (Spanish has no "a los 1 mes")."""
    return one if amount == 1 else f"a los {amount} {many}"


def _next_day(text: str, publication: date) -> _Rule | None:
    m = _NEXT_DAY_RE.search(text)
    if not m:
        return None
    when = publication + timedelta(days=1)
    return _Rule(when, f"al día siguiente de su publicación ({format_long_date(when)})", m.start())


def _same_day(text: str, publication: date) -> _Rule | None:
    m = _SAME_DAY_RE.search(text)
    if not m:
        return None
    return _Rule(publication, f"el día de su publicación ({format_long_date(publication)})",
                 m.start())


_READERS = (_fixed, _offset, _next_day, _same_day)


def _read_rule(text: str, publication: date) -> _Rule | None:
    """The rule written first in ``text`` (a later date may be the publication's own)."""
    found = [rule for read in _READERS if (rule := read(text, publication)) is not None]
    return min(found, key=lambda r: r.position, default=None)


# -- clauses: who enters into force, and when ---------------------------------------------
_VERB_RE = re.compile(r"\bentra(?:ra|ran|n)?\s+en\s+vigor\b|\binicia(?:ra|ran)?\s+su\s+vigencia\b"
                      r"|\bvigencia\s+inicia(?:ra|ran)?\b|\bsurtir(?:a|an)\s+(?:sus\s+)?efectos\b"
                      r"|\b(?:cobrar|tendr)(?:a|an)\s+vigencia\b")
_EXCEPTION_RE = re.compile(r"\b(?:con\s+(?:la\s+)?excepcion|a\s+excepcion|salvo|excepto|"
                           r"exceptuandose|mientras\s+que)\b")
_BOUNDARY_RE = re.compile(r"[.;]\s|,?\s+y\s+(?=(?:el|la|los|las|lo)\b)")
_ARTICLES_RE = re.compile(
    rf"\barticulos?\s+(\d+\s*(?:o|º|°)?(?:\s*-?\s*{SUFFIX_PATTERN}\b)?"
    rf"(?:\s*(?:,|\by\b|\be\b)\s*\d+\s*(?:o|º|°)?(?:\s*-?\s*{SUFFIX_PATTERN}\b)?)*)")
_ONE_ARTICLE_RE = re.compile(rf"\d+(?:\s*-?\s*{SUFFIX_PATTERN}\b)?")
_GENERAL_RE = re.compile(r"\b(?:el|la|los|las)\s+present(?:e|es)\b")
_LABEL_RE = re.compile(r"^\s*(?:articulo\s+)?(?P<label>\d+\s*(?:o|º|°)?|[a-z]+(?:\s+[a-z]+)?)"
                       r"(?:\s+transitorio)?\s*(?:\.\s*[-–—]|[-–—.:])\s*")


@dataclass(frozen=True, slots=True)
class _Clause:
    subject: str
    rule_text: str


def _strip_label(text: str) -> str:
    """Drop a leading "PRIMERO.-" or "ARTÍCULO 2.-": its number is not an article affected."""
    m = _LABEL_RE.match(text)
    if m and (m["label"].strip(" oº°").isdigit() or ordinal_to_int(m["label"]) is not None):
        return text[m.end():]
    return text


def _clauses(text: str) -> list[_Clause]:
    """Split a transitorio at each "entrará en vigor": subject before it, rule after it."""
    verbs = list(_VERB_RE.finditer(text))
    clauses, start = [], 0
    for i, verb in enumerate(verbs):
        end = verbs[i + 1].start() if i + 1 < len(verbs) else len(text)
        cut = _split_point(text, verb.end(), end) if i + 1 < len(verbs) else end
        clauses.append(_Clause(text[start:verb.start()], text[verb.end():cut]))
        start = cut
    return clauses


def _split_point(text: str, start: int, end: int) -> int:
    """Where the rule of one clause ends and the subject of the next begins."""
    gap = text[start:end]
    exception = _EXCEPTION_RE.search(gap)
    if exception:
        return start + exception.start()
    boundaries = list(_BOUNDARY_RE.finditer(gap))
    return start + boundaries[-1].end() if boundaries else end


def _articles(text: str) -> list[str]:
    """Canonical numbers of the articles a clause names ("artículos 15 y 16 Bis")."""
    out: list[str] = []
    for m in _ARTICLES_RE.finditer(text):
        out += [canonical_token(n) for n in _ONE_ARTICLE_RE.findall(m.group(1))]
    return list(dict.fromkeys(out))


def _excepted_articles(rule_text: str) -> list[str]:
    """Articles a rule sets apart without saying when ("…, con excepción del artículo 15.")."""
    m = _EXCEPTION_RE.search(rule_text)
    return _articles(rule_text[m.start():]) if m else []


# -- the reading --------------------------------------------------------------------------
@dataclass(slots=True)
class _Reading:
    general: list[_Rule] = field(default_factory=list)
    exceptions: dict[str, _Rule] = field(default_factory=dict)
    unread: list[str] = field(default_factory=list)     # articles whose date was not understood
    pending: list[str] = field(default_factory=list)    # excepted without a date of their own


def _read(transitorios: list[str], publication: date) -> _Reading:
    reading = _Reading()
    for transitorio in transitorios:
        text = _strip_label(spelled_numbers_to_digits(transitorio))
        for clause in _clauses(text):
            _read_clause(clause, publication, reading)
    return reading


def _read_clause(clause: _Clause, publication: date, reading: _Reading) -> None:
    rule = _read_rule(clause.rule_text, publication)
    articles = _articles(clause.subject)
    general = not articles or (_GENERAL_RE.search(clause.subject)
                               and not _EXCEPTION_RE.search(clause.subject))
    if general:
        if rule is not None:
            reading.general.append(rule)
        reading.pending += _excepted_articles(clause.rule_text)
        return
    for article in articles:
        if rule is None:
            reading.unread.append(article)
        else:
            reading.exceptions.setdefault(article, rule)


def entry_into_force(transitorios: list[str], publication: date) -> EntryIntoForce:
    """From when a reform published on ``publication`` binds, read from its transitorios."""
    reading = _read(transitorios, publication)
    problems: list[str] = []
    if reading.general:
        default = reading.general[0]
        if any(r.when != default.when for r in reading.general[1:]):
            problems.append("los transitorios dan fechas distintas para la reforma en general; "
                            "se tomó la primera")
        head = default.description
    else:
        after = publication + timedelta(days=1)
        default = _Rule(after, "", 0)
        head = ("No se entendió en los transitorios desde cuándo entra en vigor la reforma; se "
                f"propone el día siguiente a su publicación ({format_long_date(after)})")
    problems += _unresolved(reading)
    if any(r.when < publication for r in [default, *reading.exceptions.values()]):
        problems.append("hay una fecha anterior a la publicación, y la reforma no puede regir "
                        "antes de publicarse")
    rule = head + _describe_exceptions(reading.exceptions)
    understood = bool(reading.general) and not problems
    if problems:
        rule += ". Atención: " + "; ".join(problems)
    if not understood:
        rule += ". Confirme la fecha de entrada en vigor"
    return EntryIntoForce(default.when, {a: r.when for a, r in reading.exceptions.items()},
                          rule + ".", understood)


def _unresolved(reading: _Reading) -> list[str]:
    out = []
    for article in dict.fromkeys(reading.unread + reading.pending):
        if article not in reading.exceptions:
            out.append(f"no se entendió desde cuándo entra en vigor el artículo "
                       f"{_display(article)}")
    return out


def _describe_exceptions(exceptions: dict[str, _Rule]) -> str:
    if not exceptions:
        return ""
    parts = [f"del artículo {_display(a)}: {r.description}" for a, r in exceptions.items()]
    return "; con excepción " + "; ".join(parts)


def _display(token: str) -> str:
    """"12bis" → "12 Bis" (the canonical token back in the form a reader expects)."""
    m = re.match(r"^(\d+)([a-z]+)$", token)
    return f"{m.group(1)} {display_suffix(m.group(2))}" if m else token
