"""Plain data shared by the redline writer and reader: the export's identity and its errors.

``RedlineMeta`` is what the writer stores in the document's custom properties (project,
each target's draft revision, drafter, date) so that the reader can check that a returned
file belongs to this project and was made from the draft revision still stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ...domain.errors import ImportFailed

FORMAT_TAG = "reglamentos-redline-1"


class RedlineRejected(ImportFailed):
    """A returned redline that cannot be read (not a .docx, hostile, damaged, foreign)."""

    default_message = "No se pudo leer el redline devuelto."


@dataclass(slots=True)
class RedlineMeta:
    """The identity of one export (stored as custom document properties)."""

    project_id: int
    project_title: str
    author: str
    date: datetime
    revisions: dict[str, int] = field(default_factory=dict)  # target URI -> draft revision
    fmt: str = FORMAT_TAG
