"""Word- and character-level diffs of two texts, as ``Segment`` runs for the diff views.

``tokenize`` splits a text into words and punctuation marks, each carrying the whitespace
that follows it, so joining the tokens gives the text back. ``word_diff`` compares the token
sequences with rapidfuzz's ``Indel.opcodes`` (an optimal insert/delete script: the number of
deleted plus inserted tokens is the Indel distance, never more) and returns runs of equal,
deleted and inserted text, each changed stretch as one deletion followed by one insertion.
Tokens are compared without their trailing whitespace, so re-wrapping a line or the missing
space after the last word is not a change; equal runs show the new text's spacing (a space
only the old text had before a change goes with the deletion). Equal and inserted runs rebuild
the new text exactly; equal and deleted runs the old one up to spacing.
``changed_ratio`` is the fraction of tokens changed, used to decide when a reform should
replace a whole article instead of citing its parts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz.distance import Indel

from ..domain.changes import Segment, SegmentKind

__all__ = ["changed_ratio", "tokenize", "word_diff"]

# A word (letters and digits, accents included), or one other sign; then its whitespace.
# Leading whitespace of the text is a token of its own.
_TOKEN_RE = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")


def tokenize(text: str) -> list[str]:
    """Words and punctuation with their trailing whitespace; ``''.join`` gives ``text`` back.

    >>> tokenize("ARTÍCULO 5.- El Ayuntamiento, y")
    ['ARTÍCULO ', '5', '.', '- ', 'El ', 'Ayuntamiento', ', ', 'y']
    """
    return _TOKEN_RE.findall(text)


def _keys(tokens: list[str]) -> list[str]:
    return [t.rstrip() for t in tokens]


def _segments(old: Sequence[str], new: Sequence[str], opcodes) -> list[Segment]:
    """Equal runs, and each changed stretch as one deletion then one insertion."""
    out: list[Segment] = []
    deleted: list[str] = []
    inserted: list[str] = []
    separator = ""  # old spacing an equal run lost, shown as deleted before the next change

    def flush() -> None:
        if deleted or (separator and inserted):
            out.append(Segment(SegmentKind.DELETE, separator + "".join(deleted)))
            deleted.clear()
        if inserted:
            out.append(Segment(SegmentKind.INSERT, "".join(inserted)))
            inserted.clear()

    for op in opcodes:
        if op.tag == "equal":
            flush()
            text = "".join(new[op.dest_start:op.dest_end])
            if out and out[-1].kind is SegmentKind.EQUAL:
                text = out.pop().text + text
            out.append(Segment(SegmentKind.EQUAL, text))
            # Equal runs show the new spacing; where the old text had a space that the new one
            # lacks ("El El" → "El"), keep it with the deletion so the words do not run together.
            last_old, last_new = old[op.src_end - 1], new[op.dest_end - 1]
            separator = last_old[len(last_old.rstrip()):] if last_new == last_new.rstrip() else ""
            continue
        if op.tag in ("delete", "replace"):
            deleted.extend(old[op.src_start:op.src_end])
        if op.tag in ("insert", "replace"):
            inserted.extend(new[op.dest_start:op.dest_end])
    flush()
    return out


def word_diff(old: str, new: str, *, chars: bool = False) -> list[Segment]:
    """Diff of two texts by words (or by characters with ``chars=True``).

    >>> segments = word_diff("Los permisos se otorgan", "Las licencias se otorgan")
    >>> [(s.kind.value, s.text) for s in segments]
    [('delete', 'Los permisos '), ('insert', 'Las licencias '), ('equal', 'se otorgan')]
    """
    if old == new:
        return [Segment(SegmentKind.EQUAL, new)] if new else []
    if chars:
        return _segments(old, new, Indel.opcodes(old, new))
    old_tokens, new_tokens = tokenize(old), tokenize(new)
    return _segments(old_tokens, new_tokens,
                     Indel.opcodes(_keys(old_tokens), _keys(new_tokens)))


def changed_ratio(old: str, new: str) -> float:
    """Fraction (0–1) of the tokens of both texts that a word diff marks as changed."""
    if old == new:
        return 0.0
    return Indel.normalized_distance(_keys(tokenize(old)), _keys(tokenize(new)))
