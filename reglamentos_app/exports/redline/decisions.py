"""What the reviewer did with each revision of a provision, and the text that results.

Word leaves no trace of a decided revision: an accepted insertion (or rejected deletion) is
plain text, a rejected insertion (or accepted deletion) is gone. The paragraph as returned is
therefore matched against the units that were written — equal text must be there as is, each
deleted unit is either gone (accepted), plain (rejected) or still marked (pending), each
inserted unit plain (accepted), gone (rejected) or still marked (pending) — by a small dynamic
programme over (unit, position in the text, inside a pending mark). Word may merge adjacent
revisions of one author into a single mark, which the "inside" state allows. When no
assignment explains the text (the reviewer typed with Track Changes off), the row is reported
as edited outside the revisions and its fields are read from the text itself.

Pending revisions keep the drafter's proposal: a pending insertion stays, a pending deletion
is applied — the draft does not change until the reviewer decides, and they are listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from .layout import HEADING, LABEL, TEXT, RedlineRow, UnitKind, fields_of
from .reader import DEL_CLOSE, DEL_OPEN, INS_CLOSE, INS_OPEN

MAX_STATES = 200_000  # a guard against pathological inputs (each state is a few tuples)


class Verdict(str, Enum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    PENDING = "pending"

    @property
    def label(self) -> str:
        return {Verdict.ACCEPTED: "aceptado", Verdict.REJECTED: "rechazado",
                Verdict.PENDING: "pendiente"}[self]


@dataclass(slots=True)
class RowOutcome:
    """The verdict of each change unit of a row, and the three resulting field strings."""

    matched: bool
    verdicts: list[Verdict | None] = field(default_factory=list)  # None for equal units
    fields: list[str] = field(default_factory=lambda: ["", "", ""])

    def count(self, verdict: Verdict) -> int:
        return sum(1 for v in self.verdicts if v is verdict)

    @property
    def changes(self) -> int:
        return sum(1 for v in self.verdicts if v is not None)


def missing_row(row: RedlineRow) -> RowOutcome:
    """A provision whose paragraph is gone: insertions rejected, deletions accepted."""
    verdicts = [None if u.kind is UnitKind.EQUAL else
                Verdict.REJECTED if u.kind is UnitKind.INSERT else Verdict.ACCEPTED
                for u in row.units]
    return _outcome(row, verdicts)


def resolve_row(row: RedlineRow, marked: str) -> RowOutcome:
    """Match ``marked`` (``ReturnedParagraph.marked``) against the row's units."""
    verdicts = _match(row, marked)
    if verdicts is None:
        return RowOutcome(False)
    return _outcome(row, verdicts)


def _outcome(row: RedlineRow, verdicts: list[Verdict | None]) -> RowOutcome:
    fields = ["", "", ""]
    for unit, verdict in zip(row.units, verdicts):
        keep = (unit.kind is UnitKind.EQUAL
                or (unit.kind is UnitKind.INSERT and verdict is not Verdict.REJECTED)
                or (unit.kind is UnitKind.DELETE and verdict is Verdict.REJECTED))
        if keep:
            fields[unit.field] += unit.text
    return RowOutcome(True, verdicts, fields)


_OPEN = {UnitKind.INSERT: INS_OPEN, UnitKind.DELETE: DEL_OPEN}
_CLOSE = {"ins": INS_CLOSE, "del": DEL_CLOSE}
_MARK = {UnitKind.INSERT: "ins", UnitKind.DELETE: "del"}


def _match(row: RedlineRow, s: str) -> list[Verdict | None] | None:
    """The dynamic programme of the module docstring; None when nothing explains ``s``."""
    State = tuple[int, str]  # (position, "" | "ins" | "del")
    frontier: dict[State, None] = {(0, ""): None}
    back: list[dict[State, tuple[State, Verdict | None]]] = []
    budget = MAX_STATES
    for unit in row.units:
        nxt: dict[State, tuple[State, Verdict | None]] = {}
        for state in _closure(frontier, s):
            pos, inside = state
            for target, verdict in _steps(unit, pos, inside, s):
                nxt.setdefault(target, (state, verdict))
        budget -= len(nxt)
        if not nxt or budget < 0:
            return None
        back.append(nxt)
        frontier = dict.fromkeys(nxt)
    final = next((st for st in _closure(frontier, s) if st == (len(s), "")), None)
    if final is None:
        return None
    # Walk back; a closing step (epsilon) maps a state to its pre-closure origin.
    verdicts: list[Verdict | None] = []
    state = final
    for table in reversed(back):
        state = _unclose(state, table, s)
        state, verdict = table[state]
        verdicts.append(verdict)
    verdicts.reverse()
    return verdicts


def _closure(states, s: str) -> list[tuple[int, str]]:
    out = []
    for pos, inside in states:
        out.append((pos, inside))
        if inside and pos < len(s) and s[pos] == _CLOSE[inside]:
            out.append((pos + 1, ""))
    return out


def _unclose(state: tuple[int, str], table, s: str) -> tuple[int, str]:
    if state in table:
        return state
    pos, inside = state
    for mark in ("ins", "del"):
        candidate = (pos - 1, mark)
        if inside == "" and pos and s[pos - 1] == _CLOSE[mark] and candidate in table:
            return candidate
    raise LookupError(state)


def _plain(s: str, pos: int, text: str) -> bool:
    return s.startswith(text, pos)


def _steps(unit, pos: int, inside: str, s: str):
    text = unit.text
    if unit.kind is UnitKind.EQUAL:
        if not inside and _plain(s, pos, text):
            yield (pos + len(text), ""), None
        return
    mark = _MARK[unit.kind]
    # pending: inside an open mark of the same kind, or opening one here
    if inside == mark and s.startswith(text, pos):
        yield (pos + len(text), mark), Verdict.PENDING
    elif not inside and s.startswith(_OPEN[unit.kind] + text, pos):
        yield (pos + 1 + len(text), mark), Verdict.PENDING
    if inside:
        return
    present = Verdict.ACCEPTED if unit.kind is UnitKind.INSERT else Verdict.REJECTED
    absent = Verdict.REJECTED if unit.kind is UnitKind.INSERT else Verdict.ACCEPTED
    if _plain(s, pos, text):
        yield (pos + len(text), ""), present
    yield (pos, ""), absent


def fallback_fields(row: RedlineRow, view: str) -> list[str]:
    """Fields read from a paragraph edited outside the revisions (best effort, reported)."""
    expected = [fields_of(row.draft), fields_of(row.base)]
    rest = view
    out = ["", "", ""]
    for which in (LABEL, HEADING):
        for candidate in expected:
            piece = candidate[which]
            if piece and rest.startswith(piece):
                out[which] = piece
                rest = rest[len(piece):]
                break
    out[TEXT] = rest
    return out
