"""Background operations: the one way the GUI runs core work (Anki's QueryOp/CollectionOp).

A call reads::

    Op(runner, parent=self, op=lambda svc: svc.corpus.list_regulations(),
       success=self._show).run_in_background()

``op`` receives the ``Services`` and runs on a worker thread; it must not touch any widget.
Everything that receives the services runs on ONE single-thread executor, so database work is
serialised (SQLite allows one writer) and results arrive in submission order; ``without_services``
ops (pure file or CPU work) use a small separate pool. ``success(result)`` runs on the GUI
thread; an exception goes to ``failure(exc)`` when given, else to ``errors.show_error``
(a user cancellation is silently dropped). With ``with_progress(label)`` the op is called as
``op(services, report, cancel)``: ``report(Progress)`` may be called from the worker, ``cancel``
is the ``CancelToken`` the "Cancelar" button sets, and a ``DelayedProgress`` dialog appears if
the op is still running after half a second.

Results reach the GUI thread by queueing a closure under a lock and emitting a queued signal
that the ``OpRunner`` (living on the GUI thread) drains. ``OpRunner(services, synchronous=True)``
runs every op immediately on the calling thread, for tests.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from ..domain.errors import Cancelled
from ..services import Services
from .errors import show_error
from .progress import DelayedProgress, ProgressState

T = TypeVar("T")
Done = Callable[[Any, BaseException | None], None]


class OpRunner(QObject):
    """Owns the executors and brings results back to the GUI thread (create it there)."""

    _sig_results_ready = Signal()

    def __init__(self, services: Services, *, synchronous: bool = False,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.synchronous = synchronous
        self._db_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reglamentos-db")
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="reglamentos-aux")
        self._lock = threading.Lock()
        self._pending: list[Callable[[], None]] = []
        self._active_tokens: set[ProgressState] = set()
        self._running = 0
        self._closed = False
        # Queued even when emitted from the GUI thread, so delivery is always asynchronous.
        self._sig_results_ready.connect(self._drain, Qt.ConnectionType.QueuedConnection)

    @property
    def idle(self) -> bool:
        """True when no op is running or waiting to deliver its result."""
        return self._running == 0

    def run(self, work: Callable[[], Any], done: Done, *, uses_services: bool = True,
            state: ProgressState | None = None) -> None:
        """Run ``work`` in the background and call ``done(result, exc)`` on the GUI thread."""
        if self._closed:
            raise RuntimeError("OpRunner ya está cerrado")
        self._running += 1
        if state is not None:
            self._active_tokens.add(state)

        def finish(result: Any, exc: BaseException | None) -> None:
            self._running -= 1
            self._active_tokens.discard(state)
            done(result, exc)

        if self.synchronous:
            try:
                result = work()
            except Exception as exc:  # noqa: BLE001 - every failure goes to ``done``
                finish(None, exc)
            else:
                finish(result, None)
            return
        executor = self._db_executor if uses_services else self._pool
        future = executor.submit(work)
        future.add_done_callback(lambda f: self._post(lambda: finish(*_outcome(f))))

    def shutdown(self, *, wait: bool = True) -> None:
        """Cancel what can be cancelled and stop the workers (call before closing services)."""
        self._closed = True
        for state in list(self._active_tokens):
            state.cancel.cancel()
        self._db_executor.shutdown(wait=wait, cancel_futures=True)
        self._pool.shutdown(wait=wait, cancel_futures=True)

    # -- delivery to the GUI thread -----------------------------------------------------------
    def _post(self, closure: Callable[[], None]) -> None:
        with self._lock:
            self._pending.append(closure)
        if shiboken6.isValid(self):
            self._sig_results_ready.emit()

    def _drain(self) -> None:
        with self._lock:
            closures, self._pending = self._pending, []
        for closure in closures:
            try:
                closure()
            except Exception:  # noqa: BLE001 - one failing callback must not drop the others
                sys.excepthook(*sys.exc_info())


def _outcome(future: Future) -> tuple[Any, BaseException | None]:
    if future.cancelled():
        return None, Cancelled()
    exc = future.exception()
    return (None, exc) if exc is not None else (future.result(), None)


class Op(Generic[T]):
    """Builder for one background operation (see the module docstring)."""

    def __init__(self, runner: OpRunner, *, parent: QWidget | None, op: Callable[..., T],
                 success: Callable[[T], None] | None = None) -> None:
        self._runner = runner
        self._parent = parent
        self._op = op
        self._success = success
        self._failure: Callable[[BaseException], None] | None = None
        self._progress_title: str | None = None
        self._uses_services = True
        self.progress: DelayedProgress | None = None

    def success(self, callback: Callable[[T], None]) -> Op[T]:
        self._success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Op[T]:
        """Handle errors (including ``Cancelled``) yourself instead of ``show_error``."""
        self._failure = callback
        return self

    def with_progress(self, title: str) -> Op[T]:
        """Call the op as ``op(services, report, cancel)`` and show a delayed progress dialog."""
        self._progress_title = title
        return self

    def without_services(self) -> Op[T]:
        """The op takes no argument and does not touch the database: use the other pool."""
        self._uses_services = False
        return self

    def run_in_background(self) -> Op[T]:
        services = self._runner.services
        state = ProgressState() if self._progress_title is not None else None
        if state is not None:
            self.progress = DelayedProgress(self._parent, state, self._progress_title or "")
            self.progress.start()

        def work() -> T:
            if not self._uses_services:
                return self._op()
            if state is not None:
                return self._op(services, state.report, state.cancel)
            return self._op(services)

        self._runner.run(work, self._done, uses_services=self._uses_services, state=state)
        return self

    def _done(self, result: Any, exc: BaseException | None) -> None:
        if self.progress is not None:
            self.progress.finish()
        # The window that asked may have been closed while the op ran.
        if self._parent is not None and not shiboken6.isValid(self._parent):
            return
        if exc is None:
            if self._success is not None:
                self._success(result)
        elif self._failure is not None:
            self._failure(exc)
        else:
            show_error(self._parent, exc)
