"""Cuadro comparativo, proyecto de acuerdo and iniciativa of a reform project, read back."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from reglamentos_app.domain.audit import RecordAnchor
from reglamentos_app.domain.errors import ValidationError
from tests.exports.conftest import docx_paragraphs, odt_text, pdf_text, soffice_convert
from tests.services.test_workflow_service import DRAFTER, TRUSTEE
from tests.services.test_projects import art

WHEN = date(2025, 3, 1)


def cell_runs(cell):
    return [(r.text, bool(r.bold), bool(r.underline), bool(r.font.strike))
            for p in cell.paragraphs for r in p.runs]


def rows_of(data: bytes):
    (table,) = Document(io.BytesIO(data)).tables
    return table


def test_cuadro_docx(svc, project):
    data = svc.exports.cuadro(project, "docx")
    document = Document(io.BytesIO(data))
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE
    table = rows_of(data)
    header = table.rows[0]
    assert [c.text for c in header.cells] == ["TEXTO VIGENTE", "TEXTO PROPUESTO"]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    texts = [[c.text for c in row.cells] for row in table.rows[1:]]
    # Article 3: "y jardines" added, in bold underline on the right only.
    row3 = next(row for row in table.rows if row.cells[0].text.startswith("ARTÍCULO 3.-"))
    assert ("y jardines ", True, True, False) in cell_runs(row3.cells[1])
    assert row3.cells[0].text == "ARTÍCULO 3.- Los parques son bienes del dominio público municipal."
    # Article 7: the old hours struck on the left.
    row7 = next(row for row in table.rows if row.cells[0].text.startswith("ARTÍCULO 7.-"))
    struck = [t for t, _b, _u, s in cell_runs(row7.cells[0]) if s]
    assert "".join(struck).split() == ["seis", "veintidós"]
    assert row7.cells[0].text == "ARTÍCULO 7.- El horario de los parques es de seis a veintidós horas."
    # New provisions and repealed ones.
    assert ["SIN CORRELATIVO", "ARTÍCULO 12 Bis.- Los parques contarán con bebederos."] in texts
    assert ["ARTÍCULO 20.- Las multas se pagarán en la Tesorería Municipal.",
            "ARTÍCULO 20.- SE DEROGA"] in texts
    assert any(right.endswith("III.- SE DEROGA") for _left, right in texts)
    # A fracción is introduced by its article; unchanged provisions collapse to "…".
    assert any(left.startswith("ARTÍCULO 5.- …\nII.- Otorgar permisos") for left, _ in texts)
    assert ["…", "…"] in texts
    assert texts.count(["…", "…"]) < len(texts) / 2
    assert svc.exports.cuadro(project, "docx") == data


def test_cuadro_with_observations_column(svc, project, parques):
    wf = svc.workflow
    wf.advance(project, "submit_to_trustee", DRAFTER)
    node = art(svc.projects.get(project).target(parques).draft, "7")
    wf.observe(project, parques, node.pid, "Justifique el nuevo horario.", TRUSTEE)
    table = rows_of(svc.exports.cuadro(project, "docx", observations=True))
    assert [c.text for c in table.rows[0].cells] == ["TEXTO VIGENTE", "TEXTO PROPUESTO",
                                                     "OBSERVACIONES"]
    row7 = next(row for row in table.rows if row.cells[0].text.startswith("ARTÍCULO 7.-"))
    assert "Justifique el nuevo horario." in row7.cells[2].text
    assert TRUSTEE.name in row7.cells[2].text


def test_cuadro_pdf(svc, project):
    text = pdf_text(svc.exports.cuadro(project, "pdf"))
    for words in ("CUADRO COMPARATIVO", "TEXTO VIGENTE", "TEXTO PROPUESTO", "SIN CORRELATIVO",
                  "SE DEROGA", "Los parques contarán con bebederos", "Página 1 de"):
        assert words in text
    with pytest.raises(ValidationError):
        svc.exports.cuadro(project, "txt")


def test_decree_docx(svc, project):
    data = svc.exports.decree(project, when=WHEN)
    texts = docx_paragraphs(data)
    assert texts[0] == "H. XXV AYUNTAMIENTO DE MEXICALI, BAJA CALIFORNIA"
    assert "PROYECTO DE ACUERDO" in texts[:3]
    assert "Promovente: Sindicatura Municipal" in texts
    assert "Expediente: SA/123/2025" in texts
    assert "Mexicali, Baja California, a 1 de marzo de 2025." in texts
    document = Document(io.BytesIO(data))
    breaks = [b for p in document.paragraphs for b in p._p.iter(qn("w:br"))
              if b.get(qn("w:type")) == "page"]
    assert len(breaks) == 1  # the cover page
    # The resolutive text is exactly the decree wording, line by line, in order.
    decree_lines = svc.projects.decree(project).split("\n")
    position = 0
    for line in decree_lines:
        position = texts.index(line, position)
    quoted = [p for p in document.paragraphs if p.style.name == "Disposición citada"]
    assert "ARTÍCULO 12 Bis.- Los parques contarán con bebederos." in [p.text for p in quoted]
    assert next(p for p in quoted if p.text.startswith("IX.-")).paragraph_format.left_indent
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["ACUERDO", "TRANSITORIOS"]
    assert svc.exports.decree(project, when=WHEN) == data


def test_decree_needs_changes(svc, parques):
    empty = svc.projects.create("Sin cambios", [parques])
    with pytest.raises(ValidationError) as err:
        svc.exports.decree(empty.id)
    assert "no tiene cambios" in err.value.user_message


def test_initiative_docx(svc, project):
    data = svc.exports.initiative(project, when=WHEN)
    texts = docx_paragraphs(data)
    assert "H. XXV AYUNTAMIENTO DE MEXICALI" in texts
    for heading in ("EXPOSICIÓN DE MOTIVOS", "CUADRO COMPARATIVO", "PROYECTO DE ACUERDO",
                    "TRANSITORIOS"):
        assert heading in texts
    assert "Los parques necesitan reglas actuales." in texts
    assert texts.index("EXPOSICIÓN DE MOTIVOS") < texts.index("CUADRO COMPARATIVO") < \
        texts.index("PROYECTO DE ACUERDO")
    (table,) = Document(io.BytesIO(data)).tables
    assert table.rows[0].cells[0].text == "TEXTO VIGENTE"


def test_libreoffice_reads_project_documents(svc, project, tmp_path):
    for name, data in (("cuadro", svc.exports.cuadro(project, "docx")),
                       ("decreto", svc.exports.decree(project, when=WHEN)),
                       ("iniciativa", svc.exports.initiative(project, when=WHEN))):
        source = tmp_path / f"{name}.docx"
        source.write_bytes(data)
        odt = odt_text(soffice_convert(source, "odt", tmp_path))
        pdf = pdf_text(soffice_convert(source, "pdf", tmp_path).read_bytes())
        for words in ("Los parques contarán con bebederos.", "ARTÍCULO 20.-"):
            assert words in odt and words in pdf
        if name == "cuadro":
            assert "SIN CORRELATIVO" in odt and "TEXTO PROPUESTO" in pdf


def test_pdf_through_libreoffice_keeps_word_layout_text(svc, project, parques):
    if not svc.exports.libreoffice_available():
        pytest.skip("LibreOffice (soffice) no está instalado: se omite el PDF por LibreOffice "
                    "(la CI lo instala)")
    text = pdf_text(svc.exports.decree(project, "pdf", when=WHEN, pdf_engine="libreoffice"))
    assert "PROYECTO DE ACUERDO" in text and "Los parques contarán con bebederos." in text
    vigente = pdf_text(svc.exports.consolidated(parques, "pdf", pdf_engine="libreoffice"))
    assert "ARTÍCULO 3.- Los parques son bienes del dominio público municipal." in vigente
    with pytest.raises(ValidationError):
        svc.exports.cuadro(project, "pdf", pdf_engine="otro")


def test_every_exported_document_carries_the_record_anchor(svc, project, parques):
    """Issue 16: the record's head (N:hash) travels in each document's properties, so whoever
    holds the file can ask whether the record still contains it (``verify-record --ancla``)."""
    import pypdfium2

    svc.workflow.advance(project, "submit_to_trustee", DRAFTER)
    anchor = svc.workflow.anchor().text
    assert anchor.startswith("1:")
    decree = Document(io.BytesIO(svc.exports.decree(project, "docx")))
    assert decree.core_properties.comments == f"Ancla del registro del trámite: {anchor}"
    cuadro = svc.exports.cuadro(project, "html").decode("utf-8")
    assert f'<meta name="reglamentos-ancla-registro" content="{anchor}">' in cuadro
    vigente = Document(io.BytesIO(svc.exports.consolidated(parques, "docx")))
    assert anchor in vigente.core_properties.comments
    pdf = pypdfium2.PdfDocument(svc.exports.initiative(project, "pdf"))
    assert anchor in pdf.get_metadata_dict()["Creator"]
    # A later act moves the head: the older document's anchor is still a prefix of the record.
    svc.workflow.advance(project, "trustee_approve", TRUSTEE)
    assert svc.workflow.anchor().text != anchor
    assert svc.workflow.verify_record([RecordAnchor.parse(anchor)]) == []
