"""First run: fill an empty database with the bundled sample corpus, in the background.

The import runs only when the settings say the sample was never imported AND the database
is empty (checked on the worker, like every database read), so a user who switches to a
shared database that already has regulations gets nothing added to it. The flag is set and
saved only after the import succeeded, so a cancelled or failed first run is retried at the
next start. ``on_done`` is called in every case, once the browser has been refreshed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..config import Settings, corpus_dir
from ..domain import plural
from ..services import ImportStatus
from .corpus_import import show_import_summary
from .errors import show_error
from .main_window import MainWindow
from .ops import Op

TITLE = "Importando el corpus de muestra…"


def import_sample_corpus(window: MainWindow, settings: Settings, folder: Path | None = None,
                         on_done: Callable[[], None] | None = None) -> bool:
    """Start the first-run import if it is due; return whether it was started."""
    folder = folder or corpus_dir()
    finish = on_done or (lambda: None)
    if settings.sample_corpus_imported or not folder.is_dir():
        finish()
        return False

    def op(svc, report, cancel):
        if not svc.corpus.is_empty():
            return None
        return svc.corpus.import_paths([folder], progress=report, cancel=cancel)

    def succeeded(outcomes) -> None:
        window.set_sample_importing(False)
        imported = [o for o in outcomes or [] if o.status is not ImportStatus.FAILED]
        if imported:
            settings.sample_corpus_imported = True
            settings.save()
            window.statusBar().showMessage(
                f"Se importó el corpus de muestra: {plural.count(len(imported), 'reglamento')}.",
                10000)
        if outcomes and len(imported) < len(outcomes):
            show_import_summary(window, outcomes)
        window.refresh(on_done=finish)

    def failed(exc: BaseException) -> None:
        window.set_sample_importing(False)
        show_error(window, exc)  # a cancellation shows nothing
        window.refresh(on_done=finish)

    window.set_sample_importing(True)
    Op(window.runner, parent=window, op=op, success=succeeded).failure(failed) \
        .with_progress(TITLE).run_in_background()
    return True
