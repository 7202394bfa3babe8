"""One entry point for every supported file format: path in, ``LoadedDocument`` out.

Services call ``load_document`` and never care about the format. Each format reader turns
its file into text (or directly into a ``ParsedDocument``); a file that cannot be read raises
``ImportFailed`` with a Spanish message, and nothing is stored.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import ImportFailed
from .document import ParsedDocument
from .formats import worker
from ..domain.progress import CancelToken
from .formats.office import NEEDS_LIBREOFFICE, conversion_timeout, convert_to_docx, \
    find_soffice, libreoffice_missing_message
from .limits import DEFAULT_LIMITS, check_file_size, check_link, check_zip, limits_for, \
    run_limited
from .serialize import document_from_json
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


def load_document(path: Path, encoding: str | None = None, *, root: Path | None = None,
                  cancel: CancelToken | None = None) -> LoadedDocument:
    """Read and parse ``path`` according to its extension, in the limited worker process.

    ``encoding``: for text files, the code page the user chose when it was ambiguous. ``root``:
    the folder being imported (a symbolic link must point inside it; default: the link's own
    folder). ``cancel`` stops the reading at once (``Cancelled``).
    """
    if not path.exists() and not path.is_symlink():
        raise ImportFailed(f"No existe el archivo «{path}».")
    check_link(path, root)
    suffix = path.suffix.lower()
    if suffix not in FORMAT_NAMES:
        formats = ", ".join(SUPPORTED_SUFFIXES)
        raise ImportFailed(f"«{path.name}»: el formato «{suffix or 'sin extensión'}» no se "
                           f"puede importar. Formatos admitidos: {formats}.")
    size = check_file_size(path)
    digest = file_sha256(path)
    name = path.name
    limits = limits_for(path, size)
    if suffix == ".txt":
        doc = _run_reader(worker.load_txt, path, name, limits, cancel, encoding)
        return LoadedDocument(doc, text_sha256(doc.source_text), "txt")
    if suffix == ".pdf":
        return LoadedDocument(_run_reader(worker.load_pdf, path, name, limits, cancel),
                              digest, "pdf")
    if suffix in (".xml", ".akn"):
        return LoadedDocument(_run_reader(worker.load_akn, path, name, limits, cancel),
                              digest, "akn")
    if suffix == ".docx":
        return LoadedDocument(_run_reader(worker.load_docx, path, name, limits, cancel),
                              digest, "docx")
    # .doc, .odt, .rtf: LibreOffice converts to .docx (its own process group, a time limit
    # that grows with the size, cancellable), then the .docx goes through the worker.
    assert suffix in NEEDS_LIBREOFFICE
    if suffix == ".odt":
        check_zip(path, DEFAULT_LIMITS)
    if find_soffice() is None:
        raise ImportFailed(libreoffice_missing_message(name))
    with tempfile.TemporaryDirectory(prefix="reglamentos_conv_") as tmp:
        converted = convert_to_docx(path, Path(tmp), timeout=conversion_timeout(size),
                                    cancel=cancel)
        doc = _run_reader(worker.load_docx, converted, name, limits, cancel)
    return LoadedDocument(doc, digest, suffix.lstrip("."))


def _run_reader(reader, path: Path, name: str, limits, cancel, *extra) -> ParsedDocument:
    """Run a format reader in the limited worker; its reply is JSON, checked on the way in."""
    reply = run_limited(reader, str(path), name, *extra, name=name, limits=limits, cancel=cancel)
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
