"""The timeline of a project: every record of its procedure, and the "Verificar registro" check.

Each row is one append-only record: number, date, who and with which role and office, what was
done (the transition's label), the stage change, the comment, the data recorded and the hash
(the full hashes, of the record, of the previous one and of the project's text, in the
tooltip). "Verificar registro" runs ``verify_record`` over the whole chain and says either
that it is intact or exactly which record was edited, deleted, reordered or inserted; the rows
of broken records turn red.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout, QHeaderView, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
    QWidget,
)

from ...domain.audit import AuditProblem, AuditRecord, RecordAnchor
from ...domain.workflow import WorkflowDefinition
from ..errors import show_error
from ..ops import Op, OpRunner
from .labels import action_label, data_lines, local_time, stage_label
from .transition_form import ERROR_STYLE, OK_STYLE

COLUMNS = ["N.º", "Fecha", "Quién", "Rol", "Acción", "Etapa", "Comentario", "Huella", "Datos"]
WIDTHS = [40, 120, 130, 170, 220, 230, 200, 100, 320]
BROKEN = QColor("#fdecea")
SEQ_ROLE = Qt.ItemDataRole.UserRole


class TimelineView(QWidget):
    """Records of one project plus the chain check (see the module docstring)."""

    def __init__(self, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.verify_button = QPushButton("Verificar registro")
        self.verify_button.setToolTip("Comprobar que ningún asiento del registro del trámite "
                                      "fue modificado, borrado, reordenado o insertado")
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.hide()
        # The head of the record after the last act, to keep outside the system (a later
        # "verify-record --ancla" tells a record cut short or rewritten).
        self.anchor_label = QLabel()
        self.anchor_label.setWordWrap(True)
        self.anchor_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.anchor_label.hide()
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        for column, width in enumerate(WIDTHS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)  # the comment
        top = QHBoxLayout()
        top.addWidget(QLabel("<b>Línea de tiempo</b>"))
        top.addStretch(1)
        top.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.result_label)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.anchor_label)
        self.verify_button.clicked.connect(self.verify)

    def set_records(self, definition: WorkflowDefinition, records: Iterable[AuditRecord]) -> None:
        self.tree.clear()
        for r in records:
            role = definition.role_label(r.role)
            office = r.data.get("office", "")
            stages = (f"{stage_label(definition, r.stage_from)} → "
                      f"{stage_label(definition, r.stage_to)}") if r.stage_to else ""
            details = data_lines(definition, r)
            item = QTreeWidgetItem([str(r.seq), local_time(r.at), r.actor, role,
                                    action_label(definition, r.action), stages, r.comment,
                                    r.hash[:12], "; ".join(details)])
            item.setData(0, SEQ_ROLE, r.seq)
            item.setToolTip(2, f"{r.actor}\n{office}" + _identity(r))
            item.setToolTip(4, "\n".join(details))
            item.setToolTip(8, "\n".join(details))
            item.setToolTip(7, f"Asiento: {r.hash}\nAnterior: {r.prev_hash}\n"
                               f"Texto del proyecto: {r.text_hash or '—'}")
            self.tree.addTopLevelItem(item)

    def set_anchor(self, anchor: RecordAnchor | None) -> None:
        if anchor is None or anchor.count == 0:
            self.anchor_label.hide()
            return
        self.anchor_label.setText(f"Ancla del registro (consérvela fuera del sistema): "
                                  f"{anchor.text}")
        self.anchor_label.setToolTip("Número de asientos y huella del último: «Verificar "
                                     "registro» o «reglamentos verify-record --ancla» detectan "
                                     "con ella un registro recortado o reescrito.")
        self.anchor_label.show()

    def rows(self) -> list[list[str]]:
        return [[self.tree.topLevelItem(i).text(c) for c in range(len(COLUMNS))]
                for i in range(self.tree.topLevelItemCount())]

    def verify(self) -> None:
        self.verify_button.setEnabled(False)
        Op(self._runner, parent=self,
           op=lambda svc: (svc.workflow.verify_record(),
                           len(svc.workflow.repository.audit_records())),
           success=lambda result: self.show_verification(*result)
           ).failure(self._verify_failed).run_in_background()

    def _verify_failed(self, exc: BaseException) -> None:
        self.verify_button.setEnabled(True)
        show_error(self, exc)

    def show_verification(self, problems: list[AuditProblem], count: int) -> None:
        self.verify_button.setEnabled(True)
        broken = {p.seq for p in problems}
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            brush = QBrush(BROKEN) if item.data(0, SEQ_ROLE) in broken else QBrush()
            for column in range(len(COLUMNS)):
                item.setBackground(column, brush)
        if problems:
            text = ("El registro del trámite fue alterado:\n"
                    + "\n".join(f"• {p.description}" for p in problems))
        else:
            text = (f"Registro íntegro: {count} asientos encadenados, ninguno modificado, "
                    "borrado, reordenado ni insertado.")
        self.result_label.setText(text)
        self.result_label.setStyleSheet(ERROR_STYLE if problems else OK_STYLE)
        self.result_label.show()


def _identity(record: AuditRecord) -> str:
    if record.data.get("identity") == "local":
        return "\nPerfil elegido en el equipo (identidad local)"
    return ""
