"""Harmonisation: the same term defined differently, and the same conduct fined differently.

``definitions`` reads the glossary fracciones regulations open with («XIII.- Vía pública.- Todo
espacio de uso común…») and groups them by folded term across regulations; a group is worth
showing when two or more regulations define the term. ``fine_ranges`` reads fine amounts
written in words or digits («multa de diez a cien veces…», «de 10 a 100 UMA», «de uno a diez
días de salario mínimo») so that two near-duplicate articles with different ranges are reported
as «multas distintas». The similarity of texts comes from the caller (``diffing``), since this
package may not import rapidfuzz.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ..domain.numbering import fold
from ..domain.provisions import ProvisionKind
from .model import (
    CorpusEntry, Definition, DefinitionGroup, DuplicatePair, article_text, iter_units,
)

_DEF_RE = re.compile(r"^\s*(?P<term>[A-ZÁÉÍÓÚÑ][^.:;]{1,60}?)\s*(?:\.\s*[-–—]|:|[-–—])\s*"
                     r"(?P<text>\S.{10,})$", re.DOTALL)

_UNITS = {"un": 1, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
          "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13,
          "catorce": 14, "quince": 15, "dieciseis": 16, "diecisiete": 17, "dieciocho": 18,
          "diecinueve": 19, "veinte": 20, "veintiun": 21, "veintiuno": 21, "veintidos": 22,
          "veintitres": 23, "veinticuatro": 24, "veinticinco": 25, "veintiseis": 26,
          "veintisiete": 27, "veintiocho": 28, "veintinueve": 29, "treinta": 30,
          "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80,
          "noventa": 90, "cien": 100, "ciento": 100, "doscientos": 200, "doscientas": 200,
          "trescientos": 300, "trescientas": 300, "cuatrocientos": 400, "cuatrocientas": 400,
          "quinientos": 500, "quinientas": 500, "seiscientos": 600, "seiscientas": 600,
          "setecientos": 700, "setecientas": 700, "ochocientos": 800, "ochocientas": 800,
          "novecientos": 900, "novecientas": 900}
_NUMBER_WORDS = "|".join(sorted(_UNITS, key=len, reverse=True)) + "|mil|y"
_AMOUNT = rf"(?:\d[\d,.]*|(?:(?:{_NUMBER_WORDS})\b\s*)+)"
_FINE_RE = re.compile(rf"\b(?:multa\s+)?de\s+(?P<lo>{_AMOUNT})\s*a\s+(?P<hi>{_AMOUNT})\s*"
                      r"(?P<unit>veces|d[ií]as|UMA|unidades\s+de\s+medida|salarios?|pesos)",
                      re.IGNORECASE)


_FINE_SPAN_RE = re.compile(
    rf"\bde\s+{_AMOUNT}\s*a\s+{_AMOUNT}\s*(?:"
    r"(?:veces|d[ií]as)\s+(?:el\s+|de\s+)?salarios?\s+m[ií]nimos?(?:\s+general(?:es)?)?"
    r"(?:\s+diarios?)?(?:\s+vigentes?)?(?:\s+en\s+la\s+zona(?:\s+econ[óo]mica)?)?"
    r"|veces\s+el\s+valor\s+diario\s+de\s+la\s+Unidad\s+de\s+Medida\s+y\s+Actualizaci[óo]n"
    r"|Unidades\s+de\s+Medida\s+y\s+Actualizaci[óo]n(?:\s*\(UMA\))?|UMA|S\.\s?M\.\s?G\.\s?V\.?"
    r"|salarios\s+m[ií]nimos|pesos)", re.IGNORECASE)


def comparable_text(text: str) -> str:
    """The text with each fine range («de diez a cien veces el salario mínimo…») replaced by
    one word, so two articles on the same conduct compare as equal whatever they fine."""
    return _FINE_SPAN_RE.sub(" multa ", text)


def spanish_number(words: str) -> int | None:
    """«ciento cincuenta» → 150, «mil quinientas» → 1500, «20» → 20; None if not a number."""
    text = fold(words).strip().replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return int(float(text))
    total, current, seen = 0, 0, False
    for word in text.split():
        if word == "y":
            continue
        if word == "mil":
            total += (current or 1) * 1000
            current, seen = 0, True
        elif word in _UNITS:
            current += _UNITS[word]
            seen = True
        else:
            return None
    return total + current if seen else None


def fine_ranges(text: str) -> list[tuple[int, int, str]]:
    """Every «de X a Y (veces|días|UMA…)» range of a text, as (low, high, unit)."""
    out = []
    for m in _FINE_RE.finditer(text):
        lo, hi = spanish_number(m.group("lo")), spanish_number(m.group("hi"))
        if lo is not None and hi is not None and lo <= hi:
            unit = fold(m.group("unit"))
            unit = "UMA" if unit in ("uma", "unidades de medida") else (
                "pesos" if unit == "pesos" else "veces")
            out.append((lo, hi, unit))
    return out


def describe_ranges(ranges: list[tuple[int, int, str]]) -> str:
    return "; ".join(f"{lo} a {hi} {unit}" for lo, hi, unit in ranges)


def fines_differ(a: str, b: str) -> str:
    """A Spanish note when two texts fix different fine ranges ("" when they agree)."""
    ra, rb = fine_ranges(a), fine_ranges(b)
    if ra and rb and set(ra) != set(rb):
        return f"Multas distintas: {describe_ranges(ra)} frente a {describe_ranges(rb)}."
    return ""


def article_units(entries: Iterable[CorpusEntry]) -> list[tuple[CorpusEntry, object, str]]:
    """(entry, article, whole text) of every in-force article of the in-force regulations."""
    out = []
    for entry in entries:
        if entry.abrogated:
            continue
        for unit in iter_units(entry.root):
            if unit.node.kind is ProvisionKind.ARTICLE:
                out.append((entry, unit, article_text(unit.node)))
    return out


def make_pair(score: float, left: tuple, right: tuple) -> DuplicatePair:
    """A reported pair; «multas distintas» when their fine ranges disagree."""
    (ea, ua, ta), (eb, ub, tb) = left, right
    note = fines_differ(ta, tb)
    return DuplicatePair(score, ea.uri, ea.title, ua.node.eid, ua.label, ta, eb.uri, eb.title,
                         ub.node.eid, ub.label, tb, "fines" if note else "similar", note)


def definitions(entries: Iterable[CorpusEntry]) -> list[Definition]:
    """Glossary entries («Término.- definición») of every in-force regulation."""
    out = []
    for entry in entries:
        if entry.abrogated:
            continue
        for unit in iter_units(entry.root):
            if unit.node.kind not in (ProvisionKind.CLAUSE, ProvisionKind.ITEM):
                continue
            node = unit.node
            # The importer reads «XIV.- Vía pública.- Todo…» as a heading plus text.
            if node.heading and len(node.heading.split()) <= 6 and len(node.text) > 10:
                term, text = node.heading, node.text
            elif (m := _DEF_RE.match(node.text)) and len(m.group("term").split()) <= 6:
                term, text = m.group("term"), m.group("text")
            else:
                continue
            out.append(Definition(term.strip(), text.strip(), entry.uri, entry.title,
                                  node.eid, unit.label))
    return out


# Terms that name each regulation's own authority: they differ by design, not by neglect.
LOCAL_TERMS = frozenset({
    "direccion", "departamento", "dependencia", "coordinacion", "comision", "consejo",
    "secretaria", "titular", "juez", "juzgado", "reglamento", "inspector", "inspectores",
    "autoridad", "autoridades", "unidad", "instituto", "organismo", "junta", "comite"})


def term_key(term: str) -> str:
    return " ".join(re.sub(r"[^a-zñ0-9 ]", " ", fold(term)).split())


def definition_groups(entries: Iterable[CorpusEntry],
                      score: Callable[[str, str], float]) -> list[DefinitionGroup]:
    """Terms defined by two or more regulations, with whether every definition is the same."""
    by_term: dict[str, DefinitionGroup] = {}
    for d in definitions(entries):
        group = by_term.setdefault(term_key(d.term), DefinitionGroup(d.term))
        if all(other.uri != d.uri for other in group.definitions):
            group.definitions.append(d)
    groups = [g for g in by_term.values() if len(g.definitions) >= 2
              and term_key(g.term) not in LOCAL_TERMS]
    for group in groups:
        first = group.definitions[0].text
        group.identical = all(score(first, d.text) >= 97 for d in group.definitions[1:])
    groups.sort(key=lambda g: (g.identical, -len(g.definitions), term_key(g.term)))
    return groups


def definition_pairs(groups: list[DefinitionGroup],
                     score: Callable[[str, str], float]) -> list[DuplicatePair]:
    """Side-by-side pairs for the groups whose definitions differ."""
    out = []
    for group in groups:
        if group.identical:
            continue
        first = group.definitions[0]
        for other in group.definitions[1:]:
            value = score(first.text, other.text)
            if value >= 97:
                continue  # this one agrees with the first; the differing ones are shown
            out.append(DuplicatePair(
                value, first.uri, first.title, first.eid, first.label,
                f"{first.term}.- {first.text}", other.uri, other.title, other.eid, other.label,
                f"{other.term}.- {other.text}", "definition",
                f"«{group.term}» se define de {len(group.definitions)} maneras en el corpus."))
    return out
