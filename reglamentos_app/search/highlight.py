"""Snippets and highlights computed from the database text, not from the index.

The index stores no displayable text (PERFORMANCE.md: smaller, faster index). To show a hit, the article's
text from the database is split into words with character offsets; a word is marked when its
index term is one of the query's terms, or its written (folded) form matches one of the
query's prefixes or fuzzy terms — checked on the snippet's words, never by expanding the
patterns over the index. The snippet is the window of the text
with the most marked tokens.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from .analysis import TOKEN_PATTERN
from .query import HighlightSpec
from .spanish import fold, term


_TOKEN = re.compile(TOKEN_PATTERN)


@dataclass(slots=True)
class Snippet:
    """A fragment of an article's text with the matched words marked."""

    html: str            # escaped text with <mark> elements
    plain: str           # the same with [corchetes] around the matched words
    words: list[str]     # the matched words as written in the text (for the viewer)


class Highlighter:
    """Marks the tokens of a text whose analysed form a query matches.

    ``terms`` is a ``query.HighlightSpec`` (exact terms, prefixes, fuzzy terms) or a plain
    collection of terms.
    """

    def __init__(self, terms: HighlightSpec | Iterable[str]) -> None:
        self.spec = terms if isinstance(terms, HighlightSpec) else HighlightSpec(set(terms))

    def spans(self, text: str) -> list[tuple[int, int]]:
        if not self.spec or not text:
            return []
        matches = self.spec.matches
        return [m.span() for m in _TOKEN.finditer(text)
                if matches(term(m.group()), fold(m.group()))]

    def snippet(self, text: str, maxchars: int = 240) -> Snippet:
        spans = self.spans(text)
        start, end = _best_window(text, spans, maxchars)
        inside = [(a, b) for a, b in spans if a >= start and b <= end]
        html, plain, pos = [], [], start
        for a, b in inside:
            html.append(escape(text[pos:a]))
            plain.append(text[pos:a])
            html.append(f"<mark>{escape(text[a:b])}</mark>")
            plain.append(f"[{text[a:b]}]")
            pos = b
        html.append(escape(text[pos:end]))
        plain.append(text[pos:end])
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(text) else ""
        words = sorted({text[a:b] for a, b in spans}, key=str.lower)
        return Snippet(prefix + "".join(html).replace("\n", " ") + suffix,
                       prefix + "".join(plain).replace("\n", " ") + suffix, words)


def _best_window(text: str, spans: list[tuple[int, int]], maxchars: int) -> tuple[int, int]:
    if len(text) <= maxchars:
        return 0, len(text)
    if not spans:
        return 0, _word_end(text, maxchars)
    best, best_count, j = 0, 0, 0
    for i, (a, _b) in enumerate(spans):
        while j < len(spans) and spans[j][1] <= a + maxchars:
            j += 1
        if j - i > best_count:
            best, best_count = i, j - i
    start = max(0, spans[best][0] - maxchars // 4)
    start = text.rfind(" ", 0, start) + 1 if start else 0
    return start, _word_end(text, min(len(text), start + maxchars))


def _word_end(text: str, pos: int) -> int:
    if pos >= len(text):
        return len(text)
    space = text.find(" ", pos)
    return len(text) if space < 0 or space - pos > 20 else space
