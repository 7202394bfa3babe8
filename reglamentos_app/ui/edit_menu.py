"""The "Edición" menu: the open project's drafting, publication and export actions, and search.

A project editor's actions live in its own toolbar, which a narrow window pushes into the
toolbar's overflow ("»") — and a toolbar's overflow does not list a button with a menu such as
"Exportar ▾". So every action is also here, in the menu bar, with its shortcut shown beside it
(Ctrl+Return, Alt+↑/↓, Ctrl+Z…): the menu is rebuilt each time it opens from the tab in front,
which asks the widget for ``menu_actions()`` (a list of QAction, QMenu for a submenu, or None
for a separator). With no project in front the entries say how to open one.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QTabWidget

NO_PROJECT = "Abra un proyecto (Proyectos › Proyectos de reforma) para editarlo"


class EditMenu(QMenu):
    """See the module docstring."""

    def __init__(self, window: QMainWindow, tabs: QTabWidget,
                 always: Sequence[QAction]) -> None:
        super().__init__("&Edición", window)
        self._tabs = tabs
        self._always = list(always)
        self.aboutToShow.connect(self.rebuild)
        self.rebuild()

    def rebuild(self) -> None:
        self.clear()
        provider = getattr(self._tabs.currentWidget(), "menu_actions", None)
        entries = provider() if callable(provider) else []
        if not entries:
            hint = self.addAction(NO_PROJECT)
            hint.setEnabled(False)
        for entry in entries:
            if entry is None:
                self.addSeparator()
            elif isinstance(entry, QMenu):
                self.addMenu(entry)
            else:
                self.addAction(entry)
        self.addSeparator()
        self.addActions(self._always)
