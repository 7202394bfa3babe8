"""``Document`` → Word .docx bytes, with real styles, fields and stable bytes.

Headings use Word's built-in "Heading n" styles (so the navigation pane lists títulos,
capítulos and secciones); reform notes, header lines and quoted provisions get named
paragraph styles a clerk can restyle in Word. Every page has the running header and a footer
"Página PAGE de NUMPAGES" built from real fields. Tables repeat their header row on each page
(``w:tblHeader``). The core properties carry a fixed date and the zip entries a fixed time, so
the same export twice gives the same bytes (the date shown to readers is in the text itself).
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from datetime import datetime, timezone

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .model import Document, Heading, PageBreak, Paragraph, Role, Run, Table

__all__ = ["FIXED_STAMP", "normalize_zip", "to_docx"]

FIXED_STAMP = datetime(2000, 1, 1, tzinfo=timezone.utc)
_FONT = "Arial"
_ROLE_STYLES = {
    Role.TITLE: "Title", Role.META: "Datos de publicación", Role.NOTICE: "Aviso",
    Role.BODY: "Normal", Role.NOTE: "Nota de reforma", Role.CENTER: "Centrado",
    Role.QUOTE: "Disposición citada", Role.SIGNATURE: "Firma",
}


# -- styles -----------------------------------------------------------------------------------------
def _paragraph_style(document, name: str, *, size: float = 11, italic: bool = False,
                     bold: bool = False, align=None, indent_cm: float = 0.0):
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    # ASCII style ids (the name keeps its accents): some tools mishandle non-ASCII ids.
    style.style_id = "".join(c for c in unicodedata.normalize("NFKD", name)
                             if c.isascii() and c.isalnum())
    style.base_style = document.styles["Normal"]
    style.font.size = Pt(size)
    style.font.italic = italic
    style.font.bold = bold
    if align is not None:
        style.paragraph_format.alignment = align
    if indent_cm:
        style.paragraph_format.left_indent = Cm(indent_cm)
    return style


def _setup_styles(document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = _FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    # East-Asian and complex-script fonts too, or Word falls back to the theme font there.
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), _FONT)
    title = document.styles["Title"]
    title.font.name = _FONT
    title.font.size = Pt(14)
    title.font.bold = True
    title.font.color.rgb = RGBColor(0, 0, 0)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _drop_border(title)
    for level in range(1, 4):
        heading = document.styles[f"Heading {level}"]
        heading.font.name = _FONT
        heading.font.size = Pt(12 if level == 1 else 11)
        heading.font.bold = True
        heading.font.italic = False
        heading.font.color.rgb = RGBColor(0, 0, 0)
        heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        heading.paragraph_format.space_before = Pt(12)
        heading.paragraph_format.keep_with_next = True
    _paragraph_style(document, _ROLE_STYLES[Role.META], size=10, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph_style(document, _ROLE_STYLES[Role.NOTICE], size=9, italic=True,
                     align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph_style(document, _ROLE_STYLES[Role.NOTE], size=9, italic=True)
    _paragraph_style(document, _ROLE_STYLES[Role.CENTER], align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph_style(document, _ROLE_STYLES[Role.QUOTE], indent_cm=1.5)
    _paragraph_style(document, _ROLE_STYLES[Role.SIGNATURE], align=WD_ALIGN_PARAGRAPH.CENTER)


def _drop_border(style) -> None:
    """The default template's Title has a bottom border and a theme colour; keep it plain."""
    ppr = style.element.find(qn("w:pPr"))
    if ppr is not None:
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)


# -- page set-up, header and footer ------------------------------------------------------------------
def _page_setup(document, doc: Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.59), Cm(27.94)  # carta (Letter)
    if doc.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    section.top_margin = section.bottom_margin = Cm(2.0)
    header = section.header.paragraphs[0]
    header.text = doc.running_header
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in header.runs:
        run.font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Página ").font.size = Pt(8)
    _field(footer, "PAGE", "1")
    footer.add_run(" de ").font.size = Pt(8)
    _field(footer, "NUMPAGES", "1")


def _field(paragraph, instruction: str, placeholder: str) -> None:
    """A real Word field (begin / instrText / separate / result / end)."""
    def char(kind: str):
        run = paragraph.add_run()
        run.font.size = Pt(8)
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    char("begin")
    run = paragraph.add_run()
    run.font.size = Pt(8)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    char("separate")
    paragraph.add_run(placeholder).font.size = Pt(8)
    char("end")


# -- blocks ------------------------------------------------------------------------------------------
# Paragraphs and runs are built on the XML directly with precomputed style ids: python-docx's
# by-name style lookup scans every style for each paragraph and made a 1,000-article text take
# 8 s instead of well under one.
_FLAGS = (("bold", "w:b"), ("italic", "w:i"), ("strike", "w:strike"), ("underline", "w:u"))


def _append_runs(p, source: Paragraph) -> None:
    for r in source.runs:
        run = OxmlElement("w:r")
        flags = [tag for attr, tag in _FLAGS if getattr(r, attr)]
        if flags:
            rpr = OxmlElement("w:rPr")
            for tag in flags:  # in schema order: b, i, strike, u
                flag = OxmlElement(tag)
                if tag == "w:u":
                    flag.set(qn("w:val"), "single")
                rpr.append(flag)
            run.append(rpr)
        for index, line in enumerate(r.text.split("\n")):
            if index:
                run.append(OxmlElement("w:br"))
            text = OxmlElement("w:t")
            text.set(qn("xml:space"), "preserve")
            text.text = line
            run.append(text)
        p.append(run)


def _new_paragraph(anchor, style_id: str, *, before: bool = True):
    """A ``w:p`` with style ``style_id``, inserted before ``anchor`` (the body's sectPr)."""
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    pstyle = OxmlElement("w:pStyle")
    pstyle.set(qn("w:val"), style_id)
    ppr.append(pstyle)
    p.append(ppr)
    if before:
        anchor.addprevious(p)
    else:
        anchor.append(p)
    return p


def _indent(p, cm: float) -> None:
    ppr = p.find(qn("w:pPr"))
    ind = OxmlElement("w:ind")
    ind.set(qn("w:left"), str(int(cm * 567)))  # twentieths of a point per centimetre
    ppr.append(ind)


class _Writer:
    """Appends the blocks to the body, before its final ``w:sectPr``."""

    def __init__(self, document) -> None:
        self.document = document
        body = document.element.body
        self.anchor = body.find(qn("w:sectPr"))
        self.ids = {role: document.styles[name].style_id for role, name in _ROLE_STYLES.items()}
        self.headings = {level: document.styles[f"Heading {level}"].style_id
                         for level in range(1, 10)}

    def paragraph(self, source: Paragraph) -> None:
        p = _new_paragraph(self.anchor, self.ids[source.role])
        if source.indent and source.role in (Role.BODY, Role.NOTE, Role.QUOTE):
            _indent(p, (1.5 if source.role is Role.QUOTE else 0.0) + 0.75 * source.indent)
        _append_runs(p, source)

    def heading(self, block: Heading) -> None:
        p = _new_paragraph(self.anchor, self.headings[min(max(block.level, 1), 9)])
        _append_runs(p, Paragraph([Run(block.text)]))

    def page_break(self) -> None:
        p = _new_paragraph(self.anchor, self.ids[Role.BODY])
        run = OxmlElement("w:r")
        br = OxmlElement("w:br")
        br.set(qn("w:type"), "page")
        run.append(br)
        p.append(run)


def _table(document, block: Table) -> None:
    table = document.add_table(rows=1, cols=len(block.header))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    _repeat_header(header)
    for cell, text in zip(header.cells, block.header):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        cell.paragraphs[0].add_run(text).bold = True
        _shade(cell, "D9D9D9")
    ids = {role: document.styles[name].style_id for role, name in _ROLE_STYLES.items()}
    for row in block.rows:
        tr = table.add_row()._tr
        for tc, paragraphs in zip(tr.tc_lst, row):
            for old in tc.findall(qn("w:p")):
                tc.remove(old)
            for source in paragraphs or [Paragraph([Run("")])]:
                p = _new_paragraph(tc, ids[source.role], before=False)
                if source.role is Role.BODY:
                    jc = OxmlElement("w:jc")  # narrow columns: left, not justified
                    jc.set(qn("w:val"), "left")
                    p.find(qn("w:pPr")).append(jc)
                if source.indent:
                    _indent(p, 0.5 * source.indent)
                _append_runs(p, source)
    if block.widths:
        _widths(document, table, block.widths)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    trpr.append(flag)
    cant_split = OxmlElement("w:cantSplit")
    trpr.insert(0, cant_split)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _widths(document, table, weights: list[float]) -> None:
    section = document.sections[-1]
    usable = section.page_width - section.left_margin - section.right_margin
    total = sum(weights)
    table.autofit = False
    for column, weight in zip(table.columns, weights):
        width = int(usable * weight / total)
        column.width = width
        for cell in column.cells:
            cell.width = width


def _core_properties(document, doc: Document) -> None:
    props = document.core_properties
    props.title = doc.title[:250]
    props.subject = doc.subject
    props.author = doc.author
    props.last_modified_by = doc.author
    props.keywords = doc.keywords
    props.language = "es-MX"
    props.created = props.modified = FIXED_STAMP.replace(tzinfo=None)
    props.last_printed = FIXED_STAMP.replace(tzinfo=None)
    props.revision = 1
    props.comments = (f"Ancla del registro del trámite: {doc.record_anchor}"
                      if doc.record_anchor else "")


def normalize_zip(data: bytes) -> bytes:
    """The same archive with every entry dated 1980-01-01: stable bytes for the same content."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def to_docx(doc: Document) -> bytes:
    """Render ``doc`` as .docx bytes (see the module docstring)."""
    document = new_docx()
    _setup_styles(document)
    _page_setup(document, doc)
    _core_properties(document, doc)
    writer = _Writer(document)
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            writer.paragraph(block)
        elif isinstance(block, Heading):
            writer.heading(block)
        elif isinstance(block, Table):
            _table(document, block)
            # python-docx appends tables before the sectPr as well: keep the anchor.
        elif isinstance(block, PageBreak):
            writer.page_break()
    buffer = io.BytesIO()
    document.save(buffer)
    return normalize_zip(buffer.getvalue())
