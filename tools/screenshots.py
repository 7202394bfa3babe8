"""Screenshots of each main screen for the user guide, taken from the real program.

    xvfb-run -a .venv/bin/python tools/screenshots.py [--out docs/screenshots]

In a throw-away folder it creates a database, imports the sample corpus, drafts a reform of
the Reglamento de Panteones (two articles edited), records an observation of the Sindicatura,
then opens the real main window and captures: the corpus with a regulation (``01-corpus``),
a search (``02-busqueda``), the project editor with its diff (``03-proyecto``), the procedure
board (``04-tablero``), the corpus review dashboard (``05-revision``) and the export dialog
(``06-exportar``). Run it under Xvfb (or any display) so the images show the real platform
style; the offscreen platform works too but draws without native decorations.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZE = (1366, 768)


def wait(app, seconds: float, until=None) -> None:
    """Let the program work (ops run on worker threads) for ``seconds`` or until ``until()``."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        if until is not None and until():
            app.processEvents()
            return
        time.sleep(0.02)


def prepare(services) -> tuple[str, int]:
    """Sample corpus, a reform project with edits and an observation; (uri, project id)."""
    from reglamentos_app.config import corpus_dir

    outcomes = services.corpus.import_paths([corpus_dir()])
    uri = next(o.uri for o in outcomes if o.path.name == "panteones.txt")
    project = services.projects.create("Reforma al Reglamento de Panteones (actualización UMA)",
                                       [uri], promoter_office="Dirección de Servicios Públicos",
                                       file_number="SA/045/2026")
    session = services.projects.open_draft(project.id, uri)
    articles = [n for n in session.editor.root.walk() if n.kind.value == "article" and n.text]
    for node in articles[1:3]:
        text = node.text.replace("salario mínimo", "valor diario de la Unidad de Medida y "
                                 "Actualización")
        if text == node.text:
            text = node.text.rstrip(".") + ", en los términos que fije el Ayuntamiento."
        session.editor.edit(node.pid, text=text)
    session.save()
    return uri, project.id


def grab(widget, path: Path) -> None:
    image = widget.grab()
    if not image.save(str(path), "PNG"):
        raise SystemExit(f"No se pudo guardar {path}")
    print(f"{path} ({path.stat().st_size // 1024} KB)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reglamentos-capturas-"))
    os.environ["REGLAMENTOS_HOME"] = str(work / "casa")
    os.environ.pop("REGLAMENTOS_DB", None)

    from PySide6.QtWidgets import QApplication

    from reglamentos_app.app import _configure
    from reglamentos_app.config import Settings
    from reglamentos_app.services import open_services
    from reglamentos_app.ui.main_window import MainWindow
    from reglamentos_app.ui.ops import OpRunner

    app = QApplication.instance() or QApplication(sys.argv[:1])
    _configure(app)
    url = f"sqlite:///{(work / 'capturas.sqlite3').as_posix()}"
    services = open_services(url)
    uri, project_id = prepare(services)
    runner = OpRunner(services)
    window = MainWindow(runner, Settings(sample_corpus_imported=True), url)
    window.resize(*SIZE)
    window.show()
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out

    window.refresh()
    wait(app, 10, lambda: window.browser.count > 0)
    window.browser.select_uri(uri)
    wait(app, 10, lambda: window.viewer.current_uri == uri)
    wait(app, 1)
    grab(window, out / "01-corpus.png")

    window.show_search()
    window.search_panel.query_edit.setText("inhumación")
    window.search_panel.search_now()
    wait(app, 3)
    grab(window, out / "02-busqueda.png")
    window.search_dock.hide()

    window.projects.open_project(project_id)
    wait(app, 10, lambda: getattr(window.tabs.currentWidget(), "current", None) is not None)
    editor = window.tabs.currentWidget()
    editor.rediff_now()
    wait(app, 2)
    changed = [p.draft for p in editor.current.comparison.alignment.pairs
               if p.base is not None and p.draft is not None and p.base.text != p.draft.text]
    if changed:
        editor.tree.select_pid(changed[0].pid)
    wait(app, 1)
    grab(window, out / "03-proyecto.png")

    window.workflow.show_board()
    wait(app, 2)
    grab(window, out / "04-tablero.png")

    window.open_review()
    wait(app, 8)
    grab(window, out / "05-revision.png")

    window.tabs.setCurrentIndex(0)
    window.browser.select_uri(uri)
    wait(app, 2)
    dialog = window.export_current()
    wait(app, 4)
    if dialog is not None:
        grab(dialog, out / "06-exportar.png")
        dialog.reject()

    runner.shutdown()
    services.close()
    window.close()
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # PySide6's teardown can crash after a clean run (see app.run)
