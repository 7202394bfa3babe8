"""Import reports: what the importer could not place, with source line numbers.

Structural warnings mean the tree may be wrong (a line attached to the nearest provision, a
number out of sequence, a duplicated article); metadata warnings concern the header and the
gazette references (an implausible tome, an unreadable date). The user reads both in the GUI
and the CLI; the sample corpus must import with no structural warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from .provisions import Provision, ProvisionStatus


class WarningKind(str, Enum):
    STRUCTURE = "structure"
    METADATA = "metadata"

    @property
    def label(self) -> str:
        return "Estructura" if self is WarningKind.STRUCTURE else "Datos de publicación"


@dataclass(frozen=True, slots=True)
class ImportWarning:
    """One warning: the source line (1-based, 0 if none), its kind and a Spanish message."""

    line: int
    kind: WarningKind
    message: str

    def format(self) -> str:
        where = f"línea {self.line}: " if self.line else ""
        return f"{where}{self.message}"


class Correction(str, Enum):
    """What the user says a mis-detected source line really is (the review step)."""

    CONTINUATION = "continuation"  # text that continues the previous line, not a new provision
    NEW_PARAGRAPH = "new_paragraph"  # a párrafo of its own, not a continuation nor a provision
    OMIT = "omit"  # page furniture the automatic repairs missed

    @property
    def label(self) -> str:
        return {"continuation": "Continúa la línea anterior", "new_paragraph": "Párrafo nuevo",
                "omit": "Omitir (encabezado o pie de página)"}[self.value]


# Counted kinds, in the order the report shows them, with their Spanish plural.
COUNT_LABELS = {
    "title": "Títulos", "chapter": "Capítulos", "section": "Secciones", "article": "Artículos",
    "clause": "Fracciones", "item": "Incisos", "transitional": "Transitorios",
    "repealed": "Disposiciones derogadas", "notes": "Notas de reforma",
}


@dataclass(slots=True)
class ImportReport:
    """Everything the user should know about one import: warnings in source order, what
    was found (counts), what was removed as page furniture and the user's corrections."""

    source_name: str = ""
    warnings: list[ImportWarning] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    removed: list[tuple[int, str]] = field(default_factory=list)
    corrections: dict[int, Correction] = field(default_factory=dict)

    def warn(self, line: int, message: str, kind: WarningKind = WarningKind.STRUCTURE) -> None:
        self.warnings.append(ImportWarning(line, kind, message))

    @property
    def structural(self) -> list[ImportWarning]:
        return [w for w in self.warnings if w.kind is WarningKind.STRUCTURE]

    def summary(self) -> str:
        """One Spanish line: "Artículos: 47 · Fracciones: 120 · …"."""
        return " · ".join(f"{COUNT_LABELS[k]}: {self.counts[k]}" for k in COUNT_LABELS
                          if self.counts.get(k))

    def to_list(self) -> list[dict]:
        return [{"line": w.line, "kind": w.kind.value, "message": w.message} for w in self.warnings]

    def to_json(self) -> dict:
        return {"warnings": self.to_list(), "counts": dict(self.counts),
                "removed": [[n, t] for n, t in self.removed],
                "corrections": {str(n): c.value for n, c in self.corrections.items()}}

    @classmethod
    def from_json(cls, source_name: str, data) -> ImportReport:
        """Read ``to_json`` output (or the bare warning list of earlier versions)."""
        if isinstance(data, list):
            data = {"warnings": data}
        data = data or {}
        return cls(
            source_name,
            [ImportWarning(int(r["line"]), WarningKind(r["kind"]), str(r["message"]))
             for r in data.get("warnings", [])],
            {str(k): int(v) for k, v in data.get("counts", {}).items()},
            [(int(n), str(t)) for n, t in data.get("removed", [])],
            {int(n): Correction(c) for n, c in data.get("corrections", {}).items()},
        )

    @classmethod
    def from_list(cls, source_name: str, rows: list[dict]) -> ImportReport:
        return cls.from_json(source_name, rows)


def count_provisions(root: Provision) -> dict[str, int]:
    """What an import found: nodes by kind, derogated ones and reform notes (``counts``)."""
    counts: dict[str, int] = {}
    for node in root.walk():
        counts[node.kind.value] = counts.get(node.kind.value, 0) + 1
        if node.status is ProvisionStatus.REPEALED:
            counts["repealed"] = counts.get("repealed", 0) + 1
        if node.notes:
            counts["notes"] = counts.get("notes", 0) + len(node.notes)
    counts.pop("root", None)
    return counts
