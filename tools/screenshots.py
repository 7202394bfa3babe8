"""Screenshots of each main screen and dialog, taken from the real program — and its layout check.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/screenshots.py \
        [--out docs/screenshots] [--check] [--readme docs/screenshot.png]

In a throw-away folder it creates a database, imports the sample corpus, drafts a reform of
the Reglamento de Panteones (two articles edited), sends it to the Sindicatura, which records
an observation, then opens the real main window at 1366×768 (the usual office laptop) and
captures: the corpus (``01-corpus``), a search (``02-busqueda``), the project editor with its
diff and the observation (``03-proyecto``), the procedure board (``04-tablero``), the corpus
review (``05-revision``), the export dialog (``06-exportar``), the decree preview
(``07-decreto``), the project's procedure tab (``08-tramite``), the Cabildo vote form
(``09-formulario-cabildo``), the user guide (``10-guia``), the shortcuts (``11-atajos``), the
new-project dialog (``12-nuevo-proyecto``) and the export confirmation (``13-exportado``).

``--check`` also inspects every screen it captures (``ui.layout.starved_widgets``: a visible
widget drawn below its minimum size, a window larger than the screen;
``ui.layout.unreachable_actions``: a toolbar action no menu offers), prints each problem and
exits 1 if there is any: tests/ui/test_screens.py runs it under Xvfb. Run it under Xvfb (or any
display) so the images show the real platform style.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZE = (1366, 768)
WATCHDOG_S = 300
PROBLEMS: list[str] = []


def wait(app, seconds: float, until=None) -> None:
    """Let the program work (ops run on worker threads) for ``seconds`` or until ``until()``."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        if until is not None and until():
            app.processEvents()
            return
        time.sleep(0.02)


DRAFTER = ("Lic. Ana Ruiz", "Consejería Jurídica", "redactor")
TRUSTEE = ("Lic. Pedro Soto", "Sindicatura Municipal", "sindicatura")


def prepare(services) -> tuple[str, int, str]:
    """Sample corpus, a reform project with edits sent to the Sindicatura and one observation;
    (uri, project id, pid of the observed article)."""
    from reglamentos_app.config import corpus_dir
    from reglamentos_app.domain.workflow import UserProfile

    outcomes = services.corpus.import_paths([corpus_dir()])
    uri = next(o.uri for o in outcomes if o.path.name == "panteones.txt")
    project = services.projects.create("Reforma al Reglamento de Panteones (actualización UMA)",
                                       [uri], promoter_office="Dirección de Servicios Públicos",
                                       file_number="SA/045/2026")
    session = services.projects.open_draft(project.id, uri)
    articles = [n for n in session.editor.root.walk() if n.kind.value == "article" and n.text]
    edited = []
    for node in articles[1:3]:
        text = node.text.replace("salario mínimo", "valor diario de la Unidad de Medida y "
                                 "Actualización")
        if text == node.text:
            text = node.text.rstrip(".") + ", en los términos que fije el Ayuntamiento."
        session.editor.edit(node.pid, text=text)
        edited.append(node.pid)
    session.save()
    drafter, trustee = UserProfile(*DRAFTER), UserProfile(*TRUSTEE)
    services.workflow.add_user(drafter)
    services.workflow.add_user(trustee)
    services.workflow.advance(project.id, "submit_to_trustee", drafter, {}, "")
    services.workflow.observe(project.id, uri, edited[0],
                              "Precise qué autoridad fija los términos y cite el artículo del "
                              "Reglamento que la faculta.", trustee)
    return uri, project.id, edited[0]


def check(widget, name: str, window=None) -> None:
    """Record the layout problems of ``widget`` (and unreachable actions of ``window``)."""
    from reglamentos_app.ui.layout import starved_widgets, unreachable_actions

    found = starved_widgets(widget)
    if window is not None:
        found += unreachable_actions(window)
    PROBLEMS.extend(f"{name}: {problem}" for problem in found)


def grab(widget, path: Path, window=None) -> None:
    check(widget, path.stem, window)
    image = widget.grab()
    if not image.save(str(path), "PNG"):
        raise SystemExit(f"No se pudo guardar {path}")
    print(f"{path} ({path.stat().st_size // 1024} KB)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--check", action="store_true",
                        help="fallar si algún elemento queda por debajo de su tamaño mínimo o "
                             "alguna acción no está en un menú")
    parser.add_argument("--size", default=f"{SIZE[0]}x{SIZE[1]}",
                        help="tamaño de la ventana, p. ej. 1280x720 (la pantalla de Xvfb debe "
                             "ser del mismo tamaño)")
    parser.add_argument("--readme", type=Path,
                        help="guardar también la captura principal (corpus) en esta ruta")
    args = parser.parse_args()
    # A modal box nobody answers would hang a scripted run: give up after WATCHDOG_S.
    watchdog = threading.Timer(WATCHDOG_S, lambda: (print("Tiempo agotado", file=sys.stderr),
                                                    os._exit(2)))
    watchdog.daemon = True
    watchdog.start()
    work = Path(tempfile.mkdtemp(prefix="reglamentos-capturas-"))
    os.environ["REGLAMENTOS_HOME"] = str(work / "casa")
    # A home with a Documents folder, as a user's: dialogs start there (and no real path shows).
    os.environ["HOME"] = str(work / "usuario")
    (work / "usuario" / "Documents").mkdir(parents=True)
    os.environ.pop("REGLAMENTOS_DB", None)

    from PySide6.QtWidgets import QApplication

    from reglamentos_app.app import _configure
    from reglamentos_app.config import Settings
    from reglamentos_app.domain.workflow import UserProfile
    from reglamentos_app.services import open_services
    from reglamentos_app.ui.main_window import MainWindow
    from reglamentos_app.ui.ops import OpRunner
    from reglamentos_app.ui.workflow.transition_form import TransitionForm

    app = QApplication.instance() or QApplication(sys.argv[:1])
    _configure(app)
    url = f"sqlite:///{(work / 'capturas.sqlite3').as_posix()}"
    services = open_services(url, index_dir=work / "indice")
    uri, project_id, observed = prepare(services)
    runner = OpRunner(services)
    window = MainWindow(runner, Settings(sample_corpus_imported=True), url)
    window.resize(*(int(n) for n in args.size.lower().split("x")))
    window.show()
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out
    people = dict(services.workflow.users())
    by_role = {p.role: (i, p) for i, p in people.items()}

    window.refresh()
    wait(app, 10, lambda: window.browser.count > 0)
    window.browser.select_uri(uri)
    wait(app, 10, lambda: window.viewer.current_uri == uri)
    wait(app, 1)
    grab(window, out / "01-corpus.png", window)
    if args.readme:
        shutil.copyfile(out / "01-corpus.png", args.readme)

    window.show_search()
    window.search_panel.query_edit.setText("inhumación")
    window.search_panel.search_now()
    wait(app, 3)
    grab(window, out / "02-busqueda.png", window)
    window.search_dock.hide()

    window.workflow.state.choose(*by_role["sindicatura"])
    editor = window.projects.open_project(project_id)
    wait(app, 10, lambda: getattr(editor, "current", None) is not None)
    editor.rediff_now()
    wait(app, 2)
    workflow = window.workflow.editors.get(project_id)
    if workflow is not None and workflow.observations.tree.topLevelItemCount():
        item = workflow.observations.tree.topLevelItem(0)   # the observation, read whole,
        workflow.observations.tree.setCurrentItem(item)     # its words marked in the diff
        workflow.observations._navigate(item)
    else:
        editor.tree.select_pid(observed)
    wait(app, 2)
    grab(window, out / "03-proyecto.png", window)

    editor.tabs.setCurrentWidget(editor.decree)
    editor.refresh_decree()
    wait(app, 3)
    grab(window, out / "07-decreto.png", window)
    workflow_tab = next((i for i in range(editor.tabs.count())
                         if editor.tabs.tabText(i) == "Trámite"), None)
    if workflow_tab is not None:
        editor.tabs.setCurrentIndex(workflow_tab)
        wait(app, 2)
        grab(window, out / "08-tramite.png", window)
    editor.tabs.setCurrentIndex(0)

    definition = services.workflow.definition()
    council = max(definition.transitions, key=lambda t: len(t.fields))
    form = TransitionForm(runner, project_id, council, UserProfile(*TRUSTEE), parent=window)
    form.show()
    wait(app, 2)
    grab(form, out / "09-formulario-cabildo.png")
    form.reject()

    window.workflow.show_board()
    wait(app, 2)
    grab(window, out / "04-tablero.png", window)

    window.open_review()
    wait(app, 8)
    grab(window, out / "05-revision.png", window)

    guide = window.show_guide()
    wait(app, 1)
    grab(guide, out / "10-guia.png")
    guide.close()
    shortcuts = window.show_shortcuts()
    wait(app, 1)
    grab(shortcuts, out / "11-atajos.png")
    shortcuts.reject()

    window.workflow.state.choose(*by_role["redactor"])
    window.tabs.setCurrentIndex(0)
    window.projects.new_project()
    wait(app, 3, lambda: window.projects.new_dialog is not None)
    if window.projects.new_dialog is not None:
        wait(app, 1)
        grab(window.projects.new_dialog, out / "12-nuevo-proyecto.png")
        window.projects.new_dialog.reject()

    window.browser.select_uri(uri)
    wait(app, 2)
    dialog = window.export_current()
    wait(app, 4)
    if dialog is not None:
        grab(dialog, out / "06-exportar.png")
        (work / "Documentos").mkdir(exist_ok=True)
        dialog.dest_edit.setText(str(work / "Documentos" / "panteones.pdf"))
        dialog.open_check.setChecked(False)
        dialog.export_button.click()
        wait(app, 20, lambda: getattr(window, "saved_notice", None) is not None)
        notice = getattr(window, "saved_notice", None)
        if notice is not None:
            wait(app, 1)
            grab(notice, out / "13-exportado.png")
            notice.close()

    window.close()  # first: closing saves drafts and releases leases through the runner
    wait(app, 2)
    runner.shutdown()
    services.close()
    if PROBLEMS:
        print(f"\n{len(PROBLEMS)} problemas de presentación:", file=sys.stderr)
        for problem in PROBLEMS:
            print(f"  {problem}", file=sys.stderr)
        return 1 if args.check else 0
    if args.check:
        print("Sin problemas de presentación.")
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # PySide6's teardown can crash after a clean run (see app.run)
