"""Spanish text analysis for the index: tokens, then one filter that folds, drops and stems.

Index and queries go through the same chain: regex tokenizer → lower case → ``SpanishFilter``
(``spanish.term``: accents folded keeping ñ, folded stop words dropped, singular + Snowball
stem without accents). Folding first means a word typed without its accent ("exhumacion")
gives the same term as the written one ("exhumaciones"); see ``spanish.py`` for why the order
matters. ``body_analyzer`` adds the pairs of adjacent words, so phrases need no positions (a
phrase's candidates are then checked against the document's word sequence, ``phrases.py``).
``ANALYSIS_VERSION`` names this chain: an index built with another one is rebuilt.
"""

from __future__ import annotations

import re
from functools import lru_cache

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer

from .spanish import fold, phrase_token, term

# Word characters, including digits ("artículo 5", "2022"); the tokenizer keeps char offsets.
TOKEN_PATTERN = r"\w+(?:\.\w+)*"
# Bumped whenever the terms a text produces change: the index records it and rebuilds.
ANALYSIS_VERSION = "es-fold-singular-snowball-1"


class SpanishFilter(Filter):
    """Replace each token by its index term (``spanish.term``); drop stop words."""

    def __call__(self, tokens):
        for token in tokens:
            text = term(token.text)
            if text is None:
                if token.removestops:
                    continue
                token.stopped = True
                yield token
                continue
            token.text = text
            yield token


def spanish_analyzer():
    """The analyzer of every text field (a new instance: whoosh pickles it into the schema)."""
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | SpanishFilter()


PAIR_SEP = "-"  # the tokenizer never keeps "-" inside a word, so pairs cannot clash


class WordPairsFilter(Filter):
    """After each word, also emit the pair "previous-word" (for phrases without positions).

    Phrase queries on positions were whoosh's slow tail (PERFORMANCE.md). The body text is
    indexed with its words AND its adjacent pairs in the same field (one analysis pass), so a
    phrase becomes a few term look-ups whose candidates ``phrases.py`` then verifies.
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


_findall = re.compile(TOKEN_PATTERN).findall


class BodyTerms:
    """``body_analyzer`` for whole-document indexing, fast: same terms, no token objects.

    ``spanish.term`` is cached per written form, so the per-token cost is one regex match and
    one dict look-up; legal Spanish repeats its words heavily. ``tests/search/test_bulk.py``
    checks the output equals ``body_analyzer``'s.
    """

    def terms(self, text: str) -> list[str]:
        """The words (stemmed, folded, without stop words) followed by their adjacent pairs."""
        words = [t for t in map(term, _tokens(text)) if t is not None]
        words.extend([f"{a}{PAIR_SEP}{b}" for a, b in zip(words, words[1:])])
        return words


def word_sequence(text: str) -> str:
    """The text as phrases compare it: every word's ``phrase_token``, space-separated.

    Stop words stay (folded), so "falta de pago" is not found in "falta el pago"; a phrase
    matches where its own sequence occurs between spaces.
    """
    return " ".join(map(phrase_token, _tokens(text)))


class FoldFilter(Filter):
    """Accents folded (ñ kept), nothing else: the words as written, for prefixes and fuzzy."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = fold(token.text)
            yield token


def words_analyzer():
    """The analyzer of the ``words`` field: folded, unstemmed words, stop words included."""
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | FoldFilter()


def folded_words(text: str) -> list[str]:
    """``words_analyzer``'s terms of a text, fast: each distinct word folded once (folding
    whole texts with ``str.translate`` was 1.4 s of a 20,000-article build). Folding maps a
    letter to a letter, so the words are the same whether the text is folded first or not."""
    return list(map(_fold_word, _findall(text.lower())))


_fold_word = lru_cache(maxsize=200_000)(fold)
_last: tuple[str, list[str]] = ("", [])


def _tokens(text: str) -> list[str]:
    """The lower-cased words of a text; the last text's are kept, because indexing a document
    tokenises its body twice (its terms and its phrase sequence). One tuple, swapped whole,
    so threads cannot see half of it."""
    global _last
    last = _last
    if last[0] is text or last[0] == text:
        return last[1]
    tokens = _findall(text.lower())
    _last = (text, tokens)
    return tokens


def fold_token(text: str) -> str:
    """Lower case and accent folding (keeping ñ), without stemming: for exact filters."""
    return fold(text)
