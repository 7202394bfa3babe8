"""A plain-text progress bar for the terminal (no third-party dependency)."""

from __future__ import annotations

import time
from typing import TextIO

from ..domain.progress import Progress


class TextProgress:
    """Callable that draws ``[#####     ] 5/10 label`` on one line, at most 10 times a second."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self._last = 0.0
        self._drawn = False

    def __call__(self, progress: Progress) -> None:
        now = time.monotonic()
        if progress.done < progress.total and now - self._last < 0.1:
            return
        self._last = now
        filled = int(self.width * progress.fraction)
        bar = "#" * filled + " " * (self.width - filled)
        label = progress.label[:50]
        self.stream.write(f"\r[{bar}] {progress.done}/{progress.total} {label:<50}")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
