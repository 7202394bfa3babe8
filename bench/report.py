"""Writing a benchmark's figures into its own section of docs/benchmarks.md.

Each script owns the text between its markers ``<!-- NAME:inicio -->`` and
``<!-- NAME:fin -->``; the rest of the file (other scripts' sections, notes) is left alone.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}:inicio -->", f"<!-- {name}:fin -->"


def section(name: str, lines: list[str]) -> str:
    begin, end = markers(name)
    return "\n".join([begin, "", *lines, "", end])


def write_section(name: str, body: str, heading: str, intro: str, path: Path = BENCHMARKS) -> None:
    """Replace the section ``name`` (or append it under ``heading`` with ``intro``)."""
    begin, end = markers(name)
    text = path.read_text(encoding="utf-8") if path.exists() else "# Mediciones de rendimiento\n"
    if begin in text and end in text:
        text = text[: text.index(begin)] + body + text[text.index(end) + len(end):]
    else:
        text = f"{text.rstrip()}\n\n## {heading}\n\n{intro}\n\n{body}\n"
    path.write_text(text, encoding="utf-8")


def pin_one_core() -> None:
    """Run on one core, as the targets are stated (and so other processes disturb less)."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A Markdown table: the header row, its rule and one line per row."""
    return [f"| {' | '.join(header)} |", "|" + "---|" * len(header),
            *(f"| {' | '.join(r)} |" for r in rows)]
