"""File dialogs that start where a lawyer keeps papers: the last folder used, else Documents.

Every "Abrir…"/"Guardar como…" of the program goes through these four functions so they all
behave alike: the platform's native dialog where there is one (Windows, a desktop with a
platform theme) or Qt's own dialog, which reads Spanish because ``app._configure`` loads Qt's
``qtbase_es`` translation; the first folder shown is the one used last (remembered across
sessions in the window settings) or, the first time, the user's Documents folder — never the
program's working directory. A suggested file name is placed in that folder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from . import window_state

LAST_FOLDER_KEY = "dialogos/ultima_carpeta"


def documents_dir() -> Path:
    """The user's Documents folder (their home if the platform names none)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(location) if location else Path.home()
    return folder if folder.is_dir() else Path.home()


def start_folder(key: str = LAST_FOLDER_KEY) -> Path:
    """The last folder used (if it still exists), else Documents."""
    last = window_state.get_value(key)
    if last and Path(last).is_dir():
        return Path(last)
    return documents_dir()


def start_path(suggested: str = "", key: str = LAST_FOLDER_KEY) -> str:
    """Where a dialog opens: ``suggested`` as given when it names a folder, else the file name
    ``suggested`` inside ``start_folder``."""
    if suggested and Path(suggested).parent != Path("."):
        return suggested
    folder = start_folder(key)
    return str(folder / suggested) if suggested else str(folder)


def remember(path: str | Path, key: str = LAST_FOLDER_KEY) -> None:
    """Remember the folder of ``path`` (or ``path`` itself when it is a folder)."""
    path = Path(path)
    window_state.set_value(key, str(path if path.is_dir() else path.parent))


def open_file(parent: QWidget | None, title: str, file_filter: str = "",
              key: str = LAST_FOLDER_KEY) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, start_path("", key), file_filter)
    if path:
        remember(path, key)
    return path


def open_files(parent: QWidget | None, title: str, file_filter: str = "",
               key: str = LAST_FOLDER_KEY) -> list[str]:
    paths, _ = QFileDialog.getOpenFileNames(parent, title, start_path("", key), file_filter)
    if paths:
        remember(paths[0], key)
    return paths


def save_file(parent: QWidget | None, title: str, suggested: str = "", file_filter: str = "",
              key: str = LAST_FOLDER_KEY) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, title, start_path(suggested, key),
                                          file_filter)
    if path:
        remember(path, key)
    return path


def existing_folder(parent: QWidget | None, title: str, key: str = LAST_FOLDER_KEY) -> str:
    folder = QFileDialog.getExistingDirectory(parent, title, start_path("", key))
    if folder:
        remember(folder, key)
    return folder
