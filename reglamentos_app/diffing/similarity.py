"""Near-duplicate texts across a corpus, with blocking so that not every pair is compared.

Each text becomes a set of pairs of consecutive folded words (four letters or more, minus a
few very common legal words). Candidate pairs come from *prefix filtering*, the classic
set-similarity-join blocking: tokens are ordered from rarest to most common over the whole
collection, and two sets whose Jaccard similarity reaches ``t`` must share at least one token
among the first
``|x| - ceil(t·|x|) + 1`` of each — so only the short inverted lists of rare tokens are
walked, and no pair above ``t`` is missed. A length filter drops pairs whose sizes cannot reach
``t``. Survivors are scored with rapidfuzz's ``token_sort_ratio`` (0–100) and kept from
``threshold`` up. Pairs inside the same group (the same regulation) can be skipped.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

_WORD_RE = re.compile(r"[a-zñ0-9]{4,}")
_COMMON = frozenset(
    "para como este esta estos estas sera seran dicho dicha mismo misma cual cuales sobre "
    "entre cuando donde desde hasta segun todo toda todos todas otro otra otros otras "
    "presente reglamento articulo articulos fraccion fracciones municipio municipal mexicali "
    "caso casos podra podran debera deberan".split())


@dataclass(frozen=True, slots=True)
class SimilarPair:
    """Indexes of two similar texts and their score (0–100)."""

    a: int
    b: int
    score: float


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c) or c == "\u0303")


def token_set(text: str) -> frozenset[str]:
    """The pairs of consecutive significant words of a text (the unit the blocking works on).

    Word pairs rather than single words: legal Spanish repeats a small vocabulary, and a pair
    is far rarer than either word, which keeps the inverted lists of the prefixes short.
    """
    words = [t for t in _WORD_RE.findall(unicodedata.normalize("NFC", _fold(text)))
             if t not in _COMMON]
    return frozenset(f"{a} {b}" for a, b in zip(words, words[1:]))


def near_duplicates(texts: Sequence[str], *, threshold: float = 80.0, jaccard: float = 0.45,
                    groups: Sequence[str] | None = None, min_tokens: int = 6,
                    max_candidates: int = 5_000_000) -> list[SimilarPair]:
    """Pairs of texts scoring ``threshold`` or more, found through prefix-filter blocking.

    ``jaccard`` is the blocking bound on the token sets (lower finds more, slower); ``groups``
    (one label per text) skips pairs with the same label; texts with fewer than
    ``min_tokens`` significant words are ignored (headings, «Derogado.»).
    """
    sets = [token_set(t) for t in texts]
    frequency: dict[str, int] = {}
    for tokens in sets:
        for token in tokens:
            frequency[token] = frequency.get(token, 0) + 1
    ordered = [sorted(tokens, key=lambda tok: (frequency[tok], tok)) if len(tokens) >= min_tokens
               else [] for tokens in sets]
    index: dict[str, list[int]] = {}
    candidates: set[tuple[int, int]] = set()
    # Visit shorter sets first: the length filter then only has to look one way.
    for i in sorted(range(len(sets)), key=lambda k: len(ordered[k])):
        tokens = ordered[i]
        if not tokens:
            continue
        size = len(tokens)
        prefix = size - math.ceil(jaccard * size) + 1
        for token in tokens[:prefix]:
            for j in index.get(token, ()):
                if len(ordered[j]) >= jaccard * size and (groups is None or groups[i] != groups[j]):
                    candidates.add((j, i) if j < i else (i, j))
            index.setdefault(token, []).append(i)
        if len(candidates) > max_candidates:
            break
    pairs = []
    for a, b in candidates:
        inter = len(sets[a] & sets[b])
        if inter < jaccard * len(sets[a] | sets[b]):
            continue
        score = fuzz.token_sort_ratio(texts[a], texts[b], processor=_fold,
                                      score_cutoff=threshold)
        if score:
            pairs.append(SimilarPair(a, b, float(score)))
    pairs.sort(key=lambda p: (-p.score, p.a, p.b))
    return pairs


def similarity(a: str, b: str) -> float:
    """Score (0–100) of two texts, as ``near_duplicates`` computes it."""
    return float(fuzz.token_sort_ratio(a, b, processor=_fold))
