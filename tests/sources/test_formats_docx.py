"""Word .docx import: body order, tables, automatic numbering, tracked changes, headers."""

from __future__ import annotations

import copy

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reglamentos_app.domain.errors import ImportFailed
from reglamentos_app.sources import load_document
from reglamentos_app.sources.formats.docx import read_docx

TITLE = "REGLAMENTO DE PRUEBA PARA EL MUNICIPIO DE MEXICALI"


def _numbered(doc, numfmt: str, lvl_text: str) -> str:
    """Add an abstract numbering definition and a num to ``doc``; return the numId."""
    numbering = doc.part.numbering_part.element
    abstract_id = str(100 + len(numbering.findall(qn("w:abstractNum"))))
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), abstract_id)
    lvl = OxmlElement("w:lvl")
    lvl.set(qn("w:ilvl"), "0")
    for tag, val in (("w:start", "1"), ("w:numFmt", numfmt), ("w:lvlText", lvl_text)):
        el = OxmlElement(tag)
        el.set(qn("w:val"), val)
        lvl.append(el)
    abstract.append(lvl)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num_id = str(200 + len(numbering.findall(qn("w:num"))))
    num.set(qn("w:numId"), num_id)
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), abstract_id)
    num.append(ref)
    numbering.append(num)
    return num_id


def _set_num(paragraph, num_id: str) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    for tag, val in (("w:ilvl", "0"), ("w:numId", num_id)):
        el = OxmlElement(tag)
        el.set(qn("w:val"), val)
        num_pr.append(el)
    ppr.append(num_pr)


def _revision(paragraph, tag: str, text: str) -> None:
    wrapper = OxmlElement(tag)
    wrapper.set(qn("w:id"), str(id(paragraph) % 10000 + (1 if tag == "w:ins" else 2)))
    wrapper.set(qn("w:author"), "Comisión")
    wrapper.set(qn("w:date"), "2025-05-20T10:30:00Z")
    run = OxmlElement("w:r")
    t = OxmlElement("w:delText" if tag == "w:del" else "w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    wrapper.append(run)
    paragraph._p.append(wrapper)


def make_docx(path):
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "ENCABEZADO QUE NO DEBE IMPORTARSE"
    doc.sections[0].footer.paragraphs[0].text = "Página 1 de 9"
    doc.add_paragraph(TITLE)
    doc.add_paragraph("CAPÍTULO I")
    doc.add_paragraph("DISPOSICIONES GENERALES")
    articles = _numbered(doc, "decimal", "ARTÍCULO %1.-")
    clauses = _numbered(doc, "upperRoman", "%1.-")
    p = doc.add_paragraph("Objeto.- Este reglamento regula los panteones.")
    _set_num(p, articles)
    p = doc.add_paragraph("Para efectos de este reglamento se entiende por:")
    _set_num(p, articles)
    for text in ("Ayuntamiento: el H. Ayuntamiento de Mexicali;", "Panteón: el cementerio;"):
        _set_num(doc.add_paragraph(text), clauses)
    p = doc.add_paragraph("La cuota por inhumación será de ")
    _set_num(p, articles)
    _revision(p, "w:del", "10")
    _revision(p, "w:ins", "20")
    p.add_run(" UMA.")
    doc.add_paragraph("ARTÍCULO 4.- Las cuotas son las de la tabla siguiente:")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Concepto", "Cuota"
    table.cell(1, 0).text, table.cell(1, 1).text = "Inhumación", "20 UMA"
    doc.add_paragraph("ARTÍCULO 5.- Texto posterior a la tabla.")
    doc.save(path)
    return path


def test_docx_text_order_numbering_and_revisions(tmp_path):
    result = read_docx(make_docx(tmp_path / "prueba.docx"))
    lines = [line for line in result.text.splitlines() if line]
    assert lines[0] == TITLE
    assert "ARTÍCULO 1.- Objeto.- Este reglamento regula los panteones." in lines
    assert "I.- Ayuntamiento: el H. Ayuntamiento de Mexicali;" in lines
    assert "II.- Panteón: el cementerio;" in lines
    # Text inside w:ins is kept, w:delText is dropped (the accepted view).
    assert "ARTÍCULO 3.- La cuota por inhumación será de 20 UMA." in lines
    table_at = lines.index("Concepto | Cuota")
    assert lines[table_at + 1] == "Inhumación | 20 UMA"
    assert lines[table_at + 2] == "ARTÍCULO 5.- Texto posterior a la tabla."
    assert "ENCABEZADO" not in result.text and "Página 1" not in result.text
    assert any("cambios controlados" in w for w in result.warnings)


def test_docx_through_loader_builds_the_tree(tmp_path):
    loaded = load_document(make_docx(tmp_path / "prueba.docx"))
    assert loaded.source_format == "docx"
    doc = loaded.doc
    assert doc.title == TITLE
    assert [a.num for a in doc.root.articles()] == ["1", "2", "3", "4", "5"]
    art2 = doc.root.find("cap_1__art_2")
    assert [c.num for c in art2.children if c.kind.value == "clause"] == ["I", "II"]
    assert "20 UMA" in doc.root.find("cap_1__art_3").text
    assert any("cambios controlados" in w.message for w in doc.report.warnings)


def test_docx_without_body_is_refused(tmp_path):
    import zipfile

    path = tmp_path / "vacio.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(ImportFailed, match="no es un documento de Word"):
        load_document(path)


def test_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "falso.docx"
    path.write_bytes(b"esto no es un zip" * 10)
    with pytest.raises(ImportFailed, match="ZIP"):
        load_document(path)


def test_content_controls_and_deleted_paragraph(tmp_path):
    doc = Document()
    doc.add_paragraph(TITLE)
    p = doc.add_paragraph("ARTÍCULO 1.- Dentro de un control de contenido.")
    sdt = OxmlElement("w:sdt")
    content = OxmlElement("w:sdtContent")
    sdt.append(content)
    p._p.addprevious(sdt)
    content.append(copy.deepcopy(p._p))
    p._p.getparent().remove(p._p)
    gone = doc.add_paragraph()
    _revision(gone, "w:del", "ARTÍCULO 2.- Texto borrado.")
    path = tmp_path / "sdt.docx"
    doc.save(path)
    text = read_docx(path).text
    assert "ARTÍCULO 1.- Dentro de un control de contenido." in text
    assert "Texto borrado" not in text
