"""The conflict dialog: both texts of a provision side by side, and a choice per provision.

Shown when a save finds that someone else saved the same provision first. Nothing is lost
either way: the text not chosen stays in the project's conflict revisions. For a structural
conflict (both changed the articles' order or added/removed provisions) it shows the list of
provisions of each version instead of one text.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup, QDialog, QDialogButtonBox, QGridLayout, QGroupBox, QLabel, QPlainTextEdit,
    QRadioButton, QScrollArea, QVBoxLayout, QWidget,
)

from ...services.merge import STRUCTURE, MergeConflict

MINE, THEIRS = "mine", "theirs"


def _describe(content: dict | None) -> str:
    if content is None:
        return "(la disposición ya no existe en esta versión)"
    heading = f"{content['heading']}\n" if content.get("heading") else ""
    state = "\n[Derogado]" if content.get("status") == "repealed" else ""
    return f"{heading}{content.get('text', '')}{state}"


def _outline(payload: dict | None) -> str:
    if not payload:
        return "(la estructura guardada)"
    lines = []
    for _pid, depth, content in payload["tree"]:
        if content["kind"] in ("article", "chapter", "title", "section", "transitional"):
            label = f"{content['kind']} {content['num']}".strip()
            lines.append("  " * (depth - 1) + f"{label}: {content['text'][:60]}")
    return "\n".join(lines)


class ConflictDialog(QDialog):
    """One group per conflicting provision: "Su texto" | "Texto guardado", keep which."""

    def __init__(self, conflicts: list[MergeConflict], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Otra persona guardó los mismos artículos")
        self.conflicts = list(conflicts)
        self._groups: dict[str, QButtonGroup] = {}
        intro = QLabel("Mientras usted editaba, otra persona guardó cambios en las mismas "
                       "disposiciones. Su texto no se perdió. Elija cuál conservar en cada una; "
                       "el otro queda en el historial de revisiones en conflicto.")
        intro.setWordWrap(True)
        body = QWidget()
        column = QVBoxLayout(body)
        for conflict in self.conflicts:
            column.addWidget(self._group(conflict))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Aplicar")
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(900, 560)

    def _group(self, conflict: MergeConflict) -> QGroupBox:
        box = QGroupBox(conflict.label)
        grid = QGridLayout(box)
        structural = conflict.pid == STRUCTURE
        mine = _outline(conflict.mine) if structural else _describe(conflict.mine)
        theirs = "(la estructura guardada por otra persona)" if structural \
            else _describe(conflict.theirs)
        for column, (title, text) in enumerate((("Su texto", mine),
                                                 ("Texto guardado por otra persona", theirs))):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
            view = QPlainTextEdit(text)
            view.setReadOnly(True)
            view.setObjectName(f"{conflict.pid}-{MINE if column == 0 else THEIRS}")
            grid.addWidget(view, 1, column)
        group = QButtonGroup(box)
        for column, (key, label) in enumerate(((MINE, "Conservar mi texto"),
                                               (THEIRS, "Conservar el texto guardado"))):
            radio = QRadioButton(label)
            radio.setProperty("choice", key)
            group.addButton(radio)
            grid.addWidget(radio, 2, column)
            radio.setChecked(key == THEIRS)
        self._groups[conflict.pid] = group
        return box

    def texts(self, pid: str) -> tuple[str, str]:
        """(mine, theirs) as shown, for tests and screen readers."""
        views = {v.objectName(): v.toPlainText() for v in self.findChildren(QPlainTextEdit)}
        return views[f"{pid}-{MINE}"], views[f"{pid}-{THEIRS}"]

    def choose(self, pid: str, keep: str) -> None:
        for button in self._groups[pid].buttons():
            if button.property("choice") == keep:
                button.setChecked(True)

    def choices(self) -> dict[str, str]:
        return {pid: group.checkedButton().property("choice")
                for pid, group in self._groups.items()}
