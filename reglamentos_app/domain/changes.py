"""What a reform changes: aligned provisions, word segments, reform operations and citations.

These are the plain data types shared by the diff engine (``reglamentos_app.diffing``, which
produces ``Alignment`` and ``Segment`` lists), the derivation of reform operations, the decree
wording, and consolidation. A ``ReformOperation`` is what a reform *publishes*: the smallest
citable unit touched (artículo, párrafo, fracción, inciso…), its destination ids and a
fingerprint of its old text, so that replaying it on a later version can detect that another
reform changed the same provision meanwhile instead of silently overwriting it.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from enum import Enum

from .provisions import Provision, ProvisionKind


class MatchKind(str, Enum):
    """How two provisions were paired: by permanent id, by number, or by text similarity."""

    PID = "pid"
    NUMBER = "number"
    SIMILARITY = "similarity"


class RowKind(str, Enum):
    """The state of one aligned row, as the diff views colour it."""

    EQUAL = "equal"
    CHANGED = "changed"
    INSERTED = "inserted"
    DELETED = "deleted"
    MOVED = "moved"

    @property
    def label(self) -> str:
        return _ROW_LABELS[self]


_ROW_LABELS = {RowKind.EQUAL: "sin cambios", RowKind.CHANGED: "modificado",
               RowKind.INSERTED: "adicionado", RowKind.DELETED: "suprimido",
               RowKind.MOVED: "movido"}


@dataclass(frozen=True, slots=True, eq=False)
class AlignedPair:
    """One row of a comparison: a base provision, a draft provision, or both."""

    base: Provision | None
    draft: Provision | None
    match: MatchKind | None = None   # None when one side is missing ("SIN CORRELATIVO")
    moved: bool = False               # matched but under another parent or out of order
    renumbered: bool = False          # matched but its number changed
    similarity: float = 100.0         # 0–100, the rapidfuzz ratio of the two texts

    @property
    def kind(self) -> RowKind:
        if self.base is None:
            return RowKind.INSERTED
        if self.draft is None:
            return RowKind.DELETED
        if self.moved:
            return RowKind.MOVED
        return RowKind.EQUAL if own_text(self.base) == own_text(self.draft) \
            and self.base.status is self.draft.status and not self.renumbered else RowKind.CHANGED


@dataclass(slots=True)
class Alignment:
    """Every non-root provision of both trees, paired, in display order.

    Display order is the draft's document order, with each base-only (deleted) provision
    placed right after the row of its preceding base sibling, so side-by-side rows line up.
    """

    pairs: list[AlignedPair] = field(default_factory=list)

    def changed(self) -> list[AlignedPair]:
        return [p for p in self.pairs if p.kind is not RowKind.EQUAL]

    def counts(self) -> dict[RowKind, int]:
        out: dict[RowKind, int] = {}
        for pair in self.pairs:
            out[pair.kind] = out.get(pair.kind, 0) + 1
        return out


class SegmentKind(str, Enum):
    EQUAL = "equal"
    DELETE = "delete"
    INSERT = "insert"


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text in a word- or character-level diff (tokens keep their whitespace)."""

    kind: SegmentKind
    text: str


class OperationKind(str, Enum):
    """The verbs of a decree; values are the identifiers of docs/glosario.md."""

    AMEND = "amend"          # reforma
    INSERT = "insert"        # adición
    REPEAL = "repeal"        # derogación
    RENUMBER = "renumber"    # renumeración (always flagged for a human)

    @property
    def label(self) -> str:
        return _OP_LABELS[self]


_OP_LABELS = {OperationKind.AMEND: "reforma", OperationKind.INSERT: "adición",
              OperationKind.REPEAL: "derogación", OperationKind.RENUMBER: "renumeración"}


@dataclass(frozen=True, slots=True)
class CitationPart:
    """One level of a citation: (kind, number as written), e.g. (CLAUSE, "II")."""

    kind: ProvisionKind
    num: str


@dataclass(frozen=True, slots=True)
class ReformOperation:
    """One operation of a reform on one regulation (see the module docstring).

    ``citation`` goes from the article (or transitorio, or division) down to the unit,
    e.g. ``(ARTICLE "12", CLAUSE "IX")``. For an insertion, ``parent_pid``/``after_pid`` say
    where the new unit goes (``after_pid`` empty: first child). ``new`` is the unit as the
    draft has it (with children); it is None for a derogación that removes nothing but the
    text ("Derogado." placeholder is produced on replay). ``old_hash`` is
    ``fingerprint(old unit)``; empty for an insertion.
    """

    kind: OperationKind
    regulation_uri: str
    eid: str
    pid: str
    provision_kind: ProvisionKind
    citation: tuple[CitationPart, ...]
    old_hash: str = ""
    new: Provision | None = None
    parent_pid: str = ""
    after_pid: str = ""
    old_num: str = ""            # for a renumeración: the number before
    needs_review: bool = False
    # An AMEND of the unit's own text only (an article's proemio or párrafo primero, a
    # division's denominación): its children keep their own operations and stay as in force.
    own_only: bool = False

    @property
    def article_num(self) -> str:
        return self.citation[0].num if self.citation else ""


def own_text(node: Provision) -> str:
    """The text a provision shows itself (number, heading and text, not its children)."""
    return " ".join(part for part in (node.heading, node.text) if part)


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def own_fingerprint(node: Provision) -> str:
    """``fingerprint`` of the unit without its children (what an ``own_only`` AMEND replaces)."""
    bare = Provision(node.kind, num=node.num, heading=node.heading, text=node.text,
                     status=node.status)
    return fingerprint(bare)


def fingerprint(node: Provision) -> str:
    """SHA-256 of a provision's whole content (number, heading, text, status, children).

    Whitespace is normalised so that re-wrapping a line is not a conflict; reform notes and
    ids are left out because consolidation itself adds notes.
    """
    digest = hashlib.sha256()
    for depth, p in node.iter_with_depth():
        line = "\x1f".join((str(depth), p.kind.value, _normal(p.num), _normal(p.heading),
                            _normal(p.text), p.status.value))
        digest.update(line.encode("utf-8"))
        digest.update(b"\x1e")
    return digest.hexdigest()
