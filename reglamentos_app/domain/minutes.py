"""The procedure's record as a clerk's minutes: Spanish names, local time, the data of each act.

Every act of the record (``audit.AuditRecord``) is written here in the words a municipal clerk
uses: the transition's label from the definition in use (an administrator may rename it), the
acts that are not transitions (observations, replies, a Word redline, a new procedure) by
their Spanish name, the stages by their labels, the moment in the computer's time zone, and the
data by the labels of the fields that recorded them — dates in words, choices by their
label, a commission's votes member by member with the tally. The GUI timeline and the CLI
(``workflow timeline``) read the same text, so neither shows an internal id.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timezone
from typing import Any

from .audit import AuditRecord
from .gazette import format_long_date
from .workflow import VOTE_LABELS, FieldSpec, FieldType, WorkflowDefinition

OTHER_ACTIONS = {
    "add_observation": "Observación de la Sindicatura",
    "observation_addressed": "Observación atendida",
    "observation_rejected": "Observación rechazada",
    "observation_open": "Observación reabierta",
    "observation_reply": "Respuesta a una observación",
    "import_redline": "Importación del redline revisado en Word",
    "change_workflow": "Cambio del procedimiento",
    "manage_users": "Administración de usuarios",
}
# Data every record carries for the chain's sake; the minutes name them elsewhere (the office
# beside the person) or not at all.
HIDDEN_DATA = ("identity", "office", "login")
# Data recorded by acts that are not transitions (no field definition to take a label from).
DATA_LABELS = {
    "source": "Origen", "word_author": "Autor en Word", "accepted": "Cambios aceptados",
    "rejected": "Cambios rechazados", "pending": "Cambios pendientes",
    "observations": "Observaciones", "file": "Archivo", "revision": "Revisión del borrador",
}


def action_label(definition: WorkflowDefinition, action: str) -> str:
    """"Presentar ante la Secretaría del Ayuntamiento", "Observación atendida"…"""
    transition = definition.find_transition(action)
    if transition is not None:
        return transition.label
    if action in OTHER_ACTIONS:
        return OTHER_ACTIONS[action]
    return "Acto sin nombre en el procedimiento: " + action.replace("_", " ")


def stage_label(definition: WorkflowDefinition, stage_id: str) -> str:
    if not stage_id:
        return "—"
    stage = definition.find_stage(stage_id)
    return stage.label if stage else stage_id.replace("_", " ")


def local_time(moment: datetime | str | None) -> str:
    """"24/11/2026 13:05" in the computer's time zone (records are stored in UTC)."""
    if moment is None or moment == "":
        return "—"
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment.replace("Z", "+00:00"))
        except ValueError:
            return moment
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")


def _votes_text(votes: Mapping[str, str]) -> str:
    members = "; ".join(f"{name}: {VOTE_LABELS.get(vote, vote)}" for name, vote in votes.items())
    values = list(votes.values())
    tally = (f"{values.count('for')} a favor, {values.count('against')} en contra, "
             f"{values.count('abstention')} abstenciones, {values.count('absent')} ausentes")
    return f"{members} ({tally})"


def _value_text(spec: FieldSpec | None, value: Any) -> str:
    if spec is not None and spec.type is FieldType.DATE and isinstance(value, str):
        try:
            return format_long_date(date.fromisoformat(value))
        except ValueError:
            return value
    if spec is not None and spec.type is FieldType.CHOICE:
        return next((c.label for c in spec.choices if c.value == value), str(value))
    if spec is not None and spec.type is FieldType.VOTES and isinstance(value, Mapping):
        return _votes_text(value)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def data_lines(definition: WorkflowDefinition, record: AuditRecord) -> list[str]:
    """"Folio: SA-1", "Fecha de presentación: 1 de marzo de 2025"… in the field order."""
    transition = definition.find_transition(record.action)
    data = {k: v for k, v in record.data.items() if k not in HIDDEN_DATA}
    lines = []
    if transition is not None:
        for spec in transition.fields:
            if spec.name in data:
                lines.append(f"{spec.label}: {_value_text(spec, data.pop(spec.name))}")
    for key, value in data.items():
        lines.append(f"{DATA_LABELS.get(key, key.replace('_', ' ').capitalize())}: "
                     f"{_value_text(None, value)}")
    return lines


def minutes_line(definition: WorkflowDefinition, record: AuditRecord) -> str:
    """One act as a line of minutes: when, who (role, office), what, where it led, the data."""
    office = record.data.get("office", "")
    who = f"{record.actor} ({definition.role_label(record.role)}" + (
        f", {office})" if office else ")")
    parts = [f"{record.seq}.", local_time(record.at), who, action_label(definition, record.action)]
    if record.stage_to:
        parts.append(f"{stage_label(definition, record.stage_from)} → "
                     f"{stage_label(definition, record.stage_to)}")
    details = data_lines(definition, record)
    if record.comment:
        details.append(f"Comentario: {record.comment}")
    line = " · ".join(parts)
    return line + ("\n    " + "\n    ".join(details) if details else "")
