"""Spanish wording shared by the workflow widgets: record actions, dates, ages, roles.

Stage and transition labels come from the definition in use (an administrator may rename
them); the few record actions that are not transitions (observations, replies, a new
procedure) have their wording here.
"""

from __future__ import annotations

from datetime import datetime, timezone

from ...domain import plural
from ...domain.workflow import WorkflowDefinition

OTHER_ACTIONS = {
    "add_observation": "Observación",
    "observation_addressed": "Observación atendida",
    "observation_rejected": "Observación rechazada",
    "observation_open": "Observación reabierta",
    "observation_reply": "Respuesta a una observación",
    "change_workflow": "Cambio del procedimiento",
}


def action_label(definition: WorkflowDefinition, action: str) -> str:
    transition = definition.find_transition(action)
    if transition is not None:
        return transition.label
    return OTHER_ACTIONS.get(action, action)


def stage_label(definition: WorkflowDefinition, stage_id: str) -> str:
    if not stage_id:
        return "—"
    stage = definition.find_stage(stage_id)
    return stage.label if stage else stage_id


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


def days_text(days: int) -> str:
    """"hoy", "1 día", "3 días" (for "hace …" use ``plural.ago``)."""
    return "hoy" if days <= 0 else plural.days(days)


def roles_text(definition: WorkflowDefinition, roles: tuple[str, ...] | list[str]) -> str:
    return ", ".join(definition.role_label(r) for r in roles) or "—"
