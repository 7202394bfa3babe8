"""Fast full builds: our own document path into whoosh's segment files (same bytes on disk).

whoosh's ``add_document`` runs every token through a generator chain, pickles every posting
into an external-sort pool and reads them back at commit; at 20,000 articles that was ~85 % of a
20 s build (PERFORMANCE.md, cProfile). Here a build keeps the postings in memory, compactly
(arrays of document numbers and frequencies per term), analyses the body with the cached
``BodyTerms`` (Spanish legal text repeats its words, so each distinct word is stemmed once) and
writes each term's posting blocks straight through the codec. The per-document files (stored
fields, lengths, columns) still go through whoosh's own per-document writer, so the segment is an
ordinary whoosh segment; ``tests/search/test_bulk.py`` checks it equals whoosh's own build term
by term. Only full builds use this path; incremental updates use whoosh's writer.

A build may be split in two: a spawned worker process writes a second segment of the same
generation from documents sent through a queue while this process reads the database and
writes the first, so both cores work (a process, not a fork: the GUI process has threads).
"""

from __future__ import annotations

import multiprocessing
import queue as queue_mod
from array import array
from collections import Counter
from collections.abc import Iterable

from whoosh import formats
from whoosh.codec.whoosh3 import W3PostingsWriter
from whoosh.system import pack_uint
from whoosh.writing import SegmentWriter

from .analysis import BodyTerms, folded_words

WORKER_TIMEOUT_S = 600.0


class FastSegmentWriter:
    """Adds documents to a new segment of ``ix`` (see the module docstring).

    ``body_field`` is the field analysed by ``BodyTerms`` (words plus adjacent pairs) and
    ``words_field`` the one of folded unstemmed words (``analysis.folded_words``); every
    other field goes through its whoosh field object, with the results cached for values that
    repeat (regulation titles, statuses, dates).
    """

    def __init__(self, ix, *, body_field: str = "text", words_field: str = "words",
                 lock: bool = True) -> None:
        self.writer = SegmentWriter(ix, _lk=lock)
        self.schema = self.writer.schema
        self.body_field = body_field
        self.body = BodyTerms()
        self._fast = {body_field: self.body.terms, words_field: folded_words}
        # Per field: "exist" → {term: array of docnums}; "freq" → {term: (docnums, freqs)};
        # "generic" → {term: [(docnum, weight, vbytes), …]}. Terms are bytes, except the
        # body's, kept as str and encoded once when written.
        self._modes: dict[str, str] = {}
        self._postings: dict[str, dict] = {}
        self._lengths: dict[str, array] = {}
        self._cache: dict[tuple[str, object], list] = {}
        for name in self.schema.names():
            field = self.schema[name]
            if not field.indexed:
                continue
            fmt = type(field.format)
            self._modes[name] = ("freq" if fmt is formats.Frequency else
                                 "exist" if fmt is formats.Existence else "generic")
            self._postings[name] = {}
            if field.scorable:
                self._lengths[name] = array("I")
        self._order: dict[frozenset, list[str]] = {}

    @property
    def doc_count(self) -> int:
        return self.writer.docnum

    def add_documents(self, docs: Iterable[dict]) -> None:
        for doc in docs:
            self.add_document(doc)

    def add_document(self, fields: dict) -> None:
        w = self.writer
        pdw = w.perdocwriter
        schema = self.schema
        docnum = w.docnum
        keys = frozenset(fields)
        names = self._order.get(keys)
        if names is None:
            names = self._order[keys] = sorted(n for n in keys if not n.startswith("_"))
        pdw.start_doc(docnum)
        for name in names:
            value = fields[name]
            if value is None:
                continue
            field = schema[name]
            length = 0
            if field.indexed:
                length = self._index(name, field, value, docnum)
                lengths = self._lengths.get(name)
                if lengths is not None:
                    lengths.append(length)
            pdw.add_field(name, field, value if field.stored else None, length)
            column = field.column_type
            if column:
                pdw.add_column_value(name, column, field.to_column_value(value))
        pdw.finish_doc()
        # Fields a document lacks still need a length entry (0) for the postings writer.
        for name, lengths in self._lengths.items():
            if len(lengths) <= docnum:
                lengths.append(0)
        w._added = True
        w.docnum += 1

    def _index(self, name: str, field, value, docnum: int) -> int:
        postings = self._postings[name]
        fast = self._fast.get(name)
        if fast is not None:
            terms = fast(value)
            for term, freq in Counter(terms).items():
                entry = postings.get(term)
                if entry is None:
                    entry = postings[term] = (array("I"), array("I"))
                entry[0].append(docnum)
                entry[1].append(freq)
            return len(terms)
        # Values repeat (a regulation's title, statuses, dates): their posting lists are
        # resolved once, then each document only appends its number to them.
        plan = None if field.unique else self._cache.get((name, value))
        if plan is None:
            plan = self._plan(name, field, value)
            if not field.unique:
                if len(self._cache) > 100_000:
                    self._cache.clear()
                self._cache[(name, value)] = plan
        targets, freqs, generic, length = plan
        for docs in targets:
            docs.append(docnum)
        for counts, freq in freqs:
            counts.append(freq)
        for entry, weight, vbytes in generic:
            entry.append((docnum, weight, vbytes))
        return length

    def _plan(self, name: str, field, value) -> tuple[list, list, list, int]:
        mode = self._modes[name]
        postings = self._postings[name]
        targets, freqs, generic, length = [], [], [], 0
        for term, freq, weight, vbytes in field.index(value):
            length += freq
            if mode == "exist":
                targets.append(postings.setdefault(term, array("I")))
            elif mode == "freq":
                entry = postings.setdefault(term, (array("I"), array("I")))
                targets.append(entry[0])
                freqs.append((entry[1], freq))
            else:
                generic.append((postings.setdefault(term, []), weight, vbytes))
        return targets, freqs, generic, length if field.scorable else 0

    # -- finishing ------------------------------------------------------------------------------
    def finish(self):
        """Write the postings, close the segment's files; returns the whoosh segment."""
        w = self.writer
        w.perdocwriter.close()
        fw = w.fieldwriter
        for name in sorted(self._postings):
            postings = self._postings[name]
            if not postings:
                continue
            field = self.schema[name]
            fw.start_field(name, field)
            mode = self._modes[name]
            boost = field.format.field_boost
            lengths = self._lengths.get(name)
            # The body's terms are str (UTF-8 keeps code point order), the others bytes.
            for term in sorted(postings):
                fw.start_term(term.encode("utf-8") if isinstance(term, str) else term)
                entry = postings[term]
                if mode == "exist":
                    _write_postings(fw, entry, None, None, lengths, boost)
                elif mode == "freq":
                    _write_postings(fw, entry[0], entry[1], "freq", lengths, boost)
                else:
                    for docnum, weight, vbytes in entry:
                        fw.add(docnum, weight, vbytes or b"",
                               lengths[docnum] if lengths is not None else 0)
                fw.finish_term()
            fw.finish_field()
        fw.close()
        self._postings.clear()
        w._close_segment()
        w._assemble_segment()
        return w.get_segment()

    def commit(self, extra_segments: list | None = None) -> None:
        """Finish this segment and publish it (plus ``extra_segments``) as the index's TOC."""
        segment = self.finish()
        segments = list(self.writer.segments) + list(extra_segments or []) + [segment]
        self.writer._commit_toc(segments)
        self.writer._finish()

    def cancel(self) -> None:
        try:
            self.writer.cancel()
        except Exception:  # noqa: BLE001 - cancelling after a failure must not hide it
            pass


def _write_postings(fw, docs: array, freqs: array | None, mode: str | None,
                    lengths: array | None, boost: float) -> None:
    """One term's postings, a block at a time (the codec's per-posting call is the slow part)."""
    pw = fw._postwriter
    if type(pw) is not W3PostingsWriter:  # another codec: its public per-posting call
        for i, docnum in enumerate(docs):
            freq = freqs[i] if freqs is not None else 1
            fw.add(docnum, freq * boost, pack_uint(freq) if freqs is not None else b"",
                   lengths[docnum] if lengths is not None else 0)
        return
    limit = pw._blocklimit
    n = len(docs)
    for start in range(0, n, limit):
        ids = docs[start:start + limit]
        if freqs is None:
            pw._weights = array("f", [boost]) * len(ids)
            pw._values = []
            pw._maxweight = max(0, boost)
        else:
            chunk = freqs[start:start + limit]
            pw._weights = array("f", [f * boost for f in chunk]) if boost != 1 else array(
                "f", chunk)
            pw._values = [pack_uint(f) for f in chunk]
            pw._maxweight = max(0, max(chunk) * boost)
        pw._ids = ids
        if lengths is not None:
            ls = [lengths[d] for d in ids]
            nonzero = [x for x in ls if x]
            pw._minlength = min(nonzero) if nonzero else None
            pw._maxlength = max(ls)
        else:
            pw._minlength, pw._maxlength = None, 0
        if start + limit < n:
            pw._write_block()
    # The last block is written by finish_term() → finish_postings().


# -- the worker process -------------------------------------------------------------------------
def _worker(index_dir: str, jobs, results) -> None:
    """Spawned process: write a segment from the document batches on ``jobs``."""
    from whoosh import index as windex

    try:
        ix = windex.open_dir(index_dir)
        writer = FastSegmentWriter(ix, lock=False)
        while True:
            batch = jobs.get()
            if batch is None:
                break
            writer.add_documents(batch)
        segment = writer.finish() if writer.doc_count else None
        results.put(("ok", segment))
    except BaseException as exc:  # noqa: BLE001 - report it to the parent, which re-raises
        results.put(("error", f"{exc.__class__.__name__}: {exc}"))


class SegmentWorker:
    """A second segment writer in a spawned process (see the module docstring)."""

    def __init__(self, index_dir: str) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.jobs = ctx.Queue(maxsize=16)
        self.results = ctx.Queue()
        self.process = ctx.Process(target=_worker, args=(index_dir, self.jobs, self.results),
                                   daemon=True, name="reglamentos-indice")
        self.process.start()
        self.sent = 0

    def send(self, docs: list[dict]) -> None:
        if docs:
            self.jobs.put(docs)
            self.sent += len(docs)

    def finish(self):
        """Wait for the worker's segment (None if it wrote none); raises on its failure."""
        self.jobs.put(None)
        try:
            status, payload = self.results.get(timeout=WORKER_TIMEOUT_S)
        except queue_mod.Empty:
            self.kill()
            raise RuntimeError("el proceso auxiliar del índice no respondió") from None
        self.process.join(timeout=30)
        if status != "ok":
            raise RuntimeError(f"el proceso auxiliar del índice falló ({payload})")
        return payload

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
