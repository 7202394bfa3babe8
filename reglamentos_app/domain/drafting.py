"""Drafting a reform on the draft tree: every edit undoable, numbering the Mexican way.

``DraftEditor`` wraps a draft ``Provision`` tree and applies the lawyer's edits as commands
(edit a heading or text, insert an article/párrafo/fracción/inciso, derogate, move, renumber,
remove a unit that the draft itself added). Each command knows how to undo itself, so undo and
redo cost nothing proportional to the size of the regulation; consecutive keystrokes in the
same field merge into one undo step, as in a word processor. After every command the eIds are
recomputed and ``version`` increases, which the GUI and the autosave use to know the draft
changed. New units get the number a Mexican drafter would give: ``12 Bis`` between 12 and 13,
``II Bis`` between fracciones II and III, the next number at the end — never renumbering the
rest unless the user asks for it explicitly with ``renumber``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import NotFoundError, ValidationError
from .numbering import (
    SUFFIXES, canonical_token, display_suffix, int_to_roman, is_roman, letter_index, next_letter, ordinal_to_int,
    ordinal_word, roman_to_int,
    split_suffix,
)
from .provisions import (
    Provision, ProvisionKind, ProvisionStatus, assign_eids, new_pid,
)

# Units whose derogation placeholder is feminine ("Derogada").
FEMININE_KINDS = frozenset({ProvisionKind.CLAUSE, ProvisionKind.SECTION})


def repealed_text(kind: ProvisionKind) -> str:
    """The placeholder a derogated unit keeps: "Derogado." or "Derogada."."""
    return "Derogada." if kind in FEMININE_KINDS else "Derogado."


# -- numbering ------------------------------------------------------------------------------
def _bump_suffix(num: str) -> str:
    """"12" → "12 Bis", "12 Bis" → "12 Ter"… (the next free suffix)."""
    base, suffix = split_suffix(num)
    index = SUFFIXES.index(suffix) + 1 if suffix in SUFFIXES else 0
    if index >= len(SUFFIXES):
        return f"{num} A"
    return f"{base} {display_suffix(SUFFIXES[index])}"


def _next_in_sequence(num: str, kind: ProvisionKind) -> str:
    """The number after ``num`` in its own system (12 → 13, VIII → IX, a) → b))."""
    base, _suffix = split_suffix(num)
    closing = ")" if base.endswith(")") else ""
    core = base.rstrip(").- ")
    if core.isdigit():
        return str(int(core) + 1)
    if is_roman(core) and core.isupper():
        return int_to_roman(roman_to_int(core) + 1)
    if (ordinal := ordinal_to_int(core)) is not None:
        return ordinal_word(ordinal + 1, feminine=core.upper().endswith("A"))
    if letter_index(core) is not None:
        letter = next_letter(core)
        return f"{letter}{closing}" if letter else _bump_suffix(num)
    return _bump_suffix(num)


def _first_number(kind: ProvisionKind) -> str:
    return {ProvisionKind.ARTICLE: "1", ProvisionKind.CLAUSE: "I", ProvisionKind.ITEM: "a)",
            ProvisionKind.NUMERAL: "1", ProvisionKind.TRANSITIONAL: "PRIMERO",
            ProvisionKind.TITLE: "PRIMERO", ProvisionKind.CHAPTER: "I",
            ProvisionKind.SECTION: "I", ProvisionKind.BOOK: "PRIMERO"}.get(kind, "")


def suggest_number(previous: str | None, following: str | None, kind: ProvisionKind) -> str:
    """Number for a unit inserted between two siblings of its kind (None: no sibling there).

    At the end the sequence continues (13 after 12); between two numbered units the previous
    one takes the next suffix (12 Bis between 12 and 13, 12 Ter between 12 Bis and 13), so the
    units in force keep their numbers and every citation to them stays valid.
    """
    if kind is ProvisionKind.PARAGRAPH:
        return ""
    if previous is None:
        return _first_number(kind) if following is None else f"{following} A"
    if following is None:
        return _next_in_sequence(previous, kind)
    return _bump_suffix(previous)


def numbering_siblings(parent: Provision, index: int, kind: ProvisionKind
                       ) -> tuple[str | None, str | None]:
    """Numbers of the siblings of ``kind`` just before and after position ``index``."""
    before = [c.num for c in parent.children[:index] if c.kind is kind and c.num]
    after = [c.num for c in parent.children[index:] if c.kind is kind and c.num]
    return (before[-1] if before else None), (after[0] if after else None)


def _body_articles(root: Provision, parent: Provision | None = None,
                   index: int = 0) -> tuple[list[Provision], int]:
    """Articles of the body in document order (transitorios apart), and how many of them
    come before position ``index`` of ``parent`` (where a new unit would go)."""
    found: list[Provision] = []
    cut = -1

    def visit(node: Provision) -> None:
        nonlocal cut
        for i, child in enumerate(node.children):
            if node is parent and i == index:
                cut = len(found)
            if child.kind is ProvisionKind.TRANSITIONAL_GROUP:
                continue
            if child.kind is ProvisionKind.ARTICLE:
                found.append(child)
            visit(child)
        if node is parent and cut < 0:
            cut = len(found)

    visit(root)
    return found, (cut if cut >= 0 else len(found))


def numbering_scope(root: Provision, parent: Provision, kind: ProvisionKind) -> list[Provision]:
    """The units whose numbers a new ``kind`` under ``parent`` must not repeat.

    Articles are numbered across the whole regulation (a chapter does not restart them), so
    every article of the body counts; transitorios, fracciones, incisos and divisions are
    numbered within their own parent.
    """
    if kind is ProvisionKind.ARTICLE and not _inside_transitionals(root, parent):
        return _body_articles(root)[0]
    return [c for c in parent.children if c.kind is kind]


def _inside_transitionals(root: Provision, parent: Provision) -> bool:
    for group in root.children:
        if group.kind is ProvisionKind.TRANSITIONAL_GROUP and any(n is parent
                                                                  for n in group.walk()):
            return True
    return False


def suggest_free_number(root: Provision, parent: Provision, index: int,
                        kind: ProvisionKind) -> str:
    """The number a drafter gives a unit inserted at ``index`` of ``parent``, never one in use.

    Articles look at their neighbours in the whole regulation: after the last article of a
    chapter comes the next integer only if no later chapter already uses it, otherwise the
    previous article takes the next free suffix ("11 Bis", then "11 Ter"…). Every other kind
    looks at its siblings; a suffix already used anywhere in the scope is skipped.
    """
    if kind is ProvisionKind.PARAGRAPH:
        return ""
    if kind is ProvisionKind.ARTICLE and not _inside_transitionals(root, parent):
        articles, cut = _body_articles(root, parent, index)
        previous = articles[cut - 1].num if cut else None
        following = articles[cut].num if cut < len(articles) else None
    else:
        previous, following = numbering_siblings(parent, index, kind)
    taken = {canonical_token(u.num) for u in numbering_scope(root, parent, kind) if u.num}
    num = suggest_number(previous, following, kind)
    if canonical_token(num) not in taken:
        return num
    seed = previous if previous is not None else num
    candidate = _bump_suffix(seed)
    for _ in range(len(SUFFIXES) + 1):
        if canonical_token(candidate) not in taken:
            return candidate
        candidate = _bump_suffix(candidate)
    return candidate


def number_taken(root: Provision, parent: Provision, kind: ProvisionKind, num: str,
                 ignore: Provision | None = None) -> Provision | None:
    """The unit in scope that already has ``num`` (None when it is free)."""
    if not num.strip():
        return None
    token = canonical_token(num)
    return next((u for u in numbering_scope(root, parent, kind)
                 if u is not ignore and u.num and canonical_token(u.num) == token), None)


# -- the command stack -----------------------------------------------------------------------
@dataclass(slots=True)
class _Command:
    label: str
    do: Callable[[], None]
    undo: Callable[[], None]
    merge_key: tuple | None = None
    # False for edits of heading/text: eIds and the pid index cannot change, and recomputing
    # them on every keystroke is the costly part on a regulation of thousands of units.
    structural: bool = True


@dataclass(slots=True)
class _Stack:
    done: list[_Command] = field(default_factory=list)
    undone: list[_Command] = field(default_factory=list)


class DraftEditor:
    """Undoable edits on one draft tree (see the module docstring)."""

    MAX_UNDO = 500

    def __init__(self, root: Provision) -> None:
        self.root = root
        self.version = 0
        self._stack = _Stack()
        self._index: dict[str, tuple[Provision, Provision | None]] = {}
        self._reindex()

    # -- lookup ---------------------------------------------------------------------------
    def _reindex(self) -> None:
        self._index = {}
        stack: list[tuple[Provision, Provision | None]] = [(self.root, None)]
        while stack:
            node, parent = stack.pop()
            if node.pid:
                self._index[node.pid] = (node, parent)
            stack.extend((child, node) for child in node.children)

    def node(self, pid: str) -> Provision:
        if pid == "" or pid == self.root.pid:
            return self.root
        try:
            return self._index[pid][0]
        except KeyError:
            raise NotFoundError("La disposición ya no existe en el borrador.") from None

    def parent_of(self, pid: str) -> Provision:
        node = self.node(pid)
        parent = self._index.get(pid, (node, None))[1]
        if parent is None:
            raise ValidationError("El texto completo no tiene disposición superior.")
        return parent

    # -- undo / redo ----------------------------------------------------------------------
    @property
    def can_undo(self) -> bool:
        return bool(self._stack.done)

    @property
    def can_redo(self) -> bool:
        return bool(self._stack.undone)

    def undo_label(self) -> str:
        return self._stack.done[-1].label if self._stack.done else ""

    def redo_label(self) -> str:
        return self._stack.undone[-1].label if self._stack.undone else ""

    def undo(self) -> None:
        if self._stack.done:
            command = self._stack.done.pop()
            command.undo()
            self._stack.undone.append(command)
            self._changed(command.structural)

    def redo(self) -> None:
        if self._stack.undone:
            command = self._stack.undone.pop()
            command.do()
            self._stack.done.append(command)
            self._changed(command.structural)

    def _run(self, command: _Command) -> None:
        command.do()
        last = self._stack.done[-1] if self._stack.done else None
        if command.merge_key is not None and last is not None and last.merge_key == command.merge_key:
            # Typing in the same field: keep the first undo (the text before typing started).
            self._stack.done[-1] = _Command(command.label, command.do, last.undo, command.merge_key,
                                            command.structural)
        else:
            self._stack.done.append(command)
            del self._stack.done[:-self.MAX_UNDO]
        self._stack.undone.clear()
        self._changed(command.structural)

    def _changed(self, structural: bool = True) -> None:
        if structural:
            assign_eids(self.root)
            self._reindex()
        self.version += 1

    def seal(self) -> None:
        """Stop merging: the next keystroke starts a new undo step (e.g. on focus change)."""
        if self._stack.done:
            self._stack.done[-1].merge_key = None

    # -- edits ----------------------------------------------------------------------------
    def edit(self, pid: str, *, heading: str | None = None, text: str | None = None) -> None:
        """Change a unit's heading and/or text (typing merges into one undo step)."""
        node = self.node(pid)
        old = (node.heading, node.text)
        new = (old[0] if heading is None else heading, old[1] if text is None else text)
        if new == old:
            return
        field_name = "heading" if text is None else "text" if heading is None else "both"

        def apply(values=new) -> None:
            node.heading, node.text = values

        self._run(_Command(f"Editar {node.display_label()}", apply, lambda: apply(old),
                           merge_key=("edit", pid, field_name), structural=False))

    def insert(self, parent_pid: str, index: int, kind: ProvisionKind, *, num: str | None = None,
               heading: str = "", text: str = "") -> Provision:
        """Insert a new unit at ``index`` among the children of ``parent_pid``."""
        parent = self.node(parent_pid)
        index = max(0, min(index, len(parent.children)))
        if num is None:
            num = suggest_free_number(self.root, parent, index, kind)
        self._check_free_number(parent, kind, num, index=index)
        node = Provision(kind, num=num, heading=heading, text=text, pid=new_pid())

        def do() -> None:
            parent.children.insert(index, node)

        def undo() -> None:
            parent.children.remove(node)

        self._run(_Command(f"Adicionar {node.display_label()}", do, undo))
        return node

    def insert_after(self, sibling_pid: str, kind: ProvisionKind | None = None, **kwargs
                     ) -> Provision:
        """Insert a unit right after ``sibling_pid`` (same kind unless given)."""
        sibling = self.node(sibling_pid)
        parent = self.parent_of(sibling_pid)
        index = parent.children.index(sibling) + 1
        return self.insert(parent.pid, index, kind or sibling.kind, **kwargs)

    def append_child(self, parent_pid: str, kind: ProvisionKind, **kwargs) -> Provision:
        parent = self.node(parent_pid)
        return self.insert(parent.pid, len(parent.children), kind, **kwargs)

    def derogate(self, pid: str) -> None:
        """Derogate a unit: it stays, with the "Derogado." placeholder and no content."""
        node = self.node(pid)
        if node.status is ProvisionStatus.REPEALED:
            return
        old = (node.status, node.heading, node.text, list(node.children))

        def do() -> None:
            node.status, node.text, node.children = (ProvisionStatus.REPEALED,
                                                     repealed_text(node.kind), [])
            node.heading = node.heading if node.kind.is_division else ""

        def undo() -> None:
            node.status, node.heading, node.text, node.children = old[0], old[1], old[2], list(old[3])

        self._run(_Command(f"Derogar {node.display_label()}", do, undo))

    def remove(self, pid: str) -> None:
        """Take a unit out of the draft entirely (for units the draft itself added)."""
        node = self.node(pid)
        parent = self.parent_of(pid)
        index = parent.children.index(node)

        def do() -> None:
            parent.children.remove(node)

        def undo() -> None:
            parent.children.insert(index, node)

        self._run(_Command(f"Quitar {node.display_label()}", do, undo))

    def move(self, pid: str, new_parent_pid: str, index: int) -> None:
        """Move a unit under another parent (or elsewhere under the same one)."""
        node = self.node(pid)
        old_parent = self.parent_of(pid)
        new_parent = self.node(new_parent_pid)
        if any(n is new_parent for n in node.walk()):
            raise ValidationError("No se puede mover una disposición dentro de sí misma.")
        old_index = old_parent.children.index(node)

        def do() -> None:
            old_parent.children.remove(node)
            target = index - 1 if new_parent is old_parent and index > old_index else index
            new_parent.children.insert(max(0, min(target, len(new_parent.children))), node)

        def undo() -> None:
            new_parent.children.remove(node)
            old_parent.children.insert(old_index, node)

        self._run(_Command(f"Mover {node.display_label()}", do, undo))

    def renumber(self, pid: str, num: str) -> None:
        """Give a unit another number (the user's explicit choice; flagged in the operations)."""
        node = self.node(pid)
        old = node.num
        if num == old:
            return
        self._check_free_number(self.parent_of(pid), node.kind, num, ignore=node)

        def apply(value: str) -> None:
            node.num = value

        self._run(_Command(f"Renumerar {node.display_label()}", lambda: apply(num),
                           lambda: apply(old)))

    def replace_tree(self, root: Provision) -> None:
        """Replace the whole draft (e.g. a nueva expedición drafted from an imported file)."""
        old_children = list(self.root.children)
        new_children = list(copy.deepcopy(root).children)

        def apply(children: list[Provision]) -> None:
            self.root.children = list(children)

        self._run(_Command("Reemplazar el texto", lambda: apply(new_children),
                           lambda: apply(old_children)))

    def _check_free_number(self, parent: Provision, kind: ProvisionKind, num: str,
                           ignore: Provision | None = None, index: int | None = None) -> None:
        existing = number_taken(self.root, parent, kind, num, ignore)
        if existing is None:
            return
        where = self._container_label(existing)
        example = (f" (por ejemplo, {suggest_free_number(self.root, parent, index, kind)})"
                   if index is not None else "")
        raise ValidationError(f"Ya existe {_with_article(existing)}{where}; los números no se "
                              f"repiten en un reglamento. Elija otro número{example}.")

    def _container_label(self, node: Provision) -> str:
        """" en el Capítulo III" — where the unit that has the number is."""
        entry = self._index.get(node.pid)
        parent = entry[1] if entry else None
        if parent is None or parent is self.root or parent.kind is ProvisionKind.ROOT:
            return ""
        return f" en {_with_article(parent)}"


def _with_article(node: Provision) -> str:
    """"el artículo 12", "la fracción IV", "el Capítulo III"."""
    label = node.display_label()
    if not node.kind.is_division:
        label = label[:1].lower() + label[1:]
    det = "la" if node.kind in FEMININE_KINDS else "el"
    return f"{det} {label}"
