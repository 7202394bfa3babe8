"""Scoring every match from posting blocks (ranking.py) gives whoosh's exact page and counts."""

from __future__ import annotations

from collections import Counter

import pytest

from reglamentos_app.search.query import parse_query

from .texts import TRANSITO_V2

QUERIES = ["vía", "vehículos", "multa o licencia", "multa y arresto", "conducir y (licencia o vía)",
           '"vía pública"', '"la vía pública" o licencia', "licensia~", "reglamento",
           "presente reglamento vigor", "objeto", "objeto o vía"]


def _whoosh(index, text: str, when=None):
    """whoosh's own search of the same query, without its block-skipping shortcuts (they may
    leave out part of a document's score when several words are ORed)."""
    parsed = parse_query(text)
    q = index._expand_fuzzy(index._builder.text_query(parsed))
    allowed, mask = index._restriction(parsed, when, None)
    results = index._searcher.search(q, limit=None, filter=allowed, mask=mask, optimize=False)
    table = index._uri_table()
    docs = [h.docnum for h in results]
    return ([(h["key"], h.score) for h in results], dict(Counter(table[d] for d in docs)))


@pytest.mark.parametrize("when", [None, 20020401])
def test_pages_scores_and_counts_equal_whoosh(svc, when):
    svc.search.ensure_ready()
    svc.corpus.import_text(TRANSITO_V2, "transito.txt")  # leaves deleted documents behind
    index = svc.search.index
    assert index._searcher.reader().has_deletions()
    found = 0
    for text in QUERIES:
        expected, groups = _whoosh(index, text, when)
        found += bool(expected)
        got = index.search(parse_query(text), pagelen=1000, when=when)
        assert [h.key for h in got.hits] == [k for k, _ in expected], text
        assert [h.score for h in got.hits] == pytest.approx([s for _, s in expected]), text
        assert got.groups == groups and got.total == len(expected), text
        for page in (1, 2):                                    # pages are slices of one order
            part = index.search(parse_query(text), pagelen=2, page=page, when=when)
            assert [h.key for h in part.hits] == [k for k, _ in expected][2 * page - 2:2 * page]
    assert found >= len(QUERIES) - 2                           # not a comparison of nothings


def test_unsupported_queries_still_go_through_whoosh(svc):
    from reglamentos_app.search.ranking import document_scores

    svc.search.ensure_ready()
    index = svc.search.index
    for text in ["sancion*", "multa NOT arresto"]:
        q = index._expand_fuzzy(index._builder.text_query(parse_query(text)))
        assert document_scores(index._searcher, q) is None, text
        assert index.search(parse_query(text)).total > 0, text


def test_phrase_counts_in_place_equal_bytes_count(svc):
    """Phrases are counted in the index's memory map, in place; same counts as ``bytes.count``
    on each document's stored sequence (self-overlapping needles included)."""
    from reglamentos_app.search.phrases import SEQ_FIELD, _segment_counter

    svc.search.ensure_ready()
    svc.corpus.import_text(TRANSITO_V2, "transito.txt")
    searcher = svc.search.index._searcher
    leaves = searcher.leaf_searchers() if not searcher.is_atomic() else [(searcher, 0)]
    needles = [b" la ", b" de la ", b" via publica ", b" el presente reglamento ", b" a ",
               b" xyz "]
    in_place = 0
    for sub, _offset in leaves:
        reader = sub.reader()
        count = _segment_counter(reader)
        in_place += count.__name__ == "count_in_place"
        column = reader.column_reader(SEQ_FIELD)
        docs = range(reader.doc_count_all())
        values = [bytes(column[doc]) for doc in docs]
        assert all(v.startswith(b" ") and v.endswith(b" ") for v in values)
        for needle in needles:
            expected = {d: v.count(needle) for d, v in zip(docs, values) if v.count(needle)}
            assert count(docs, needle) == expected, needle
        assert any(v.count(b" a ") > 1 for v in values) or any(v.count(b" la ") > 1
                                                                 for v in values)
    assert in_place, "the memory-mapped path was not used"
