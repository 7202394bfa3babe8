"""Composition root of the desktop program: settings, database, services, runner, window.

``main`` creates the QApplication (Spanish locale and Qt's Spanish translations, so standard
buttons read "Aceptar"/"Cancelar"), opens the database given by ``--db`` or the settings
(offering the settings dialog when it cannot be opened), shows the main window and, on the
first run with an empty database, imports the bundled sample corpus in the background.
``--screenshot PATH`` waits for that import, shows the first regulation, saves the window
image to PATH and exits; it is how docs/screenshot.png is produced. This is the only module
that knows every layer; nothing imports it.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from . import __version__
from .config import Settings
from .domain.errors import ReglamentosError
from .services import Services, open_services
from .ui.errors import GENERIC_MESSAGE, TITLE, ErrorDialog, install_excepthook
from .ui.first_run import import_sample_corpus
from .ui.main_window import MainWindow
from .ui.ops import OpRunner
from .ui.settings_dialog import SettingsDialog
from .ui.window_state import APPLICATION, ORGANIZATION

log = logging.getLogger(__name__)
SCREENSHOT_TIMEOUT_MS = 120_000


def parse_args(argv: Sequence[str] | None) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(prog="reglamentos-gui",
                                     description="Reglamentos: interfaz gráfica.")
    parser.add_argument("--db", metavar="URL",
                        help="base de datos a usar en esta sesión (sqlite:///… o postgresql://…)")
    parser.add_argument("--screenshot", metavar="RUTA", type=Path,
                        help="guardar una captura de la ventana en RUTA y salir")
    # Unknown options (e.g. Qt's -platform) are passed on to Qt.
    return parser.parse_known_args(list(sys.argv[1:] if argv is None else argv))


def run() -> None:
    """Program entry point: ``main`` then leave without PySide6's fragile interpreter teardown.

    Everything that matters (drafts, database, window layout) is saved and closed inside
    ``main``; PySide6 can still crash while destroying leftover wrappers at interpreter exit
    (PYSIDE-2254), which on Windows shows a crash dialog after a clean close.
    """
    rc = main()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(rc)


def main(argv: Sequence[str] | None = None) -> int:
    args, qt_args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    _configure(app)
    install_excepthook()
    settings = Settings.load()
    opened = _open_database(args.db or settings.effective_db_url, settings)
    if opened is None:
        return 1
    services, url = opened
    runner = OpRunner(services)
    window = MainWindow(runner, settings, url)
    window.show()
    shot: dict[str, int] = {}
    if args.screenshot:
        shot["rc"] = 1
        QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, app.quit)  # never hang a scripted run
    after = (lambda: _take_screenshot(window, args.screenshot, shot)) if args.screenshot \
        else None
    # The first-run check waits for the first listing, so the browser is filled either way.
    window.refresh(on_done=lambda: import_sample_corpus(window, settings, on_done=after))
    try:
        rc = app.exec()
    finally:
        runner.shutdown()
        services.close()
    return shot.get("rc", rc)


def _configure(app: QApplication) -> None:
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationVersion(__version__)
    QLocale.setDefault(QLocale(QLocale.Language.Spanish, QLocale.Country.Mexico))
    translator = QTranslator(app)  # parented to the app so it lives as long as it
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.Spanish), "qtbase", "_", path):
        app.installTranslator(translator)


def _open_database(url: str, settings: Settings) -> tuple[Services, str] | None:
    """Open the services; on failure offer the settings dialog until it works or the user quits."""
    while True:
        try:
            return open_services(url), url
        except ReglamentosError as exc:
            if not _offer_settings(exc, settings):
                return None
            url = settings.effective_db_url
        except Exception:  # noqa: BLE001 - a bug at start-up: tell the user, do not crash silently
            log.exception("No se pudo abrir la base de datos")
            ErrorDialog(None, GENERIC_MESSAGE, traceback.format_exc()).exec()
            return None


def _offer_settings(exc: ReglamentosError, settings: Settings) -> bool:
    box = QMessageBox(QMessageBox.Icon.Warning, TITLE,
                      f"{exc.user_message}\n\nPuede elegir otra base de datos o salir.")
    configure = box.addButton("Configurar…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Salir", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not configure:
        return False
    dialog = SettingsDialog(settings, None, applies_on_restart=False)
    return dialog.exec() == QDialog.DialogCode.Accepted


def _take_screenshot(window: MainWindow, path: Path, shot: dict[str, int]) -> None:
    """Show the first regulation, then save the window image and quit."""
    def grab() -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        ok = window.grab().save(str(path))
        shot["rc"] = 0 if ok else 1
        if not ok:
            print(f"No se pudo guardar la captura en {path}", file=sys.stderr)
        window.close()  # through closeEvent, so the layout is saved as on a normal exit
        QApplication.quit()

    def loaded(_uri: str) -> None:
        QTimer.singleShot(500, grab)  # let the text browser lay itself out

    window.viewer.sig_loaded.connect(loaded)
    if not window.select_first_regulation():
        QTimer.singleShot(500, grab)
