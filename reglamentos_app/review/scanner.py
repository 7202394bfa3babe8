"""The obsolete-reference scanner: every active rule over every reviewable provision.

Speed comes from a keyword prefilter: the literal ``palabras_clave`` of all rules are compiled
into ONE alternation that runs once over the folded text of a provision; only the rules whose
keywords appeared (plus those without keywords) then run their own pattern. Overlapping hits
in the same text are resolved leftmost-longest (a longer wording such as «veces el salario
mínimo general diario vigente en la zona» wins over the bare «salario mínimo»), so a proposed
replacement never fights another. ``apply_hits`` writes the chosen replacements into a text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .model import CorpusEntry, ObsoleteHit, iter_units
from .rules import Rule

CONTEXT = 60
# Lower case without the accents of vowels (ñ kept): what ``domain.numbering.fold`` gives
# for Spanish text, at a fraction of its cost (the prefilter runs on every provision).
_FAST_FOLD = str.maketrans("áéíóúüàèìòù", "aeiouuaeiou")


def fast_fold(text: str) -> str:
    return text.lower().translate(_FAST_FOLD)



@dataclass(slots=True)
class _Compiled:
    rule: Rule
    order: int
    pattern: re.Pattern
    exclude: re.Pattern | None


class Scanner:
    """Compiled rules plus the keyword prefilter (see the module docstring)."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = [_Compiled(r, i, re.compile(r.pattern, re.IGNORECASE),
                                re.compile(r.exclude_if, re.IGNORECASE) if r.exclude_if else None)
                      for i, r in enumerate(rules)]
        self._always = [c for c in self.rules if not c.rule.keywords]
        self._by_keyword: dict[str, list[_Compiled]] = {}
        for c in self.rules:
            for kw in c.rule.keywords:
                self._by_keyword.setdefault(kw, []).append(c)
        words = sorted(self._by_keyword, key=len, reverse=True)
        self._prefilter = re.compile("|".join(re.escape(w) for w in words)) if words else None

    def candidates(self, text: str) -> list[_Compiled]:
        """The rules worth running on ``text`` (keyword prefilter)."""
        chosen = list(self._always)
        if self._prefilter is not None:
            found = set(self._prefilter.findall(fast_fold(text)))
            seen = {id(c) for c in chosen}
            for kw in found:
                for c in self._by_keyword[kw]:
                    if id(c) not in seen:
                        seen.add(id(c))
                        chosen.append(c)
        return chosen

    def find(self, text: str) -> list[tuple[int, int, str, Rule, str]]:
        """Non-overlapping hits in one text: (start, end, matched, rule, replacement)."""
        raw = []
        for c in self.candidates(text):
            if c.exclude is not None and c.exclude.search(text):
                continue
            for m in c.pattern.finditer(text):
                if m.end() > m.start():
                    raw.append((m.start(), -(m.end() - m.start()), c.order, m, c.rule))
        raw.sort(key=lambda t: t[:3])
        out, last_end = [], -1
        for start, neg_len, _order, m, rule in raw:
            if start < last_end:
                continue
            last_end = start - neg_len
            out.append((start, last_end, m.group(0), rule,
                        _match_case(m.group(0), m.expand(rule.replacement))
                        if rule.replacement else ""))
        return out

    def scan_entry(self, entry: CorpusEntry) -> list[ObsoleteHit]:
        hits: list[ObsoleteHit] = []
        for unit in iter_units(entry.root):
            for field_name in ("heading", "text"):
                text = getattr(unit.node, field_name)
                if not text:
                    continue
                for start, end, matched, rule, replacement in self.find(text):
                    hits.append(ObsoleteHit(
                        entry.uri, entry.title, unit.node.eid, unit.node.pid, unit.label,
                        field_name, start, end, matched, replacement, rule.id, rule.category,
                        rule.category_label, rule.description,
                        _clip_left(text[max(0, start - CONTEXT):start]),
                        _clip_right(text[end:end + CONTEXT])))
        return hits

    def scan(self, entries: Iterable[CorpusEntry]) -> list[ObsoleteHit]:
        return [hit for entry in entries if not entry.abrogated
                for hit in self.scan_entry(entry)]


def _match_case(matched: str, replacement: str) -> str:
    """Keep the capital of a hit that starts a sentence («Distrito…» → «La Ciudad…»)."""
    if not replacement:
        return replacement
    letters = [c for c in matched if c.isalpha()]
    if len(letters) > 4 and all(c.isupper() for c in letters) and replacement != "UMA":
        return replacement.upper()
    if matched[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    if matched[:1].islower() and replacement[:1].isupper() and replacement.split()[0] in {
            "La", "El", "Las", "Los"}:
        return replacement[:1].lower() + replacement[1:]
    return replacement


def _clip_left(text: str) -> str:
    cut = text.find(" ")
    return text[cut + 1:] if 0 <= cut < 15 and len(text) >= CONTEXT else text


def _clip_right(text: str) -> str:
    cut = text.rfind(" ")
    return text[:cut] if cut > len(text) - 15 and len(text) >= CONTEXT else text


def apply_hits(text: str, hits: Iterable[ObsoleteHit]) -> tuple[str, list[ObsoleteHit]]:
    """Write the replacements into ``text`` (last first, so offsets stay valid).

    Returns the new text and the hits that could not be applied (no replacement, or the text
    changed since the scan so the matched words are no longer there).
    """
    skipped: list[ObsoleteHit] = []
    chosen = sorted(hits, key=lambda h: h.start, reverse=True)
    last_start = len(text) + 1
    for hit in chosen:
        if (not hit.replacement or hit.end > last_start
                or text[hit.start:hit.end] != hit.matched):
            skipped.append(hit)
            continue
        text = text[:hit.start] + hit.replacement + text[hit.end:]
        last_start = hit.start
    return text, skipped
