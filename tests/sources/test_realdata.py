"""Acceptance on real official texts from ../shared/realdata (skipped when absent).

Expected figures were established by reading the documents: the Guadalajara police
regulation numbers its articles 1 to 196 plus Bis/Ter ones (206 article labels at line start)
and has 16 transitorios blocks; the Mexico City law has articles 1 to 45 plus Bis/Ter ones (48 labels) and 5 blocks.
"""

import re

import pytest

from reglamentos_app.domain.provisions import ProvisionKind
from reglamentos_app.sources import parse_text, read_text_file, unparse
from tests.conftest import REALDATA

TEXT = REALDATA / "text"
pytestmark = pytest.mark.skipif(not TEXT.is_dir(), reason="../shared/realdata no está disponible")
PAGE_FURNITURE = re.compile(r"(?:^|\s)(?:P[áa]gina\s+\d+(?:\s+de\s+\d+)?)(?:\s|$)", re.IGNORECASE)


def _parse(name):
    text, _ = read_text_file(TEXT / name)
    return text, parse_text(text, name)


def _labels(text: str) -> list[str]:
    """Article labels at line start, read independently of the parser ("4 Bis", "68 Quáter")."""
    found = re.findall(r"^Art[íi]culo (\d+(?: (?:bis|ter|qu[aá]ter|quinquies))?)\.", text,
                       re.MULTILINE | re.IGNORECASE)
    return [f.lower().replace("á", "a") for f in found]


def _nums(articles) -> list[str]:
    return [a.num.lower().replace("á", "a") for a in articles]


def _check_common(doc):
    for node in doc.root.walk():
        assert not re.fullmatch(r"\s*\d{1,4}\s*", node.text or "x"), node.eid
        assert not PAGE_FURNITURE.search(node.text), (node.eid, node.text[:80])
    # The canonical text of a real document round-trips too.
    assert parse_text(unparse(doc)).to_dict() == doc.to_dict()


def test_guadalajara_police_regulation():
    text, doc = _parse("guadalajara_reglamento_carrera_policial.txt")
    articles = list(doc.root.articles())
    assert _nums(articles) == _labels(text) and len(articles) == 206
    assert articles[0].num == "1" and articles[-1].num == "196"
    assert doc.title.startswith("REGLAMENTO INTERNO Y DE CARRERA POLICIAL")
    groups = [n for n in doc.root.children if n.kind is ProvisionKind.TRANSITIONAL_GROUP]
    assert len(groups) == 16
    art4 = next(a for a in articles if a.num == "4")
    assert art4.children[0].notes and art4.children[0].notes[0].gazette.date.year == 2023
    repealed = [a for a in articles if a.status.value == "repealed"]
    assert len(repealed) >= 5 and all(a.notes for a in repealed[:3])
    assert len(doc.report.structural) <= 2
    _check_common(doc)


def test_cdmx_law():
    text, doc = _parse("cdmx_ley_tecnologia_seguridad.txt")
    articles = list(doc.root.articles())
    assert _nums(articles) == _labels(text) and len(articles) == 48
    assert articles[0].num == "1" and articles[-1].num == "45"
    assert doc.title.startswith("LEY QUE REGULA EL USO DE LA TECNOLOGÍA")
    groups = [n for n in doc.root.children if n.kind is ProvisionKind.TRANSITIONAL_GROUP]
    assert len(groups) == 5
    # "Inciso reformado G.O. CDMX 27/08/25" style notes are attached, with their dates.
    dated = [n for node in doc.root.walk() for n in node.notes if n.gazette and n.gazette.date]
    assert len(dated) >= 60
    assert doc.report.structural == []
    _check_common(doc)
