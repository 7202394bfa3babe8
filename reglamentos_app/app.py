"""Composition root of the desktop program: settings, database, services, runner, window.

``main`` creates the QApplication (Spanish locale and Qt's Spanish translations, so standard
buttons read "Aceptar"/"Cancelar"), opens the database given by ``--db`` or the settings
(offering the settings dialog when it cannot be opened), shows the main window and, on the
first run with an empty database, imports the bundled sample corpus in the background.
``--screenshot PATH`` waits for that import, shows the first regulation, saves the window
image to PATH and exits; it is how docs/screenshot.png is produced. ``--self-test`` runs the
program's self-check on the offscreen platform in a throw-away folder (temporary database,
sample import, search, diff, export, main window) and exits 0 or 1: a packaged build runs it to
prove it works. At every start the temporary files a killed run left are swept
(``maintenance.clean_leftovers``). This is the only module that knows every layer; nothing
imports it.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEventLoop, QLibraryInfo, QLocale, QStandardPaths, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from . import __version__
from .config import Settings, config_dir, corpus_dir, data_dir
from .domain.errors import ReglamentosError
from .services import Services, maintenance, open_services
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
    parser.add_argument("--self-test", action="store_true",
                        help="comprobar que el programa funciona (base temporal, sin ventana) y "
                             "salir con 0 si todo funciona")
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
    if args.self_test:
        return self_test(qt_args)
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    _configure(app)
    install_excepthook()
    settings = Settings.load()
    opened = _open_database(args.db or settings.effective_db_url, settings)
    if opened is None:
        return 1
    services, url = opened
    _clean_leftovers(url)
    runner = OpRunner(services)
    window = MainWindow(runner, settings, url)
    window.show()
    shot: dict[str, int] = {}
    if args.screenshot:
        shot["rc"] = 1
        QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, app.quit)  # never hang a scripted run
    after = (lambda: _take_screenshot(window, args.screenshot, shot)) if args.screenshot \
        else None
    probe = os.environ.get("REGLAMENTOS_STARTUP_PROBE")  # bench/bench_startup.py
    # The first-run check waits for the first listing, so the browser is filled either way.
    window.refresh(on_done=lambda: (_startup_probe(window, runner, Path(probe)) if probe else
                                    import_sample_corpus(window, settings, on_done=after)))
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


def _startup_probe(window: MainWindow, runner: OpRunner, out: Path) -> None:
    """Start-up benchmark: the window is usable (shown, corpus listed); note when and the
    memory, then time the first search (it opens the index, lazily) and a regulation's text."""
    import json
    import time

    from .ui.ops import Op

    figures = {"usable_at": time.time(), "regulations": window.browser.count,
               "rss_mb_usable": _rss_mb()}

    def searched(results) -> None:
        figures["first_search_s"] = time.time() - figures["search_started"]
        figures["hits"] = results.total
        window.viewer.sig_loaded.connect(shown)
        figures["show_started"] = time.time()
        if not window.select_first_regulation():
            shown("")

    def shown(_uri: str) -> None:
        figures["first_regulation_s"] = time.time() - figures["show_started"]
        figures["rss_mb_after"] = _rss_mb()
        out.write_text(json.dumps(figures), encoding="utf-8")
        window.close()

    figures["search_started"] = time.time()
    Op(runner, parent=window, op=lambda svc: svc.search.search("licencias municipales"),
       success=searched).run_in_background()


def _rss_mb() -> float:
    """Resident memory now (Linux /proc; elsewhere the peak from resource, or 0)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as stream:
            pages = int(stream.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 1_048_576
    except (OSError, ValueError, AttributeError):
        return 0.0


def _clean_leftovers(db_url: str) -> None:
    """Sweep what a killed run left: temp files of atomic writes, half-built packages."""
    folders = [data_dir(), config_dir(), Path.home()]
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents:
        folders.append(Path(documents))  # the export dialog's default destination
    if db_url.startswith("sqlite:///"):
        folders.append(Path(db_url.removeprefix("sqlite:///")).parent)
    removed = maintenance.clean_leftovers(folders)
    if removed:
        log.warning("Se quitaron %d archivos temporales de una ejecución interrumpida: %s",
                    len(removed), ", ".join(str(p) for p in removed))


def self_test(qt_args: Sequence[str] = ()) -> int:
    """``--self-test``: every layer once, in a throw-away folder; print a Spanish summary."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    work = Path(tempfile.mkdtemp(prefix="reglamentos-autoprueba-"))
    os.environ["REGLAMENTOS_HOME"] = str(work / "casa")  # never the user's settings or data
    os.environ.pop("REGLAMENTOS_DB", None)
    try:
        app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
        _configure(app)
        services = open_services(f"sqlite:///{(work / 'autoprueba.sqlite3').as_posix()}",
                                 index_dir=work / "indice")
        try:
            extra = [("Abrir la ventana principal", lambda: _window_check(services))]
            report = maintenance.run_self_test(services, corpus_dir(), work / "exportados", extra)
        finally:
            services.close()
        _say(report.summary())
        return 0 if report.ok else 1
    except Exception:  # noqa: BLE001 - the self-test reports every failure, never crashes
        _say("Autoprueba de Reglamentos\nResultado: hubo fallas.\n" + traceback.format_exc())
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _say(text: str) -> None:
    """Print; a windowed Windows build has no console, so there it goes to a file in TEMP."""
    if sys.stdout is not None:
        print(text, flush=True)
        return
    out = Path(tempfile.gettempdir()) / "reglamentos-autoprueba.txt"
    out.write_text(text + "\n", encoding="utf-8")


def _window_check(services: Services) -> str:
    """Build the real main window, list the corpus and show a regulation, then close it."""
    runner = OpRunner(services)
    window = MainWindow(runner, Settings(sample_corpus_imported=True), "autoprueba")
    loop = QEventLoop()
    shown: list[str] = []
    window.viewer.sig_loaded.connect(lambda uri: (shown.append(uri), loop.quit()))
    QTimer.singleShot(60_000, loop.quit)
    window.show()
    window.refresh(on_done=lambda: window.select_first_regulation() or loop.quit())
    loop.exec()
    count = window.browser.count
    window.close()
    runner.shutdown()
    if not shown:
        raise RuntimeError("la ventana principal no mostró ningún reglamento")
    return f"{count} reglamentos en la lista; se mostró {shown[0]}"
