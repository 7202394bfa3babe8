"""The confirmation every export ends with: what was written, where, "Abrir", "Mostrar en la
carpeta".

A status-bar line or a label inside a dialog that closes is never seen, so each export (texto
vigente, cuadro, decreto, iniciativa, paquete, redline, reportes de revisión, respaldo) calls
``confirm_saved`` once the file exists. The box is opened with ``open()`` — not ``exec()`` —
so the program's background work keeps running and tests can read it from
``parent.saved_notice``. "Mostrar en la carpeta" selects the file in Windows Explorer and
macOS Finder; elsewhere it opens the folder (freedesktop file managers have no portable
"select" request).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget


def open_path(path: Path) -> bool:
    """Open a file (or folder) with the program the system associates with it."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def show_in_folder(path: Path) -> bool:
    """Show ``path`` in the system's file manager, selected where the platform allows."""
    try:
        if sys.platform == "win32":
            subprocess.Popen(["explorer", f"/select,{path}"])  # noqa: S603,S607 - fixed program
            return True
        if sys.platform == "darwin":
            subprocess.Popen(["open", "-R", str(path)])  # noqa: S603,S607 - fixed program
            return True
    except OSError:
        pass  # no file manager to start: fall back to opening the folder
    folder = path if path.is_dir() else path.parent
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def confirm_saved(parent: QWidget, path: Path | str, what: str, detail: str = "") -> QMessageBox:
    """Tell the user ``what`` was saved at ``path`` and offer to open it or its folder.

    ``what`` is a sentence subject such as "El cuadro comparativo"; ``detail`` an optional
    second paragraph (e.g. "12 revisiones").
    """
    path = Path(path)
    box = QMessageBox(QMessageBox.Icon.Information, "Exportación terminada",
                      f"{what} se guardó en:\n{path}", parent=parent)
    if detail:
        box.setInformativeText(detail)
    open_button = box.addButton("Abrir", QMessageBox.ButtonRole.ActionRole)
    folder_button = box.addButton("Mostrar en la carpeta", QMessageBox.ButtonRole.ActionRole)
    box.addButton("Cerrar", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(open_button)
    open_button.clicked.connect(lambda: open_path(path))
    folder_button.clicked.connect(lambda: show_in_folder(path))
    parent.saved_notice = box  # the last confirmation shown (tests and screenshots read it)
    box.open()
    return box
