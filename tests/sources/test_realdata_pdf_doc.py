"""Acceptance on the official PDFs and legacy Word files of ../shared/realdata (skipped when absent).

Expected figures were established by reading the documents (``pdftotext`` for the PDFs,
LibreOffice's text export for the .doc files): the article numbers that start a line before
the first TRANSITORIOS heading. The expedition decree's own "Artículo Único.- Se expide…" of
lgpc, lupdecr and reg_diputados is the decree's, not the law's: it is not counted. No page
furniture may be left in any text. Transitorios: the original ones plus one "Único" (or more)
per reform decree, the decrees' own amending articles excluded.
"""

from __future__ import annotations

import re

import pytest

from reglamentos_app.domain.provisions import ProvisionKind
from reglamentos_app.sources import load_document
from reglamentos_app.sources.formats import office
from tests.conftest import REALDATA

PDF, DOC = REALDATA / "pdf", REALDATA / "doc"
pytestmark = pytest.mark.skipif(not PDF.is_dir(), reason="../shared/realdata no está disponible")

# file: (articles, first article number, last article number, minimum transitorios)
EXPECTED_PDF = {
    "19.pdf": (4, "1o", "4o", 2),
    "109.pdf": (17, "1o", "17", 0),
    "204.pdf": (2, "PRIMERO", "SEGUNDO", 1),
    "271.pdf": (14, "1", "14", 2),
    "lupdecr.pdf": (20, "1", "20", 2),
    "lgpc.pdf": (94, "1", "94", 56),
    "reg_diputados.pdf": (323, "1", "316", 75),
}
EXPECTED_DOC = {
    "ley_de_ingresos_acambaro_2018.doc": (55, "1", "55"),
    "ley_de_ingresos_huanimaro_2018.doc": (45, "1", "45"),
}
# The running header's lines (their words may also appear in real text: "la Secretaría
# General" is an organ of the Cámara, so only the header's exact forms are leaks).
FURNITURE = re.compile(
    r"CÁMARA DE DIPUTADOS DEL H\. CONGRESO DE LA UNIÓN|Secretaría General\s+Secretaría de "
    r"Servicios Parlamentarios|Última Reforma DOF \d|\bPágina \d+ de \d+|^\d+ de \d+$|"
    r"\s\d{1,3} de (?:2|3|5|6|17|48|146)$")


def _check_no_furniture(doc):
    leaks = [(n.eid, t) for n in doc.root.walk()
             for t in [n.text, n.heading, *(note.text for note in n.notes)] if t and FURNITURE.search(t)]
    assert leaks == []


@pytest.mark.parametrize("name", sorted(EXPECTED_PDF))
def test_official_pdf(name):
    count, first, last, transitorios = EXPECTED_PDF[name]
    doc = load_document(PDF / name).doc
    articles = list(doc.root.articles())
    assert len(articles) >= 0.98 * count and len(articles) <= count
    assert (articles[0].num, articles[-1].num) == (first, last)
    numbers = [a.num for a in articles]
    assert len(set(numbers)) == len(numbers), "números de artículo repetidos"
    assert sum(1 for n in doc.root.walk() if n.kind is ProvisionKind.TRANSITIONAL) >= transitorios
    _check_no_furniture(doc)
    assert any("encabezado" in w.message for w in doc.report.warnings)


def test_federal_reform_notes_attached():
    doc = load_document(PDF / "lgpc.pdf").doc
    art1 = next(a for a in doc.root.articles() if a.num == "1")
    assert any("DOF 19-01-2018" in n.text for n in art1.notes)
    noted = sum(1 for n in doc.root.walk() if n.notes)
    assert noted >= 50


@pytest.mark.skipif(office.find_soffice() is None, reason="LibreOffice no está instalado")
@pytest.mark.parametrize("name", sorted(EXPECTED_DOC))
def test_legacy_word(name):
    count, first, last = EXPECTED_DOC[name]
    doc = load_document(DOC / name).doc
    articles = list(doc.root.articles())
    assert len(articles) >= 0.98 * count and len(articles) <= count
    assert (articles[0].num, articles[-1].num) == (first, last)
    assert sum(1 for n in doc.root.walk() if n.kind is ProvisionKind.TRANSITIONAL) >= 1
    _check_no_furniture(doc)
