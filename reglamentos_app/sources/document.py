"""The result of parsing one document: header metadata, provision tree and import report."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..domain.gazette import GazetteReference
from ..domain.provisions import Provision, ProvisionKind
from ..domain.report import ImportReport


@dataclass(slots=True)
class ParsedDocument:
    """Everything an importer recovers from a source document."""

    title: str = ""
    publication_line: str = ""
    last_reform_line: str = ""
    header_notes: list[str] = field(default_factory=list)
    original_publication: GazetteReference | None = None
    last_reform: GazetteReference | None = None
    root: Provision = field(default_factory=lambda: Provision(ProvisionKind.ROOT))
    report: ImportReport = field(default_factory=ImportReport)
    source_text: str = ""  # the text that was parsed (kept for the review step's re-parse)
    # The version date the source itself states (our Akoma Ntoso's expression date); None:
    # the version starts with its last publication, as for any text.
    version_date: date | None = None

    def reforms(self) -> list[GazetteReference]:
        """Every reform publication cited in the document, oldest first, without repeats."""
        refs: dict[tuple, GazetteReference] = {}
        candidates = [self.last_reform] if self.last_reform else []
        for node in self.root.walk():
            candidates.extend(n.gazette for n in node.notes if n.gazette)
            if node.decree:
                candidates.append(node.decree)
        original_key = _key(self.original_publication) if self.original_publication else None
        for ref in candidates:
            if ref is None or not ref.date:
                continue
            key = _key(ref)
            if key != original_key and key not in refs:
                refs[key] = ref
        return sorted(refs.values(), key=lambda r: r.sort_key())

    def to_dict(self, *, with_ids: bool = False) -> dict:
        """Comparable form (used by the round-trip tests)."""
        return {
            "title": self.title,
            "publication_line": self.publication_line,
            "last_reform_line": self.last_reform_line,
            "header_notes": list(self.header_notes),
            "root": self.root.to_dict(with_ids=with_ids),
        }


def _key(ref: GazetteReference) -> tuple:
    return (ref.date, ref.number.lstrip("0"))
