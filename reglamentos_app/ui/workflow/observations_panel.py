"""Observations beside the diff: the Sindicatura's comments, their threads and their state.

The list shows each observation under the provision it is anchored to (with the quoted
words), its state (abierta, atendida, rechazada), author and date; its replies hang below it.
When the quoted words are gone from the draft it says "El texto cambió desde la observación".
Clicking one emits ``sig_navigate(uri, pid)`` so the editor selects the provision in its tree
and scrolls the diff to it. Below, one text box serves every act: "Observar la disposición
seleccionada" (and, when text is selected in the unit editor, that span), "Responder",
"Atendida", "Rechazada" and "Reabrir"; each button is enabled only when the current profile's
role may do it at this stage: the drafter answers (the reply is appended to the thread), only
the Sindicatura closes or reopens. A refused act leaves the typed text in place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGridLayout, QHeaderView, QLabel, QPlainTextEdit, QPushButton, QTextBrowser, QTreeWidget,
    QTreeWidgetItem, QVBoxLayout, QWidget,
)

from ...domain import plural
from ...domain.observations import ObservationStatus
from ...domain.workflow import Action, UserProfile

# Acts that add to an observation's thread (replying needs any of them).
_THREAD_ACTIONS = (Action.ADD_OBSERVATION, Action.ANSWER_OBSERVATION, Action.REOPEN_OBSERVATION,
                   Action.REPLY_OBSERVATION)
from ...services import ObservationView
from ..errors import show_error
from ..ops import Op, OpRunner
from .labels import local_time

COLUMNS = ["Disposición", "Estado", "Autor", "Observación"]
ID_ROLE = Qt.ItemDataRole.UserRole
STALE_COLOR = QColor("#a15c00")
FRAGMENT_COLOR = "#ffe08a"   # the observed words, here and in the diff
DETAIL_HEIGHT = 110
STATE_COLORS = {ObservationStatus.OPEN: QColor("#7a1c12"),
                ObservationStatus.ADDRESSED: QColor("#1b5e20"),
                ObservationStatus.REJECTED: QColor("#5f5f5f")}


@dataclass(frozen=True, slots=True)
class Anchor:
    """The provision (and optional span of its text) a new observation will point at."""

    uri: str
    pid: str
    label: str
    span: tuple[int, int] | None = None


class ObservationsPanel(QWidget):
    """List, thread and composer (see the module docstring)."""

    sig_navigate = Signal(str, str)   # uri, pid
    sig_changed = Signal()

    def __init__(self, runner: OpRunner, project_id: int, *,
                 user: Callable[[], UserProfile | None],
                 anchor: Callable[[], Anchor | None],
                 label_for: Callable[[str, str], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.project_id = project_id
        self._user = user
        self._anchor = anchor
        self._label_for = label_for
        self.permitted: frozenset[str] = frozenset()
        self.views: list[ObservationView] = []
        self._select_after: int | None = None   # the observation just written, once reloaded
        self.title_label = QLabel("<b>Observaciones</b>")
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setWordWrap(True)
        header = self.tree.header()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        # The whole observation (the list cuts long texts): author and role, date, the quoted
        # fragment and the replies.
        self.detail = QTextBrowser()
        self.detail.setMaximumHeight(DETAIL_HEIGHT)
        # Explicit minimums so the panel fits a 1280×720 screen beside the diff: the list and
        # the detail scroll, they need not show everything at once.
        self.detail.setMinimumHeight(56)   # room for its scroll bar's arrows
        self.tree.setMinimumHeight(56)
        self.detail.setPlaceholderText("Elija una observación para leerla completa.")
        self.role_label: Callable[[str], str] = lambda role: role  # set from the definition
        self.composer = QPlainTextEdit()
        self.composer.setPlaceholderText("Escriba aquí la observación o la respuesta")
        self.composer.setFixedHeight(50)
        self.observe_button = QPushButton("Observar la disposición seleccionada")
        self.reply_button = QPushButton("Responder")
        self.addressed_button = QPushButton("Atendida")
        self.rejected_button = QPushButton("Rechazada")
        self.reopen_button = QPushButton("Reabrir")
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("color: #666;")
        buttons = QGridLayout()
        buttons.addWidget(self.observe_button, 0, 0, 1, 2)
        buttons.addWidget(self.reply_button, 0, 2)
        buttons.addWidget(self.addressed_button, 1, 0)
        buttons.addWidget(self.rejected_button, 1, 1)
        buttons.addWidget(self.reopen_button, 1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title_label)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.composer)
        layout.addLayout(buttons)
        layout.addWidget(self.hint_label)
        self.tree.currentItemChanged.connect(lambda *_a: self._on_current())
        self.tree.itemClicked.connect(lambda item, _c: self._navigate(item))
        self.composer.textChanged.connect(self.update_buttons)
        self.observe_button.clicked.connect(self.observe)
        self.reply_button.clicked.connect(self.reply)
        self.addressed_button.clicked.connect(lambda: self.answer(ObservationStatus.ADDRESSED))
        self.rejected_button.clicked.connect(lambda: self.answer(ObservationStatus.REJECTED))
        self.reopen_button.clicked.connect(lambda: self.answer(ObservationStatus.OPEN))
        self.update_buttons()

    # -- showing ------------------------------------------------------------------------------
    def set_observations(self, views: list[ObservationView], permitted: frozenset[str]) -> None:
        keep = self._select_after or self.current_id()
        self._select_after = None
        self.views, self.permitted = list(views), permitted
        self.tree.clear()
        for view in self.views:
            item = self._item(view)
            self.tree.addTopLevelItem(item)
            if view.observation.id == keep:
                self.tree.setCurrentItem(item)
        open_count = sum(1 for v in self.views if v.observation.is_open)
        self.title_label.setText(f"<b>Observaciones</b> ({plural.count(open_count, 'abierta')} "
                                 f"de {len(self.views)})" if self.views
                                 else "<b>Observaciones</b>")
        self._on_current()

    def redraw(self) -> None:
        """Draw the same observations again (their provisions' labels may now be known)."""
        self.set_observations(self.views, self.permitted)

    def _item(self, view: ObservationView) -> QTreeWidgetItem:
        o = view.observation
        where = self._label_for(o.regulation_uri, o.pid)
        text = o.text + (f"\n⚠ {view.stale}" if view.stale else "")
        item = QTreeWidgetItem([where, o.status.label, o.author, text])
        item.setData(0, ID_ROLE, o.id)
        item.setForeground(1, QBrush(STATE_COLORS[o.status]))
        quoted = f"\nTexto observado: «{o.quoted_text}»" if o.quoted_text else ""
        item.setToolTip(0, f"{where}{quoted}\nRevisión del borrador: {o.draft_revision}")
        item.setToolTip(3, f"{o.author} ({self.role_label(o.role)}), "
                           f"{local_time(o.created_at)}{quoted}")
        if view.stale:
            item.setForeground(3, QBrush(STALE_COLOR))
        for reply in o.replies:
            child = QTreeWidgetItem(["", "", reply.author, reply.text])
            child.setToolTip(3, f"{reply.author} ({self.role_label(reply.role)}), "
                               f"{local_time(reply.created_at)}")
            item.addChild(child)
        item.setExpanded(True)
        return item

    def rows(self) -> list[list[str]]:
        return [[self.tree.topLevelItem(i).text(c) for c in range(len(COLUMNS))]
                for i in range(self.tree.topLevelItemCount())]

    def current_view(self) -> ObservationView | None:
        item = self.tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        observation_id = item.data(0, ID_ROLE) if item is not None else None
        return next((v for v in self.views if v.observation.id == observation_id), None)

    def current_id(self) -> int | None:
        view = self.current_view()
        return view.observation.id if view else None

    def select(self, observation_id: int) -> bool:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, ID_ROLE) == observation_id:
                self.tree.setCurrentItem(item)
                return True
        return False

    def _on_current(self) -> None:
        self.update_buttons()
        self.detail.setHtml(self.detail_html(self.current_view()))

    def detail_html(self, view: ObservationView | None) -> str:
        """The whole observation, for the box under the list."""
        if view is None:
            return ""
        o = view.observation
        where = escape(self._label_for(o.regulation_uri, o.pid))
        parts = [f"<p><b>{where}</b> — {escape(o.status.label)}<br>"
                 f"{escape(o.author)} ({escape(self.role_label(o.role))}), "
                 f"{escape(local_time(o.created_at))}</p>",
                 f"<p>{escape(o.text)}</p>"]
        if o.quoted_text:
            parts.append(f"<p>Texto observado: <span style='background:{FRAGMENT_COLOR}'>"
                         f"«{escape(o.quoted_text)}»</span></p>")
        if view.stale:
            parts.append(f"<p style='color:#a15c00'>⚠ {escape(view.stale)}</p>")
        for reply in o.replies:
            parts.append(f"<p>↳ <b>{escape(reply.author)}</b> "
                         f"({escape(self.role_label(reply.role))}), "
                         f"{escape(local_time(reply.created_at))}: {escape(reply.text)}</p>")
        return "".join(parts)

    def open_counts(self) -> dict[tuple[str, str], int]:
        """(uri, pid) → open observations, for marking the tree."""
        counts: dict[tuple[str, str], int] = {}
        for view in self.views:
            o = view.observation
            if o.is_open:
                counts[(o.regulation_uri, o.pid)] = counts.get((o.regulation_uri, o.pid), 0) + 1
        return counts

    def _navigate(self, item: QTreeWidgetItem) -> None:
        view = self.current_view() if item is not None else None
        if view is not None:
            self.sig_navigate.emit(view.observation.regulation_uri, view.observation.pid)

    def update_buttons(self) -> None:
        has_text = bool(self.composer.toPlainText().strip())
        view = self.current_view()
        is_open = view is not None and view.observation.is_open
        can = self.permitted.__contains__
        self.observe_button.setEnabled(has_text and can(Action.ADD_OBSERVATION.value))
        self.reply_button.setEnabled(has_text and view is not None and any(
            can(a.value) for a in _THREAD_ACTIONS))
        for button in (self.addressed_button, self.rejected_button):
            button.setEnabled(has_text and is_open and can(Action.ANSWER_OBSERVATION.value))
        self.reopen_button.setEnabled(has_text and view is not None and not is_open
                                      and can(Action.REOPEN_OBSERVATION.value))
        self.hint_label.setText(self._hint())

    def _hint(self) -> str:
        if self._user() is None:
            return "Elija su perfil de usuario (Trámite › Mi perfil…) para observar o responder."
        if not self.permitted & {a.value for a in _THREAD_ACTIONS}:
            return "Su perfil no observa ni responde observaciones en esta etapa."
        if Action.ADD_OBSERVATION.value in self.permitted:
            return ("Seleccione una disposición en la estructura (y, si quiere, un fragmento "
                    "de su texto) para observarla.")
        if Action.ANSWER_OBSERVATION.value not in self.permitted:
            return ("Seleccione una observación, escriba su respuesta y pulse «Responder»; la "
                    "Sindicatura la cierra cuando considere atendida la observación.")
        return "Seleccione una observación, escriba la respuesta y elija cómo queda."

    # -- acts ---------------------------------------------------------------------------------
    def observe(self) -> None:
        user, anchor, text = self._user(), self._anchor(), self.composer.toPlainText().strip()
        if user is None or not text:
            return
        if anchor is None:
            self.hint_label.setText("Primero seleccione en la estructura la disposición que "
                                    "quiere observar.")
            return
        pid = self.project_id
        self._run(lambda svc: svc.workflow.observe(pid, anchor.uri, anchor.pid, text, user,
                                                   span=anchor.span))

    def reply(self) -> None:
        view, user, text = self.current_view(), self._user(), self.composer.toPlainText().strip()
        if view is None or user is None or not text:
            return
        pid, oid = self.project_id, view.observation.id
        self._run(lambda svc: svc.workflow.reply(pid, oid, text, user))

    def answer(self, status: ObservationStatus) -> None:
        view, user, text = self.current_view(), self._user(), self.composer.toPlainText().strip()
        if view is None or user is None or not text:
            return
        pid, oid = self.project_id, view.observation.id
        self._run(lambda svc: svc.workflow.answer(pid, oid, status, text, user))

    def _run(self, op: Callable) -> None:
        Op(self._runner, parent=self, op=op, success=self._done).failure(
            lambda exc: show_error(self, exc)).run_in_background()

    def _done(self, observation) -> None:
        self.composer.clear()
        self._select_after = observation.id if observation is not None else None
        self.sig_changed.emit()
