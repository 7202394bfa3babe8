"""Decoding text files the way Mexican offices write them: UTF-8, UTF-16, Windows-1252, DOS.

Order (from ECOSYSTEM.md §2.5): byte-order mark → strict UTF-8 → a choice among the 8-bit
code pages Spanish files really use (Windows-1252 and the DOS code page 850). An
unrestricted charset guess is never used: it turns Spanish "ñ" into "ń". The 8-bit choice is
scored on what Spanish text looks like (accented letters inside words, no box-drawing
characters, "¡" never in the middle of a word); when Windows-1252 does not clearly win, the
file is *ambiguous* and the user is asked (``AmbiguousEncoding`` lists the candidates with a
preview) — never a silent wrong guess. Files above the size limit are refused unread.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ...domain.errors import AmbiguousEncoding, EncodingCandidate, ImportFailed

MAX_TEXT_BYTES = 50 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
ENCODING_LABELS = {
    "utf-8": "UTF-8", "utf-8-sig": "UTF-8 (con BOM)", "utf-16": "UTF-16",
    "cp1252": "Windows-1252 (Latin-1)", "cp850": "DOS (página de códigos 850)",
}
_EIGHT_BIT = ("cp1252", "cp850")
_SPANISH = set("áéíóúñÁÉÍÓÚÑüÜ")
_NORMAL = set("¿¡«»°ºª§–—“”‘’…·") | _SPANISH
_INVERTED_IN_WORD = re.compile(r"\w[¡¿]\w")


def decode_bytes(data: bytes, name: str = "", encoding: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used); ``encoding`` forces one (the user's choice)."""
    if encoding:
        return _decode_as(data, name, encoding), encoding
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(bom_encoding), bom_encoding
    if b"\x00" in data[:4096]:
        raise ImportFailed(f"«{name}» parece un archivo binario, no un texto.")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    decoded = {enc: text for enc in _EIGHT_BIT if (text := _try(data, enc)) is not None}
    if not decoded:
        raise ImportFailed(f"No se reconoce la codificación de «{name}». Guárdelo como UTF-8 e "
                           "inténtelo de nuevo.")
    scores = {enc: _score(text) for enc, text in decoded.items()}
    best = max(scores, key=scores.get)
    runner_up = max((s for e, s in scores.items() if e != best), default=float("-inf"))
    if best == "cp1252" and scores[best] > runner_up:
        return decoded[best], best
    ranked = sorted(decoded, key=scores.get, reverse=True)
    raise AmbiguousEncoding(name, [EncodingCandidate(e, ENCODING_LABELS[e], _preview(decoded[e]))
                                   for e in ranked])


def _decode_as(data: bytes, name: str, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise ImportFailed(f"«{name}» no se puede leer como {ENCODING_LABELS.get(encoding, encoding)}.",
                           detail=str(exc)) from exc


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:  # cp1252 leaves five bytes undefined
        return None


def _score(text: str) -> int:
    """Higher for text that looks like Spanish: accented letters, no stray symbols."""
    spanish = sum(1 for ch in text if ch in _SPANISH)
    odd = sum(1 for ch in text if ord(ch) > 127 and ch not in _NORMAL)
    inverted = len(_INVERTED_IN_WORD.findall(text))
    return spanish - 3 * odd - 3 * inverted


def _preview(text: str) -> str:
    """The first lines that contain non-ASCII letters, to show the user the difference."""
    lines = [ln.strip() for ln in text.splitlines() if any(ord(ch) > 127 for ch in ln)]
    return " / ".join(lines[:3])[:300]


def read_text_file(path: Path, max_bytes: int = MAX_TEXT_BYTES,
                   encoding: str | None = None) -> tuple[str, str]:
    """Read and decode a text file, refusing files larger than ``max_bytes``."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ImportFailed(
                f"«{path.name}» mide {size / 1048576:.1f} MB; el máximo para texto es "
                f"{max_bytes / 1048576:.0f} MB."
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(f"No se pudo leer «{path.name}»: {exc.strerror}.", detail=str(exc)) from exc
    return decode_bytes(data, path.name, encoding)
