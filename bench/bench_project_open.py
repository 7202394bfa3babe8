"""Time the project editor on a 1,000-article regulation (a script, not a test).

Run: ``.venv/bin/python bench/bench_project_open.py``. It builds
a regulation with ``bench/generate.py``, imports it with ``services.corpus.import_text``,
creates a project on it and times, with the synchronous runner (so the figures include the
worker's part): opening the editor until its tree and diff are on screen, a re-diff after
twenty edits, the full (not "Solo cambios") diff view, a save and the decree.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from PySide6.QtWidgets import QApplication  # noqa: E402

from generate import generate_corpus  # noqa: E402
from reglamentos_app.services import open_services  # noqa: E402
from reglamentos_app.ui.ops import OpRunner  # noqa: E402
from reglamentos_app.ui.projects.editor import ProjectEditor  # noqa: E402


def best_of(app: QApplication, label: str, work, repeat: int = 3):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        app.processEvents()  # include painting
        best = min(best, time.perf_counter() - start)
    print(f"{label:48s} {best * 1000:7.0f} ms")
    return result


def main() -> None:
    app = QApplication.instance() or QApplication([])
    home = tempfile.mkdtemp(prefix="reglamentos-bench-")
    os.environ["REGLAMENTOS_HOME"] = home
    services = open_services(f"sqlite:///{home}/bench.sqlite3")
    (name, text), = generate_corpus(1000)
    uri = services.corpus.import_text(text, name).uri
    project = services.projects.create("Reforma de prueba de rendimiento", [uri])
    runner = OpRunner(services, synchronous=True)

    def open_editor() -> ProjectEditor:
        editor = ProjectEditor(runner, project.id)
        editor.resize(1300, 850)
        editor.show()
        editor.load()
        return editor

    editor = best_of(app, "abrir el proyecto (0 cambios)", open_editor)
    print(f"{'  elementos del árbol':48s} {len(editor.tree._items):7d}")
    articles = list(editor.current.root.articles())
    for article in articles[::50]:
        editor.tree.select_pid(article.pid)
        editor.article_editor.text_edit.setPlainText(article.text + " Texto adicionado.")
    best_of(app, "nueva comparación tras 20 ediciones", editor.rediff_now)
    view = editor.comparison.diff_view
    view.only_changes_check.setChecked(False)
    best_of(app, "vista completa (sin «Solo cambios»)", view.redraw, 1)
    view.only_changes_check.setChecked(True)
    best_of(app, "guardar (20 ediciones)", editor.save_now, 1)
    best_of(app, "abrir el proyecto (20 cambios guardados)", open_editor)
    best_of(app, "decreto", lambda: services.projects.decree(project.id), 1)
    runner.shutdown()
    services.close()
    os._exit(0)  # skip PySide6's interpreter teardown (PYSIDE-2254)


if __name__ == "__main__":
    main()
