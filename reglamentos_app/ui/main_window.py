"""The main window: a tab "Corpus" (browser left, regulation viewer centre) and the projects.

It owns the menus ("Archivo": importar archivo/carpeta, configuración, salir; "Proyectos":
nuevo proyecto, lista, comparar; "Ayuda": acerca de), the status bar (database in use and
number of regulations) and the saved window layout. The central area is a tab widget whose
other tabs — the project list, project editors and comparisons — belong to the
``ProjectWorkspace``, which also saves open drafts before the window closes. It reaches the
core only through the ``OpRunner`` it is given, so every database read or write happens off
the GUI thread; the widgets it contains hold the presentation.
"""

from __future__ import annotations

import re
from html import escape
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog, QDockWidget, QLabel, QProgressBar, QMainWindow, QMessageBox, QSplitter, QTabWidget,
    QWidget,
)

from .. import __version__
from ..domain import plural
from ..config import Settings
from ..services import ImportOutcome, ImportStatus
from . import backup, file_dialogs, window_state
from .corpus_browser import CorpusBrowser
from .corpus_import import IMPORT_FILTER, run_import, show_import_summary
from .edit_menu import EditMenu
from .errors import show_error
from .help import HelpDialog, ShortcutsDialog, shortcut_rows, show_help
from .layout import LIST_COLUMN_MIN, SIDE_PANEL_MIN, firm_splitter, min_width
from .ops import Op, OpRunner
from .projects import ProjectWorkspace
from .regulation_viewer import RegulationViewer
from .exports.actions import open_regulation_export
from .review import ReviewDashboard
from .search import SearchPanel, highlight_words, select_in_structure
from .paste_dialog import PasteTextDialog
from .settings_dialog import SettingsDialog
from .workflow import WorkflowArea

WINDOW_TITLE = "Reglamentos — Municipio de Mexicali"
SAMPLE_IMPORTING = "Importando el corpus de muestra…"
LAST_FOLDER_KEY = "importar/ultima_carpeta"
ABOUT_HTML = (
    "<h3>Reglamentos {version}</h3>"
    "<p>Mesa de trabajo para consultar y reformar los reglamentos municipales de Mexicali, "
    "Baja California.</p>"
    "<p>Elaborado para las áreas jurídicas del Municipio de Mexicali.</p>"
    "<p>Los textos del corpus de muestra no son textos oficiales; la versión oficial de cada "
    "reglamento es la publicada en el Periódico Oficial del Estado.</p>"
    "<p><b>Versión:</b> {version}<br><b>{database}</b></p>"
)


def describe_db(url: str) -> str:
    """Status-bar text for a database URL, never showing a password."""
    if url.startswith("sqlite:///"):
        return f"Base de datos local: {url.removeprefix('sqlite:///') or 'en memoria'}"
    shown = re.sub(r"^[a-z0-9+]+://([^:/@]+):[^@]*@", r"postgresql://\1:***@", url)
    return f"Base de datos compartida: {shown}"


class MainWindow(QMainWindow):
    """The application window (see the module docstring)."""

    def __init__(self, runner: OpRunner, settings: Settings, db_url: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.settings = settings
        self.db_url = db_url
        self.setWindowTitle(WINDOW_TITLE)
        self.help_dialog: HelpDialog | None = None
        self.sample_importing = False
        self.resize(1280, 800)
        self._build_central()
        self._build_search()
        self._build_menus()
        self._build_status_bar()
        window_state.restore_window(self, self.splitters)

    # -- construction -------------------------------------------------------------------------
    def _build_central(self) -> None:
        self.browser = CorpusBrowser()
        self.viewer = RegulationViewer(self.runner)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("principal_splitter")
        self.splitter.addWidget(self.browser)
        self.splitter.addWidget(self.viewer)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([460, 820])
        min_width(self.browser, LIST_COLUMN_MIN)
        firm_splitter(self.splitter)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.addTab(self.splitter, "Corpus")
        self.projects = ProjectWorkspace(self, self.runner, self.tabs,
                                         current_uri=lambda: self.viewer.current_uri,
                                         on_corpus_changed=self._on_corpus_changed)
        self.workflow = WorkflowArea(self, self.runner, self.settings, self.db_url, self.tabs,
                                     self.projects)
        self.setCentralWidget(self.tabs)
        self.browser.sig_regulation_selected.connect(self.viewer.show_regulation)

    def _build_search(self) -> None:
        """The search panel, in a dock on the right (hidden until Ctrl+F / Ctrl+Shift+F)."""
        self.search_panel = SearchPanel(self.runner)
        min_width(self.search_panel, SIDE_PANEL_MIN)
        self.search_dock = QDockWidget("Búsqueda", self)
        self.search_dock.setObjectName("busqueda_dock")
        self.search_dock.setWidget(self.search_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.search_dock)
        self.search_dock.hide()
        self.search_panel.sig_open_hit.connect(self.open_search_hit)
        self.search_panel.sig_open_draft.connect(self._open_draft_hit)
        self.viewer.sig_loaded.connect(self._on_viewer_loaded)
        self._pending_hit: tuple[str, str, list[str], date | None] | None = None

    def show_search(self, *, this_regulation: bool = False) -> None:
        self.search_panel.current_uri = self.viewer.current_uri
        was_hidden = self.search_dock.isHidden()
        self.search_dock.show()
        self.search_dock.raise_()
        if was_hidden:  # room for the panel comes from the corpus list, never the text
            self._make_room_for_search()
        self.search_panel.focus_search(this_regulation=this_regulation)

    def open_search_hit(self, uri: str, eid: str, words: list, when: date | None = None
                        ) -> None:
        """Show the regulation of a hit, scrolled to the provision, with the words marked.

        ``when``: the search's date filter, so the version in force on that date is shown.
        """
        self.tabs.setCurrentIndex(0)  # the hit is shown in the "Corpus" tab
        if self.viewer.current_uri == uri and self.viewer.shows_date(when):
            self._reveal(eid, words)
            return
        self._pending_hit = (uri, eid, list(words), when)
        if self.viewer.current_uri == uri or not self.browser.select_uri(uri) or when:
            self.viewer.show_regulation(uri, when=when)

    def _open_draft_hit(self, project_id: int, uri: str, pid: str) -> None:
        """A hit in a reform project's draft: open the project's editor at provision ``pid``
        of the draft of ``uri``."""
        self.projects.open_project(project_id).go_to(uri, pid)

    def _on_viewer_loaded(self, uri: str) -> None:
        self.search_panel.current_uri = uri
        if (self._pending_hit and self._pending_hit[0] == uri
                and self.viewer.shows_date(self._pending_hit[3])):
            _uri, eid, words, _when = self._pending_hit
            self._pending_hit = None
            self._reveal(eid, words)

    def _reveal(self, eid: str, words: list[str]) -> None:
        self.viewer.tabs.setCurrentIndex(0)
        highlight_words(self.viewer.text_browser, words)
        if eid:
            self.viewer.scroll_to(eid)
            select_in_structure(self.viewer.structure_tree, eid)  # where the hit is

    def _make_room_for_search(self) -> None:
        """Open the search panel at a useful width, narrowing the corpus list (to its minimum
        if need be) rather than the text column, whose minimum the splitter keeps anyway."""
        wanted = max(SIDE_PANEL_MIN, min(420, self.width() // 3))
        self.resizeDocks([self.search_dock], [wanted], Qt.Orientation.Horizontal)
        sizes = self.splitter.sizes()
        if len(sizes) == 2 and sizes[0] > LIST_COLUMN_MIN:
            shift = min(sizes[0] - LIST_COLUMN_MIN, max(0, wanted - 200))
            self.splitter.setSizes([sizes[0] - shift, sizes[1] + shift])

    @property
    def splitters(self) -> list[QSplitter]:
        return [self.splitter, self.viewer.splitter]

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Archivo")
        self.action_import_file = self._action("Importar &archivo…", self._choose_files,
                                               QKeySequence.StandardKey.Open)
        self.action_import_folder = self._action("Importar &carpeta…", self._choose_folder,
                                                 QKeySequence("Ctrl+Shift+O"))
        self.action_paste = self._action("&Pegar texto…", self._paste_text,
                                         QKeySequence("Ctrl+Shift+V"))
        self.action_settings = self._action("C&onfiguración…", self._open_settings)
        self.action_quit = self._action("&Salir", self.close, QKeySequence("Ctrl+Q"))
        file_menu.addActions([self.action_import_file, self.action_import_folder,
                              self.action_paste])
        file_menu.addSeparator()
        self.action_export = self._action("&Exportar…", self.export_current,
                                          QKeySequence("Ctrl+E"))
        file_menu.addAction(self.action_export)
        file_menu.addSeparator()
        self.browser.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.browser.addAction(self.action_export)  # right-click on a regulation: Exportar…
        self.action_backup = self._action("&Respaldar base de datos…", lambda: backup.back_up(
            self, self.runner, self.db_url))
        file_menu.addAction(self.action_backup)
        file_menu.addAction(self.action_settings)
        file_menu.addSeparator()
        file_menu.addAction(self.action_quit)
        # Search: window-wide shortcuts plus a toolbar button (the menu bar stays as it is).
        self.action_find = self._action("Buscar en el reglamento abierto",
                                        lambda: self.show_search(this_regulation=True),
                                        QKeySequence("Ctrl+F"))
        self.action_find_all = self._action("Buscar", self.show_search,
                                            QKeySequence("Ctrl+Shift+F"))
        self.action_find_all.setToolTip("Buscar en todo el corpus (Ctrl+Shift+F); en el "
                                        "reglamento abierto: Ctrl+F")
        self.addActions([self.action_find, self.action_find_all])
        toolbar = self.addToolBar("Búsqueda")
        toolbar.setObjectName("busqueda_barra")
        toolbar.addAction(self.action_find_all)
        self.edit_menu = EditMenu(self, self.tabs, [self.action_find, self.action_find_all])
        self.menuBar().addMenu(self.edit_menu)
        projects_menu = self.menuBar().addMenu("&Proyectos")
        projects_menu.addActions(self.projects.actions)
        review_menu = self.menuBar().addMenu("&Revisión")
        self.action_review = self._action("Revisión del &corpus…", self.open_review)
        review_menu.addAction(self.action_review)
        self.menuBar().addMenu(self.workflow.menu)
        help_menu = self.menuBar().addMenu("A&yuda")
        self.action_guide = self._action("&Guía de usuario", self.show_guide,
                                         QKeySequence.StandardKey.HelpContents)
        self.action_shortcuts = self._action("&Atajos de teclado", self.show_shortcuts)
        self.action_about = self._action("A&cerca de Reglamentos", self._show_about)
        help_menu.addActions([self.action_guide, self.action_shortcuts])
        help_menu.addSeparator()
        help_menu.addAction(self.action_about)

    def _action(self, text: str, slot: Callable[[], object],
                shortcut: QKeySequence | QKeySequence.StandardKey | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_status_bar(self) -> None:
        self.db_label = QLabel(describe_db(self.db_url))
        self.count_label = QLabel("Cargando…")
        self.sample_progress = QProgressBar()  # the first-run import, while it runs
        self.sample_progress.setRange(0, 0)
        self.sample_progress.setMaximumWidth(160)
        self.sample_progress.setToolTip(SAMPLE_IMPORTING)
        self.sample_progress.hide()
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.sample_progress)
        self.statusBar().addPermanentWidget(self.count_label)
        for widget in self.workflow.status_widgets:  # current profile and notices
            self.statusBar().addPermanentWidget(widget)

    # -- corpus -------------------------------------------------------------------------------
    def refresh(self, select_uri: str | None = None,
                on_done: Callable[[], None] | None = None) -> None:
        """Reload the browser; then select ``select_uri`` (reloading it if already shown)."""
        def show(summaries) -> None:
            self.browser.set_regulations(summaries)
            n = self.browser.count
            if not self.sample_importing:  # never "0 reglamentos" while the sample arrives
                self.count_label.setText(plural.count(n, "reglamento"))
            if select_uri:
                if self.browser.selected_uri() == select_uri:
                    self.viewer.show_regulation(select_uri)  # its text may have changed
                else:
                    self.browser.select_uri(select_uri)
            if on_done:
                on_done()

        Op(self.runner, parent=self, op=lambda svc: svc.corpus.list_regulations(),
           success=show).run_in_background()

    def set_sample_importing(self, running: bool) -> None:
        """Show (or stop showing) that the first-run import of the sample corpus is running:
        a busy bar and "Importando…" in the status bar, and the viewer says so instead of
        asking the user to import."""
        self.sample_importing = running
        self.sample_progress.setVisible(running)
        self.viewer.set_importing(running)
        if running:
            self.count_label.setText(SAMPLE_IMPORTING)
        else:
            self.count_label.setText(plural.count(self.browser.count, "reglamento"))

    def _on_corpus_changed(self, uri: str | None) -> None:
        """A project was published: reload the list and show the regulation it changed."""
        self.refresh(select_uri=uri)

    def select_first_regulation(self) -> bool:
        return self.browser.select_first()

    def import_paths(self, paths: Sequence[Path], *, show_summary: bool = True,
                     on_done: Callable[[list[ImportOutcome] | None], None] | None = None,
                     title: str = "Importando reglamentos…") -> None:
        """Import files or folders in the background, then refresh and report."""
        self._set_importing(True)
        run_import(self.runner, self, paths, self._import_finisher(show_summary, on_done), title)

    def import_pasted(self, text: str, source_name: str) -> None:
        """Import pasted text in the background, then refresh and report."""
        self._set_importing(True)
        done = self._import_finisher(True, None)
        Op(self.runner, parent=self, op=lambda svc: [svc.corpus.import_text(text, source_name)],
           success=done).failure(lambda exc: (show_error(self, exc), done(None))
                                 ).run_in_background()

    def _import_finisher(self, show_summary: bool,
                         on_done: Callable[[list[ImportOutcome] | None], None] | None):
        def done(outcomes: list[ImportOutcome] | None) -> None:
            self._set_importing(False)
            imported = [o.uri for o in outcomes or [] if o.status is not ImportStatus.FAILED]
            if outcomes is None:  # cancelled, or an error already shown to the user
                self.statusBar().showMessage("La importación se interrumpió; los archivos ya "
                                             "importados se conservan.", 10000)
            self.refresh(select_uri=imported[0] if imported else None)
            if show_summary and outcomes is not None:
                show_import_summary(self, outcomes)
            if on_done:
                on_done(outcomes)

        return done

    def _set_importing(self, busy: bool) -> None:
        for action in (self.action_import_file, self.action_import_folder, self.action_paste):
            action.setEnabled(not busy)

    def _paste_text(self) -> None:
        dialog = PasteTextDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.text.strip():
            self.import_pasted(dialog.text, dialog.source_name)

    def _choose_files(self) -> None:
        files = file_dialogs.open_files(self, "Importar archivo", IMPORT_FILTER,
                                        key=LAST_FOLDER_KEY)
        if files:
            self.import_paths([Path(f) for f in files])

    def _choose_folder(self) -> None:
        folder = file_dialogs.existing_folder(self, "Importar carpeta", key=LAST_FOLDER_KEY)
        if folder:
            self.import_paths([Path(folder)])

    # -- other menu entries -------------------------------------------------------------------
    def open_review(self) -> ReviewDashboard:
        """The corpus review dashboard, in its own tab (opened once, then refreshed)."""
        dashboard = getattr(self, "review_dashboard", None)
        try:
            closed = dashboard is None or self.tabs.indexOf(dashboard) < 0
        except RuntimeError:  # its tab was closed and the widget deleted
            closed = True
        if closed:
            dashboard = self.review_dashboard = ReviewDashboard(self.runner)
            dashboard.sig_open_project.connect(self.projects.open_project)
            self.tabs.addTab(dashboard, "Revisión del corpus")
        self.tabs.setCurrentWidget(dashboard)
        dashboard.load()
        return dashboard

    def export_current(self):
        """Texto vigente or publication package of the regulation shown (version shown)."""
        return open_regulation_export(self, self.runner, self.viewer,
                                      selected=self.browser.selected_uri())

    def _open_settings(self) -> None:
        SettingsDialog(self.settings, self,
                       profile_picker=self.workflow.profile_picker()).exec()

    def _show_about(self) -> None:
        QMessageBox.about(self, "Acerca de Reglamentos", ABOUT_HTML.format(
            version=__version__, database=escape(describe_db(self.db_url))))

    def show_guide(self) -> HelpDialog:
        """Ayuda › Guía de usuario (F1): the user guide, inside the program, offline."""
        self.help_dialog = show_help(self, self.help_dialog)
        return self.help_dialog

    def show_shortcuts(self) -> ShortcutsDialog:
        """Ayuda › Atajos de teclado: every shortcut of the menus, read from the actions."""
        dialog = ShortcutsDialog(shortcut_rows(self.menuBar()), self)
        self.shortcuts_dialog = dialog
        dialog.open()
        return dialog

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        # Open drafts are saved first; the window closes again once they are.
        if not self.projects.prepare_close(self.close):
            event.ignore()
            return
        window_state.save_window(self, self.splitters)
        super().closeEvent(event)
