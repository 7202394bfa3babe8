"""The search panel: searches as the user types, in the background, and lists the hits.

Typing restarts a 250 ms timer; when it fires, the query (plus the chosen filters, date and
scope) runs through an ``Op`` on the worker thread. Every request carries a sequence number and
only the newest answer is shown, so a slow search never overwrites a newer one. The first
search prepares the index with a delayed progress dialog (it may need building). Results are
grouped by regulation with counts; choosing a hit emits ``sig_open_hit(uri, eid, words, when)``
(``when``: the date filter, so the viewer shows the version in force then) or, for a hit in a
reform project's draft ("Buscar también en proyectos de reforma"), ``sig_open_draft``; its
highlighted fragment shows below the list. Saved searches live in the user's configuration
folder (``SearchService.saved_searches``).
"""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QMenu,
    QPushButton, QTextBrowser, QTextEdit, QToolButton, QTreeWidget, QTreeWidgetItem,
    QVBoxLayout, QWidget,
)

from ...domain import plural
from ...services import SavedSearch, SearchHit, SearchResults
from ..ops import Op, OpRunner

DEBOUNCE_MS = 250
MARK_COLOR = "#fff176"
PAGE_SIZE = 20
HIT_ROLE = Qt.ItemDataRole.UserRole
KIND_FILTERS = [("Todos los tipos", ""), ("Reglamentos", "reglamento"), ("Bandos", "bando"),
                ("Acuerdos de creación", "acuerdo"), ("Lineamientos", "lineamientos"),
                ("Manuales", "manual"), ("Códigos", "codigo")]
STATUS_FILTERS = [("Vigentes y derogados", ""), ("Solo vigentes", "vigente"),
                  ("Solo derogados", "derogado"), ("Reglamentos abrogados", "abrogado")]
HELP = ('Palabras, "frases exactas", y / o / no, sancion* (prefijo), licensia~ (parecidas), '
        "reglamento:transito, tipo:bando, estado:vigente, art:15, o una cita: "
        "«artículo 15 del reglamento de panteones».")


class SearchPanel(QWidget):
    """Search box, filters, results and saved searches (see the module docstring)."""

    sig_open_hit = Signal(str, str, list, object)   # uri, eid, words, date filter or None
    sig_open_draft = Signal(int, str, str)          # project id, regulation uri, pid

    def __init__(self, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._seq = 0
        self._jump_seq = -1   # the search whose citation Enter asked to open
        self._jump_requested = False
        self._page = 1
        self._ready = False
        self._preparing = False
        self.current_uri: str | None = None   # the regulation on screen, for "este reglamento"
        self.results: SearchResults | None = None
        self._build()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)

    # -- construction -------------------------------------------------------------------------
    def _build(self) -> None:
        self.query_edit = QLineEdit()
        self.query_edit.setPlaceholderText("Buscar en los reglamentos…")
        self.query_edit.setClearButtonEnabled(True)
        self.query_edit.setToolTip(HELP)
        self.query_edit.textChanged.connect(self._schedule)
        self.query_edit.returnPressed.connect(self._on_enter)

        self.kind_combo = QComboBox()
        for label, value in KIND_FILTERS:
            self.kind_combo.addItem(label, value)
        self.status_combo = QComboBox()
        for label, value in STATUS_FILTERS:
            self.status_combo.addItem(label, value)
        self.scope_check = QCheckBox("Solo en el reglamento abierto")
        self.drafts_check = QCheckBox("Buscar también en proyectos de reforma")
        self.drafts_check.setToolTip("Incluye los borradores de los proyectos de reforma "
                                     "abiertos, marcados como borrador.")
        # One checkable menu entry per optional equivalence group of the legal area's file
        # ("Salario mínimo ↔ UMA"), filled when the index is prepared (``_fill_equivalences``).
        # A menu behind one compact button, not a row of check boxes: the group names are long
        # and a row of them does not fit the side panel at 1280×720.
        self.equivalence_checks: dict[str, QAction] = {}
        self.equivalences_menu = QMenu(self)
        self.equivalences_button = QToolButton()
        self.equivalences_button.setMenu(self.equivalences_menu)
        self.equivalences_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.equivalences_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.equivalences_button.setVisible(False)
        self._update_equivalences_button()
        self.date_check = QCheckBox("Vigentes el")
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setEnabled(False)
        self.date_check.toggled.connect(self.date_edit.setEnabled)
        for signal in (self.kind_combo.currentIndexChanged, self.status_combo.currentIndexChanged,
                       self.scope_check.toggled, self.drafts_check.toggled,
                       self.date_check.toggled,
                       self.date_edit.dateChanged):
            signal.connect(self._schedule)

        self.saved_combo = QComboBox()
        self.saved_combo.setToolTip("Búsquedas guardadas")
        self.saved_combo.activated.connect(self._apply_saved)
        self.save_button = QPushButton("Guardar…")
        self.save_button.clicked.connect(self._save_current)
        self.delete_button = QPushButton("Eliminar")
        self.delete_button.clicked.connect(self._delete_saved)

        self.status_label = QLabel("Escriba para buscar.")
        self.status_label.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Disposición", "Fragmento"])
        self.tree.setColumnWidth(0, 220)
        self.tree.setUniformRowHeights(True)
        self.tree.currentItemChanged.connect(self._on_current)
        self.tree.itemActivated.connect(self._on_activated)
        self.preview = QTextBrowser()
        self.preview.setMaximumHeight(140)
        self.prev_button = QPushButton("‹ Anterior")
        self.next_button = QPushButton("Siguiente ›")
        self.page_label = QLabel()
        self.prev_button.clicked.connect(lambda: self._go_page(-1))
        self.next_button.clicked.connect(lambda: self._go_page(1))

        filters = QHBoxLayout()
        filters.addWidget(self.kind_combo)
        filters.addWidget(self.status_combo)
        dates = QHBoxLayout()
        dates.addWidget(self.date_check)
        dates.addWidget(self.date_edit)
        dates.addWidget(self.scope_check, 1)
        scopes = QHBoxLayout()
        scopes.addWidget(self.drafts_check, 1)
        equivalences = QHBoxLayout()
        equivalences.addWidget(self.equivalences_button)
        equivalences.addStretch(1)
        saved = QHBoxLayout()
        saved.addWidget(self.saved_combo, 1)
        saved.addWidget(self.save_button)
        saved.addWidget(self.delete_button)
        paging = QHBoxLayout()
        paging.addWidget(self.prev_button)
        paging.addWidget(self.page_label, 1, Qt.AlignmentFlag.AlignCenter)
        paging.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query_edit)
        layout.addLayout(filters)
        layout.addLayout(dates)
        layout.addLayout(scopes)
        layout.addLayout(equivalences)
        layout.addLayout(saved)
        layout.addWidget(self.status_label)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.preview)
        layout.addLayout(paging)
        self._update_paging()

    # -- searching ----------------------------------------------------------------------------
    def focus_search(self, *, this_regulation: bool = False) -> None:
        """Ctrl+F (this regulation) / Ctrl+Shift+F (the whole corpus)."""
        self.scope_check.setChecked(this_regulation and self.current_uri is not None)
        self.query_edit.setFocus()
        self.query_edit.selectAll()
        self.prepare()

    def prepare(self) -> None:
        """Open the index (building it with progress if needed) and load saved searches."""
        if self._ready or self._preparing:
            return
        self._preparing = True

        def done(_result) -> None:
            self._preparing = False
            self._ready = True
            if self.query_edit.text().strip():
                self.search_now()

        def failed(exc: BaseException) -> None:
            self._preparing = False
            self.status_label.setText(f"No se pudo preparar el índice de búsqueda: {exc}")

        Op(self._runner, parent=self,
           op=lambda svc, report, cancel: svc.search.ensure_ready(report, cancel),
           success=done).failure(failed).with_progress(
            "Preparando el índice de búsqueda…").run_in_background()
        self.refresh_saved()
        Op(self._runner, parent=self, op=lambda svc: svc.search.equivalences().optional,
           success=self._fill_equivalences).run_in_background()

    def _fill_equivalences(self, groups) -> None:
        """A checkable menu entry per optional equivalence group (kept ticked across refills)."""
        ticked = set(self.chosen_equivalences())
        self.equivalences_menu.clear()
        self.equivalences_menu.setToolTipsVisible(True)
        self.equivalence_checks = {}
        for group in groups:
            action = self.equivalences_menu.addAction(group.name)
            action.setCheckable(True)
            action.setToolTip("Busca también: " + ", ".join(group.forms))
            action.setChecked(group.id in ticked)
            action.toggled.connect(self._schedule)
            action.toggled.connect(self._update_equivalences_button)
            self.equivalence_checks[group.id] = action
        self.equivalences_button.setVisible(bool(groups))
        self._update_equivalences_button()

    def _update_equivalences_button(self, *_args) -> None:
        """The button says how many equivalences are on; its tooltip names them."""
        names = [a.text() for a in self.equivalence_checks.values() if a.isChecked()]
        count = plural.count(len(names), "activa") if names else "ninguna"
        self.equivalences_button.setText(f"Incluir equivalencias ({count})")
        self.equivalences_button.setToolTip(
            "Equivalencias incluidas en la búsqueda: " + "; ".join(names) if names else
            "Elija qué equivalencias (p. ej. «salario mínimo ↔ UMA») busca también.")

    def chosen_equivalences(self) -> list[str]:
        return [gid for gid, box in self.equivalence_checks.items() if box.isChecked()]

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt override)
        # A search typed just before the panel (or the window) closed has nobody to show it to.
        self._timer.stop()
        super().hideEvent(event)

    def _schedule(self, *_args) -> None:
        self._page = 1
        self._jump_requested = False
        self._timer.start()

    def query_text(self) -> str:
        """The typed query plus the filters chosen in the combos."""
        parts = [self.query_edit.text().strip()]
        if kind := self.kind_combo.currentData():
            parts.append(f"tipo:{kind}")
        if status := self.status_combo.currentData():
            parts.append(f"estado:{status}")
        return " ".join(p for p in parts if p)

    def when(self) -> date | None:
        return self.date_edit.date().toPython() if self.date_check.isChecked() else None

    def search_now(self) -> None:
        self._timer.stop()
        text = self.query_text()
        if not text:
            self._seq += 1
            self._show(SearchResults(query="", when=None), self._seq)
            return
        if not self._ready:
            self.prepare()
            if not self._ready:
                return  # prepare() searches when it is done
        self._seq += 1
        seq, when, page = self._seq, self.when(), self._page
        if self._jump_requested:  # this search answers the Enter (maybe after preparing)
            self._jump_requested, self._jump_seq = False, seq
        drafts = self.drafts_check.isChecked()
        chosen = self.chosen_equivalences()
        uris = [self.current_uri] if self.scope_check.isChecked() and self.current_uri else None
        self.status_label.setText("Buscando…")
        Op(self._runner, parent=self,
           op=lambda svc: svc.search.search(text, when, page=page, pagelen=PAGE_SIZE,
                                            regulation_uris=uris, drafts=drafts,
                                            equivalences=chosen),
           success=lambda results: self._show(results, seq)).run_in_background()

    def _on_enter(self) -> None:
        """Enter searches now and, if the query is a citation that is found, opens it."""
        self._jump_requested = True
        self.search_now()

    def _go_page(self, step: int) -> None:
        if self.results is None:
            return
        self._page = max(1, min(self.results.pages, self._page + step))
        self.search_now()

    # -- results ------------------------------------------------------------------------------
    def _show(self, results: SearchResults, seq: int) -> None:
        if seq != self._seq:
            return  # a newer search is on its way
        self.results = results
        self.tree.clear()
        self.preview.clear()
        if results.jump is not None:
            item = QTreeWidgetItem([f"Ir a: {results.jump.label}", results.jump.regulation_title])
            item.setData(0, HIT_ROLE, results.jump)
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            self.tree.addTopLevelItem(item)
        groups: dict[str, QTreeWidgetItem] = {}
        counts = {(g.uri, g.project_id): g for g in results.groups}
        for hit in results.hits:
            key = (draft_key(hit), hit.project_id)
            group = groups.get(key)
            if group is None:
                info = counts.get(key)
                title = info.title if info is not None else hit.regulation_title
                group = QTreeWidgetItem([f"{title} ({info.count if info else 0})", ""])
                group.setToolTip(0, f"{hit.kind_label} · {hit.uri}")
                group.setFirstColumnSpanned(True)
                if hit.is_draft:
                    font = group.font(0)
                    font.setItalic(True)
                    group.setFont(0, font)
                groups[key] = group
                self.tree.addTopLevelItem(group)
            label = f"{hit.label}. {hit.heading}" if hit.heading else hit.label
            if hit.is_draft:
                label += f" (borrador de «{hit.project_title}»)"
            elif hit.status_label != "vigente":
                label += f" ({hit.status_label})"
            item = QTreeWidgetItem([label, hit.snippet])
            item.setData(0, HIT_ROLE, hit)
            item.setToolTip(0, hit.breadcrumb)
            item.setToolTip(1, f"<p>{qt_marks(hit.snippet_html)}</p>")
            group.addChild(item)
            group.setExpanded(True)
        self.status_label.setText(self._summary(results))
        self._update_paging()
        if results.jump is not None and seq == self._jump_seq:
            # Enter on "artículo 23 bis del reglamento de panteones": go there.
            self._jump_seq = -1
            jump_item = self.tree.topLevelItem(0)
            self.tree.setCurrentItem(jump_item)
            self.open_item(jump_item)

    @staticmethod
    def _summary(results: SearchResults) -> str:
        parts = list(results.notices)
        if not results.query:
            return "Escriba para buscar."
        if results.total == 0:
            parts.append("No se encontró ninguna disposición." if results.jump is None
                         else "Se encontró la disposición citada.")
        else:
            when = f" vigentes el {results.when.strftime('%d/%m/%Y')}" if results.when else ""
            n = len(results.groups)
            parts.append(f"{plural.count(results.total, 'disposición')}{when} en "
                         f"{plural.count(n, 'instrumento')}.")
        return " ".join(parts)

    def _update_paging(self) -> None:
        pages = self.results.pages if self.results else 0
        self.page_label.setText(f"Página {self._page} de {pages}" if pages > 1 else "")
        self.prev_button.setEnabled(pages > 1 and self._page > 1)
        self.next_button.setEnabled(pages > 1 and self._page < pages)

    def hit_items(self) -> list[QTreeWidgetItem]:
        items = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top.data(0, HIT_ROLE) is not None:
                items.append(top)
            items.extend(top.child(j) for j in range(top.childCount()))
        return items

    def _on_current(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        hit: SearchHit | None = item.data(0, HIT_ROLE) if item is not None else None
        if hit is None:
            self.preview.clear()
            return
        heading = f" {escape(hit.heading)}" if hit.heading else ""
        self.preview.setHtml(f"<p><b>{escape(hit.regulation_title)} — {escape(hit.label)}."
                             f"{heading}</b><br><small>{escape(hit.breadcrumb)}</small></p>"
                             f"<p>{qt_marks(hit.snippet_html)}</p>")

    def _on_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self.open_item(item)

    def open_item(self, item: QTreeWidgetItem) -> None:
        hit: SearchHit | None = item.data(0, HIT_ROLE)
        if hit is None:
            return
        if hit.is_draft:
            self.sig_open_draft.emit(hit.project_id, hit.uri, hit.pid)
            return
        # With a date filter, the version in force on that date (not the newest).
        when = self.results.when if self.results is not None else None
        self.sig_open_hit.emit(hit.uri, hit.eid, list(hit.words), when)

    # -- saved searches -----------------------------------------------------------------------
    def refresh_saved(self) -> None:
        Op(self._runner, parent=self, op=lambda svc: svc.search.saved_searches(),
           success=self._fill_saved).run_in_background()

    def _fill_saved(self, items: list[SavedSearch]) -> None:
        self.saved_combo.clear()
        self.saved_combo.addItem("Búsquedas guardadas…", None)
        for item in items:
            self.saved_combo.addItem(item.name, item)
        self.delete_button.setEnabled(bool(items))

    def _apply_saved(self, index: int) -> None:
        saved: SavedSearch | None = self.saved_combo.itemData(index)
        if saved is None:
            return
        self.kind_combo.setCurrentIndex(0)
        self.status_combo.setCurrentIndex(0)
        self.date_check.setChecked(bool(saved.when))
        self.drafts_check.setChecked(saved.drafts)
        for gid, box in self.equivalence_checks.items():
            box.setChecked(gid in saved.equivalences)
        if saved.when:
            self.date_edit.setDate(QDate.fromString(saved.when, "yyyy-MM-dd"))
        self.query_edit.setText(saved.query)
        self.search_now()

    def _save_current(self) -> None:
        query = self.query_text()
        if not query:
            self.status_label.setText("Escriba una búsqueda antes de guardarla.")
            return
        name, ok = QInputDialog.getText(self, "Guardar búsqueda", "Nombre de la búsqueda:",
                                        text=self.query_edit.text().strip()[:60])
        if ok and name.strip():
            self.save_search(name.strip())

    def save_search(self, name: str) -> None:
        when = self.when()
        saved = SavedSearch(name, self.query_text(), when.isoformat() if when else "",
                            self.drafts_check.isChecked(), self.chosen_equivalences())
        Op(self._runner, parent=self, op=lambda svc: svc.search.save_search(saved),
           success=self._fill_saved).run_in_background()

    def _delete_saved(self) -> None:
        saved: SavedSearch | None = self.saved_combo.currentData()
        if saved is not None:
            Op(self._runner, parent=self,
               op=lambda svc: svc.search.delete_saved_search(saved.name),
               success=self._fill_saved).run_in_background()


def draft_key(hit: SearchHit) -> str:
    """The group of a hit as ``SearchResults.groups`` names it."""
    return f"{hit.uri}@proyecto-{hit.project_id}" if hit.is_draft else hit.uri


def select_in_structure(tree: QTreeWidget, eid: str) -> bool:
    """Select and show the provision ``eid`` in a regulation's structure tree (the opened hit).

    The tree's signals are blocked: selecting is showing where the hit is, not a new request
    to scroll the text.
    """
    item = tree.item_for(eid) if hasattr(tree, "item_for") else None
    if item is None:
        return False
    blocked = tree.blockSignals(True)
    try:
        parent = item.parent()
        while parent is not None:
            parent.setExpanded(True)
            parent = parent.parent()
        tree.setCurrentItem(item)
        tree.scrollToItem(item)
    finally:
        tree.blockSignals(blocked)
    return True


def qt_marks(html: str) -> str:
    """Qt's rich text ignores <mark>: paint the matched words with a background instead."""
    return (html.replace("<mark>", f'<span style="background-color:{MARK_COLOR}">')
            .replace("</mark>", "</span>"))


def highlight_words(browser: QTextEdit, words: list[str]) -> int:
    """Mark every whole-word occurrence of ``words`` in a text view; returns how many."""
    selections = []
    fmt = QTextCharFormat()
    fmt.setBackground(QColor(MARK_COLOR))
    document = browser.document()
    flags = QTextDocument.FindFlag.FindWholeWords
    for word in {w.lower() for w in words if w}:
        cursor = document.find(word, 0, flags)
        while not cursor.isNull() and len(selections) < 2000:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format = fmt
            selections.append(selection)
            cursor = document.find(word, cursor, flags)
    browser.setExtraSelections(selections)
    return len(selections)
