"""Round trip: text → tree → canonical text → tree gives the same tree, for every corpus file."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reglamentos_app.sources import parse_text, unparse
from tests.conftest import corpus_files
from tests.fixtures_text import SMALL


def assert_round_trip(text: str) -> None:
    first = parse_text(text)
    canonical = unparse(first)
    second = parse_text(canonical)
    assert second.to_dict() == first.to_dict()
    assert unparse(second) == canonical  # canonical text is a fixed point


def test_round_trip_small():
    assert_round_trip(SMALL)


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_round_trip_corpus_file(path):
    assert_round_trip(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_corpus_file_has_no_structural_warnings(path):
    doc = parse_text(path.read_text(encoding="utf-8"), path.name)
    assert [w.format() for w in doc.report.structural] == []
    assert 10 <= sum(1 for _ in doc.root.articles()) <= 150  # acuerdos de creación are short
    assert "muestra" in " ".join(doc.header_notes).lower()


_LINES = [
    "ARTÍCULO 1.- Texto.", "ARTICULO 2o.- Objeto.- Texto", "I.- Uno;", "II.- Dos", "a) a",
    "b) b", "C) c", "1.- n", "TRANSITORIOS", "PRIMERO.- Vigor.", "CAPÍTULO I", "TÍTULO ÚNICO",
    "(Reformado, P.O. No. 1, 1 de enero de 2000)", "[N. DE E. nota]", "", "", "texto libre",
    "ARTÍCULO 3.- Fue reformado por Acuerdo; para quedar vigente como sigue:", "(Del Acuerdo)",
    "SECCIÓN II", "XIII BIS.- x", "Derogado.", "ÚNICO.- Único.",
]


@settings(max_examples=int(__import__("os").environ.get("HYPOTHESIS_EXAMPLES", "300")), deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_LINES), st.text(max_size=40)), max_size=40))
def test_random_input_never_crashes_and_round_trips(lines):
    text = "\n".join(lines)
    doc = parse_text(text)
    again = parse_text(unparse(doc))
    assert again.to_dict()["root"] == doc.to_dict()["root"]


def test_shuffled_corpus_lines_never_crash():
    rng = random.Random(20261124)
    lines = [ln for p in corpus_files()[:3] for ln in p.read_text(encoding="utf-8").splitlines()]
    for _ in range(20):
        rng.shuffle(lines)
        parse_text("\n".join(lines[:400]))


def test_a_note_between_a_provision_and_a_line_stops_the_wrap():
    """Found by the property test: after an inciso's reform note, a new line starts anew both
    with and without blank lines between (the canonical text has them)."""
    lines = ["ARTÍCULO 1.- Texto.", "a) a", "(Reformado, P.O. No. 1, 1 de enero de 2000)", ":"]
    tight = parse_text("\n".join(lines))
    spaced = parse_text("\n\n".join(lines))
    assert tight.to_dict()["root"] == spaced.to_dict()["root"]
    assert parse_text(unparse(tight)).to_dict()["root"] == tight.to_dict()["root"]
