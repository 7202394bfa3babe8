"""Entry points run inside the limited import worker (``..limits.run_limited``).

Each function reads one file and returns its ``ParsedDocument`` as JSON (see ``serialize``:
never a pickle, so a compromised reader cannot forge objects in the application); the structure is
recognised by ``parse_text`` for every format except Akoma Ntoso, which is already a tree.
Warnings about the conversion itself (tracked changes accepted, page furniture removed) are
added to the document's import report.
"""

from __future__ import annotations

from pathlib import Path

from ...domain.report import ImportWarning, WarningKind
from ..document import ParsedDocument
from ..serialize import document_to_json
from ..text.parser import parse_text


def _with_warnings(text: str, name: str, warnings: list[str], kind: WarningKind) -> ParsedDocument:
    doc = parse_text(text, name)
    doc.report.warnings[:0] = [ImportWarning(0, kind, message) for message in warnings]
    return doc


def load_txt(path: str, name: str, encoding: str | None = None) -> str:
    """Plain text → document (JSON): decoding and parsing are as exposed as any other reader
    (a 10 MB text took 988 MB when parsed in the application's own process)."""
    from ..text.decoding import read_text_file

    text, _used = read_text_file(Path(path), encoding=encoding)
    return document_to_json(parse_text(text, name))


def load_docx(path: str, name: str) -> str:
    """.docx → document (JSON)."""
    from .docx import read_docx

    result = read_docx(Path(path))
    return document_to_json(_with_warnings(result.text, name, result.warnings, WarningKind.STRUCTURE))


def load_pdf(path: str, name: str) -> str:
    """.pdf → document (JSON)."""
    from ..limits import check_pdf_streams
    from .pdf import read_pdf

    check_pdf_streams(Path(path))   # a flate bomb is named as such, not "sin capa de texto"
    result = read_pdf(Path(path))
    return document_to_json(_with_warnings(result.text, name, result.warnings, WarningKind.METADATA))


def load_akn(path: str, name: str) -> str:
    """Akoma Ntoso XML → document (JSON)."""
    from .akn import read_akn

    doc = read_akn(Path(path))
    doc.report.source_name = name
    return document_to_json(doc)
