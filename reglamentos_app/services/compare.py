"""Compare any two texts: versions of one regulation, two regulations, or files on disk.

A side is written as a URI (the newest version), ``URI@AAAA-MM-DD`` (the version in force on
that date) or the path of a file, which is read and parsed on the fly without being stored.
Comparing a repealed regulation with its replacement works the same way: with no permanent
ids in common, the alignment pairs provisions by number and then by text similarity.
"""

from __future__ import annotations

from pathlib import Path

from ..domain.errors import ValidationError
from ..domain.ids import RegulationUri
from ..domain.provisions import Provision, assign_eids, ensure_pids
from ..sources import load_document
from .corpus import CorpusService
from .projects import Comparison, compare_trees


class CompareService:
    """``compare(a, b)`` over the corpus and the file system (see the module docstring)."""

    def __init__(self, corpus: CorpusService) -> None:
        self.corpus = corpus

    def resolve(self, spec: str) -> tuple[Provision, str, str]:
        """(tree, label, uri) for one side of a comparison."""
        spec = spec.strip()
        path = Path(spec)
        if not spec.startswith("/mx-") and path.exists():
            root = load_document(path).doc.root
            ensure_pids(root)
            assign_eids(root)
            return root, path.name, ""
        if not spec.startswith("/"):
            raise ValidationError(f"«{spec}» no es un archivo ni una URI de reglamento "
                                  "(por ejemplo /mx-bc-mxl/reglamento/1996/panteones@2020-01-31).")
        uri = RegulationUri.parse(spec)
        when = uri.expression_date
        work = str(uri.work())
        expression = self.corpus.get_text(work, when)
        title = self.corpus.get_regulation(work).title
        label = f"{title} ({expression.valid_from:%d/%m/%Y})" if expression.valid_from else title
        return expression.root, label, work

    def compare(self, a: str, b: str) -> Comparison:
        base, base_label, base_uri = self.resolve(a)
        draft, draft_label, draft_uri = self.resolve(b)
        comparison = compare_trees(base, draft, base_uri or draft_uri)
        comparison.base_label, comparison.draft_label = base_label, draft_label
        if base_uri and draft_uri and base_uri != draft_uri:
            # Two regulations are not two versions of one: their differences are no reform.
            comparison.warning = (
                "Se comparan dos reglamentos distintos; las diferencias no son operaciones de "
                "reforma (para sustituir uno por otro, use un proyecto de abrogación y "
                "expedición).")
        return comparison
