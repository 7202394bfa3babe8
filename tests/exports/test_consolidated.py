"""Texto vigente exports read back: .docx, .html, .pdf, .txt and Akoma Ntoso."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree, html

from reglamentos_app.domain.gazette import GazetteReference
from reglamentos_app.domain.provisions import NoteStyle
from reglamentos_app.services.exports import ExportFormat, parse_note_style
from reglamentos_app.sources import load_text
from tests.conftest import CORPUS
from tests.exports.conftest import (
    docx_paragraphs, html_text, normal, odt_text, pdf_text, soffice_convert,
)

PANTEONES = "/mx-bc-mxl/reglamento/1996/panteones"


@pytest.fixture
def panteones(svc):
    (outcome,) = svc.corpus.import_paths([CORPUS / "panteones.txt"])
    assert outcome.uri == PANTEONES
    return outcome.uri


@pytest.fixture
def published(svc, project, parques):
    svc.projects.publish(project, GazetteReference(number="14", section="I", tome="CXXXII",
                                                   date=date(2025, 3, 10)),
                         note_style=NoteStyle.PARENTHETICAL)
    return parques


def canonical_blocks(svc, uri, when=None) -> list[str]:
    """The canonical text's paragraphs, without its header (title and publication lines)."""
    return [b.strip() for b in svc.corpus.export_text(uri, when).split("\n\n") if b.strip()]


def test_docx_body_is_the_canonical_text_with_word_styles(svc, panteones):
    data = svc.exports.consolidated(panteones, "docx")
    document = Document(io.BytesIO(data))
    paragraphs = [p for p in document.paragraphs]
    texts = [p.text for p in paragraphs]
    # Every canonical block is a paragraph, in the same order (headings join their two lines).
    joined = "\n".join(texts)
    position = 0
    for block in canonical_blocks(svc, panteones)[4:]:
        block = block.strip("()") if block.startswith("(Del ") else block
        found = joined.find(block, position)
        assert found >= 0, block
        position = found
    styles = {p.style.name for p in paragraphs if p.text.startswith("CAPÍTULO")}
    assert styles == {"Heading 1"}
    transitorios = [p for p in paragraphs if p.text.startswith("TRANSITORIOS")]
    assert len(transitorios) == 3 and all(p.style.name == "Heading 1" for p in transitorios)
    assert transitorios[0].text == "TRANSITORIOS"
    assert "Periódico Oficial No. 27" in transitorios[1].text
    assert "Periódico Oficial No. 40" in transitorios[2].text
    article = next(p for p in paragraphs if p.text.startswith("ARTÍCULO 3.-"))
    assert article.runs[0].text == "ARTÍCULO 3.-" and article.runs[0].bold
    assert not article.runs[-1].bold
    # Header lines, the informative notice.
    assert texts[0] == "REGLAMENTO DE PANTEONES PARA EL MUNICIPIO DE MEXICALI, BAJA CALIFORNIA"
    assert any(t.startswith("Última reforma publicada en el Periódico Oficial No. 40") for t in texts)
    assert any("carácter informativo" in t for t in texts)


def test_docx_page_numbers_running_header_and_stable_bytes(svc, panteones):
    data = svc.exports.consolidated(panteones, "docx")
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    assert "Reglamento de Panteones" in section.header.paragraphs[0].text
    assert "Última reforma P.O. No. 40" in section.header.paragraphs[0].text
    footer = section.footer.paragraphs[0]._p
    instructions = [e.text.strip() for e in footer.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert document.core_properties.created.year == 2000
    assert svc.exports.consolidated(panteones, "docx") == data


@pytest.mark.parametrize("style, expected, before", [
    (NoteStyle.PREAMBLE, "ARTÍCULO 3.- Fue reformado por Acuerdo de Cabildo, publicado en el "
                         "Periódico Oficial No. 14, de fecha 10 de marzo de 2025", True),
    (NoteStyle.PARENTHETICAL, "(Reformado, P.O. No. 14, Sección I, Tomo CXXXII, 10-03-2025)",
     False),
    (NoteStyle.EDITOR, "[N. DE E. Reformado por Acuerdo de Cabildo, publicado en el Periódico "
                       "Oficial No. 14", False),
])
def test_notes_in_the_chosen_house_style(svc, published, style, expected, before):
    texts = docx_paragraphs(svc.exports.consolidated(published, "docx", note_style=style))
    article = next(i for i, t in enumerate(texts) if t.startswith("ARTÍCULO 3.- Los parques"))
    note = next(i for i, t in enumerate(texts) if t.startswith(expected))
    assert note == (article - 1 if before else article + 1)
    # The canonical text in that style reads back with the same notes.
    text = svc.exports.consolidated(published, "txt", note_style=style).decode("utf-8")
    root = load_text(text, "vigente.txt").doc.root
    art3 = next(a for a in root.articles() if a.num == "3")
    assert [n.style for n in art3.notes] == [style]
    assert art3.notes[0].gazette.number == "14"


def test_derogated_placeholders_and_dates(svc, published):
    texts = docx_paragraphs(svc.exports.consolidated(published, "docx"))
    assert "ARTÍCULO 20.- Derogado." in texts
    assert "III.- Derogada." in texts
    old = docx_paragraphs(svc.exports.consolidated(published, "docx", when=date(2025, 3, 10)))
    assert "ARTÍCULO 20.- Las multas se pagarán en la Tesorería Municipal." in old
    assert "Texto vigente al 10 de marzo de 2025." in old
    assert "Sin reformas publicadas." in old


def test_html_is_standalone_and_navigable(svc, panteones):
    data = svc.exports.consolidated(panteones, "html")
    tree = html.fromstring(data)
    assert tree.get("lang") == "es"
    assert tree.findtext(".//title").startswith("REGLAMENTO DE PANTEONES")
    headings = [normal(h.text_content()) for h in tree.iter("h1")]
    assert "CAPÍTULO I DISPOSICIONES GENERALES" in headings
    text = html_text(data)
    for block in canonical_blocks(svc, panteones)[4:30]:
        assert normal(block) in text
    assert tree.xpath("//p[b='ARTÍCULO 3.-']")


def test_pdf_without_libreoffice(svc, panteones):
    data = svc.exports.consolidated(panteones, "pdf")
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "REGLAMENTO DE PANTEONES" in text
    assert "Página 1 de" in text
    assert "Última reforma P.O. No. 40" in text  # running header
    for block in canonical_blocks(svc, panteones)[6:20]:
        assert normal(block)[:60] in text
    assert svc.exports.consolidated(panteones, "pdf") == data  # deterministic


def test_txt_and_akn_round_trip(svc, panteones):
    text = svc.exports.consolidated(panteones, "txt").decode("utf-8")
    assert text == svc.corpus.export_text(panteones)
    xml = svc.exports.consolidated(panteones, ExportFormat.AKN)
    root = etree.fromstring(xml)
    assert etree.QName(root).localname == "akomaNtoso"
    assert xml == svc.corpus.export_akn(panteones)


def test_export_is_atomic(svc, panteones, tmp_path, monkeypatch):
    folder = tmp_path / "salida"
    folder.mkdir()
    target = folder / "vigente.docx"
    target.write_bytes(b"version anterior")

    def broken(*_a, **_k):
        raise RuntimeError("fallo a mitad de la exportación")

    monkeypatch.setattr("reglamentos_app.services.exports.render", broken)
    with pytest.raises(RuntimeError):
        svc.exports.export_consolidated(panteones, target)
    assert target.read_bytes() == b"version anterior"
    monkeypatch.undo()
    svc.exports.export_consolidated(panteones, target)
    assert docx_paragraphs(target.read_bytes())[0].startswith("REGLAMENTO DE PANTEONES")
    assert sorted(p.name for p in folder.iterdir()) == ["vigente.docx"]  # no temp file left


def test_note_style_names():
    assert parse_note_style("preámbulo") is NoteStyle.PREAMBLE
    assert parse_note_style("parentesis") is NoteStyle.PARENTHETICAL
    assert parse_note_style("original") is None
    with pytest.raises(Exception) as err:
        parse_note_style("otro")
    assert "no válido" in str(err.value)


def test_libreoffice_reads_the_docx(svc, panteones, tmp_path):
    source = tmp_path / "panteones.docx"
    svc.exports.export_consolidated(panteones, source)
    blocks = [normal(b) for b in canonical_blocks(svc, panteones)[6:40]]
    odt = odt_text(soffice_convert(source, "odt", tmp_path))
    pdf = pdf_text(soffice_convert(source, "pdf", tmp_path).read_bytes())
    for block in blocks:
        assert block in odt
        assert block[:50] in pdf
