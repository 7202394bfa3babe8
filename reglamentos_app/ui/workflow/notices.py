"""Notices inside the application: a status-bar button listing what awaits the current user.

The button reads "Avisos (N)" with N the notices that are new since the user last looked
(``ProfileState.last_seen``, kept in the settings): projects that reached a stage where the
user's role must act, projects stalled there, and observations or replies by others on the
projects the user is involved in (``WorkflowService.notices``). Its menu lists them, newest
first; choosing one emits ``sig_open(project_id)``, and opening the menu marks them as seen.
A ``QTimer`` refreshes the list every ``REFRESH_MS`` (another office may have acted on a
shared database) and the area refreshes it after each act.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from ...domain import plural
from ...services import Notice
from ..ops import Op, OpRunner
from .profile import ProfileState

REFRESH_MS = 60_000
KIND_MARKS = {"turn": "▶", "stale": "⏳", "observation": "✎"}
NEW_STYLE = "QToolButton { background:#c62828; color:white; border-radius:6px; padding:1px 6px; }"
MENU_LIMIT = 30


class NoticesButton(QToolButton):
    """The badge and its menu (see the module docstring)."""

    sig_open = Signal(int)

    def __init__(self, runner: OpRunner, state: ProfileState,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.state = state
        self.notices: list[Notice] = []
        self._loading = False
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu_ = QMenu(self)
        self.setMenu(self.menu_)
        self._recount_on_hide = False
        self.menu_.aboutToShow.connect(self._on_menu_shown)
        self.menu_.aboutToHide.connect(self._on_menu_hidden)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        state.sig_changed.connect(self.refresh)
        self._show()

    @property
    def new_count(self) -> int:
        return sum(1 for n in self.notices if n.new)

    def refresh(self) -> None:
        user, since = self.state.profile, self.state.last_seen
        if user is None:
            self.notices = []
            self._show()
            return
        if self._loading or getattr(self._runner, "_closed", False):   # one refresh at a time; none after closing
            return
        self._loading = True

        def done(notices: list[Notice]) -> None:
            self._loading = False
            self.notices = notices
            self._show()

        def failed(_exc: BaseException) -> None:   # a periodic check never pops up errors
            self._loading = False

        Op(self._runner, parent=self, op=lambda svc: svc.workflow.notices(user, since),
           success=done).failure(failed).run_in_background()

    def _show(self) -> None:
        new, total = self.new_count, len(self.notices)
        if self.state.profile is None:
            self.setText("Avisos")
            self.setToolTip("Elija su perfil de usuario (Trámite › Mi perfil…) para recibir "
                            "avisos.")
        else:
            self.setText(f"Avisos ({new})" if new else "Avisos")
            self.setToolTip(f"{plural.count(new, 'aviso nuevo')}, "
                            f"{plural.count(total, 'pendiente')}" if total
                            else "Nada pendiente para su perfil")
        self.setStyleSheet(NEW_STYLE if new else "")
        self.menu_.clear()
        if not self.notices:
            empty = self.menu_.addAction("Nada pendiente")
            empty.setEnabled(False)
            return
        for notice in self.notices[:MENU_LIMIT]:
            self.menu_.addAction(self._action(notice))
        if total > MENU_LIMIT:
            more = self.menu_.addAction(f"… y {total - MENU_LIMIT} más en el tablero")
            more.setEnabled(False)

    def _action(self, notice: Notice) -> QAction:
        mark = KIND_MARKS.get(notice.kind, "•")
        prefix = "Nuevo · " if notice.new else ""
        action = QAction(f"{mark} {prefix}{notice.title}: {notice.message}", self.menu_)
        action.triggered.connect(lambda _c=False, pid=notice.project_id: self.sig_open.emit(pid))
        return action

    def entries(self) -> list[str]:
        return [a.text() for a in self.menu_.actions()]

    def _on_menu_shown(self) -> None:
        # What was listed is now seen; the badge is recounted once the menu closes (rebuilding
        # a menu while it is open would pull the entries from under the pointer).
        if self.state.profile is not None and self.new_count:
            self.state.mark_seen()
            self._recount_on_hide = True

    def _on_menu_hidden(self) -> None:
        if self._recount_on_hide:
            self._recount_on_hide = False
            QTimer.singleShot(0, self.refresh)

    def mark_all_seen(self) -> None:
        self.state.mark_seen()
        self.refresh()
