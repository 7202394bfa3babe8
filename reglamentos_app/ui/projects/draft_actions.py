"""The drafting actions of the project editor and the little questions they ask.

Adicionar después (the suggested number — "12 Bis", "IX" — is shown and can be changed),
Adicionar dentro (fracción, inciso, párrafo… as fits the parent), Derogar, Renumerar…,
Subir/Bajar, Quitar (only for units the draft itself added: what is in force is derogated,
never deleted), Deshacer/Rehacer. Every action is one call on the ``DraftEditor`` through the
owner's ``run_command``, so all of them are undoable and the owner refreshes the views the
same way. The shortcuts only work inside their own editor tab (several may be open).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QWidget

from ...domain.drafting import DraftEditor, suggest_free_number
from ...domain.provisions import Provision, ProvisionKind as K, ProvisionStatus

# What may be added inside each kind of unit, most usual first.
CHILD_KINDS: dict[K, list[K]] = {
    K.ROOT: [K.ARTICLE, K.TITLE, K.CHAPTER, K.TRANSITIONAL_GROUP],
    K.BOOK: [K.TITLE, K.CHAPTER, K.ARTICLE], K.TITLE: [K.CHAPTER, K.ARTICLE],
    K.CHAPTER: [K.ARTICLE, K.SECTION], K.SECTION: [K.ARTICLE],
    K.ARTICLE: [K.CLAUSE, K.PARAGRAPH], K.PARAGRAPH: [K.CLAUSE],
    K.CLAUSE: [K.ITEM, K.PARAGRAPH], K.ITEM: [K.NUMERAL, K.PARAGRAPH],
    K.NUMERAL: [K.PARAGRAPH], K.TRANSITIONAL_GROUP: [K.TRANSITIONAL],
    K.TRANSITIONAL: [K.PARAGRAPH, K.CLAUSE],
}
_UNNUMBERED = (K.PARAGRAPH, K.TRANSITIONAL_GROUP)
HISTORY_CHARS = 36  # "Deshacer: Adicionar Artículo 4 Bis" fits; longer labels are cut


class DraftOwner(Protocol):
    """What the actions need from the project editor."""

    @property
    def editor(self) -> DraftEditor | None: ...
    @property
    def read_only(self) -> bool: ...
    def current_node(self) -> Provision | None: ...
    def is_added(self, node: Provision) -> bool: ...
    def run_command(self, command: Callable[[DraftEditor], object]) -> object: ...


class DraftActions(QObject):
    """The QActions and their handlers (see the module docstring)."""

    def __init__(self, owner: DraftOwner, widget: QWidget) -> None:
        super().__init__(widget)
        self._owner = owner
        self._widget = widget
        self.insert_after = self._action("Adicionar después", self._insert_after, "Ctrl+Return",
                                         "Adicionar una disposición del mismo tipo después de "
                                         "la seleccionada")
        self.insert_inside = self._action("Adicionar dentro", self._insert_inside,
                                          "Ctrl+Shift+Return",
                                          "Adicionar una fracción, inciso o párrafo dentro de la "
                                          "disposición seleccionada")
        self.derogate = self._action("Derogar", self._derogate, None,
                                     "Derogar la disposición (queda con «Derogado.»)")
        self.renumber = self._action("Renumerar…", self._renumber, None,
                                     "Cambiar el número de la disposición")
        self.move_up = self._action("Subir", lambda: self._move(-1), "Alt+Up")
        self.move_down = self._action("Bajar", lambda: self._move(+1), "Alt+Down")
        self.remove = self._action("Quitar", self._remove, None,
                                   "Quitar una disposición que el proyecto adicionó")
        self.undo = self._action("Deshacer", self._undo, QKeySequence.StandardKey.Undo)
        self.redo = self._action("Rehacer", self._redo, None)
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])

    @property
    def all(self) -> list[QAction]:
        return [self.undo, self.redo, self.insert_after, self.insert_inside, self.derogate,
                self.renumber, self.move_up, self.move_down, self.remove]

    def _action(self, text: str, slot: Callable[[], object],
                shortcut: str | QKeySequence.StandardKey | None, tip: str = "") -> QAction:
        action = QAction(text, self._widget)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        # Several editors may be open in tabs: a shortcut acts on the focused one only.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if tip:
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self._widget.addAction(action)
        return action

    # -- state --------------------------------------------------------------------------------
    def update_state(self) -> None:
        editor, node = self._owner.editor, self._owner.current_node()
        editable = editor is not None and not self._owner.read_only
        chosen = editable and node is not None
        siblings, index = self._siblings(node)
        self.insert_after.setEnabled(chosen)
        self.insert_inside.setEnabled(editable and bool(
            CHILD_KINDS.get(node.kind if node else K.ROOT)))
        self.derogate.setEnabled(chosen and node.status is not ProvisionStatus.REPEALED)
        self.renumber.setEnabled(chosen and node.kind not in _UNNUMBERED)
        self.move_up.setEnabled(chosen and index > 0)
        self.move_down.setEnabled(chosen and 0 <= index < len(siblings) - 1)
        self.remove.setEnabled(chosen and self._owner.is_added(node))
        self._history(self.undo, "Deshacer", editable and editor.can_undo,
                      editor.undo_label() if editor else "")
        self._history(self.redo, "Rehacer", editable and editor.can_redo,
                      editor.redo_label() if editor else "")

    @staticmethod
    def _history(action: QAction, verb: str, enabled: bool, label: str) -> None:
        """"Deshacer: editar artículo 3", shortened so a long label never pushes the other
        toolbar buttons out of sight; the whole label is in the tooltip."""
        action.setEnabled(enabled)
        full = f"{verb}: {label}" if enabled and label else verb
        action.setText(full if len(full) <= HISTORY_CHARS else full[:HISTORY_CHARS - 1] + "…")
        action.setToolTip(full)

    def _siblings(self, node: Provision | None) -> tuple[list[Provision], int]:
        editor = self._owner.editor
        if editor is None or node is None:
            return [], -1
        parent = editor.parent_of(node.pid)
        return parent.children, parent.children.index(node)

    # -- handlers -----------------------------------------------------------------------------
    def _insert_after(self) -> None:
        node = self._owner.current_node()
        if node is None:
            return
        parent = self._owner.editor.parent_of(node.pid)
        num = self._ask_number(node.kind, parent, parent.children.index(node) + 1)
        if num is not None:
            self._owner.run_command(lambda ed: ed.insert_after(node.pid, num=num))

    def _insert_inside(self) -> None:
        node = self._owner.current_node()
        parent = node if node is not None else self._owner.editor.root
        kind = self._ask_kind(CHILD_KINDS.get(parent.kind, []))
        if kind is None:
            return
        num = self._ask_number(kind, parent, len(parent.children))
        if num is not None:
            self._owner.run_command(lambda ed: ed.append_child(parent.pid, kind, num=num))

    def _derogate(self) -> None:
        node = self._owner.current_node()
        if node is not None:
            self._owner.run_command(lambda ed: ed.derogate(node.pid))

    def _renumber(self) -> None:
        node = self._owner.current_node()
        if node is None:
            return
        num, ok = QInputDialog.getText(self._widget, "Renumerar",
                                       f"Nuevo número de {node.display_label().lower()}:",
                                       text=node.num)
        if ok and num.strip() and num.strip() != node.num:
            self._owner.run_command(lambda ed: ed.renumber(node.pid, num.strip()))

    def _move(self, step: int) -> None:
        node = self._owner.current_node()
        if node is None:
            return
        parent = self._owner.editor.parent_of(node.pid)
        index = parent.children.index(node)
        # ``move`` takes the position before removal: one past the next sibling to go down.
        target = index - 1 if step < 0 else index + 2
        self._owner.run_command(lambda ed: ed.move(node.pid, parent.pid, target))

    def _remove(self) -> None:
        node = self._owner.current_node()
        if node is not None and self._owner.is_added(node):
            self._owner.run_command(lambda ed: ed.remove(node.pid))

    def _undo(self) -> None:
        self._owner.run_command(lambda ed: ed.undo())

    def _redo(self) -> None:
        self._owner.run_command(lambda ed: ed.redo())

    # -- questions ----------------------------------------------------------------------------
    def _ask_kind(self, kinds: list[K]) -> K | None:
        if len(kinds) <= 1:
            return kinds[0] if kinds else None
        labels = [kind.label for kind in kinds]
        label, ok = QInputDialog.getItem(self._widget, "Adicionar dentro",
                                         "Tipo de disposición:", labels, 0, False)
        return kinds[labels.index(label)] if ok and label in labels else None

    def _ask_number(self, kind: K, parent: Provision, index: int) -> str | None:
        """The number for a new unit: the suggested one, as the user confirms or edits it."""
        if kind in _UNNUMBERED:
            return ""
        # Unique across the regulation: articles do not restart in each chapter.
        suggested = suggest_free_number(self._owner.editor.root, parent, index, kind)
        num, ok = QInputDialog.getText(self._widget, f"Adicionar {kind.label.lower()}",
                                       f"Número de la nueva {kind.label.lower()}:"
                                       if kind in (K.CLAUSE, K.SECTION)
                                       else f"Número del nuevo {kind.label.lower()}:",
                                       text=suggested)
        return num.strip() if ok else None
