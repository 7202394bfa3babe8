"""One entry point for every supported file format: path in, ``LoadedDocument`` out.

Services call ``load_document`` and never care about the format. Each format reader turns
its file into text (or directly into a ``ParsedDocument``); a file that cannot be read raises
``ImportFailed`` with a Spanish message, and nothing is stored.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from ..domain.errors import ImportFailed
from .document import ParsedDocument
from .formats import worker
from .formats.office import NEEDS_LIBREOFFICE, convert_to_docx, find_soffice, \
    libreoffice_missing_message
from .limits import DEFAULT_LIMITS, check_file_size, check_zip, run_limited
from .serialize import document_from_json
from .text.decoding import read_text_file
from .text.parser import parse_text

SUPPORTED_SUFFIXES = (".txt", ".docx", ".doc", ".odt", ".rtf", ".pdf", ".xml", ".akn")
FORMAT_NAMES = {
    ".txt": "Texto", ".docx": "Word", ".doc": "Word 97-2003", ".odt": "OpenDocument",
    ".rtf": "RTF", ".pdf": "PDF", ".xml": "Akoma Ntoso", ".akn": "Akoma Ntoso",
}


@dataclass(slots=True)
class LoadedDocument:
    """A parsed document plus the fingerprint of the source it came from."""

    doc: ParsedDocument
    source_sha256: str
    source_format: str


def load_document(path: Path, encoding: str | None = None) -> LoadedDocument:
    """Read and parse ``path`` according to its extension (``encoding``: for text files, the
    code page the user chose when it was ambiguous)."""
    if not path.exists():
        raise ImportFailed(f"No existe el archivo «{path}».")
    suffix = path.suffix.lower()
    if suffix == ".txt":
        text, _encoding = read_text_file(path, encoding=encoding)
        return LoadedDocument(parse_text(text, path.name), text_sha256(text), "txt")
    if suffix in FORMAT_NAMES:
        return _load_binary(path, suffix)
    formats = ", ".join(SUPPORTED_SUFFIXES)
    raise ImportFailed(f"«{path.name}»: el formato «{suffix or 'sin extensión'}» no se puede "
                       f"importar. Formatos admitidos: {formats}.")


def _load_binary(path: Path, suffix: str) -> LoadedDocument:
    """Every format but .txt: size checks here, the reading in the limited worker."""
    size = check_file_size(path)
    digest = file_sha256(path)
    name = path.name
    # 10 s for any file, plus time in proportion to its size: a 150-page official PDF (1.2 MB)
    # reads in about 5 s; a small hostile file is stopped after 10 s.
    extra = 8.0 * size / (1024 * 1024)
    limits = replace(DEFAULT_LIMITS, wall_seconds=DEFAULT_LIMITS.wall_seconds + extra,
                     cpu_seconds=int(DEFAULT_LIMITS.cpu_seconds + extra))
    if suffix == ".pdf":
        doc = _run_reader(worker.load_pdf, path, name, limits)
        return LoadedDocument(doc, digest, "pdf")
    if suffix in (".xml", ".akn"):
        doc = _run_reader(worker.load_akn, path, name, limits)
        return LoadedDocument(doc, digest, "akn")
    if suffix == ".docx":
        doc = _run_reader(worker.load_docx, path, name, limits)
        return LoadedDocument(doc, digest, "docx")
    # .doc, .odt, .rtf: LibreOffice converts to .docx (outside the memory-capped worker, with
    # its own timeout and profile), then the .docx goes through the worker like any other.
    assert suffix in NEEDS_LIBREOFFICE
    if suffix == ".odt":
        check_zip(path, DEFAULT_LIMITS)
    if find_soffice() is None:
        raise ImportFailed(libreoffice_missing_message(name))
    with tempfile.TemporaryDirectory(prefix="reglamentos_conv_") as tmp:
        converted = convert_to_docx(path, Path(tmp))
        doc = _run_reader(worker.load_docx, converted, name, limits)
    return LoadedDocument(doc, digest, suffix.lstrip("."))


def _run_reader(reader, path: Path, name: str, limits) -> ParsedDocument:
    """Run a format reader in the limited worker; its reply is JSON, checked on the way in."""
    reply = run_limited(reader, str(path), name, name=name, limits=limits)
    try:
        return document_from_json(reply)
    except (TypeError, ValueError, KeyError) as exc:
        raise ImportFailed(f"«{name}» no se pudo leer: el lector devolvió un resultado no válido.",
                           detail=str(exc)) from exc


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise ImportFailed(f"No se pudo leer «{path.name}»: {exc.strerror}.") from exc
    return digest.hexdigest()


def load_text(text: str, source_name: str = "texto pegado") -> LoadedDocument:
    """Parse text typed or pasted by the user."""
    return LoadedDocument(parse_text(text, source_name), text_sha256(text), "txt")


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
