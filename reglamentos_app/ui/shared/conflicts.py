"""What the project editor does when a save conflicts: show the dialog, apply the choices.

The dialog opens with ``open()`` (not modal ``exec``), so autosave timers keep running and
tests can fill it in. Choosing "mine" puts the user's text back in the draft and the next
autosave writes it; "theirs" keeps the stored text. Either way the conflict revision is marked
resolved and stays in the history.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ...services.merge import ProvisionConflictError
from ..errors import show_error
from .conflict_dialog import ConflictDialog


def handle_conflict(editor: QWidget, exc: ProvisionConflictError) -> ConflictDialog | None:
    """Open the conflict dialog for the draft whose save raised ``exc``."""
    session = next((d.session for d in editor._drafts.values()
                    if d.session is not None and d.session.last_conflicts == exc.conflicts),
                   None)
    if session is None:
        show_error(editor, exc)
        return None
    return open_conflicts_dialog(editor, session, exc.conflicts)


def open_conflicts_dialog(editor: QWidget, session, conflicts) -> ConflictDialog | None:
    """The dialog for conflicts of ``session`` (a failed save, or stored revisions)."""
    if not conflicts:
        return None
    dialog = ConflictDialog(conflicts, editor)
    dialog.accepted.connect(lambda: _apply(editor, session, dialog))
    editor.conflict_dialog = dialog
    dialog.open()
    return dialog


def _apply(editor: QWidget, session, dialog: ConflictDialog) -> None:
    choices = dialog.choices()
    try:
        for conflict in dialog.conflicts:
            session.resolve(conflict, choices[conflict.pid])
    except Exception as exc:  # a Spanish ReglamentosError, or a database error shown as such
        show_error(editor, exc)
    if editor.current is not None and editor.current.session is session:
        editor.tree.set_root(editor.current.root)
        editor._show_current_node()
    editor.save_label.setText("Cambios sin guardar" if session.dirty else "Sin cambios")
    if session.dirty:
        editor._draft_changed(structural=True)
