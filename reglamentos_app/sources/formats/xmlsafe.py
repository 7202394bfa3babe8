"""Parsing untrusted XML (OOXML parts, Akoma Ntoso) without entities, DTDs or network.

Any document with a DOCTYPE or an entity declaration is rejected outright: silently dropping
entity text (what lxml does by default) would import a different text than the author's
(RELIABILITY.md §5). The parser never resolves entities, never loads a DTD, never touches the
network and keeps libxml2's depth and size limits (no ``huge_tree``).
"""

from __future__ import annotations

import re

from lxml import etree

from ...domain.errors import ImportFailed

_FORBIDDEN = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True,
                           remove_pis=True)


def _reject_doctype(data: bytes, name: str) -> None:
    probes = [data]
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4]:
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                probes.append(data.decode(encoding, errors="ignore").encode("utf-8"))
            except Exception:  # noqa: BLE001 - a probe only
                pass
    if any(_FORBIDDEN.search(p) for p in probes):
        raise ImportFailed(f"«{name}» contiene una declaración DOCTYPE o de entidades XML, que no "
                           "se admite por seguridad; no se importó.")


def parse_xml(data: bytes, name: str) -> etree._Element:
    """Root element of ``data``; ``ImportFailed`` for a DOCTYPE, entities or bad XML."""
    _reject_doctype(data, name)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        message = str(exc)
        if "depth" in message.lower() or "nest" in message.lower():
            raise ImportFailed(f"«{name}» tiene un anidamiento XML excesivo; no se importó.",
                               detail=message) from exc
        raise ImportFailed(f"«{name}» no es un XML válido o está dañado.", detail=message) from exc
    if root is None:
        raise ImportFailed(f"«{name}» está vacío.")
    doctype = root.getroottree().docinfo.doctype
    if doctype:
        raise ImportFailed(f"«{name}» contiene una declaración DOCTYPE, que no se admite por "
                           "seguridad; no se importó.")
    return root
