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
        return _utf16_without_bom(data, name)
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


def _utf16_without_bom(data: bytes, name: str) -> tuple[str, str]:
    """NUL bytes: UTF-16 saved without its byte-order mark (Notepad's "Unicode" without BOM),
    recognised by the zero high byte of Latin text, or a binary file.

    In UTF-16LE Spanish text every odd byte is almost always 0 (every even one in UTF-16BE);
    the text must then decode strictly and be printable, or the user is told to try
    ``--encoding utf-16`` (it used to say only "parece un archivo binario").
    """
    head = data[:4096]
    even_zeros = head[0::2].count(0) / max(1, len(head[0::2]))
    odd_zeros = head[1::2].count(0) / max(1, len(head[1::2]))
    guess = ("utf-16-le" if odd_zeros > 0.6 and even_zeros < 0.1 else
             "utf-16-be" if even_zeros > 0.6 and odd_zeros < 0.1 else None)
    if guess and len(data) % 2 == 0:
        try:
            text = data.decode(guess)
        except UnicodeDecodeError:
            text = None
        if text is not None and _looks_like_text(text):
            return text, guess
    if guess:
        raise ImportFailed(f"«{name}» parece texto en UTF-16 sin marca de orden de bytes, pero "
                           "no se pudo leer así con certeza. Si lo es, impórtelo con "
                           "«--encoding utf-16» (o guárdelo como UTF-8).")
    raise ImportFailed(f"«{name}» parece un archivo binario, no un texto (contiene bytes nulos "
                       "y no es UTF-16). Si es texto en UTF-16, pruebe «--encoding utf-16».")


def _looks_like_text(text: str) -> bool:
    sample = text[:20000]
    odd = sum(1 for ch in sample if not (ch.isprintable() or ch in "\n\r\t\f"))
    return odd <= len(sample) // 200


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
