"""Scores of a model's provisions against one instrument's articles (homologation).

For every pair (model provision, article) two numbers from 0 to 100: how alike their headings
are and how alike their texts are. Headings are compared as sets of significant words
(rapidfuzz ``token_set_ratio``: «Sesiones» is contained in «Sesiones y quórum»). Texts are
compared with the mean of ``token_sort_ratio`` (penalises what one text lacks) and the share
of the model's words the article contains (rewards an article that keeps the model's words
inside a longer text), so a shortened list of the model's fracciones still scores high while
an unrelated article that only shares the common words of the genre scores low. The caller (``review.homologation``)
turns the numbers into matches and reasons; the model texts it passes already carry the
instrument's own names, so «el Sistema» against «el Instituto» is not a difference.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from rapidfuzz import fuzz

__all__ = ["heading_scores", "text_scores"]

_STOP = frozenset("de del la las el los y e o u a al en con por para su sus que se lo".split())


SKIP_SHARE = 0.35
_WORD_RE = re.compile(r"[a-z0-9]+")


def _fold(text: str) -> str:
    # Accents off by decomposition and an ASCII encode (C calls, no Python loop per letter):
    # the texts of every pair are folded, so it must cost next to nothing («ñ» becomes «n»,
    # which changes no score).
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return " ".join(w for w in _WORD_RE.findall(plain) if w not in _STOP)


def _prepared(text: str) -> tuple[str, frozenset[str]]:
    """The text's words sorted and joined (what ``token_sort_ratio`` compares) and as a set."""
    words = _fold(text).split()
    return " ".join(sorted(words)), frozenset(words)


def text_scores(model_texts: Sequence[str], texts: Sequence[str]) -> list[list[float]]:
    """``[i][j]``: how alike model text ``i`` and article text ``j`` are (0–100).

    The mean of the sorted-words ratio (rapidfuzz ``token_sort_ratio``, computed once per text
    rather than once per pair) and the share of the model's words the article has. A pair
    sharing less than ``SKIP_SHARE`` of the model's words is not worth the ratio: two texts
    with so few words in common cannot reach a match (the ratio of their sorted words stays
    far below 75), so its score is that share alone.
    """
    left = [_prepared(t) for t in model_texts]
    right = [_prepared(t) for t in texts]
    ratio = fuzz.ratio
    out = []
    for sorted_a, words_a in left:
        row = []
        for sorted_b, words_b in right:
            if not words_a or not words_b:
                row.append(0.0)
                continue
            share = len(words_a & words_b) / len(words_a)
            row.append(share * 100 if share < SKIP_SHARE
                       else (ratio(sorted_a, sorted_b) + share * 100) / 2)
        out.append(row)
    return out


def heading_scores(model_headings: Sequence[str], headings: Sequence[str]
                   ) -> list[list[float]]:
    """``[i][j]``: how alike the headings are (0 when either is missing)."""
    left = [_fold(t) for t in model_headings]
    right = [_fold(t) for t in headings]
    return [[float(fuzz.token_set_ratio(a, b)) if a and b else 0.0 for b in right]
            for a in left]
