"""Scores of a model's provisions against one instrument's articles (homologation).

For every pair (model provision, article) two numbers from 0 to 100: how alike their headings
are and how alike their texts are. Headings are compared as sets of significant words
(rapidfuzz ``token_set_ratio``: «Sesiones» is contained in «Sesiones y quórum»). Texts are
compared with the mean of ``token_sort_ratio`` (penalises what one text lacks) and
``token_set_ratio`` (rewards a text that keeps the model's words inside a longer article), so
a shortened list of the model's fracciones still scores high while an unrelated article that
only shares the common words of the genre scores low. The caller (``review.homologation``)
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


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(w for w in re.findall(r"[a-z0-9ñ]+", plain) if w not in _STOP)


def text_scores(model_texts: Sequence[str], texts: Sequence[str]) -> list[list[float]]:
    """``[i][j]``: how alike model text ``i`` and article text ``j`` are (0–100)."""
    left = [_fold(t) for t in model_texts]
    right = [_fold(t) for t in texts]
    sort, tset = fuzz.token_sort_ratio, fuzz.token_set_ratio
    return [[(sort(a, b) + tset(a, b)) / 2 if a and b else 0.0 for b in right] for a in left]


def heading_scores(model_headings: Sequence[str], headings: Sequence[str]
                   ) -> list[list[float]]:
    """``[i][j]``: how alike the headings are (0 when either is missing)."""
    left = [_fold(t) for t in model_headings]
    right = [_fold(t) for t in headings]
    return [[float(fuzz.token_set_ratio(a, b)) if a and b else 0.0 for b in right]
            for a in left]
