"""Importing files and folders from the GUI: the op, the progress dialog and the summary.

``run_import`` hands ``corpus.import_paths`` to a background op with the delayed progress
dialog, then calls ``on_done(outcomes)`` on the GUI thread. Each file is its own transaction,
so after a cancellation the files already imported stay imported: ``on_done`` is then called
with ``None`` so the caller still refreshes. ``import_summary`` turns the outcomes into the
Spanish text of the message shown at the end (counts per result, then each error).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox, QWidget

from ..domain.errors import AmbiguousEncoding, Cancelled
from ..services import ImportOutcome, ImportStatus
from .errors import TITLE, show_error
from .import_review import ImportReviewDialog
from .ops import Op, OpRunner

MAX_ERRORS_LISTED = 10

# File dialog filter for every format the importer reads (sources.SUPPORTED_SUFFIXES).
IMPORT_FILTER = ("Documentos de reglamentos (*.txt *.docx *.doc *.odt *.rtf *.pdf *.xml *.akn);;"
                 "Texto (*.txt);;Word (*.docx *.doc);;OpenDocument (*.odt);;RTF (*.rtf);;"
                 "PDF con texto (*.pdf);;Akoma Ntoso (*.xml *.akn);;Todos los archivos (*)")


def run_import(runner: OpRunner, parent: QWidget | None, paths: Sequence[Path],
               on_done: Callable[[list[ImportOutcome] | None], None],
               title: str = "Importando reglamentos…") -> Op:
    """Import ``paths`` in the background; see the module docstring. A single file goes
    through the review step (``ImportReviewDialog``) before it is stored."""
    paths = list(paths)
    if len(paths) == 1 and paths[0].is_file():
        return run_reviewed_import(runner, parent, paths[0], on_done)

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, Cancelled):
            show_error(parent, exc)
        on_done(None)

    return (Op(runner, parent=parent,
               op=lambda svc, report, cancel: svc.corpus.import_paths(paths, progress=report,
                                                                       cancel=cancel),
               success=on_done)
            .failure(failed)
            .with_progress(title)
            .run_in_background())


def run_reviewed_import(runner: OpRunner, parent: QWidget | None, path: Path,
                        on_done: Callable[[list[ImportOutcome] | None], None],
                        encoding: str | None = None) -> Op:
    """Read one file in the background, show the review dialog, store it if accepted. A text
    file whose code page is ambiguous makes the user choose it (with previews), then retries."""
    def failed(exc: BaseException) -> None:
        if isinstance(exc, AmbiguousEncoding):
            chosen = choose_encoding(parent, path, exc)
            if chosen:
                run_reviewed_import(runner, parent, path, on_done, chosen)
                return
        elif not isinstance(exc, Cancelled):
            show_error(parent, exc)
        on_done(None)

    def review(prepared) -> None:
        dialog = ImportReviewDialog(prepared, lambda p, c: _revise(runner, p, c), parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            on_done(None)
            return
        chosen = dialog.prepared
        if not confirm_identity(runner, parent, chosen):
            on_done(None)
            return
        (Op(runner, parent=parent, op=lambda svc: [svc.corpus.commit_import(chosen)],
            success=on_done).failure(failed).run_in_background())

    return (Op(runner, parent=parent,
               op=lambda svc, _report, _cancel: svc.corpus.prepare_import(path, encoding),
               success=review)
            .failure(failed)
            .with_progress(f"Leyendo {path.name}…")
            .run_in_background())


def confirm_identity(runner: OpRunner, parent: QWidget | None, prepared) -> bool:
    """When a stored regulation has the URI this file would take but another title or
    original publication, ask whether the file is a new version of it (then it replaces
    nothing silently) or a different instrument (its own URI). False: the user cancelled."""
    check = runner.services.corpus.identity_check(prepared)
    if check is None or check.same:
        return True
    answer = QMessageBox.question(
        parent, TITLE,
        f"Ya está guardado «{check.title}» ({check.uri}), que tomaría el mismo identificador, "
        f"pero {'; '.join(check.differences)}.\n\n¿Es «{prepared.title}» una nueva versión de "
        "ese mismo reglamento?\n\nSí: se guarda como su nueva versión.\nNo: se guarda como un "
        "instrumento distinto, con su propio identificador.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.No)
    if answer == QMessageBox.StandardButton.Cancel:
        return False
    prepared.same_as = check.uri if answer == QMessageBox.StandardButton.Yes else ""
    return True


def choose_encoding(parent: QWidget | None, path: Path, exc: AmbiguousEncoding) -> str | None:
    """Ask which code page the file is in, showing how each one reads it."""
    items = [f"{c.label}: {c.preview}" for c in exc.candidates]
    choice, ok = QInputDialog.getItem(
        parent, TITLE, f"¿Cómo se lee correctamente «{path.name}»?\n"
        "Elija la opción en la que los acentos y la ñ se ven bien:", items, 0, False)
    if not ok:
        return None
    return exc.candidates[items.index(choice)].encoding


def _revise(runner: OpRunner, prepared, corrections):
    # Re-parsing is pure and fast (tenths of a second even for a 150-page text): the dialog
    # waits for it rather than juggling a half-updated table.
    return runner.services.corpus.revise_import(prepared, corrections)


def import_summary(outcomes: Sequence[ImportOutcome]) -> tuple[str, bool]:
    """Spanish summary of an import and whether any file failed."""
    if not outcomes:
        return "No se encontraron archivos que se puedan importar.", True
    count = {status: 0 for status in ImportStatus}
    for outcome in outcomes:
        count[outcome.status] += 1
    lines = [f"Archivos procesados: {len(outcomes)}"]
    for label, n in (
        ("Importados", count[ImportStatus.CREATED]),
        ("Nuevas versiones", count[ImportStatus.NEW_VERSION] + count[ImportStatus.REPLACED]),
        ("Sin cambios (ya estaban en la base de datos)", count[ImportStatus.UNCHANGED]),
        ("Con errores", count[ImportStatus.FAILED]),
    ):
        if n:
            lines.append(f"{label}: {n}")
    with_warnings = sum(1 for o in outcomes if o.warnings)
    if with_warnings:
        lines.append(f"Con advertencias: {with_warnings} (vea la pestaña «Reporte de "
                     "importación» de cada reglamento)")
    noticed = [o for o in outcomes if o.notice or o.review]
    if noticed:
        lines.append("")
        lines.extend(f"• {o.path.name}: {'; '.join(t for t in (o.notice, o.review) if t)}"
                     for o in noticed[:MAX_ERRORS_LISTED])
    errors = [o for o in outcomes if o.status is ImportStatus.FAILED]
    if errors:
        lines.append("")
        lines.append("No se pudieron importar:")
        lines.extend(f"• {o.path.name}: {o.message}" for o in errors[:MAX_ERRORS_LISTED])
        if len(errors) > MAX_ERRORS_LISTED:
            lines.append(f"… y {len(errors) - MAX_ERRORS_LISTED} más.")
    return "\n".join(lines), bool(errors)


def show_import_summary(parent: QWidget | None, outcomes: Sequence[ImportOutcome]) -> None:
    text, has_errors = import_summary(outcomes)
    if has_errors:
        QMessageBox.warning(parent, TITLE, text)
    else:
        QMessageBox.information(parent, TITLE, text)
