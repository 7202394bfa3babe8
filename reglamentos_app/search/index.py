"""The on-disk index: location, health check, atomic rebuild, incremental update, search.

Layout (RELIABILITY.md §6): a folder per database, derived from its URL, holding generation
folders ``indice-<n>`` and a pointer file ``ACTUAL`` naming the one in use. A rebuild writes a
new generation and then replaces the pointer atomically, so a crash mid-build leaves the old
index (or none) but never a half-built one in use. Each generation has ``meta.json``: the schema
version, the document count and a fingerprint per regulation, compared with the database to
find drift. An index that cannot be opened, whose count or schema disagrees, or whose folder
others can write to (the files contain pickles) is "damaged" and the caller rebuilds it. Lock
files are never deleted: whoosh's lock is an OS lock that dies with its process.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import os
import re
import shutil
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import compress, repeat
from pathlib import Path

from whoosh import index as windex, query as wq, scoring
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, NUMERIC, STORED, TEXT, Schema

from ..domain.errors import Cancelled, ReglamentosError
from ..domain.progress import CancelToken, Progress
from ..domain.regulation import Expression, Regulation
from .analysis import ANALYSIS_VERSION, body_analyzer, spanish_analyzer, words_analyzer
from .bulk import FastSegmentWriter, SegmentWorker, WorkerFailed
from .documents import OPEN_END, IndexedArticle, article_documents, whoosh_fields
from .phrases import VerifiedPhrase, posting_ids
from .query import ParsedQuery, QueryBuilder, highlight_spec
from .ranking import document_scores

SCHEMA_VERSION = 7   # 7: the phrase column's values are padded with spaces
POINTER = "ACTUAL"
META = "meta.json"
WRITE_TIMEOUT_S = 10.0
MULTIPROCESS_MIN_DOCS = 3000   # a worker process pays off only for bigger corpora
WORKER_SHARE = 0.6             # of the documents, once the worker runs (this process reads the DB)
WORKER_BATCH = 500
# TF-IDF, not BM25F: BM25F reads every matching document's field length, which made a common
# word cost ~17 ms at 20,000 articles against ~1.5 ms (whoosh skips whole blocks with TF-IDF).
# Articles are of similar length, so length normalisation changes the ranking little.
WEIGHTING = scoring.TF_IDF()


class IndexDamaged(Exception):
    """The index cannot be used as it is; rebuild it."""


class IndexBuildFailed(ReglamentosError):
    """A rebuild failed (e.g. its worker process died); the previous index is still in use."""


def build_schema() -> Schema:
    es = spanish_analyzer()
    return Schema(
        key=ID(unique=True, stored=True), uri=ID(stored=True, sortable=True), eid=STORED, num=STORED,
        breadcrumb=STORED, hash=STORED, kind=ID(stored=True), provkind=ID(stored=True),
        rstatus=ID(stored=True), pstatus=ID(stored=True), art=ID(stored=True),
        abbr=ID, current=ID, draft=ID, project=ID(stored=True),
        title=TEXT(analyzer=es, phrase=False, stored=True),
        heading=TEXT(analyzer=es, phrase=True, stored=True),
        # Words and word pairs, no positions: phrases are pair look-ups (see analysis.py).
        text=TEXT(analyzer=body_analyzer(), phrase=False),
        # Heading and body as written, folded, unstemmed: prefixes and fuzzy terms are matched
        # against these (a stemmed prefix can overshoot the stem of a longer word).
        words=TEXT(analyzer=words_analyzer(), phrase=False),
        # The body's word sequence, to check phrase candidates (phrases.py).
        seq=COLUMN(VarBytesColumn()),
        vfrom=NUMERIC(int, bits=32, stored=True), vuntil=NUMERIC(int, bits=32, stored=True),
    )


def index_dir_for(db_url: str, data_dir: Path) -> Path:
    """The index folder of a database: next to a SQLite file, else under the data folder."""
    m = re.match(r"^sqlite(?:\+\w+)?:///(.+)$", db_url)
    if m and m.group(1) not in (":memory:", ""):
        path = Path(m.group(1))
        return path.with_name(path.name + ".indice")
    # Shared databases: one folder per URL, without the password in the name.
    safe = re.sub(r"://([^:/@]+):[^@]*@", r"://\1@", db_url)
    digest = hashlib.sha256(safe.encode("utf-8")).hexdigest()[:16]
    return data_dir / "indices" / digest


@dataclass(slots=True)
class IndexHit:
    """One result, as stored in the index (no text)."""

    key: str
    uri: str
    eid: str
    num: str
    heading: str
    breadcrumb: str
    provkind: str
    title: str
    kind: str
    status: str            # provision: in_force | repealed
    regulation_status: str
    valid_from: int
    valid_until: int
    score: float
    project: str = ""      # a reform project's draft: the project id


@dataclass(slots=True)
class IndexResults:
    """A page of hits plus counts per regulation and the terms to highlight."""

    hits: list[IndexHit]
    total: int
    groups: dict[str, int]
    terms: object          # what to highlight: a ``query.HighlightSpec`` (or a set of terms)
    notices: list[str] = field(default_factory=list)


class SearchIndex:
    """The index of one database (see the module docstring). Thread-safe."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._lock = threading.RLock()
        self._ix = None
        self._searcher = None
        self._builder: QueryBuilder | None = None
        self._cache: dict = {}  # per-searcher: superseded docs, date windows, docnum → URI
        self.meta: dict = {}

    # -- state ------------------------------------------------------------------------------
    def exists(self) -> bool:
        return (self.root / POINTER).exists()

    @property
    def generation(self) -> Path | None:
        try:
            name = (self.root / POINTER).read_text(encoding="utf-8").strip()
        except OSError:
            return None
        return self.root / name if re.fullmatch(r"indice-\d+", name) else None

    def open(self) -> None:
        """Open and check the index; raise ``IndexDamaged`` (with the reason) if unusable."""
        with self._lock:
            self.close()
            gen = self.generation
            if gen is None or not gen.is_dir():
                raise IndexDamaged("no hay índice" if not self.exists() else
                                   "falta la carpeta del índice")
            if os.name == "posix" and gen.stat().st_mode & 0o022:
                raise IndexDamaged("otros usuarios pueden escribir en la carpeta del índice")
            try:
                meta = json.loads((gen / META).read_text(encoding="utf-8"))
                ix = windex.open_dir(str(gen))
                count = ix.doc_count()
                searcher = ix.searcher(weighting=WEIGHTING)
            except Exception as exc:  # noqa: BLE001 - any error (even TypeError) means damage
                raise IndexDamaged(f"el índice no se puede abrir ({exc.__class__.__name__})") \
                    from exc
            if meta.get("analysis") != ANALYSIS_VERSION:
                searcher.close()
                raise IndexDamaged("el índice se creó con otro análisis del español; "
                                   "se reconstruye")
            if meta.get("schema") != SCHEMA_VERSION or meta.get("doc_count") != count:
                searcher.close()
                raise IndexDamaged("el índice no corresponde a esta versión o está incompleto")
            self._ix, self._searcher, self.meta = ix, searcher, meta
            self._cache = {}
            self._builder = QueryBuilder(ix.schema)

    @property
    def is_open(self) -> bool:
        return self._ix is not None

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                try:
                    self._searcher.close()
                except Exception:  # noqa: BLE001 - closing a damaged index must not fail
                    pass
            self._ix = self._searcher = None

    def on_disk(self) -> bool:
        """Whether the generation in use is still on disk (cheap: two stats)."""
        gen = self.generation
        return gen is not None and (gen / META).exists()

    def fingerprints(self) -> dict[str, str]:
        return dict(self.meta.get("fingerprints", {}))

    # -- writing ----------------------------------------------------------------------------
    def rebuild(self, regulations: Iterable[tuple[Regulation, list[Expression], str]],
                total: int, *, progress: Callable[[Progress], None] | None = None,
                cancel: CancelToken | None = None, procs: int | None = None,
                drafts: Iterable[tuple[str, str, list[dict]]] = (),
                markers: dict | None = None) -> int:
        """Build a new generation from ``(regulation, versions, fingerprint)`` and swap it in.

        ``drafts`` are ``(group, fingerprint, documents)`` of the open reform projects' drafts
        (``documents.draft_fields``); ``markers`` are extra values kept in ``meta.json``.
        """
        with self._lock:
            self.root.mkdir(parents=True, exist_ok=True)
            os.chmod(self.root, 0o700) if os.name == "posix" else None
            gen = self.root / f"indice-{time.time_ns()}"
            gen.mkdir(mode=0o700)
            worker = None
            writer = None
            try:
                ix = windex.create_in(str(gen), build_schema())
                writer = FastSegmentWriter(ix)
                fingerprints: dict[str, str] = {}
                added = 0
                batch: list[dict] = []
                for i, (regulation, versions, fp) in enumerate(regulations):
                    if cancel is not None:
                        cancel.check()
                    if progress:
                        progress(Progress(i, total, f"Indexando {regulation.title[:60]}…"))
                    uri = str(regulation.uri)
                    for doc in article_documents(uri, versions):
                        fields = _fields(doc, regulation)
                        added += 1
                        # This process also reads the database, so the worker takes the
                        # larger share; it starts once the corpus proves big enough.
                        if worker is None and added == MULTIPROCESS_MIN_DOCS and _may_spawn(procs):
                            worker = SegmentWorker(str(gen))
                        if worker is not None and worker.sent + len(batch) < WORKER_SHARE * added:
                            batch.append(fields)
                            if len(batch) >= WORKER_BATCH:
                                worker.send(batch)
                                batch = []
                        else:
                            writer.add_document(fields)
                    fingerprints[uri] = fp
                draft_fps: dict[str, str] = {}
                for group, fp, docs in drafts:
                    writer.add_documents(docs)
                    draft_fps[group] = fp
                if progress:
                    progress(Progress(total, total, "Guardando el índice…"))
                extra = []
                if worker is not None:
                    worker.send(batch)
                    segment = worker.finish()
                    extra = [segment] if segment is not None else []
                writer.commit(extra)
                writer = None
                count = ix.doc_count()
                _write_json(gen / META, {"schema": SCHEMA_VERSION, "analysis": ANALYSIS_VERSION,
                                         "doc_count": count,
                                         "fingerprints": fingerprints, "drafts": draft_fps,
                                         **(markers or {})})
            except BaseException as exc:
                if worker is not None:
                    worker.kill()
                if writer is not None:
                    writer.cancel()
                shutil.rmtree(gen, ignore_errors=True)
                if isinstance(exc, WorkerFailed):
                    kept = ("Se sigue usando el índice anterior." if self.is_open or
                            self.generation is not None else "Aún no hay índice de búsqueda.")
                    raise IndexBuildFailed(f"No se pudo construir el índice de búsqueda: "
                                           f"{exc}. {kept} Vuelva a intentarlo; si se "
                                           "repite, avise a soporte.") from exc
                raise
            self.close()
            _write_text(self.root / POINTER, gen.name)
            for old in self.root.glob("indice-*"):
                if old != gen:
                    shutil.rmtree(old, ignore_errors=True)
            self.open()
            return count

    def update_regulation(self, regulation: Regulation, versions: list[Expression],
                          fingerprint: str) -> tuple[int, int]:
        """Bring one regulation's documents up to date; returns (written, deleted)."""
        uri = str(regulation.uri)
        wanted = {d["key"]: d for d in (_fields(doc, regulation)
                                        for doc in article_documents(uri, versions))}
        return self._apply(uri, wanted, fingerprint)

    def remove_regulation(self, uri: str) -> tuple[int, int]:
        return self._apply(uri, {}, None)

    def update_draft(self, group: str, docs: list[dict], fingerprint: str | None
                     ) -> tuple[int, int]:
        """Bring one draft's documents (``documents.draft_fields``) up to date; None removes."""
        return self._apply(group, {d["key"]: d for d in docs}, fingerprint, table="drafts")

    def draft_fingerprints(self) -> dict[str, str]:
        return dict(self.meta.get("drafts", {}))

    def set_marker(self, name: str, value) -> None:
        """Keep a value in ``meta.json`` (e.g. the database's change marker last seen)."""
        with self._lock:
            self.meta[name] = value
            if self.generation is not None and self.is_open:
                _write_json(self.generation / META, self.meta)

    def _apply(self, uri: str, wanted: dict[str, dict], fingerprint: str | None,
               table: str = "fingerprints") -> tuple[int, int]:
        with self._lock:
            if self._ix is None:
                self.open()
            have = {f["key"]: f["hash"] for f in self._searcher.documents(uri=uri)}
            stale = [k for k, h in have.items() if k not in wanted or wanted[k]["hash"] != h]
            fresh = [d for k, d in wanted.items() if have.get(k) != d["hash"]]
            if stale or fresh:
                writer = self._ix.writer(timeout=WRITE_TIMEOUT_S)
                try:
                    for key in stale:
                        writer.delete_by_term("key", key)
                    for doc in fresh:
                        writer.add_document(**doc)
                except BaseException:
                    writer.cancel()
                    raise
                writer.commit()
            fingerprints = self.meta.setdefault(table, {})
            if fingerprint is None:
                fingerprints.pop(uri, None)
            else:
                fingerprints[uri] = fingerprint
            # A new searcher, not ``refresh()``: refresh reuses segment readers and can miss
            # deletions in a segment that otherwise did not change.
            self._searcher.close()
            self._searcher = self._ix.searcher(weighting=WEIGHTING)
            self._cache = {}
            self.meta["doc_count"] = self._ix.doc_count()
            _write_json(self.generation / META, self.meta)
            return len(fresh), len(stale)

    # -- reading ----------------------------------------------------------------------------
    def search(self, parsed: ParsedQuery, *, when: int | None = None, page: int = 1,
               pagelen: int = 20, regulation_uris: list[str] | None = None,
               any_word: bool = False, drafts: bool = False) -> IndexResults:
        """One page of hits for a parsed query among the texts in force on ``when``.

        The filters do not score: they become a set of allowed documents (and, for today's
        texts, a cached mask of superseded ones), so whoosh scores only the text query and
        keeps its top-N shortcuts; counts per regulation come from one unscored pass over the
        matching documents and a per-searcher docnum → URI table.
        """
        with self._lock:
            if self._ix is None:
                self.open()
            builder = self._builder
            page = max(1, page)
            try:
                text_q = builder.text_query(parsed, any_word=any_word)
                if text_q is not None:
                    text_q = self._expand_fuzzy(text_q)
                allowed, mask = self._restriction(parsed, when, regulation_uris, drafts)
                if text_q is None:
                    if not parsed.filters:
                        return IndexResults([], 0, {}, set(), list(parsed.notices))
                    docs = sorted(d for d in allowed if mask is None or d not in mask)
                    return self._page_of(docs, page, pagelen, set(), parsed)
                fast = document_scores(self._searcher, text_q)
                if fast is not None:
                    return self._ranked_page(fast, allowed, mask, page, pagelen, text_q, parsed)
                try:
                    results = self._searcher.search(text_q, limit=page * pagelen,
                                                    filter=allowed, mask=mask)
                except wq.QueryError:
                    # A query whoosh cannot execute is bad syntax, not damage: plain words.
                    parsed.notices.append("No se entendió la búsqueda; se buscaron las "
                                          "palabras sueltas.")
                    parsed.plain_fallback = True
                    text_q = builder.plain(parsed.words)
                    if text_q is None:
                        return IndexResults([], 0, {}, set(), list(parsed.notices))
                    results = self._searcher.search(text_q, limit=page * pagelen,
                                                    filter=allowed, mask=mask)
                hits = [_hit(h) for h in results[(page - 1) * pagelen: page * pagelen]]
                groups = self._count(text_q, allowed, mask)
                terms = highlight_spec(text_q)
            except (Cancelled, KeyboardInterrupt):
                raise
            except Exception as exc:  # noqa: BLE001 - a damaged segment shows up here
                raise IndexDamaged(f"error al leer el índice ({exc.__class__.__name__})") from exc
            return IndexResults(hits, sum(groups.values()), groups, terms, list(parsed.notices))

    def _ranked_page(self, scores: dict[int, float], allowed: set | None, mask: set | None,
                     page: int, pagelen: int, text_q, parsed: ParsedQuery) -> IndexResults:
        """A page and the counts from every match's score (``ranking.py``), whoosh's order:
        score descending, then document number."""
        # ``scores`` is this query's own dict: drop what the filters exclude in place, so the
        # rest runs over its keys and values in C (no per-document Python step).
        if allowed is not None:
            keep = scores.keys() & allowed
            if mask is not None:
                keep -= mask
            scores = {d: scores[d] for d in keep}
        elif mask is not None:
            if len(mask) < len(scores):
                deque(map(scores.pop, mask, repeat(None)), maxlen=0)
            else:
                scores = {d: scores[d] for d in scores.keys() - mask}
        docs = scores.keys()
        # The k-th best score first (a plain float heap), then order the few at or above it.
        k = page * pagelen
        best = heapq.nlargest(k, scores.values())
        floor = best[-1] if best else 0.0
        above = compress(docs, map(floor.__le__, scores.values()))
        top = sorted(above, key=lambda d: (-scores[d], d))[:k]
        stored = self._searcher.stored_fields
        hits = [_hit_from_fields(stored(d), scores[d])
                for d in top[(page - 1) * pagelen: page * pagelen]]
        table = self._uri_table()
        groups = dict(Counter(map(table.__getitem__, docs)))
        return IndexResults(hits, len(docs), groups, highlight_spec(text_q),
                            list(parsed.notices))

    def _expand_fuzzy(self, q):
        """Fuzzy terms as an OR of the words they match, found once per searcher.

        Otherwise whoosh walks the vocabulary for the scores and again for the counts.
        """
        if isinstance(q, wq.FuzzyTerm):
            key = ("fuzzy", q.fieldname, q.text, q.maxdist, q.prefixlength)
            texts = self._cache.get(key)
            if texts is None:
                texts = self._cache[key] = sorted(q._btexts(self._searcher.reader()))
            if not texts:
                return wq.NullQuery
            return wq.Or([wq.Term(q.fieldname, t.decode("utf-8") if isinstance(t, bytes) else t)
                          for t in texts], boost=q.boost)
        if isinstance(q, wq.CompoundQuery) or isinstance(q, wq.Not):
            return q.apply(self._expand_fuzzy)
        return q

    def _restriction(self, parsed: ParsedQuery, when: int | None,
                     regulation_uris: list[str] | None, drafts: bool = False
                     ) -> tuple[set | None, set | None]:
        """(allowed docnums or None for all, masked docnums or None) for the filters.

        Drafts are in no date window and out of today's texts; ``drafts`` adds them back.
        """
        searcher = self._searcher
        allowed: set | None = None
        mask: set | None = None
        if when is None:
            mask = self._cache.get("superseded")
            if mask is None:
                mask = self._cache["superseded"] = set(
                    searcher.docs_for_query(wq.Term("current", "0")))
        else:
            key = ("when", when)
            allowed = self._cache.get(key)
            if allowed is None:
                allowed = set(searcher.docs_for_query(wq.And([
                    wq.NumericRange("vfrom", None, when),
                    wq.NumericRange("vuntil", when, None, startexcl=True)])))
                if len(self._cache) > 40:
                    self._cache = {k: v for k, v in self._cache.items() if not isinstance(k, tuple)}
                self._cache[key] = allowed
        if drafts:
            draft_docs = self._draft_docs()
            if mask is not None:
                mask = mask - draft_docs
            if allowed is not None:
                allowed = allowed | draft_docs
        filter_q = self._builder.filter_query(parsed, when=0, regulation_uris=regulation_uris,
                                              dates=False)
        if filter_q is not None:
            docs = set(searcher.docs_for_query(filter_q))
            allowed = docs if allowed is None else allowed & docs
        if mask is not None and not mask:
            mask = None
        return allowed, mask

    def _draft_docs(self) -> set:
        docs = self._cache.get("drafts")
        if docs is None:
            docs = self._cache["drafts"] = set(self._searcher.docs_for_query(
                wq.Term("draft", "1")))
        return docs

    def _uri_table(self) -> list[str]:
        table = self._cache.get("uris")
        if table is None:
            table = self._cache["uris"] = list(self._searcher.reader().column_reader("uri"))
        return table

    def _count(self, q, allowed: set | None, mask: set | None) -> dict[str, int]:
        table = self._uri_table()
        docs = self._doc_set(q)
        if docs is None:  # phrases and other queries: whoosh's generic (slower) walk
            docs = set(self._searcher.docs_for_query(q))
        if mask is not None:
            docs -= mask
        if allowed is not None:
            docs &= allowed
        return dict(Counter(map(table.__getitem__, docs)))

    def _doc_set(self, q) -> set | None:
        """Matching docnums of term/prefix/fuzzy and AND/OR trees, read a block at a time.

        whoosh's ``docs_for_query`` costs ~1 µs per document; reading the posting blocks'
        id arrays directly is several times faster. None: not supported, use the generic walk.
        """
        if isinstance(q, wq.Term):
            return self._term_docs(q.fieldname, [q.text])
        if isinstance(q, type(wq.NullQuery)):
            return set()
        if isinstance(q, VerifiedPhrase):
            # The check per segment is cached from the scoring pass.
            verified: set = set()
            for sub, offset in self._leaves():
                verified.update(d + offset for d in q.verified(sub))
            return verified
        if isinstance(q, wq.MultiTerm) and not isinstance(q, wq.NumericRange):
            texts: set = set()
            for sub, _offset in self._leaves():
                texts.update(q._btexts(sub.reader()))
            return self._term_docs(q.fieldname, texts)
        if isinstance(q, (wq.Or, wq.And)) and type(q) in (wq.Or, wq.And):
            sets = []
            for child in q.subqueries:
                docs = self._doc_set(child)
                if docs is None:
                    return None
                sets.append(docs)
            if not sets:
                return set()
            return set.union(*sets) if isinstance(q, wq.Or) else set.intersection(*sets)
        return None

    def _leaves(self):
        searcher = self._searcher
        return searcher.leaf_searchers() if not searcher.is_atomic() else [(searcher, 0)]

    def _term_docs(self, fieldname: str, texts) -> set:
        out: set = set()
        for sub, offset in self._leaves():
            reader = sub.reader()
            deleted = reader.deleted_docs_set if reader.has_deletions() else frozenset()
            for text in texts:
                ids = posting_ids(reader, fieldname, text)
                if ids is None:
                    continue
                if offset:
                    ids = [i + offset for i in ids]
                out.update(ids)
            if deleted:
                out.difference_update(d + offset for d in deleted)
        return out

    def _page_of(self, docs: list[int], page: int, pagelen: int, terms: set[str],
                 parsed: ParsedQuery) -> IndexResults:
        table = self._uri_table()
        counts: dict[str, int] = {}
        for doc in docs:
            counts[table[doc]] = counts.get(table[doc], 0) + 1
        hits = [_hit_from_fields(self._searcher.stored_fields(d), 0.0)
                for d in docs[(page - 1) * pagelen: page * pagelen]]
        return IndexResults(hits, len(docs), counts, terms, list(parsed.notices))

    def find_article(self, uri: str, article: str, when: int | None = None) -> IndexHit | None:
        """The document of article ``article`` of ``uri`` (in force on ``when``)."""
        with self._lock:
            if self._ix is None:
                self.open()
            q = wq.And([wq.Term("uri", uri), wq.Term("art", article),
                        QueryBuilder(self._ix.schema).filter_query(ParsedQuery(""), when=when)])
            results = self._searcher.search(q, limit=5)
            hits = [_hit(h) for h in results]
            hits.sort(key=lambda h: h.provkind != "article")  # prefer articles to transitorios
            return hits[0] if hits else None

    def doc_count(self) -> int:
        with self._lock:
            if self._ix is None:
                self.open()
            return self._ix.doc_count()


def _may_spawn(procs: int | None) -> bool:
    """A worker process when allowed: not in a frozen program (PyInstaller would need
    ``freeze_support()`` in its entry point) and not on a single core."""
    if procs is None:
        return not getattr(sys, "frozen", False) and (os.cpu_count() or 1) > 1
    return procs > 1


def _fields(doc: IndexedArticle, regulation: Regulation) -> dict:
    fields = whoosh_fields(doc, regulation)
    fields["current"] = "1" if doc.valid_until == OPEN_END else "0"
    return fields


def _hit(hit) -> IndexHit:
    return _hit_from_fields(hit.fields(), hit.score or 0.0)


def _hit_from_fields(f: dict, score: float) -> IndexHit:
    return IndexHit(key=f["key"], uri=f["uri"], eid=f.get("eid", ""), num=f.get("num", ""),
                    heading=f.get("heading", ""), breadcrumb=f.get("breadcrumb", ""),
                    provkind=f.get("provkind", ""), title=f.get("title", ""),
                    kind=f.get("kind", ""), status=f.get("pstatus", ""),
                    regulation_status=f.get("rstatus", ""), valid_from=f.get("vfrom", 0),
                    valid_until=f.get("vuntil", OPEN_END), score=score,
                    project=f.get("project", ""))


def _write_json(path: Path, data: dict) -> None:
    _write_text(path, json.dumps(data, ensure_ascii=False))


def _write_text(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
