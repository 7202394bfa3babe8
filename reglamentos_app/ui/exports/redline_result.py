"""The dialog that shows what came back in a reviewed Word redline.

A headline with the totals (cambios aceptados, rechazados, pendientes), whether a new draft
revision was saved, a table with one row per provision (what the reviewer did with its
changes), the observations recorded from the comments, and the paragraphs that could not be
matched to any provision. It only displays a ``RedlineImport``; the import already happened.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QListWidget,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ...services.redline import RedlineImport

_COLUMNS = ("Disposición", "Cambio", "Resultado", "Aceptados", "Rechazados", "Pendientes")


class RedlineResultDialog(QDialog):
    """Summary of an imported redline (see the module docstring)."""

    def __init__(self, result: RedlineImport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Redline revisado: {result.file_name}")
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        self.headline = QLabel(headline(result))
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        self.table = QTableWidget(len(result.provisions), len(_COLUMNS))
        self.table.setHorizontalHeaderLabels(_COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for row, item in enumerate(result.provisions):
            values = (item.label, item.row_kind, item.result, str(item.accepted),
                      str(item.rejected), str(item.pending))
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        layout.addWidget(self.table, 3)
        layout.addWidget(QLabel(f"Observaciones registradas: {len(result.observations)}"
                                + (f" ({result.skipped_observations} ya estaban registradas)"
                                   if result.skipped_observations else "")))
        self.observations = QListWidget()
        for obs in result.observations:
            quoted = f" «{obs.quoted}»" if obs.quoted else ""
            self.observations.addItem(f"{obs.label}{quoted} — {obs.author}: {obs.text}")
        layout.addWidget(self.observations, 2)
        if result.unmatched_paragraphs:
            unmatched = QLabel("Párrafos que no corresponden a ninguna disposición (no se "
                               "importaron):\n" + "\n".join(f"• {t}"
                                                            for t in result.unmatched_paragraphs))
            unmatched.setWordWrap(True)
            layout.addWidget(unmatched)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)


def headline(result: RedlineImport) -> str:
    """One paragraph in Spanish: totals, what was saved, the pending rule, the notice."""
    totals = result.totals()
    parts = [f"{totals['aceptados']} cambios aceptados, {totals['rechazados']} rechazados y "
             f"{totals['pendientes']} pendientes."]
    if totals["editados_en_word"]:
        parts.append(f"{totals['editados_en_word']} disposiciones se editaron sin control de "
                     "cambios: se tomó el texto como quedó en Word.")
    if result.draft_saved:
        parts.append("Se guardó una nueva revisión del borrador.")
    elif not result.notice:
        parts.append("El texto del borrador no cambió.")
    if totals["pendientes"]:
        parts.append("Los cambios pendientes conservan la propuesta del proyecto.")
    if result.notice:
        parts.append(result.notice)
    return " ".join(parts)
