"""The provision tree: divisions, articles, fracciones, incisos and transitorios.

A regulation's text is a tree of ``Provision`` nodes under a ``ROOT``. Each node has a
display number as written ("5 Bis", "III", "a)"), an optional heading, its own text, a
status (in force or repealed) and the reform notes attached to it. Two identifiers:

* ``eid`` — hierarchical, derived from the position (``tit_1__cap_2__art_5bis__frac_3``);
  it changes when a provision is renumbered or moved.
* ``pid`` — permanent, assigned once and carried across versions; diffs align on it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum

from .gazette import GazetteReference, gazette_from_dict, gazette_to_dict
from .numbering import canonical_token


class ProvisionKind(str, Enum):
    """Kind of node; the values are the identifiers listed in docs/glosario.md."""

    ROOT = "root"
    BOOK = "book"                    # libro
    TITLE = "title"                  # título
    CHAPTER = "chapter"              # capítulo
    SECTION = "section"              # sección
    ARTICLE = "article"              # artículo
    PARAGRAPH = "paragraph"          # párrafo
    CLAUSE = "clause"                # fracción
    ITEM = "item"                    # inciso
    NUMERAL = "numeral"              # numeral
    TRANSITIONAL_GROUP = "transitional_group"  # bloque de transitorios de un decreto
    TRANSITIONAL = "transitional"    # artículo transitorio

    @property
    def label(self) -> str:
        """Spanish name of the kind, for the user."""
        return _LABELS[self]

    @property
    def is_division(self) -> bool:
        return self in DIVISION_RANK


_LABELS = {
    ProvisionKind.ROOT: "Texto", ProvisionKind.BOOK: "Libro", ProvisionKind.TITLE: "Título",
    ProvisionKind.CHAPTER: "Capítulo", ProvisionKind.SECTION: "Sección",
    ProvisionKind.ARTICLE: "Artículo", ProvisionKind.PARAGRAPH: "Párrafo",
    ProvisionKind.CLAUSE: "Fracción", ProvisionKind.ITEM: "Inciso",
    ProvisionKind.NUMERAL: "Numeral", ProvisionKind.TRANSITIONAL_GROUP: "Transitorios",
    ProvisionKind.TRANSITIONAL: "Transitorio",
}

# Rank of the structural divisions: a division closes every open division of equal or lower rank.
DIVISION_RANK = {
    ProvisionKind.BOOK: 1, ProvisionKind.TITLE: 2, ProvisionKind.CHAPTER: 3,
    ProvisionKind.SECTION: 4,
}

EID_PREFIX = {
    ProvisionKind.BOOK: "lib", ProvisionKind.TITLE: "tit", ProvisionKind.CHAPTER: "cap",
    ProvisionKind.SECTION: "sec", ProvisionKind.ARTICLE: "art", ProvisionKind.PARAGRAPH: "par",
    ProvisionKind.CLAUSE: "frac", ProvisionKind.ITEM: "inc", ProvisionKind.NUMERAL: "num",
    ProvisionKind.TRANSITIONAL_GROUP: "trans", ProvisionKind.TRANSITIONAL: "art",
}


class ProvisionStatus(str, Enum):
    """Vigente or derogado."""

    IN_FORCE = "in_force"
    REPEALED = "repealed"

    @property
    def label(self) -> str:
        return "vigente" if self is ProvisionStatus.IN_FORCE else "derogado"


class NoteStyle(str, Enum):
    """The three Baja California house styles of per-provision reform notes."""

    PARENTHETICAL = "parenthetical"  # "(Reformado, P.O. No. 34, …)" after the provision
    PREAMBLE = "preamble"            # "ARTÍCULO 7.- Fue reformado por Acuerdo…" before it
    EDITOR = "editor"                # "[N. DE E. …]" after the provision


class NoteAction(str, Enum):
    """What a reform note says happened: reforma, adición, derogación (or unknown)."""

    AMEND = "amend"
    INSERT = "insert"
    REPEAL = "repeal"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class ReformNote:
    """A reform note attached to a provision, with the gazette reference read from it."""

    style: NoteStyle
    text: str
    action: NoteAction = NoteAction.OTHER
    gazette: GazetteReference | None = None


_REPEALED_RE = re.compile(r"^\s*(\(?\s*derogad[oa]s?\b|se\s+deroga\b)", re.IGNORECASE)


def text_says_repealed(text: str) -> bool:
    """True when a provision's whole text is a derogation placeholder ("Derogado.")."""
    return bool(_REPEALED_RE.match(text)) and len(text) < 160


@dataclass(eq=False, slots=True)
class Provision:
    """A node of the provision tree (see the module docstring for the two ids)."""

    kind: ProvisionKind
    num: str = ""
    heading: str = ""
    text: str = ""
    status: ProvisionStatus = ProvisionStatus.IN_FORCE
    notes: list[ReformNote] = field(default_factory=list)
    children: list[Provision] = field(default_factory=list)
    eid: str = ""
    pid: str = ""
    decree: GazetteReference | None = None  # for a transitional group: the decree it belongs to
    line: int = 0  # source line, for import reports; not part of the identity of the node

    def walk(self) -> Iterator[Provision]:
        """Pre-order traversal, self first."""
        yield self
        for child in self.children:
            yield from child.walk()

    def iter_with_depth(self, depth: int = 0) -> Iterator[tuple[int, Provision]]:
        yield depth, self
        for child in self.children:
            yield from child.iter_with_depth(depth + 1)

    def find(self, eid: str) -> Provision | None:
        return next((p for p in self.walk() if p.eid == eid), None)

    def articles(self) -> Iterator[Provision]:
        return (p for p in self.walk() if p.kind is ProvisionKind.ARTICLE)

    def display_label(self) -> str:
        """Short Spanish label, e.g. "Artículo 5 Bis", "Fracción III", "Transitorio PRIMERO"."""
        if self.kind is ProvisionKind.TRANSITIONAL_GROUP:
            return "Transitorios" + (f" ({self.heading})" if self.heading else "")
        return f"{self.kind.label} {self.num}".strip()

    def to_dict(self, *, with_ids: bool = True) -> dict:
        """JSON-ready dict; the schema is documented in the README (``show --json``)."""
        data = {
            "eid": self.eid,
            "kind": self.kind.value,
            "num": self.num,
            "heading": self.heading,
            "text": self.text,
            "status": self.status.value,
            "notes": [note_to_dict(n, with_source=False) for n in self.notes],
            "children": [c.to_dict(with_ids=with_ids) for c in self.children],
        }
        if self.decree:
            data["decree"] = gazette_to_dict(self.decree, with_source=False)
        if with_ids:
            data["pid"] = self.pid
        else:
            data.pop("eid")
        return data


def note_to_dict(note: ReformNote, *, with_source: bool = True) -> dict:
    """Plain-data form of a reform note (see ``gazette_to_dict`` for ``with_source``)."""
    return {"style": note.style.value, "action": note.action.value, "text": note.text,
            "gazette": gazette_to_dict(note.gazette, with_source=with_source)}


def note_from_dict(data: dict) -> ReformNote:
    return ReformNote(NoteStyle(data["style"]), str(data["text"]), NoteAction(data["action"]),
                      gazette_from_dict(data.get("gazette")))


def new_pid() -> str:
    """A fresh permanent id."""
    return uuid.uuid4().hex


def assign_eids(root: Provision) -> list[str]:
    """Give every node below ``root`` a unique hierarchical eid; return the duplicates fixed.

    Numbers are normalised with ``canonical_token`` (lower case, no ordinal signs, Roman
    numerals as digits, Bis/Ter as a suffix). Unnumbered párrafos are numbered by position.
    A repeated eid (a source error such as two "ARTÍCULO 7") gets a ``_2``, ``_3`` suffix so
    that ids stay unique, and is reported to the caller.
    """
    seen: set[str] = set()
    duplicates: list[str] = []
    _assign(root, "", seen, duplicates)
    return duplicates


def _assign(node: Provision, prefix: str, seen: set[str], duplicates: list[str]) -> None:
    counters: dict[ProvisionKind, int] = {}
    for child in node.children:
        counters[child.kind] = counters.get(child.kind, 0) + 1
        if child.kind in (ProvisionKind.PARAGRAPH, ProvisionKind.TRANSITIONAL_GROUP):
            token = str(counters[child.kind])
        else:
            token = canonical_token(child.num) or str(counters[child.kind])
        # Articles keep their division path; párrafos and fracciones hang from their article.
        eid = f"{prefix}__{EID_PREFIX[child.kind]}_{token}" if prefix else f"{EID_PREFIX[child.kind]}_{token}"
        if eid in seen:
            n = 2
            while f"{eid}_{n}" in seen:
                n += 1
            duplicates.append(eid)
            eid = f"{eid}_{n}"
        seen.add(eid)
        child.eid = eid
        _assign(child, eid, seen, duplicates)


def ensure_pids(root: Provision) -> None:
    """Give a fresh permanent id to every node that has none."""
    for node in root.walk():
        if not node.pid:
            node.pid = new_pid()


def carry_pids(previous: Provision, current: Provision) -> int:
    """Copy permanent ids from an earlier version to nodes with the same eid; return matches.

    Used when a new version of a regulation is imported: provisions that kept their eid keep
    their permanent id, so later diffs can align them. Nodes without a match get new ids.
    """
    by_eid = {p.eid: p.pid for p in previous.walk() if p.eid and p.pid}
    matched = 0
    for node in current.walk():
        if node.eid in by_eid:
            node.pid = by_eid[node.eid]
            matched += 1
    ensure_pids(current)
    return matched
