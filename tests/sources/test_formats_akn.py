"""Akoma Ntoso 3.0: export and import round-trip our own tree; hostile XML is refused."""

from __future__ import annotations

import pytest

from reglamentos_app.domain.errors import ImportFailed
from reglamentos_app.sources import load_document, parse_text, read_text_file
from reglamentos_app.sources.formats.akn import akn_to_document, document_to_akn, export_akn
from tests.conftest import corpus_files


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_corpus_round_trips_through_akn(path):
    text, _ = read_text_file(path)
    doc = parse_text(text, path.name)
    back = akn_to_document(document_to_akn(doc), path.name)
    assert back.root.to_dict(with_ids=True) == doc.root.to_dict(with_ids=True)
    assert back.title == doc.title
    assert back.original_publication == doc.original_publication
    assert back.last_reform == doc.last_reform
    assert back.header_notes == doc.header_notes


def test_export_from_stored_regulation_and_load_file(tmp_path, sqlite_services):
    path = corpus_files()[0]
    outcome = sqlite_services.corpus.import_paths([path])[0]
    regulation = sqlite_services.corpus.get_regulation(outcome.uri)
    expression = sqlite_services.corpus.get_text(outcome.uri)
    data = export_akn(regulation, expression)
    assert data.startswith(b"<?xml") and b"akomaNtoso" in data
    target = tmp_path / "reglamento.xml"
    target.write_bytes(data)
    loaded = load_document(target)
    assert loaded.source_format == "akn"
    assert loaded.doc.root.to_dict(with_ids=False) == expression.root.to_dict(with_ids=False)


def test_foreign_akn_without_our_attributes(tmp_path):
    xml = b"""<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act name="reglamento">
<preface><p><docTitle>REGLAMENTO AJENO</docTitle></p></preface>
<body><chapter eId="cap_1"><num>I</num><heading>GENERALIDADES</heading>
<article eId="art_1"><num>1</num><intro><p>Se entiende por:</p></intro>
<point><num>I</num><content><p>Municipio;</p></content></point>
<point><num>a)</num><content><p>inciso.</p></content></point></article>
</chapter></body></act></akomaNtoso>"""
    path = tmp_path / "ajeno.akn"
    path.write_bytes(xml)
    doc = load_document(path).doc
    assert doc.title == "REGLAMENTO AJENO"
    art = next(doc.root.articles())
    assert art.text == "Se entiende por:"
    assert [c.kind.value for c in art.children] == ["clause", "item"]


@pytest.mark.parametrize("xml", [
    b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">&x;</akomaNtoso>',
    b'<?xml version="1.0"?><!DOCTYPE akomaNtoso><akomaNtoso/>',
    b"<akomaNtoso><sin cerrar>",
    b'<otro xmlns="urn:x"/>',
], ids=["xxe", "doctype", "roto", "otro-raiz"])
def test_bad_akn_is_refused(tmp_path, xml):
    path = tmp_path / "malo.xml"
    path.write_bytes(xml)
    with pytest.raises(ImportFailed):
        load_document(path)
