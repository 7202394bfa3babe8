"""Observations of the Sindicatura on a reform draft, anchored to the provision they concern.

An ``Observation`` points at a provision by its permanent id (``pid``) and, optionally, at a span
(start, end) of that provision's own text; it keeps the words it quoted and the draft revision it
was made on, because the drafter goes on editing. ``reanchor`` finds the quoted words again when
they moved (the occurrence nearest the old place, tolerating changes in spacing), and
``observation_is_stale`` is true when they are gone, so the screen can warn "El texto cambió desde
la observación.". Closing an observation as atendida or rechazada, or reopening it, always
carries a reply, so the exchange between the offices stays on record. Who may do what at each
stage is decided by ``workflow.can`` (the services check it), not here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import Enum
from typing import Any

from .errors import ValidationError

STALE_MESSAGE = "El texto cambió desde la observación."


class ObservationError(ValidationError):
    """An observation or a reply that breaks a rule (no text, a bad span, a wrong status)."""

    default_message = "La observación no es válida."


class ObservationStatus(str, Enum):
    OPEN = "open"
    ADDRESSED = "addressed"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return {ObservationStatus.OPEN: "abierta", ObservationStatus.ADDRESSED: "atendida",
                ObservationStatus.REJECTED: "rechazada"}[self]


def _role_id(role: Any) -> str:
    return role.value if isinstance(role, Enum) else str(role)


@dataclass(slots=True)
class Reply:
    """An answer in an observation's thread."""

    author: str
    role: str
    created_at: datetime
    text: str

    def __post_init__(self) -> None:
        self.role = _role_id(self.role)
        if not self.text.strip():
            raise ObservationError("La respuesta no tiene texto.")


@dataclass(slots=True)
class Observation:
    """An observation on one provision of one regulation of a project (see the module doc)."""

    id: int | str | None
    project_id: int | str | None
    regulation_uri: str
    pid: str
    span: tuple[int, int] | None
    quoted_text: str
    draft_revision: int
    author: str
    role: str
    created_at: datetime
    text: str
    status: ObservationStatus = ObservationStatus.OPEN
    replies: list[Reply] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.role = _role_id(self.role)
        self.status = ObservationStatus(_role_id(self.status))
        if not self.text.strip():
            raise ObservationError("La observación no tiene texto.")
        if self.span is not None:
            self.span = _checked_span(self.span)

    @property
    def is_open(self) -> bool:
        return self.status is ObservationStatus.OPEN

    def add_reply(self, reply: Reply) -> None:
        self.replies.append(reply)

    def close(self, status: ObservationStatus, reply: Reply) -> None:
        """Mark as atendida or rechazada; the reply says how it was addressed, or why not."""
        status = ObservationStatus(_role_id(status))
        if status is ObservationStatus.OPEN:
            raise ObservationError("Para reabrir una observación use «Reabrir».")
        if not self.is_open:
            raise ObservationError(f"La observación ya está {self.status.label}.")
        self.status = status
        self.replies.append(reply)

    def reopen(self, reply: Reply) -> None:
        if self.is_open:
            raise ObservationError("La observación ya está abierta.")
        self.status = ObservationStatus.OPEN
        self.replies.append(reply)


def _checked_span(span: Iterable[int]) -> tuple[int, int]:
    start, end = (int(v) for v in span)
    if start < 0 or end < start:
        raise ObservationError(f"El fragmento señalado ({start}, {end}) no es válido.")
    return start, end


# ---------------------------------------------------------------------------------------------
# Anchoring
# ---------------------------------------------------------------------------------------------

def _spacing_tolerant(quoted: str) -> re.Pattern[str] | None:
    words = quoted.split()
    return re.compile(r"\s+".join(re.escape(w) for w in words)) if words else None


def find_quote(quoted: str, text: str, near: int = 0) -> tuple[int, int] | None:
    """Span of ``quoted`` in ``text``, the occurrence nearest ``near``; None when absent.

    Exact occurrences win; otherwise differences in spacing are tolerated, because re-wrapping a
    line does not change what the observation is about.
    """
    if not quoted:
        return None
    spans = [(m.start(), m.start() + len(quoted))
             for m in re.finditer(re.escape(quoted), text)]
    if not spans:
        pattern = _spacing_tolerant(quoted)
        spans = [m.span() for m in pattern.finditer(text)] if pattern else []
    return min(spans, key=lambda s: (abs(s[0] - near), s[0])) if spans else None


def reanchor(observation: Observation, current_text: str) -> tuple[int, int] | None:
    """Where the observation's quoted words are now; None when they are gone (or never quoted)."""
    span = observation.span
    if span and current_text[span[0]:span[1]] == observation.quoted_text:
        return span
    return find_quote(observation.quoted_text, current_text, span[0] if span else 0)


def observation_is_stale(observation: Observation, current_text: str) -> bool:
    """True when the quoted words no longer appear in the provision's current text.

    An observation without a quote concerns the whole provision and never goes stale this way.
    """
    return bool(observation.quoted_text) and reanchor(observation, current_text) is None


def stale_notice(observation: Observation, current_text: str) -> str | None:
    """``STALE_MESSAGE`` for the screen, or None when the quote is still there."""
    return STALE_MESSAGE if observation_is_stale(observation, current_text) else None


def reanchored(observation: Observation, current_text: str) -> Observation:
    """A copy whose span follows the quote; unchanged when the quote is gone (stale)."""
    span = reanchor(observation, current_text)
    if span is None or span == observation.span:
        return replace(observation, replies=list(observation.replies))
    return replace(observation, span=span, replies=list(observation.replies))


def count_open(observations: Iterable[Observation]) -> int:
    """Open observations: the number ``WorkflowContext.open_observations`` expects."""
    return sum(1 for o in observations if o.is_open)


# ---------------------------------------------------------------------------------------------
# Plain data
# ---------------------------------------------------------------------------------------------

def _reply_to_dict(reply: Reply) -> dict[str, Any]:
    return {"author": reply.author, "role": reply.role,
            "created_at": reply.created_at.isoformat(), "text": reply.text}


def observation_to_dict(o: Observation) -> dict[str, Any]:
    """Plain-data form (for JSON and the database)."""
    return {"id": o.id, "project_id": o.project_id, "regulation_uri": o.regulation_uri,
            "pid": o.pid, "span": list(o.span) if o.span else None,
            "quoted_text": o.quoted_text, "draft_revision": o.draft_revision,
            "author": o.author, "role": o.role, "created_at": o.created_at.isoformat(),
            "text": o.text, "status": o.status.value,
            "replies": [_reply_to_dict(r) for r in o.replies]}


def observation_from_dict(data: Mapping[str, Any]) -> Observation:
    """Inverse of ``observation_to_dict``."""
    span = data.get("span")
    return Observation(
        id=data.get("id"), project_id=data.get("project_id"),
        regulation_uri=data["regulation_uri"], pid=data["pid"],
        span=tuple(span) if span else None, quoted_text=data.get("quoted_text", ""),
        draft_revision=int(data.get("draft_revision", 0)), author=data["author"],
        role=data["role"], created_at=datetime.fromisoformat(data["created_at"]),
        text=data["text"], status=ObservationStatus(data.get("status", "open")),
        replies=[Reply(r["author"], r["role"], datetime.fromisoformat(r["created_at"]), r["text"])
                 for r in data.get("replies", ())])
