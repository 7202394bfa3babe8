"""Delayed progress dialog and the bridge between a background op and the GUI.

The core reports ``Progress`` by calling a plain function on the worker thread and checks a
``CancelToken``; it never calls Qt. ``ProgressState`` is that bridge: the worker *pushes* the
latest report into it under a lock, and ``DelayedProgress`` *pulls* it every 100 ms on the GUI
thread (Anki's pull model). The dialog appears only when the operation is still running after
``SHOW_AFTER_MS``, so quick operations never flash a window; its "Cancelar" button sets the
token, and the operation stops at its next check.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from ..domain.progress import CancelToken, Progress

SHOW_AFTER_MS = 500
POLL_MS = 100


class ProgressState:
    """Latest progress of one operation plus its cancel token; safe to use from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._latest: Progress | None = None
        self.cancel = CancelToken()

    def report(self, progress: Progress) -> None:
        """Called by the operation on the worker thread."""
        with self._lock:
            self._latest = progress

    def latest(self) -> Progress | None:
        with self._lock:
            return self._latest


class ProgressDialog(QDialog):
    """Layout only: a label, a bar with done/total and a "Cancelar" button."""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reglamentos")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(420)
        self.label = QLabel(title)
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy indicator until the first report arrives
        self.bar.setFormat("%v de %m")
        self.cancel_button = QPushButton("Cancelar")
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignRight)

    def reject(self) -> None:
        # Escape behaves like "Cancelar" instead of hiding a still-running operation.
        self.cancel_button.click()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        event.ignore()
        self.cancel_button.click()


class DelayedProgress(QObject):
    """Shows a ``ProgressDialog`` for ``state`` if the operation outlives the delay."""

    def __init__(self, parent: QWidget | None, state: ProgressState, title: str,
                 delay_ms: int = SHOW_AFTER_MS) -> None:
        # No QObject parent: the op that owns this object keeps it alive exactly as long as
        # it runs, so finished operations do not pile up as children of the window.
        super().__init__()
        self._parent = parent
        self._state = state
        self._title = title
        self.dialog: ProgressDialog | None = None
        self.finished = False
        self.was_shown = False  # for tests and logs: did the user ever see the dialog?
        self._delay = QTimer(self, singleShot=True, interval=delay_ms)
        self._delay.timeout.connect(self._show)
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._update)

    def start(self) -> None:
        self._delay.start()

    def finish(self) -> None:
        """The operation ended (either way): stop the timers and close the dialog."""
        self.finished = True
        self._delay.stop()
        self._poll.stop()
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None

    def _show(self) -> None:
        if self.finished:
            return
        self.dialog = ProgressDialog(self._parent, self._title)
        self.dialog.cancel_button.clicked.connect(self._on_cancel)
        self._update()
        self.dialog.show()
        self.was_shown = True
        self._poll.start()

    def _update(self) -> None:
        progress = self._state.latest()
        if self.dialog is None or progress is None or self._state.cancel.cancelled:
            return
        if progress.label:
            self.dialog.label.setText(progress.label)
        if progress.total > 0:
            self.dialog.bar.setRange(0, progress.total)
            self.dialog.bar.setValue(min(progress.done, progress.total))

    def _on_cancel(self) -> None:
        self._state.cancel.cancel()
        if self.dialog is not None:
            self.dialog.label.setText("Cancelando… la operación se detendrá en el siguiente paso.")
            self.dialog.cancel_button.setEnabled(False)
