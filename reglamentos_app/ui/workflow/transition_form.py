"""The form of one transition, generated from its ``FieldSpec`` data.

Each declared field gets the input of its type (``fields``), required ones marked with an
asterisk; a comment for the record is always offered. "Comprobar" asks the service which guards
would refuse the data now (quorum, open observations, approved text…) and lists the reasons in
the form; "Registrar" takes the transition. A refusal (``TransitionRefused``, a stage changed
by someone else, any ``ReglamentosError``) is shown inside the form in Spanish and nothing
typed is lost; only success closes it and emits ``sig_done`` with the new audit record.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QPlainTextEdit, QPushButton, QScrollArea,
    QVBoxLayout, QWidget,
)

from ...domain.errors import ReglamentosError
from ...domain.workflow import Transition, TransitionRefused, UserProfile
from ...domain.workflow_default import OVERRIDE_REASON_FIELD
from ..errors import show_error
from ..layout import fit_to_screen
from ..ops import Op, OpRunner
from .fields import FieldInput, input_for

ERROR_STYLE = "background:#fdecea; color:#7a1c12; padding:6px; border:1px solid #e0a39b;"
OK_STYLE = "background:#e8f5e9; color:#1b5e20; padding:6px; border:1px solid #a5d6a7;"
NOTICE_STYLE = "background:#fff3cd; color:#5c4400; padding:6px; border:1px solid #e0c36a;"
ALL_CLEAR = "Todo en orden: la acción puede registrarse."
FORM_MIN_WIDTH = 560
LABEL_WRAP_CHARS = 26


class TransitionForm(QDialog):
    """Inputs for ``transition`` (see the module docstring)."""

    sig_done = Signal(object)   # the AuditRecord written

    def __init__(self, runner: OpRunner, project_id: int, transition: Transition,
                 user: UserProfile, *, open_observations: int = 0,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.project_id = project_id
        self.transition = transition
        self.user = user
        self.setWindowTitle(transition.label)
        self.setMinimumWidth(FORM_MIN_WIDTH)
        self.inputs: dict[str, FieldInput] = {}
        self._build(open_observations)
        self.load_advice()

    def _build(self, open_observations: int) -> None:
        heading = QLabel(f"<b>{escape(self.transition.label)}</b>")
        heading.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        if self.transition.description:
            layout.addWidget(_wrapped(self.transition.description))
        self.notice_label = _wrapped("", NOTICE_STYLE)
        if open_observations and ("observations_resolved" in self.transition.guards
                                  or self.transition.field(OVERRIDE_REASON_FIELD)):
            self.notice_label.setText(_override_hint(self.transition, open_observations))
        self.notice_label.setVisible(bool(self.notice_label.text()))
        layout.addWidget(self.notice_label)
        # Advice (e.g. citations the reform breaks) never blocks: it is read, then decided on.
        self.advice_label = _wrapped("", NOTICE_STYLE)
        self.advice_label.hide()
        layout.addWidget(self.advice_label)
        form = QFormLayout()
        for spec in self.transition.fields:
            field_input = input_for(spec)
            self.inputs[spec.name] = field_input
            label = QLabel(spec.label + (" *" if spec.required else ""))
            label.setWordWrap(len(label.text()) > LABEL_WRAP_CHARS)  # short labels stay whole
            form.addRow(label, field_input)
        self.comment_edit = QPlainTextEdit()
        self.comment_edit.setFixedHeight(56)
        self.comment_edit.setPlaceholderText("Opcional: queda en el registro del trámite")
        form.addRow("Comentario", self.comment_edit)
        holder = QWidget()
        holder.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        self.scroll = scroll
        layout.addWidget(scroll, 1)
        if any(s.required for s in self.transition.fields):
            layout.addWidget(_wrapped("* dato obligatorio"))
        self.message_label = _wrapped("")
        self.message_label.hide()
        layout.addWidget(self.message_label)
        self.buttons = QDialogButtonBox()
        self.check_button = QPushButton("Comprobar")
        self.check_button.setToolTip("Comprobar los datos y las condiciones sin registrar nada")
        self.ok_button = self.buttons.addButton("Registrar",
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.check_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton("Cancelar", QDialogButtonBox.ButtonRole.RejectRole)
        self.check_button.clicked.connect(self.check)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._size_to_content(holder)

    def _size_to_content(self, holder: QWidget) -> None:
        """Open at the size of the fields: no horizontal scroll bar, no clipped label, the
        vote column in view; a vertical scroll bar only when the screen is too short."""
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        hint = holder.sizeHint()
        bar = self.scroll.verticalScrollBar().sizeHint().width()
        self.scroll.setMinimumWidth(hint.width() + bar + 2 * self.scroll.frameWidth())
        self.scroll.setMinimumHeight(min(hint.height(), 240) + 2 * self.scroll.frameWidth())
        extra = max(0, hint.height() - self.scroll.minimumHeight())
        fit_to_screen(self, max(FORM_MIN_WIDTH, self.sizeHint().width()),
                      self.sizeHint().height() + extra + 2 * self.scroll.frameWidth())

    def load_advice(self) -> None:
        """Ask the service, in the background, what is worth reading before this step."""
        tid, pid = self.transition.id, self.project_id
        Op(self._runner, parent=self, op=lambda svc: svc.workflow.advice(pid, tid),
           success=self.show_advice
           ).failure(lambda _exc: None  # advice is optional: a failure must not block the step
                     ).run_in_background()

    def show_advice(self, advice: list[str]) -> None:
        if not advice:
            self.advice_label.hide()
            return
        self.advice_label.setText("Antes de continuar, revise:\n"
                                  + "\n".join(f"• {item}" for item in advice))
        self.advice_label.show()

    # -- data -------------------------------------------------------------------------------
    def data(self) -> dict[str, Any]:
        values = {name: field_input.value() for name, field_input in self.inputs.items()}
        return {name: value for name, value in values.items() if value is not None}

    @property
    def comment(self) -> str:
        return self.comment_edit.toPlainText().strip()

    def show_messages(self, messages: list[str], *, ok: bool = False) -> None:
        if ok:
            text = ALL_CLEAR
        else:
            text = "No se puede registrar todavía:\n" + "\n".join(f"• {m}" for m in messages)
        self.message_label.setText(text)
        self.message_label.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.message_label.show()

    # -- actions ----------------------------------------------------------------------------
    def check(self) -> None:
        data, tid, user, pid = self.data(), self.transition.id, self.user, self.project_id
        Op(self._runner, parent=self, op=lambda svc: svc.workflow.check(pid, tid, user, data),
           success=lambda messages: self.show_messages(messages, ok=not messages)
           ).failure(self._failed).run_in_background()

    def accept(self) -> None:
        data, tid, user, pid = self.data(), self.transition.id, self.user, self.project_id
        comment = self.comment
        self.ok_button.setEnabled(False)   # one click, one record
        Op(self._runner, parent=self,
           op=lambda svc: svc.workflow.advance(pid, tid, user, data, comment),
           success=self._done).failure(self._failed).run_in_background()

    def _done(self, record: Any) -> None:
        self.ok_button.setEnabled(True)
        self.sig_done.emit(record)
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        if isinstance(exc, TransitionRefused):
            self.show_messages(exc.messages)
        elif isinstance(exc, ReglamentosError):
            self.show_messages([exc.user_message])
        else:
            show_error(self, exc)


def _wrapped(text: str, style: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if style:
        label.setStyleSheet(style)
    return label


def _override_hint(transition: Transition, count: int) -> str:
    many = "observaciones abiertas" if count != 1 else "observación abierta"
    them = "atenderlas" if count != 1 else "atenderla"
    reason = transition.field(OVERRIDE_REASON_FIELD)   # the field the guard reads
    if reason is None:
        return f"Hay {count} {many} de la Sindicatura: atiéndalas antes de continuar."
    return (f"Hay {count} {many} de la Sindicatura. Para continuar sin {them} escriba el "
            f"motivo en «{reason.label}»; quedará en el registro.")
