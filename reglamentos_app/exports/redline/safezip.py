"""Opening a returned .docx as untrusted input: a ZIP and XML parts read with limits.

Before anything is inflated the central directory is checked (RELIABILITY.md §5): file size,
number of members, declared total size, compression ratio, no absolute or ``..`` names. Each
part is then read with a cap of its declared size (a ZIP64 lie cannot inflate more), and XML
is parsed by lxml with no entities, no DTD, no network and libxml2's default size limits; any
``<!DOCTYPE`` is refused outright rather than silently dropping what its entities held.
Every refusal is a ``RedlineRejected`` with a Spanish message.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from .model import RedlineRejected

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 2_000
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_PART_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          huge_tree=False, dtd_validation=False, remove_comments=True,
                          remove_pis=True)


def open_package(data: bytes, name: str) -> zipfile.ZipFile:
    """Check the archive's directory and return the open ``ZipFile``."""
    if len(data) > MAX_FILE_BYTES:
        raise RedlineRejected(f"«{name}» pesa más de {MAX_FILE_BYTES // (1024 * 1024)} MB; "
                              "un redline de Reglamentos nunca es tan grande.")
    if not data.startswith(b"PK"):
        raise RedlineRejected(f"«{name}» no es un documento de Word (.docx).")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise RedlineRejected(f"«{name}» está dañado o incompleto: no se puede abrir como "
                              "documento de Word (.docx).", detail=str(exc)) from exc
    if len(members) > MAX_MEMBERS:
        raise RedlineRejected(f"«{name}» tiene demasiadas partes ({len(members)}); "
                              "se rechaza por seguridad.")
    total = 0
    for info in members:
        if info.filename.startswith(("/", "\\")) or ".." in info.filename.replace("\\", "/") \
                .split("/"):
            raise RedlineRejected(f"«{name}» contiene rutas no válidas; se rechaza por seguridad.")
        total += info.file_size
        if info.file_size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES or (
                info.file_size > 1024 * 1024
                and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
            raise RedlineRejected(f"«{name}» se expande a un tamaño desproporcionado (posible "
                                  "«bomba ZIP»); se rechaza por seguridad.")
    if "word/document.xml" not in {m.filename for m in members}:
        raise RedlineRejected(f"«{name}» no es un documento de Word (.docx): le falta "
                              "word/document.xml.")
    return archive


def read_part(archive: zipfile.ZipFile, part: str, name: str) -> bytes | None:
    """A member's bytes (None when absent), never more than its declared size."""
    try:
        info = archive.getinfo(part)
    except KeyError:
        return None
    try:
        with archive.open(info) as stream:
            data = stream.read(info.file_size + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise RedlineRejected(f"«{name}» está dañado o incompleto ({part}).",
                              detail=str(exc)) from exc
    if len(data) > info.file_size:
        raise RedlineRejected(f"«{name}» declara tamaños falsos; se rechaza por seguridad.")
    return data


def parse_xml(data: bytes, part: str, name: str) -> etree._Element:
    """Parse one XML part safely (see the module docstring)."""
    lowered = data.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        raise RedlineRejected(f"«{name}» contiene declaraciones XML no permitidas (DOCTYPE o "
                              "entidades) en {part}; se rechaza por seguridad.")
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise RedlineRejected(f"«{name}» está dañado: {part} no es XML válido.",
                              detail=str(exc)) from exc
