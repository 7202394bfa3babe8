"""Exact phrases of any length: candidates from word pairs, then checked against the words.

The body field has no positions (PERFORMANCE.md: whoosh's positional phrases were its slow
tail); it holds words and adjacent pairs of words, so an AND of a phrase's pairs finds every
article that contains the phrase — and also some that merely contain each pair somewhere
("La autoridad municipal … el Presidente Municipal sancionará"). ``VerifiedPhrase`` keeps only
the candidates whose word sequence (``analysis.word_sequence``, kept per document in the
``seq`` column; stop words included) contains the phrase's own sequence, so a phrase returns
only true phrases. The check is a substring test per candidate; each segment's result is
cached on the query object, which the search and the per-regulation count share.
"""

from __future__ import annotations

from whoosh import query as wq
from whoosh.matching import NullMatcher
from whoosh.matching.wrappers import FilterMatcher

from .analysis import word_sequence

SEQ_FIELD = "seq"


class VerifiedPhrase(wq.WrappingQuery):
    """``child`` (the pairs, or a positional phrase) restricted to documents whose field
    ``fieldname`` contains the word sequence ``sequence``."""

    def __init__(self, child: wq.Query, fieldname: str, sequence: str) -> None:
        super().__init__(child)
        self.fieldname = fieldname
        self.sequence = sequence
        self._verified: dict[int, set[int]] = {}

    def _rewrap(self, child: wq.Query) -> VerifiedPhrase:
        return VerifiedPhrase(child, self.fieldname, self.sequence)

    def __eq__(self, other) -> bool:
        return (isinstance(other, VerifiedPhrase) and self.child == other.child
                and self.fieldname == other.fieldname and self.sequence == other.sequence)

    def __hash__(self) -> int:
        return hash((self.__class__.__name__, self.child, self.fieldname, self.sequence))

    def __repr__(self) -> str:
        return f"VerifiedPhrase({self.child!r}, {self.fieldname!r}, {self.sequence!r})"

    def matcher(self, searcher, context=None):
        m = self.child.matcher(searcher, context)
        if not m.is_active():
            return m
        ids = self.verified(searcher, context)
        if not ids:
            return NullMatcher()
        return FilterMatcher(m, ids)

    def verified(self, searcher, context=None) -> set[int]:
        """The segment's candidate documents (its own numbers) that contain the phrase."""
        reader = searcher.reader()
        key = id(reader)
        found = self._verified.get(key)
        if found is not None:
            return found
        candidates = self.child.matcher(searcher, context).all_ids()
        needle = f" {self.sequence} "
        found = set()
        if self.fieldname == "text":
            column = reader.column_reader(SEQ_FIELD)
            test = matcher_for(self.sequence)
            found.update(doc for doc in candidates if test(column[doc]))
        else:
            for doc in candidates:
                value = reader.stored_fields(doc).get(self.fieldname) or ""
                if needle in f" {word_sequence(value)} ":
                    found.add(doc)
        if len(self._verified) > 64:
            self._verified.clear()
        self._verified[key] = found
        return found


def matcher_for(phrase: str):
    """A test: does a word sequence (UTF-8 bytes) hold ``phrase``'s words in a row?"""
    core = phrase.encode("utf-8")
    inner, head, tail = b" " + core + b" ", core + b" ", b" " + core

    def test(seq: bytes) -> bool:
        return inner in seq or seq.startswith(head) or seq.endswith(tail) or seq == core
    return test
