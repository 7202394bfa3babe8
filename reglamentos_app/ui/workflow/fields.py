"""One input per ``FieldSpec`` of a transition, chosen by its ``FieldType``: the forms are data.

Text → a line (several lines for reasons and justifications), date → a calendar date field
(an optional one can be left blank), whole number → a spin box whose lowest position "—" means
"not given", choice → a list of the labels the definition declares, votes → a table of members
and their vote with the running tally. ``value()`` returns what the service's ``clean_data``
expects (None when not given), so a definition edited by an administrator needs no new code.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QPlainTextEdit, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from ...domain.workflow import VOTE_LABELS, FieldSpec, FieldType

LONG_TEXT_HINTS = ("reason", "justification", "summary", "motivo", "justificación")
EMPTY = "—"
INT_MAX = 999_999


def _is_long(spec: FieldSpec) -> bool:
    text = f"{spec.name} {spec.label}".lower()
    return any(hint in text for hint in LONG_TEXT_HINTS)


class FieldInput(QWidget):
    """Base of the inputs: ``value()`` / ``set_value()`` and ``sig_changed``."""

    sig_changed = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError


class TextInput(FieldInput):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.long = _is_long(spec)
        self.edit = QPlainTextEdit() if self.long else QLineEdit()
        if self.long:
            self.edit.setFixedHeight(64)
        self.edit.textChanged.connect(lambda *_a: self.sig_changed.emit())
        self.layout_.addWidget(self.edit)

    def value(self) -> Any:
        text = self.edit.toPlainText() if self.long else self.edit.text()
        return text.strip() or None

    def set_value(self, value: Any) -> None:
        if self.long:
            self.edit.setPlainText(str(value or ""))
        else:
            self.edit.setText(str(value or ""))


class DateInput(FieldInput):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit = QDateEdit(QDate.currentDate())
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("dd/MM/yyyy")
        self.edit.dateChanged.connect(lambda *_a: self.sig_changed.emit())
        self.given = QCheckBox("Indicar")
        self.given.setChecked(spec.required)
        self.given.setVisible(not spec.required)
        self.given.toggled.connect(self.edit.setEnabled)
        self.given.toggled.connect(lambda *_a: self.sig_changed.emit())
        self.edit.setEnabled(spec.required)
        self.layout_.addWidget(self.given)
        self.layout_.addWidget(self.edit, 1)

    def value(self) -> Any:
        if not self.given.isChecked():
            return None
        return self.edit.date().toPython().isoformat()

    def set_value(self, value: Any) -> None:
        if value is None:
            self.given.setChecked(False)
            return
        when = value if isinstance(value, date) else date.fromisoformat(str(value))
        self.given.setChecked(True)
        self.edit.setDate(QDate(when.year, when.month, when.day))


class IntInput(FieldInput):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.floor = spec.minimum if spec.minimum is not None else 0
        self.spin = QSpinBox()
        self.spin.setRange(self.floor - 1, INT_MAX)   # the lowest position means "not given"
        self.spin.setSpecialValueText(EMPTY)
        self.spin.setValue(self.floor - 1)
        self.spin.valueChanged.connect(lambda *_a: self.sig_changed.emit())
        self.layout_.addWidget(self.spin)
        self.layout_.addStretch(1)

    def value(self) -> Any:
        return None if self.spin.value() < self.floor else self.spin.value()

    def set_value(self, value: Any) -> None:
        self.spin.setValue(self.floor - 1 if value is None else int(value))


class ChoiceInput(FieldInput):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.combo = QComboBox()
        self.combo.addItem("— elija —", None)
        for choice in spec.choices:
            self.combo.addItem(choice.label, choice.value)
        self.combo.currentIndexChanged.connect(lambda *_a: self.sig_changed.emit())
        self.layout_.addWidget(self.combo, 1)

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        self.combo.setCurrentIndex(max(0, self.combo.findData(value)))


class VotesInput(FieldInput):
    """Each member's name and vote; the tally below updates as votes are chosen."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Integrante", "Voto"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # The vote column fits "Abstención" and its arrow, and is never pushed out of view.
        self.table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setMinimumSectionSize(130)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.verticalHeader().hide()
        self.table.setMinimumHeight(150)
        self.table.setMinimumWidth(380)
        self.add_button = QPushButton("Agregar integrante")
        self.remove_button = QPushButton("Quitar")
        self.tally_label = QLabel()
        self.add_button.clicked.connect(lambda: self.add_member())
        self.remove_button.clicked.connect(self._remove_current)
        self.table.itemChanged.connect(lambda *_a: self._changed())
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.tally_label)
        box = QVBoxLayout()
        box.addWidget(self.table)
        box.addLayout(buttons)
        self.layout_.addLayout(box)
        self._changed()

    def add_member(self, name: str = "", vote: str = "for") -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        combo = QComboBox()
        for value, label in VOTE_LABELS.items():
            combo.addItem(label, value)
        combo.setCurrentIndex(max(0, combo.findData(vote)))
        combo.currentIndexChanged.connect(lambda *_a: self._changed())
        self.table.setCellWidget(row, 1, combo)
        self._changed()

    def _remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._changed()

    def _votes(self) -> dict[str, str]:
        votes = {}
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            name = item.text().strip() if item else ""
            combo = self.table.cellWidget(row, 1)
            if name and combo is not None:   # the vote list is set just after the name
                votes[name] = combo.currentData()
        return votes

    def _changed(self) -> None:
        counts = {label: 0 for label in VOTE_LABELS}
        for vote in self._votes().values():
            counts[vote] += 1
        self.tally_label.setText(", ".join(f"{VOTE_LABELS[k]}: {n}" for k, n in counts.items()))
        self.sig_changed.emit()

    def value(self) -> Any:
        return self._votes() or None

    def set_value(self, value: Any) -> None:
        self.table.setRowCount(0)
        for name, vote in (value or {}).items():
            self.add_member(name, vote)


INPUTS: dict[FieldType, type[FieldInput]] = {
    FieldType.TEXT: TextInput, FieldType.DATE: DateInput, FieldType.INT: IntInput,
    FieldType.CHOICE: ChoiceInput, FieldType.VOTES: VotesInput,
}


def input_for(spec: FieldSpec) -> FieldInput:
    return INPUTS[spec.type](spec)
