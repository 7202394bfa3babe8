"""From an alignment of base and draft to the paragraphs of a redline, as units of change.

Each aligned provision becomes one paragraph made of three fields — its label ("ARTÍCULO 5.-",
"III.-", "TÍTULO PRIMERO"), its heading and its text — written in that order. A field is a
list of ``Unit`` runs: equal text, deleted text, inserted text. Whole provisions added or
removed are one inserted (or deleted) unit per field, and the paragraph mark itself carries the
revision. The word segments come from the diff engine through the service; they are checked
here to rebuild *exactly* both the old and the new field (the engine shows equal runs with the
new text's spacing), falling back to one replacement of the differing middle otherwise, so that
"reject all" in Word always gives the base text to the letter and "accept all" the draft.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from ...domain.changes import Alignment, RowKind, Segment, SegmentKind
from ...domain.provisions import DIVISION_RANK, Provision, ProvisionKind

Diff = Callable[[str, str], list[Segment]]

LABEL, HEADING, TEXT = 0, 1, 2
_DIVISION_WORDS = {ProvisionKind.BOOK: "LIBRO", ProvisionKind.TITLE: "TÍTULO",
                   ProvisionKind.CHAPTER: "CAPÍTULO", ProvisionKind.SECTION: "SECCIÓN"}
_BOOKMARK_SAFE = re.compile(r"^[A-Za-z0-9]{1,32}$")


class UnitKind(str, Enum):
    EQUAL = "equal"
    DELETE = "delete"
    INSERT = "insert"


@dataclass(frozen=True, slots=True)
class Unit:
    """A run of one field: equal, deleted or inserted text."""

    kind: UnitKind
    text: str
    field: int  # LABEL, HEADING or TEXT


@dataclass(slots=True)
class RedlineRow:
    """One provision's paragraph in the redline (see the module docstring)."""

    target: int
    index: int
    row_kind: RowKind
    kind: ProvisionKind
    base: Provision | None
    draft: Provision | None
    units: list[Unit] = field(default_factory=list)
    depth: int = 0

    @property
    def pid(self) -> str:
        return (self.draft or self.base).pid  # type: ignore[union-attr]

    @property
    def bookmark(self) -> str:
        """Hidden Word bookmark naming the provision (``_`` start: hidden in Word's list)."""
        token = self.pid if _BOOKMARK_SAFE.match(self.pid or "") else f"n{self.index}"
        return f"_rl{self.target}_{token}"

    @property
    def heading_level(self) -> int | None:
        """Word heading level (1 is the regulation's title), None for body paragraphs."""
        if self.kind in DIVISION_RANK:
            return DIVISION_RANK[self.kind] + 1
        if self.kind is ProvisionKind.TRANSITIONAL_GROUP:
            return 2
        return None

    @property
    def whole(self) -> UnitKind | None:
        """INSERT or DELETE when the whole provision is added or removed."""
        if self.row_kind is RowKind.INSERTED:
            return UnitKind.INSERT
        if self.row_kind is RowKind.DELETED:
            return UnitKind.DELETE
        return None

    def label(self) -> str:
        """The label as the reader sees it (draft's, else base's), for messages."""
        node = self.draft or self.base
        assert node is not None
        return node.display_label()

    def view(self, accept: bool) -> list[str]:
        """The three field strings with every change accepted (or every change rejected)."""
        out = ["", "", ""]
        drop = UnitKind.DELETE if accept else UnitKind.INSERT
        for unit in self.units:
            if unit.kind is not drop:
                out[unit.field] += unit.text
        return out


@dataclass(slots=True)
class RedlineTarget:
    """One regulation of the project in the redline: its title and its rows."""

    title: str
    rows: list[RedlineRow]


# -- field strings ---------------------------------------------------------------------------
def label_of(node: Provision | None) -> str:
    if node is None:
        return ""
    kind, num = node.kind, node.num
    if kind in _DIVISION_WORDS:
        return f"{_DIVISION_WORDS[kind]} {num}".strip()
    if kind is ProvisionKind.TRANSITIONAL_GROUP:
        return "TRANSITORIOS"
    if not num:
        return ""
    if kind is ProvisionKind.ARTICLE:
        return f"ARTÍCULO {num}.-"
    if kind is ProvisionKind.TRANSITIONAL:
        return f"ARTÍCULO {num}.-" if num[:1].isdigit() else f"{num}.-"
    if kind is ProvisionKind.ITEM:
        return f"{num})"
    return f"{num}.-"


def _wrappers(node: Provision) -> tuple[tuple[str, str], tuple[str, str]]:
    """(prefix, suffix) of the heading and of the text in the paragraph."""
    if node.kind.is_division:
        return ("\n", ""), ("\n", "")
    if node.kind is ProvisionKind.TRANSITIONAL_GROUP:
        return ("\n(", ")"), ("\n", "")
    if label_of(node):
        return (" ", ".-"), (" ", "")
    return ("", ".- "), ("", "")


def fields_of(node: Provision | None) -> list[str]:
    """The three field strings of a provision as the paragraph shows them."""
    if node is None:
        return ["", "", ""]
    (hp, hs), (tp, ts) = _wrappers(node)
    return [label_of(node), f"{hp}{node.heading}{hs}" if node.heading else "",
            f"{tp}{node.text}{ts}" if node.text else ""]


def unwrap(node: Provision, which: int, shown: str) -> str:
    """A heading or text value back from its field string (the inverse of ``fields_of``)."""
    (hp, hs), (tp, ts) = _wrappers(node)
    prefix, suffix = (hp, hs) if which == HEADING else (tp, ts)
    if not shown:
        return ""
    if shown.startswith(prefix) and shown.endswith(suffix) and len(shown) >= len(prefix + suffix):
        return shown[len(prefix):len(shown) - len(suffix)]
    return shown.strip()


def num_from_label(node: Provision, label: str, candidates: list[Provision | None]) -> str:
    """The number a (possibly edited) label stands for."""
    for candidate in candidates:
        if candidate is not None and label_of(candidate) == label:
            return candidate.num
    text = label.strip()
    for word in (*_DIVISION_WORDS.values(), "ARTÍCULO"):
        if text.upper().startswith(word + " "):
            text = text[len(word) + 1:]
            break
    return text.removesuffix(".-").removesuffix(")").strip() or node.num


# -- rows ------------------------------------------------------------------------------------
def exact_segments(old: str, new: str, diff: Diff) -> list[Unit | Segment]:
    """Segments of ``diff`` if they rebuild both texts exactly, else a prefix/suffix split."""
    if old == new:
        return [Segment(SegmentKind.EQUAL, old)] if old else []
    segments = diff(old, new) if old and new else []
    rebuilt_old = "".join(s.text for s in segments if s.kind is not SegmentKind.INSERT)
    rebuilt_new = "".join(s.text for s in segments if s.kind is not SegmentKind.DELETE)
    if segments and rebuilt_old == old and rebuilt_new == new:
        return segments
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    out = [Segment(SegmentKind.EQUAL, old[:start]),
           Segment(SegmentKind.DELETE, old[start:len(old) - end]),
           Segment(SegmentKind.INSERT, new[start:len(new) - end]),
           Segment(SegmentKind.EQUAL, old[len(old) - end:])]
    return [s for s in out if s.text]


_UNIT_OF = {SegmentKind.EQUAL: UnitKind.EQUAL, SegmentKind.DELETE: UnitKind.DELETE,
            SegmentKind.INSERT: UnitKind.INSERT}


def row_units(base: Provision | None, draft: Provision | None, diff: Diff) -> list[Unit]:
    old, new = fields_of(base), fields_of(draft)
    units: list[Unit] = []
    for which in (LABEL, HEADING, TEXT):
        for seg in exact_segments(old[which], new[which], diff):
            units.append(Unit(_UNIT_OF[seg.kind], seg.text, which))
    return units


def rows_for(target: int, alignment: Alignment, diff: Diff) -> list[RedlineRow]:
    """The paragraphs of one target, in the alignment's display order."""
    rows = []
    for index, pair in enumerate(alignment.pairs):
        node = pair.draft or pair.base
        assert node is not None
        rows.append(RedlineRow(target, index, pair.kind, node.kind, pair.base, pair.draft,
                               row_units(pair.base, pair.draft, diff),
                               _INDENT.get(node.kind, 0)))
    return rows


# Indentation steps by kind: fracciones, incisos and numerales hang from their article.
_INDENT = {ProvisionKind.CLAUSE: 1, ProvisionKind.ITEM: 2, ProvisionKind.NUMERAL: 3}
