"""The projects side of the main window: the "Proyectos" menu, tab and the tabs it opens.

The main window's central area is a tab widget: "Corpus" (the browser and viewer),
"Proyectos" (the project list) and one closable tab per open project editor or comparison.
This workspace owns everything but the first tab: the menu actions ("Nuevo proyecto…",
"Proyectos de reforma", "Comparar…"), the dialogs they open, opening each project once,
saving an editor before its tab closes and, through ``prepare_close``, before the window
does. When a project is published it asks the window to reload the corpus.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QTabBar, QTabWidget, QWidget

from ...services import Comparison
from ..ops import Op, OpRunner
from .compare_dialog import CompareDialog
from .comparison_panel import ComparisonTab
from .editor import ProjectEditor
from .new_project_dialog import NewProjectDialog
from .project_list import ProjectList

TAB_TITLE_CHARS = 32
MAX_OPEN_TABS = 6   # project editors and comparisons open at once (besides Corpus, Proyectos)


def _short(text: str) -> str:
    return text if len(text) <= TAB_TITLE_CHARS else text[:TAB_TITLE_CHARS - 1] + "…"


class ProjectWorkspace(QObject):
    """Projects menu, list and tabs (see the module docstring)."""

    sig_editor_opened = Signal(object)   # a new ProjectEditor (the workflow attaches its panels)

    def __init__(self, window: QMainWindow, runner: OpRunner, tabs: QTabWidget, *,
                 current_uri: Callable[[], str | None],
                 on_corpus_changed: Callable[[str | None], None]) -> None:
        super().__init__(window)
        self._window = window
        self._runner = runner
        self.tabs = tabs
        self._current_uri = current_uri
        self._on_corpus_changed = on_corpus_changed
        self.editors: dict[int, ProjectEditor] = {}
        self.new_dialog: NewProjectDialog | None = None
        self.compare_dialog: CompareDialog | None = None
        self._closing = False
        self._opened: list[QWidget] = []   # project/comparison tabs, least recent first
        tabs.tabBar().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tabs.tabBar().customContextMenuRequested.connect(self._tab_menu)
        tabs.currentChanged.connect(self._used)
        self.action_close_others = self._action("Cerrar las &demás pestañas",
                                                lambda: self.close_others(
                                                    self.tabs.currentWidget()))
        self.list = ProjectList()
        tabs.addTab(self.list, "Proyectos")
        for index in range(tabs.count()):  # "Corpus" and "Proyectos" always stay
            for side in (QTabBar.ButtonPosition.RightSide, QTabBar.ButtonPosition.LeftSide):
                tabs.tabBar().setTabButton(index, side, None)
        tabs.tabCloseRequested.connect(lambda index: self.close_tab(tabs.widget(index)))
        # The list is read when shown, so it is never stale (another office may have saved).
        tabs.currentChanged.connect(lambda _i: tabs.currentWidget() is self.list
                                    and self.refresh_list())
        self.action_new = self._action("&Nuevo proyecto…", self.new_project,
                                       QKeySequence.StandardKey.New)
        self.action_list = self._action("&Proyectos de reforma", self.show_list)
        self.action_compare = self._action("&Comparar…", self.compare)
        self.list.sig_new.connect(self.new_project)
        self.list.sig_open.connect(self.open_project)
        self.list.sig_refresh.connect(self.refresh_list)
        self.list.sig_withdraw.connect(self.withdraw)

    @property
    def actions(self) -> list[QAction]:
        return [self.action_new, self.action_list, self.action_compare,
                self.action_close_others]

    def _action(self, text: str, slot: Callable[[], Any],
                shortcut: QKeySequence.StandardKey | None = None) -> QAction:
        action = QAction(text, self._window)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    # -- the list -----------------------------------------------------------------------------
    def refresh_list(self, select_id: int | None = None) -> None:
        def show(summaries) -> None:
            self.list.set_projects(summaries)
            if select_id is not None:
                self.list.select_id(select_id)

        Op(self._runner, parent=self.list, op=lambda svc: svc.projects.list(),
           success=show).run_in_background()

    def show_list(self) -> None:
        self.tabs.setCurrentWidget(self.list)
        self.refresh_list()

    def withdraw(self, project_id: int) -> None:
        def done(_result) -> None:
            self.refresh_list(project_id)
            if project_id in self.editors:
                self.editors[project_id].reload()

        Op(self._runner, parent=self.list, op=lambda svc: svc.projects.withdraw(project_id),
           success=done).run_in_background()

    # -- new project ----------------------------------------------------------------------------
    def new_project(self) -> None:
        Op(self._runner, parent=self._window, op=lambda svc: svc.corpus.list_regulations(),
           success=self._ask_new_project).run_in_background()

    def _ask_new_project(self, summaries: list[Any]) -> None:
        dialog = NewProjectDialog(summaries, self._current_uri(), self._window)
        self.new_dialog = dialog
        dialog.accepted.connect(lambda: self._create(dialog))
        dialog.open()  # not exec(): the event loop (and the ops) keep running

    def _create(self, dialog: NewProjectDialog) -> None:
        project, uris = dialog.values()
        kwargs = dialog.create_kwargs()

        def created(new) -> None:
            self.refresh_list(new.id)
            self.open_project(new.id)

        Op(self._runner, parent=self._window,
           op=lambda svc: svc.projects.create(project.title, uris, **kwargs),
           success=created).run_in_background()

    # -- tabs -----------------------------------------------------------------------------------
    def open_project(self, project_id: int) -> ProjectEditor:
        editor = self.editors.get(project_id)
        if editor is None:
            editor = ProjectEditor(self._runner, project_id)
            self.editors[project_id] = editor
            self.tabs.addTab(editor, "Proyecto…")
            editor.sig_title_changed.connect(lambda title: self._retitle(editor, title))
            editor.sig_projects_changed.connect(self.refresh_list)
            editor.sig_published.connect(self._on_published)
            self.sig_editor_opened.emit(editor)
            editor.load()
        if editor in self._opened:
            self._opened.remove(editor)
        self._opened.append(editor)          # most recently opened last
        self.tabs.setCurrentWidget(editor)
        self._limit_tabs(keep=editor)
        return editor

    def _limit_tabs(self, keep: QWidget) -> None:
        """At most ``MAX_OPEN_TABS`` project and comparison tabs: the one used longest ago
        closes (an editor saves first), so "Corpus" and "Proyectos" never scroll away."""
        extra = [self.tabs.widget(i) for i in range(2, self.tabs.count())]
        if len(extra) <= MAX_OPEN_TABS:
            return
        order = {w: n for n, w in enumerate(self._opened)}
        oldest = min((w for w in extra if w is not keep), key=lambda w: order.get(w, -1))
        title = self.tabs.tabText(self.tabs.indexOf(oldest))
        self.close_tab(oldest)
        self._window.statusBar().showMessage(
            f"Se cerró «{title}» (se guardó antes) para no acumular más de {MAX_OPEN_TABS} "
            "pestañas; vuelva a abrirlo desde Proyectos.", 10000)

    def _used(self, _index: int) -> None:
        """The tab in front is the most recently used (the limit closes the oldest)."""
        widget = self.tabs.currentWidget()
        if widget in self._opened:
            self._opened.remove(widget)
            self._opened.append(widget)

    def close_others(self, keep: QWidget | None) -> None:
        """"Cerrar las demás": every project and comparison tab but ``keep``."""
        for widget in [self.tabs.widget(i) for i in range(2, self.tabs.count())]:
            if widget is not keep:
                self.close_tab(widget)

    def _tab_menu(self, position) -> None:
        index = self.tabs.tabBar().tabAt(position)
        widget = self.tabs.widget(index) if index >= 2 else None
        menu = QMenu(self.tabs)
        close = menu.addAction("Cerrar")
        close.setEnabled(widget is not None)
        close.triggered.connect(lambda: self.close_tab(widget))
        others = menu.addAction("Cerrar las demás")
        others.setEnabled(self.tabs.count() > (3 if widget is not None else 2))
        others.triggered.connect(lambda: self.close_others(widget))
        self.tab_menu = menu
        menu.popup(self.tabs.tabBar().mapToGlobal(position))

    def open_comparison(self, comparison: Comparison) -> ComparisonTab:
        tab = ComparisonTab(comparison)
        index = self.tabs.addTab(tab, _short(tab.tab_title))
        self.tabs.setTabToolTip(index, tab.tab_title)
        self.tabs.setCurrentIndex(index)
        self._opened.append(tab)
        self._limit_tabs(keep=tab)
        return tab

    def _retitle(self, editor: ProjectEditor, title: str) -> None:
        index = self.tabs.indexOf(editor)
        if index >= 0:
            self.tabs.setTabText(index, _short(title))
            self.tabs.setTabToolTip(index, title)

    def _on_published(self, uris: list[str]) -> None:
        self.refresh_list()
        self._on_corpus_changed(uris[0] if uris else None)

    def close_tab(self, widget: QWidget | None) -> None:
        """Close an editor or comparison tab; an editor saves first."""
        if widget is None or self.tabs.indexOf(widget) < 2:
            return
        if isinstance(widget, ProjectEditor):
            widget.request_close(lambda ok: self._remove(widget, ok))
        else:
            self._remove(widget, True)

    def _remove(self, widget: QWidget, saved: bool) -> None:
        if not saved and not self._confirm_unsaved():
            return
        self.tabs.removeTab(self.tabs.indexOf(widget))
        if widget in self._opened:
            self._opened.remove(widget)
        if isinstance(widget, ProjectEditor):
            widget.shutdown()
            self.editors.pop(widget.project_id, None)
        widget.deleteLater()

    # -- comparing ------------------------------------------------------------------------------
    def compare(self) -> None:
        Op(self._runner, parent=self._window, op=lambda svc: svc.corpus.list_regulations(),
           success=self._ask_comparison).run_in_background()

    def _ask_comparison(self, summaries: list[Any]) -> None:
        dialog = CompareDialog(self._runner, summaries, self._current_uri(), self._window)
        self.compare_dialog = dialog
        dialog.accepted.connect(lambda: self._compare(*dialog.specs()))
        dialog.open()

    def _compare(self, base: str, draft: str) -> None:
        Op(self._runner, parent=self._window,
           op=lambda svc, _report, _cancel: svc.compare.compare(base, draft),
           success=self.open_comparison).with_progress("Comparando…").run_in_background()

    # -- closing the window ---------------------------------------------------------------------
    def prepare_close(self, retry: Callable[[], None]) -> bool:
        """True when the window may close now; else save the editors and call ``retry``."""
        editors = [e for e in self.editors.values() if e.dirty]
        if self._closing or not editors:
            return self._closed()
        state = {"left": len(editors), "ok": True, "waiting": False}

        def one_done(ok: bool) -> None:
            state["ok"] = state["ok"] and ok
            state["left"] -= 1
            if state["left"] == 0 and state["waiting"]:
                if state["ok"] or self._confirm_unsaved():
                    self._closing = True
                    retry()

        for editor in editors:
            editor.request_close(one_done)
        if state["left"] == 0:  # every save already finished (a synchronous runner)
            return (state["ok"] or self._confirm_unsaved()) and self._closed()
        state["waiting"] = True
        return False

    def _closed(self) -> bool:
        for editor in self.editors.values():
            editor.shutdown()
        return True

    def _confirm_unsaved(self) -> bool:
        answer = QMessageBox.question(self._window, "Cambios sin guardar",
                                      "Algunos cambios del proyecto no se pudieron guardar. "
                                      "¿Cerrar de todos modos?")
        return answer == QMessageBox.StandardButton.Yes
