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

import mmap

from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcher

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
        found = self.verified(searcher, context)
        if not found:
            return NullMatcher()
        # Score: how often the phrase occurs (times the query's boost); a list matcher walks
        # the verified documents without re-scoring the pairs for each one.
        ids = sorted(found)
        boost = self.child.boost if hasattr(self.child, "boost") else 1.0
        return _PhraseMatcher(ids, weights=[found[d] * boost for d in ids])

    def verified(self, searcher, context=None) -> dict[int, int]:
        """The segment's documents (its own numbers) that contain the phrase → occurrences."""
        reader = searcher.reader()
        key = id(reader)
        found = self._verified.get(key)
        if found is not None:
            return found
        found = {}
        needle = f" {self.sequence} "
        if self.fieldname == "text":
            count_all = _segment_counter(reader)
            found = count_all(_candidates(self.child, searcher, context),
                              f" {self.sequence} ".encode("utf-8"))
        else:
            for doc in _candidates(self.child, searcher, context):
                value = reader.stored_fields(doc).get(self.fieldname) or ""
                n = f" {word_sequence(value)} ".count(needle)
                if n:
                    found[doc] = n
        if len(self._verified) > 64:
            self._verified.clear()
        self._verified[key] = found
        return found


class _PhraseMatcher(ListMatcher):
    """A list of verified documents; its best weight is computed once (whoosh's ListMatcher
    recomputes ``max`` over the whole list on every quality check: quadratic)."""

    def __init__(self, ids, weights) -> None:
        super().__init__(ids, weights=weights)
        self._best = max(weights) if weights else 0.0

    def block_max_weight(self) -> float:
        return self._best

    def copy(self):
        m = _PhraseMatcher(self._ids, self._weights)
        m._i = self._i
        return m


def _candidates(q, searcher, context) -> set[int] | list[int]:
    """A segment's documents matching ``q`` (the pairs), read a posting block at a time."""
    reader = searcher.reader()
    terms = [q] if isinstance(q, wq.Term) else (
        list(q.subqueries) if type(q) is wq.And else None)
    if not terms or not all(isinstance(t, wq.Term) for t in terms):
        return q.matcher(searcher, context).all_ids()  # whoosh's walk (positional headings)
    sets = []
    for t in terms:
        ids = posting_ids(reader, t.fieldname, t.text)
        if ids is None:
            return []   # no document has this pair
        sets.append(ids)
    sets.sort(key=len)
    found = set(sets[0]).intersection(*sets[1:]) if len(sets) > 1 else set(sets[0])
    if reader.has_deletions():
        found.difference_update(reader.deleted_docs_set)
    return found


def _segment_counter(reader):
    """The segment's ``(docnums, needle) → {docnum: occurrences}`` over the ``seq`` column
    (documents without the needle left out), made once per
    reader (opening the column reads its whole offsets table, ~2 ms at 20,000 articles)."""
    count = getattr(reader, "_reglamentos_seq", None)
    if count is None:
        count = _column_counter(reader, reader.column_reader(SEQ_FIELD))
        try:
            reader._reglamentos_seq = count
        except AttributeError:  # a reader without attributes of its own: no cache
            pass
    return count


def _column_counter(reader, column):
    """A fast ``(docnums, needle) → {docnum: non-overlapping occurrences}`` (``bytes.count``'s)
    for a segment's ``seq`` column, whose values are space-padded word sequences.

    whoosh reads a value through three layers (translation, offsets, seek + read) and copies
    it; the column of a compound segment is a slice of the index's memory map, so the needle
    is searched in place with ``mmap.find`` between the value's bounds: no copy, about half the
    time per candidate (a phrase has thousands). Otherwise: the value's bytes, then ``count``.
    """
    raw = column.raw_column() if hasattr(column, "raw_column") else column
    dbfile = getattr(raw, "_dbfile", None)
    buf = getattr(dbfile, "_buf", None)
    if buf is None or not hasattr(raw, "_offsets") or not hasattr(raw, "_lengths"):
        return lambda docs, needle: _nonzero(
            (doc, bytes(column[doc]).count(needle)) for doc in docs)
    offsets, lengths = raw._offsets, raw._lengths
    source = getattr(buf, "obj", None)
    compound = getattr(getattr(reader, "_storage", None), "a", None)
    name = getattr(dbfile, "_name", None)
    start = None
    if isinstance(source, mmap.mmap) and getattr(compound, "_source", None) is source and name:
        try:
            start = compound.range(name)[0] + raw._basepos
        except Exception:  # noqa: BLE001 - not the storage expected: copy the values instead
            start = None
        if start is not None and len(offsets) and (
                source[start + offsets[0]:start + offsets[0] + lengths[0]]
                != bytes(buf[raw._basepos + offsets[0]:raw._basepos + offsets[0] + lengths[0]])):
            start = None          # the map's layout is not what we computed: do not guess
    if start is None:
        base = raw._basepos

        def count_copy(docs, needle: bytes) -> dict[int, int]:
            return _nonzero((doc, bytes(buf[base + offsets[doc]:base + offsets[doc] + lengths[doc]])
                             .count(needle)) for doc in docs)
        return count_copy
    find = source.find

    def count_in_place(docs, needle: bytes) -> dict[int, int]:
        found = {}
        size = len(needle)
        for doc in docs:
            at = start + offsets[doc]
            end = at + lengths[doc]
            pos = find(needle, at, end)
            if pos >= 0:
                n = 1
                pos = find(needle, pos + size, end)
                while pos >= 0:
                    n += 1
                    pos = find(needle, pos + size, end)
                found[doc] = n
        return found
    return count_in_place


def _nonzero(pairs) -> dict[int, int]:
    return {doc: n for doc, n in pairs if n}


def posting_ids(reader, fieldname: str, text) -> list[int] | None:
    """Every document number (in the segment, deleted ones included) whose ``fieldname``
    holds ``text``, read a posting block at a time; None when no document does."""
    try:
        m = reader.postings(fieldname, text)
    except Exception:  # noqa: BLE001 - TermNotFound: the term is not in this segment
        return None
    m = getattr(m, "child", m)  # unwrap the deleted-documents filter
    if not hasattr(m, "_read_ids"):
        return list(m.all_ids())
    ids: list[int] = []
    while m.is_active():
        if m._ids is None:
            m._read_ids()
        ids.extend(m._ids[m._i:])
        m._next_block()
    return ids
