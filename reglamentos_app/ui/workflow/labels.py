"""Spanish wording shared by the workflow widgets: record actions, dates, ages, roles.

Stage and transition labels come from the definition in use (an administrator may rename
them); the record's wording (actions that are not transitions, local time, the data of each
act) is ``domain.minutes``, shared with the CLI.
"""

from __future__ import annotations

from ...domain import plural
from ...domain.minutes import (  # noqa: F401  (the widgets' names for the shared wording)
    OTHER_ACTIONS, action_label, data_lines, local_time, stage_label,
)
from ...domain.workflow import WorkflowDefinition


def days_text(days: int) -> str:
    """"hoy", "1 día", "3 días" (for "hace …" use ``plural.ago``)."""
    return "hoy" if days <= 0 else plural.days(days)


def roles_text(definition: WorkflowDefinition, roles: tuple[str, ...] | list[str]) -> str:
    return ", ".join(definition.role_label(r) for r in roles) or "—"
