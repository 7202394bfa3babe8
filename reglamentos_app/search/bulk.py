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
import sys
import threading
import time
import types
from array import array
from collections import Counter
from collections.abc import Iterable

from whoosh import formats
from whoosh.codec.whoosh3 import W3PostingsWriter
from whoosh.system import pack_uint
from whoosh.writing import SegmentWriter

from .analysis import BodyTerms, folded_words


class FastSegmentWriter:
    """Adds documents to a new segment of ``ix`` (see the module docstring).

    ``body_field`` is the field analysed by ``BodyTerms`` (words plus adjacent pairs) and
    ``words_field`` the one of folded unstemmed words (``analysis.folded_words``); every
    other field goes through its whoosh field object, with the results cached for values that
    repeat (regulation titles, statuses, dates).
    """

    def __init__(self, ix, *, body_field: str = "text", words_field: str = "words",
                 lock: bool = True, tick=None) -> None:
        self.writer = SegmentWriter(ix, _lk=lock)
        self.schema = self.writer.schema
        self.body_field = body_field
        self.body = BodyTerms()
        self._tick = tick  # called now and then while working (the worker's liveness)
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
        tick = self._tick
        for i, doc in enumerate(docs):
            self.add_document(doc)
            if tick is not None and i % TICK_DOCS == 0:
                tick()

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
            for i, term in enumerate(sorted(postings)):
                if self._tick is not None and i % TICK_TERMS == 0:
                    self._tick()
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
# A dead or stuck worker must never hang the build (issue 17): every queue operation has a
# timeout, the worker ticks a shared counter as it works (every TICK_DOCS documents and every
# TICK_TERMS terms written), and the parent gives up when the process died or neither the counter
# nor the process's CPU time has moved for STALL_S seconds (a stopped or deadlocked process). The
# worker likewise leaves when its parent is gone.
STALL_S = 5.0
POLL_S = 0.25
TICK_DOCS = 25
TICK_TERMS = 2000
_SPAWN_LOCK = threading.Lock()


class WorkerFailed(RuntimeError):
    """The index worker died, stalled or failed; the message is for the user (Spanish)."""


def _worker(index_dir: str, jobs, results, ticks) -> None:
    """Spawned process: write a segment from the document batches on ``jobs``."""
    from whoosh import index as windex

    def tick() -> None:
        with ticks.get_lock():
            ticks.value += 1

    try:
        ix = windex.open_dir(index_dir)
        writer = FastSegmentWriter(ix, lock=False, tick=tick)
        parent = multiprocessing.parent_process()
        while True:
            try:
                batch = jobs.get(timeout=POLL_S)
            except queue_mod.Empty:
                if parent is not None and not parent.is_alive():
                    return  # the build was abandoned: nobody waits for a segment
                tick()
                continue
            tick()
            if batch is None:
                break
            writer.add_documents(batch)
        segment = writer.finish() if writer.doc_count else None
        results.put(("ok", segment), timeout=STALL_S)
    except BaseException as exc:  # noqa: BLE001 - report it to the parent, which re-raises
        try:
            results.put(("error", f"{exc.__class__.__name__}: {exc}"), timeout=STALL_S)
        except Exception:  # noqa: BLE001 - the parent notices the death instead
            pass


class SegmentWorker:
    """A second segment writer in a spawned process (see the module docstring).

    Spawning is safe from any caller: the child is started without the caller's ``__main__``
    (it needs nothing from it), so a script without an ``if __name__ == "__main__"`` guard does
    not re-run itself in the child — which used to kill the child and hang the parent.
    """

    def __init__(self, index_dir: str) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.jobs = ctx.Queue(maxsize=16)
        self.results = ctx.Queue()
        self.ticks = ctx.Value("L", 0)
        self.process = ctx.Process(target=_worker,
                                   args=(index_dir, self.jobs, self.results, self.ticks),
                                   daemon=True, name="reglamentos-indice")
        _start_without_main(self.process)
        self.sent = 0
        self._seen: tuple = ((-1, None), time.monotonic())

    def send(self, docs: list[dict]) -> None:
        if docs:
            self._put(docs)
            self.sent += len(docs)

    def finish(self):
        """Wait for the worker's segment (None if it wrote none); raises ``WorkerFailed``."""
        self._put(None)
        while True:
            try:
                status, payload = self.results.get(timeout=POLL_S)
                break
            except queue_mod.Empty:
                self._check()
        self.process.join(timeout=STALL_S)
        if status != "ok":
            raise WorkerFailed(f"el proceso auxiliar del índice falló ({payload})")
        return payload

    def _put(self, item) -> None:
        while True:
            try:
                self.jobs.put(item, timeout=POLL_S)
                return
            except queue_mod.Full:
                self._check()

    def _check(self) -> None:
        """Raise ``WorkerFailed`` if the worker died or has not moved for ``STALL_S``."""
        if not self.process.is_alive():
            code = self.process.exitcode
            raise WorkerFailed("el proceso auxiliar del índice terminó inesperadamente"
                               f" (código {code})")
        value, since = self._seen
        now = time.monotonic()
        # Progress is a tick or CPU time spent: one long step (sorting a million terms on a
        # loaded machine) ticks nothing for seconds, but a working process uses the CPU.
        current = (self.ticks.value, _cpu_ticks(self.process.pid))
        if current != value:
            self._seen = (current, now)
        elif now - since > STALL_S:
            self.kill()
            raise WorkerFailed(f"el proceso auxiliar del índice dejó de responder durante "
                               f"{STALL_S:.0f} s y se detuvo")

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=STALL_S)
        for q in (self.jobs, self.results):
            q.cancel_join_thread()  # never wait to flush a queue nobody reads
            q.close()


def _cpu_ticks(pid: int | None) -> int | None:
    """CPU time used so far by process ``pid`` (clock ticks; None where /proc is missing)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except (OSError, ValueError, IndexError):
        return None


def _start_without_main(process) -> None:
    """Start a spawned process without making it import the caller's ``__main__``.

    ``multiprocessing`` records the main module's name or path for the child to re-import; a
    script without a ``__main__`` guard then runs again in the child. The worker's target lives
    in this package, so the child gets an empty ``__main__`` instead.
    """
    with _SPAWN_LOCK:
        main = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            process.start()
        finally:
            if main is not None:
                sys.modules["__main__"] = main
