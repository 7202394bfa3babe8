"""One path from an exception to the user: ``show_error`` and the GUI excepthook.

Expected errors (``ReglamentosError``) already carry a Spanish ``user_message``; they are shown
plainly in a warning box titled "Reglamentos". An ``OSError`` that reached the GUI unwrapped
(a full disk, a folder without permission) is not a bug either: it is shown the same way, in
Spanish, by ``domain.errors.os_error_message`` (the system's own text is English). Anything else is a bug: the user gets a generic
Spanish message and a non-blocking dialog whose "Mostrar detalles" reveals the traceback (to
copy into a report), and the traceback is also logged. A user cancellation (``Cancelled``) is
never an error and shows nothing. ``install_excepthook`` routes uncaught exceptions raised on
the GUI thread (e.g. inside a slot) to ``show_error``; other threads only log, because Qt
widgets must never be touched outside the GUI thread.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, QThread
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QMessageBox, QPlainTextEdit,
    QPushButton, QStyle, QVBoxLayout, QWidget,
)

from ..domain.errors import Cancelled, ReglamentosError, os_error_message

log = logging.getLogger(__name__)

TITLE = "Reglamentos"
GENERIC_MESSAGE = ("Ocurrió un error inesperado en Reglamentos. Sus datos guardados no se "
                   "perdieron, pero la última operación pudo no completarse.\n\n"
                   "Si el problema se repite, copie los detalles y envíelos al área de "
                   "sistemas.")


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Show ``exc`` to the user (see the module docstring for the three cases)."""
    if isinstance(exc, Cancelled):
        return
    if isinstance(exc, ReglamentosError):
        QMessageBox.warning(parent, TITLE, exc.user_message)
        return
    if isinstance(exc, OSError):  # a disk, permission or network problem, not a bug
        log.warning("Error del sistema: %r", exc)
        QMessageBox.warning(parent, TITLE, os_error_message(exc))
        return
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    log.error("Error inesperado:\n%s", details)
    dialog = ErrorDialog(parent, GENERIC_MESSAGE, details)
    # open(), not exec(): a bug report must not block the event loop (or a test run).
    dialog.open()


class ErrorDialog(QDialog):
    """Generic message plus a hidden traceback behind "Mostrar detalles"."""

    def __init__(self, parent: QWidget | None, message: str, details: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setModal(True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
                       .pixmap(48, 48))
        self.message_label = QLabel(message)
        self.message_label.setWordWrap(True)
        self.details_edit = QPlainTextEdit(details)
        self.details_edit.setReadOnly(True)
        self.details_edit.setVisible(False)
        self.details_button = QPushButton("Mostrar detalles")
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self._toggle_details)
        copy_button = QPushButton("Copiar detalles")
        copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(details))
        buttons = QDialogButtonBox()
        close_button = buttons.addButton("Cerrar", QDialogButtonBox.ButtonRole.AcceptRole)
        close_button.setDefault(True)
        buttons.addButton(self.details_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)

        top = QHBoxLayout()
        top.addWidget(icon, 0)
        top.addWidget(self.message_label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details_edit)
        layout.addWidget(buttons)
        self.resize(520, 200)

    def _toggle_details(self, shown: bool) -> None:
        self.details_edit.setVisible(shown)
        self.details_button.setText("Ocultar detalles" if shown else "Mostrar detalles")
        self.resize(self.width(), 420 if shown else 200)


ExceptHook = Callable[..., None]


def install_excepthook() -> ExceptHook:
    """Show uncaught GUI-thread exceptions with ``show_error``; return the previous hook."""
    previous = sys.excepthook

    def hook(exc_type, exc, tb) -> None:
        if exc is None or isinstance(exc, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        if not _on_gui_thread():
            previous(exc_type, exc, tb)
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        show_error(QApplication.activeWindow(), exc)

    sys.excepthook = hook
    return previous


def _on_gui_thread() -> bool:
    app = QCoreApplication.instance()
    return app is not None and QThread.currentThread() == app.thread()
