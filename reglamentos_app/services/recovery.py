"""Draft recovery journal: the text typed since the last save survives a crash.

The project editor autosaves two seconds after the last change; a crash (or a killed program,
or a power cut) in those seconds would lose what was typed. So on every change the editor also
writes the whole draft of that regulation, atomically (``files.write_atomic``), to one small
JSON file per (database, project, regulation) in the user's data folder; a save that covers
that version deletes the file. At the next opening of the project, a journal whose draft
differs from the stored one is offered back ("texto sin guardar del 24/11 a las 10:32"); taking
it puts that draft into the editor as one undoable change, which the autosave then saves
through the usual merge (nothing of another writer is overwritten blindly). The file is local:
it never reaches the shared database, and it is keyed by a hash of the database URL so two
databases never mix.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..domain.provisions import Provision
from .files import write_atomic
from .merge import index, tree_from_payload, tree_payload

log = logging.getLogger(__name__)
FOLDER = "recuperacion"
FORMAT = 1


@dataclass(slots=True)
class RecoveredDraft:
    """An unsaved draft found at opening."""

    project_id: int
    uri: str
    written_at: datetime
    version: int          # the editor's version counter when it was written
    tree: Provision

    @property
    def label(self) -> str:
        return f"{self.written_at:%d/%m/%Y a las %H:%M:%S}"


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class RecoveryJournal:
    """The journal files of one database (see the module docstring)."""

    def __init__(self, folder: Path, db_url: str) -> None:
        self.folder = Path(folder)
        self.db_key = _key(db_url)

    def path(self, project_id: int, uri: str) -> Path:
        return self.folder / f"{self.db_key}-{project_id}-{_key(uri)}.json"

    def record(self, project_id: int, uri: str, version: int, tree: Provision) -> Path:
        """Write (replace) the unsaved draft; atomic, so a crash keeps the previous one."""
        data = {"format": FORMAT, "project_id": project_id, "uri": uri, "version": version,
                "written_at": datetime.now().isoformat(timespec="seconds"),
                **tree_payload(tree)}
        path = self.path(project_id, uri)
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        return path

    def discard(self, project_id: int, uri: str, version: int | None = None) -> None:
        """Remove the journal; with ``version``, only if it holds nothing newer than it."""
        path = self.path(project_id, uri)
        if version is not None:
            found = self._read(path)
            if found is not None and found.version > version:
                return  # typed after the snapshot that was saved: keep it
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass

    def pending(self, project_id: int, uri: str, stored: Provision | None = None
                ) -> RecoveredDraft | None:
        """The unsaved draft, if any (and if it differs from ``stored``, the saved draft)."""
        path = self.path(project_id, uri)
        found = self._read(path)
        if found is None:
            return None
        if stored is not None and index(found.tree) == index(stored):
            self.discard(project_id, uri)  # it was saved after all
            return None
        return found

    def _read(self, path: Path) -> RecoveredDraft | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                return None
            return RecoveredDraft(int(data["project_id"]), str(data["uri"]),
                                  datetime.fromisoformat(data["written_at"]),
                                  int(data["version"]), tree_from_payload(data))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            # Atomic writes never leave a torn file; anything unreadable is not ours to trust.
            log.warning("Diario de recuperación ilegible (%s): %s", path, exc)
            return None
