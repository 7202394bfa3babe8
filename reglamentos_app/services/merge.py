"""Three-way merge of drafts at provision level (concurrent saves and offline check-in).

A draft is seen as a *skeleton* — the pids in order with their depth — plus the *content* of
each provision (kind, number, heading, text, status, notes). Given the ``base`` a writer
started from, the writer's tree (``mine``) and the stored one (``theirs``), each provision is
taken from whoever changed it; when both changed the same provision differently, the stored
text stays and the writer's text becomes a *conflict* (kept, never discarded: RELIABILITY.md
§2). A provision counts as changed by others when its stored version moved past the one the
writer saw, or its stored content differs from the base. The skeleton merges the same way as
one unit (``STRUCTURE``): a structural edit on both sides keeps the stored structure and keeps
the writer's whole tree as the conflict revision. Edits to different provisions never
conflict (Indigo #2396: "edit one provision while someone edits another").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain.errors import ConflictError
from ..domain.gazette import gazette_from_dict, gazette_to_dict
from ..domain.provisions import (
    Provision, ProvisionKind, ProvisionStatus, assign_eids, note_from_dict, note_to_dict,
)

STRUCTURE = "__estructura__"   # the version key of the skeleton

Content = dict


def content_of(node: Provision) -> Content:
    """Plain, comparable content of one provision (not its children)."""
    return {"kind": node.kind.value, "num": node.num, "heading": node.heading,
            "text": node.text, "status": node.status.value,
            "notes": [note_to_dict(n) for n in node.notes],
            "decree": gazette_to_dict(node.decree)}


def node_from(content: Content, pid: str) -> Provision:
    return Provision(ProvisionKind(content["kind"]), num=content["num"],
                     heading=content["heading"], text=content["text"],
                     status=ProvisionStatus(content["status"]), pid=pid,
                     notes=[note_from_dict(n) for n in content["notes"]],
                     decree=gazette_from_dict(content["decree"]))


def apply_content(node: Provision, content: Content) -> None:
    """Overwrite one node's own content in place (children untouched)."""
    fresh = node_from(content, node.pid)
    node.kind, node.num, node.heading, node.text = fresh.kind, fresh.num, fresh.heading, fresh.text
    node.status, node.notes, node.decree = fresh.status, fresh.notes, fresh.decree


@dataclass(frozen=True, slots=True)
class Indexed:
    skeleton: tuple[tuple[str, int], ...]
    contents: dict[str, Content]


def index(root: Provision) -> Indexed:
    skeleton, contents = [], {}
    for depth, node in root.iter_with_depth():
        if depth:
            skeleton.append((node.pid, depth))
            contents[node.pid] = content_of(node)
    return Indexed(tuple(skeleton), contents)


def build(skeleton, contents: dict[str, Content], *, eids: bool = False) -> Provision:
    """A tree from a skeleton and contents by pid (eIds only on request: the editor computes
    them when it takes a tree, and storage does not keep them)."""
    root = Provision(ProvisionKind.ROOT)
    stack = [root]
    for pid, depth in skeleton:
        node = node_from(contents[pid], pid)
        del stack[depth:]
        stack[-1].children.append(node)
        stack.append(node)
    if eids:
        assign_eids(root)
    return root


def tree_payload(root: Provision) -> dict:
    """A whole tree as plain data (structural conflict revisions keep the writer's tree)."""
    ix = index(root)
    return {"tree": [[pid, depth, ix.contents[pid]] for pid, depth in ix.skeleton]}


def indexed_payload(ix: Indexed) -> dict:
    return {"tree": [[pid, depth, ix.contents[pid]] for pid, depth in ix.skeleton]}


def index_from_payload(payload: dict) -> Indexed:
    rows = payload["tree"]
    return Indexed(tuple((pid, depth) for pid, depth, _c in rows),
                   {pid: c for pid, _d, c in rows})


def keep_my_structure(base: Indexed, mine: Provision, theirs: Provision) -> Provision:
    """My skeleton, with each provision from whoever changed it (others' texts survive), and
    the provisions others added placed after the one that precedes them in their draft."""
    m, t = index(mine), index(theirs)
    contents = {pid: (m.contents[pid] if m.contents[pid] != base.contents.get(pid)
                      else t.contents.get(pid, m.contents[pid]))
                for pid, _depth in m.skeleton}
    skeleton = list(m.skeleton)
    anchor: tuple[str, int] | None = None
    for pid, depth in t.skeleton:
        if pid in contents:
            anchor = (pid, depth)
            continue
        if pid in base.contents:
            continue  # I deleted it on purpose; it is kept in the conflict revision anyway
        skeleton.insert(_insertion_point(skeleton, anchor, depth), (pid, depth))
        contents[pid] = t.contents[pid]
        anchor = (pid, depth)
    return build(skeleton, contents)


def _insertion_point(skeleton: list[tuple[str, int]], anchor: tuple[str, int] | None,
                     depth: int) -> int:
    """Right after ``anchor`` when the new unit is its child, else after anchor's subtree."""
    if anchor is None:
        return 0
    at = next(i for i, (pid, _d) in enumerate(skeleton) if pid == anchor[0])
    anchor_depth = skeleton[at][1]
    if depth > anchor_depth:
        return at + 1
    at += 1
    while at < len(skeleton) and skeleton[at][1] > anchor_depth:
        at += 1
    return at


def tree_from_payload(payload: dict) -> Provision:
    rows = payload["tree"]
    return build([(pid, depth) for pid, depth, _c in rows], {pid: c for pid, _d, c in rows},
                 eids=True)


@dataclass(slots=True)
class MergeConflict:
    """One provision both sides changed: ``mine`` lost (kept as a conflict revision)."""

    pid: str
    base: Content | None
    mine: Content | None
    theirs: Content | None

    def payload(self) -> dict:
        return {"pid": self.pid, "base": self.base, "mine": self.mine, "theirs": self.theirs}

    @property
    def label(self) -> str:
        if self.pid == STRUCTURE:
            return "Estructura del borrador"
        content = self.theirs or self.mine or self.base or {}
        return " ".join(p for p in (_KIND_LABELS.get(content.get("kind", ""), ""),
                                    content.get("num", "")) if p) or self.pid


_KIND_LABELS = {"article": "Artículo", "clause": "Fracción", "item": "Inciso",
                "paragraph": "Párrafo", "transitional": "Transitorio", "chapter": "Capítulo",
                "title": "Título", "section": "Sección"}


@dataclass(slots=True)
class MergeResult:
    """The merged tree, the versions to store, what changed and what conflicted."""

    tree: Provision
    versions: dict[str, int]
    changed: list[str] = field(default_factory=list)        # pids whose stored content moves
    conflicts: list[MergeConflict] = field(default_factory=list)
    taken_from_mine: set[str] = field(default_factory=set)  # result == mine for these pids
    indexed: Indexed | None = None          # the result, indexed (saves re-indexing it)
    mine_indexed: Indexed | None = None

    @property
    def writes(self) -> bool:
        return bool(self.changed or self.conflicts)


def merge_drafts(base: Provision | Indexed, mine: Provision, theirs: Provision,
                 seen: dict[str, int], stored: dict[str, int]) -> MergeResult:
    """Merge ``mine`` (made from ``base`` at versions ``seen``) into ``theirs`` (``stored``)."""
    b = base if isinstance(base, Indexed) else index(base)
    m, t = index(mine), index(theirs)
    versions = dict(stored)
    conflicts: list[MergeConflict] = []

    def they_changed(pid: str) -> bool:
        return stored.get(pid, 0) != seen.get(pid, 0) or (
            pid in b.contents and t.contents.get(pid) != b.contents[pid])

    i_struct = m.skeleton != b.skeleton
    they_struct = stored.get(STRUCTURE, 0) != seen.get(STRUCTURE, 0) or t.skeleton != b.skeleton
    # My deletions must not swallow a provision someone else just edited.
    deleted_edited = any(pid not in m.contents and they_changed(pid) for pid in b.contents
                         if pid in t.contents)
    skeleton = t.skeleton
    changed: list[str] = []
    if i_struct and m.skeleton != t.skeleton:
        if they_struct or deleted_edited:
            conflicts.append(MergeConflict(STRUCTURE, indexed_payload(b), tree_payload(mine),
                                           None))
        else:
            skeleton = m.skeleton
            versions[STRUCTURE] = stored.get(STRUCTURE, 0) + 1
            changed.append(STRUCTURE)
    contents: dict[str, Content] = {}
    taken: set[str] = set()
    for pid, _depth in skeleton:
        mine_c, theirs_c, base_c = m.contents.get(pid), t.contents.get(pid), b.contents.get(pid)
        i_changed = mine_c is not None and mine_c != base_c
        if theirs_c is None:
            contents[pid] = mine_c
        elif not i_changed or mine_c == theirs_c:
            contents[pid] = theirs_c
        elif not they_changed(pid):
            contents[pid] = mine_c
        else:
            contents[pid] = theirs_c
            conflicts.append(MergeConflict(pid, base_c, mine_c, theirs_c))
        if contents[pid] != theirs_c:
            versions[pid] = stored.get(pid, 0) + 1
            changed.append(pid)
        if contents[pid] == mine_c:
            taken.add(pid)
    in_result = {pid for pid, _d in skeleton}
    structural = any(c.pid == STRUCTURE for c in conflicts)
    for pid, mine_c in m.contents.items():  # my edits the merged skeleton left out
        if pid not in in_result and mine_c != b.contents.get(pid) and not structural:
            conflicts.append(MergeConflict(pid, b.contents.get(pid), mine_c,
                                           t.contents.get(pid)))
    result = MergeResult(build(skeleton, contents), versions, changed, conflicts, taken)
    result.indexed = Indexed(tuple(skeleton), contents)
    result.mine_indexed = m
    return result


class ProvisionConflictError(ConflictError):
    """Someone saved the same provision first: both texts, and yours was kept as a conflict.

    Everything else of the save was stored; ``conflicts`` lists each provision with the base,
    your text (``mine``, kept as a conflict revision) and the stored one (``theirs``).
    """

    def __init__(self, conflicts: list[MergeConflict]) -> None:
        self.conflicts = list(conflicts)
        names = ", ".join(c.label for c in self.conflicts)
        super().__init__(
            f"Otra persona guardó antes cambios en: {names}. Su texto no se perdió: quedó "
            "guardado como revisión en conflicto; elija cuál texto conservar.")
