"""The homologation matrix: a model's principles × instruments, computed without the database.

Composes ``review.homologation`` (placeholders, cells) with ``diffing.model_align`` (scores):
for each instrument the model's names are filled in, every principle is scored against every
article, the matches are assigned and each cell classified. ``Matrix`` carries the counts per
instrument and per principle the GUI, the CLI and the exports show, and filters by status.
The service (``services.homologation``) loads the model, the corpus and the corrections and
calls ``compute_matrix``; the benchmark calls it directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..diffing.model_align import heading_scores, text_scores
from ..review.homologation import (
    THRESHOLD, Cell, CellStatus, HomologationModel, NameChoice, Scored, assign, body_text, detect_names,
    fill, heading_key, heading_score, instrument_articles, make_cell, matter_keys, name_values,
)
from ..review.model import CorpusEntry

__all__ = ["InstrumentColumn", "Matrix", "compute_matrix"]


@dataclass(slots=True)
class InstrumentColumn:
    """An instrument of the matrix and the names the model takes in it."""

    uri: str
    title: str
    names: dict[str, NameChoice] = field(default_factory=dict)


@dataclass(slots=True)
class Matrix:
    """Cells by (instrument URI, model key), with counts and filters."""

    model: HomologationModel
    instruments: list[InstrumentColumn]
    cells: dict[tuple[str, str], Cell]

    def cell(self, uri: str, model_key: str) -> Cell:
        return self.cells[(uri, model_key)]

    def rows(self) -> list[tuple[str, str]]:
        """(key, label) of each principle, in the model's order."""
        return [(p.key, p.label) for p in self.model.provisions]

    def counts_by_instrument(self) -> dict[str, dict[CellStatus, int]]:
        out = {c.uri: dict.fromkeys(CellStatus, 0) for c in self.instruments}
        for (uri, _key), cell in self.cells.items():
            out[uri][cell.status] += 1
        return out

    def counts_by_principle(self) -> dict[str, dict[CellStatus, int]]:
        out = {p.key: dict.fromkeys(CellStatus, 0) for p in self.model.provisions}
        for (_uri, key), cell in self.cells.items():
            out[key][cell.status] += 1
        return out

    def filtered(self, statuses: Iterable[CellStatus] | None = None,
                 uris: Iterable[str] | None = None,
                 keys: Iterable[str] | None = None) -> list[Cell]:
        """Cells in row-major order (principle, then instrument) that pass the filters."""
        statuses = set(statuses) if statuses else None
        uris = set(uris) if uris else None
        keys = set(keys) if keys else None
        out = []
        for provision in self.model.provisions:
            if keys is not None and provision.key not in keys:
                continue
            for column in self.instruments:
                if uris is not None and column.uri not in uris:
                    continue
                cell = self.cells[(column.uri, provision.key)]
                if statuses is None or cell.status in statuses:
                    out.append(cell)
        return out

    def title_of(self, uri: str) -> str:
        return next((c.title for c in self.instruments if c.uri == uri), uri)

    def provision(self, key: str):
        return next(p for p in self.model.provisions if p.key == key)


def _candidates(matters, heading: str, articles, keys, fuzzy, texts) -> list[Scored]:
    """The articles that may regulate one principle (score from ``THRESHOLD`` up).

    Most pairs are far from a match; only those that can reach the threshold become
    ``Scored`` objects, which keeps the 30 × 40 matrix within its time budget.
    """
    out = []
    for j, article in enumerate(articles):
        text = texts[j]
        if text < THRESHOLD and text + 100 < 2 * THRESHOLD:
            continue  # not even a heading naming the matter could lift it
        score = Scored(j, heading_score(matters, heading, article.heading, keys[j], fuzzy[j]),
                       text)
        if score.score >= THRESHOLD:
            out.append(score)
    return out


def compute_matrix(model: HomologationModel, entries: Sequence[CorpusEntry], *,
                   corrections: dict[tuple[str, str], tuple[list[str], str]] | None = None,
                   names: dict[str, dict[str, str]] | None = None) -> Matrix:
    """The matrix of ``model`` against ``entries``.

    ``corrections`` maps (URI, model key) to (the pids the user chose — empty: «falta» — and a
    note such as «Corregido por Ana el 05/12/2026»); ``names`` maps URI to the user's wording
    for some placeholders. Both win over what the program finds.
    """
    corrections = corrections or {}
    names = names or {}
    columns, cells = [], {}
    # What does not depend on the instrument, once: the model's texts and matter keys.
    raw_bodies = [body_text(p.node) for p in model.provisions]
    matters = [matter_keys(p) for p in model.provisions]
    for entry in entries:
        choices = detect_names(model, entry.root, names.get(entry.uri))
        values = name_values(choices)
        columns.append(InstrumentColumn(entry.uri, entry.title, choices))
        articles = instrument_articles(entry)
        bodies = [fill(text, values) for text in raw_bodies]
        headings = [fill(p.heading, values) for p in model.provisions]
        texts = text_scores(bodies, [body_text(a) for a in articles])
        fuzzy = heading_scores(headings, [a.heading for a in articles])
        keys = [heading_key(a.heading) for a in articles]
        scores = [_candidates(matters[i], headings[i], articles, keys, fuzzy[i], texts[i])
                  for i in range(len(model.provisions))]
        for provision, body, matched in zip(model.provisions, bodies, assign(scores)):
            chosen = corrections.get((entry.uri, provision.key))
            if chosen is not None:
                cell = make_cell(provision, entry.uri, body, articles, [],
                                 corrected_pids=chosen[0], correction_note=chosen[1])
            else:
                cell = make_cell(provision, entry.uri, body, articles, matched)
            cells[(entry.uri, provision.key)] = cell
    return Matrix(model, columns, cells)
