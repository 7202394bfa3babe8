"""Spanish text analysis for the index: tokens, lower case, stop words, accents, stemming.

The chain is the one ECOSYSTEM.md §4.2 recommends: regex tokenizer → lower case → Spanish stop
words (the list is accented, so it runs before folding) → accent folding → Snowball Spanish
stemmer. The folding map is whoosh's ``accent_map`` without ñ/Ñ: "año" and "ano" stay
different words, which matters in legal text ("años de antigüedad"). ``body_analyzer`` adds
the pairs of adjacent words, so phrases need no positions.
"""

from __future__ import annotations

import re

from whoosh.analysis import (
    CharsetFilter, Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter,
)
from whoosh.support.charset import accent_map

# Word characters, including digits ("artículo 5", "2022"); the tokenizer keeps char offsets.
TOKEN_PATTERN = r"\w+(?:\.\w+)*"

_ACCENTS_KEEP_ENYE = {k: v for k, v in accent_map.items() if chr(k) not in "ñÑ"}


def spanish_analyzer():
    """The analyzer of every text field (a new instance: whoosh pickles it into the schema)."""
    return (RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | StopFilter(lang="es")
            | CharsetFilter(_ACCENTS_KEEP_ENYE) | StemFilter(lang="es", cachesize=100_000))


PAIR_SEP = "-"  # the tokenizer never keeps "-" inside a word, so pairs cannot clash


class WordPairsFilter(Filter):
    """After each word, also emit the pair "previous-word" (for phrases without positions).

    Phrase queries on positions were whoosh's slow tail (PERFORMANCE.md). The body text is
    indexed with its words AND its adjacent pairs in the same field (one analysis pass), so a
    phrase becomes a few term look-ups.
    """

    def __call__(self, tokens):
        previous = None
        for token in tokens:
            text = token.text
            yield token
            if previous is not None:
                token.text = f"{previous}{PAIR_SEP}{text}"
                yield token
                token.text = text
            previous = text


def body_analyzer():
    """The analyzer of the body text: ``spanish_analyzer`` plus word pairs."""
    return spanish_analyzer() | WordPairsFilter()


class BodyTerms:
    """``body_analyzer`` for whole-document indexing, fast: same terms, no token objects.

    Every distinct written form ("Sanciones", "SANCIÓN") goes once through the real analyzer
    chain and the result (its stem, or None for a stop word) is cached, so the per-token cost
    is one regex match and one dict look-up; legal Spanish repeats its words heavily.
    ``tests/search/test_bulk.py`` checks the output equals ``body_analyzer``'s.
    """

    MAX_CACHE = 500_000

    def __init__(self) -> None:
        self._analyzer = spanish_analyzer()
        self._findall = re.compile(TOKEN_PATTERN).findall
        self._cache: dict[str, str | None] = {}

    def stem(self, word: str) -> str | None:
        cache = self._cache
        try:
            return cache[word]
        except KeyError:
            pass
        out = [t.text for t in self._analyzer(word)]
        result = out[0] if len(out) == 1 else None
        if len(cache) >= self.MAX_CACHE:
            cache.clear()
        cache[word] = result
        return result

    def terms(self, text: str) -> list[str]:
        """The words (stemmed, folded, without stop words) followed by their adjacent pairs."""
        cache = self._cache
        stem = self.stem
        words = []
        for raw in self._findall(text):
            term = cache[raw] if raw in cache else stem(raw)
            if term is not None:
                words.append(term)
        words.extend([f"{a}{PAIR_SEP}{b}" for a, b in zip(words, words[1:])])
        return words


def fold_token(text: str) -> str:
    """Lower case and accent folding (keeping ñ), without stemming: for exact filters."""
    return text.lower().translate(_ACCENTS_KEEP_ENYE)
