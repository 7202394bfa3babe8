"""Writing a benchmark's figures into its own section of docs/benchmarks.md.

Each script owns the text between its markers ``<!-- NAME:inicio -->`` and
``<!-- NAME:fin -->``; the rest of the file (other scripts' sections, notes) is left alone.
"""

from __future__ import annotations

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
