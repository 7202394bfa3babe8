"""Scores of every matching document at once, from whole posting blocks (whoosh's TF-IDF).

A search needs both the top page and the exact count per regulation, so every match is visited
anyway. whoosh's collector visits them one posting at a time through a tree of matchers
(about 2 µs each, several thousand per common word at 20,000 articles: most of a query's CPU,
cProfile), and the counts then walked the postings a second time. Here a query made of terms,
AND/OR and verified phrases is scored by reading each term's posting blocks as arrays (ids and
weights) into a ``docnum → score`` dict, with whoosh's own arithmetic: a term scores weight ×
idf (× its boost), AND and OR add their children's scores, a phrase scores its occurrences ×
boost. The page is the top of that dict (score descending, then docnum, as whoosh orders) and
the counts come from the same dict. Any other query (prefixes, scaled ORs, NOT) returns None and
goes through whoosh. ``tests/search/test_ranking.py`` checks pages and scores against whoosh.
"""

from __future__ import annotations

from whoosh import query as wq

from .phrases import VerifiedPhrase


def document_scores(searcher, q) -> dict[int, float] | None:
    """Top-level docnum → score of every document matching ``q`` (deleted ones excluded), or
    None when the query has a part this module does not score."""
    if searcher.is_atomic():
        leaves = [(searcher, 0)]
    else:
        leaves = searcher.leaf_searchers()
    return _scores(searcher, leaves, q)


def _scores(top, leaves, q) -> dict[int, float] | None:
    kind = type(q)
    if kind is wq.Term:
        return _term_scores(top, leaves, q)
    if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        return {}
    if kind is VerifiedPhrase:
        boost = q.child.boost if hasattr(q.child, "boost") else 1.0
        out: dict[int, float] = {}
        for sub, offset in leaves:
            for doc, n in q.verified(sub).items():
                out[doc + offset] = n * boost
        return out
    if kind in (wq.And, wq.Or):
        if kind is wq.Or and (getattr(q, "scale", None) or getattr(q, "minmatch", 0)):
            return None                                  # coordination bonus: whoosh's walk
        parts = []
        for child in q.subqueries:
            part = _scores(top, leaves, child)
            if part is None:
                return None
            parts.append(part)
        if not parts:
            return {}
        merged = _union(parts) if kind is wq.Or else _intersection(parts)
        if q.boost != 1.0 and len(parts) > 1:
            boost = q.boost
            merged = {d: s * boost for d, s in merged.items()}
        return merged
    return None


def _term_scores(top, leaves, q: wq.Term) -> dict[int, float] | None:
    field = top.schema[q.fieldname] if q.fieldname in top.schema else None
    if field is None:
        return {}
    try:
        btext = field.to_bytes(q.text)
    except ValueError:
        return {}
    idf = top.idf(q.fieldname, btext)
    boost = q.boost
    out: dict[int, float] = {}
    for sub, offset in leaves:
        reader = sub.reader()
        if (q.fieldname, btext) not in reader:
            continue
        m = reader.postings(q.fieldname, btext)
        m = getattr(m, "child", m)  # unwrap the deleted-documents filter
        if not hasattr(m, "_read_ids") or not hasattr(m, "_read_weights"):
            return None
        while m.is_active():
            if m._ids is None:
                m._read_ids()
            if m._weights is None:
                m._read_weights()
            ids = m._ids[m._i:]
            weights = m._weights[m._i:]
            if offset:
                ids = [i + offset for i in ids]
            if boost == 1.0:
                out.update(zip(ids, [w * idf for w in weights]))
            else:
                out.update(zip(ids, [w * idf * boost for w in weights]))
            m._next_block()
        if reader.has_deletions():
            for d in reader.deleted_docs_set:
                out.pop(d + offset, None)
    return out


def _union(parts: list[dict[int, float]]) -> dict[int, float]:
    # The largest part is copied in C; only the documents in several parts are added in Python.
    parts = sorted(parts, key=len, reverse=True)
    merged = dict(parts[0])
    for part in parts[1:]:
        common = part.keys() & merged.keys()
        before = {doc: merged[doc] for doc in common}
        merged.update(part)
        for doc in common:
            merged[doc] = before[doc] + part[doc]
    return merged


def _intersection(parts: list[dict[int, float]]) -> dict[int, float]:
    smallest = min(parts, key=len)
    common = set(smallest)
    for part in parts:
        if part is not smallest:
            common.intersection_update(part)
    return {d: sum(part[d] for part in parts) for d in common}
