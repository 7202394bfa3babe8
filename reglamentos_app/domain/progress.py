"""Progress reports and cancellation for long operations, without any GUI dependency.

Long core operations are generators that yield ``Progress`` values; a front end (progress
bar or dialog) consumes them and may set a ``CancelToken`` that the core checks between steps.
This is the pull model Anki uses, so the core never calls Qt.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from .errors import Cancelled


@dataclass(frozen=True, slots=True)
class Progress:
    """One step of a long operation: ``done`` of ``total`` units, with a Spanish label."""

    done: int
    total: int
    label: str = ""

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0


class CancelToken:
    """A thread-safe flag the front end sets and the core checks."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise ``Cancelled`` if the user asked to stop."""
        if self._event.is_set():
            raise Cancelled()
