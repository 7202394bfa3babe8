"""Remembering window geometry and splitter positions between runs (QSettings).

The store is QSettings for organization "Municipio de Mexicali", application "Reglamentos"
(the registry on Windows). When ``REGLAMENTOS_HOME`` is set (tests, portable installs) an INI
file in that folder is used instead, so such runs never touch the user's real settings.
Restoring tolerates missing or corrupt values: the window just keeps its default layout.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

from ..config import config_dir

ORGANIZATION = "Municipio de Mexicali"
APPLICATION = "Reglamentos"


def app_settings() -> QSettings:
    if os.environ.get("REGLAMENTOS_HOME"):
        return QSettings(str(config_dir() / "ventana.ini"), QSettings.Format.IniFormat)
    return QSettings(ORGANIZATION, APPLICATION)


def save_window(window: QMainWindow, splitters: list[QSplitter]) -> None:
    store = app_settings()
    store.setValue("ventana/geometria", window.saveGeometry())
    store.setValue("ventana/estado", window.saveState())
    for splitter in splitters:
        store.setValue(f"divisores/{splitter.objectName()}", splitter.saveState())
    store.sync()


def restore_window(window: QMainWindow, splitters: list[QSplitter]) -> bool:
    """Restore what ``save_window`` stored; False when there was nothing to restore."""
    store = app_settings()
    geometry = store.value("ventana/geometria")
    if not isinstance(geometry, QByteArray) or not window.restoreGeometry(geometry):
        return False
    state = store.value("ventana/estado")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    for splitter in splitters:
        value = store.value(f"divisores/{splitter.objectName()}")
        if isinstance(value, QByteArray):
            splitter.restoreState(value)
    return True


def get_value(key: str, default: str = "") -> str:
    value = app_settings().value(key, default)
    return value if isinstance(value, str) else default


def set_value(key: str, value: str) -> None:
    store = app_settings()
    store.setValue(key, value)
    store.sync()
