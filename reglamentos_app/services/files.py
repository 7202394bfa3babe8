"""Writing files the user asked for (exports) atomically: never a torn file.

The data goes to a temporary file in the same folder, is flushed and fsynced, then replaces
the destination with ``os.replace``; the folder is fsynced too (RELIABILITY.md §1, test D6).
A crash leaves either the old file or the new one, plus at most a ``.tmp`` file to sweep.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..domain.errors import ReglamentosError


def write_atomic(path: Path, data: bytes) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        fsync_folder(folder)
    except OSError as exc:
        raise ReglamentosError(f"No se pudo escribir «{path}»: {exc.strerror or exc}.",
                               detail=str(exc)) from exc


def fsync_folder(folder: Path) -> None:
    """Make a rename inside ``folder`` durable (POSIX; Windows has no directory handles)."""
    if hasattr(os, "O_DIRECTORY"):
        fd = os.open(folder, os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
