"""The homologation matrix as a Word report (.docx), from the same plain data as the .xlsx.

A landscape document: the summary (counts per instrument), the matrix as a coloured table
(one row per principle, one column per instrument), then per instrument every principle that
is missing or worded differently, with the reason of the match and the word diff in the
house style of a cuadro comparativo: deleted words struck through in red, the model's words
underlined in blue.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .homologation_xlsx import FILLS, STATUS_LABELS, MatrixSheet


def _shade(cell, colour: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    properties.append(shading)


def homologation_docx(sheet: MatrixSheet) -> bytes:
    """The .docx bytes of the homologation report (see the module docstring)."""
    document = Document()
    page = document.sections[0]
    page.orientation = WD_ORIENT.LANDSCAPE
    page.page_width, page.page_height = page.page_height, page.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(page, side, Cm(1.5))
    document.styles["Normal"].font.size = Pt(9)
    document.add_heading(sheet.title, level=0)
    for name, counts in zip(sheet.columns, sheet.totals):
        document.add_paragraph(
            f"{name}: {counts.get('igual', 0)} iguales, {counts.get('distinta', 0)} "
            f"distintas, {counts.get('falta', 0)} faltan.", style="List Bullet")
    document.add_heading("Matriz", level=1)
    table = document.add_table(rows=1, cols=len(sheet.columns) + 1)
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, ["Principio", *sheet.columns]):
        cell.text = ""
        cell.paragraphs[0].add_run(name).bold = True
    for label, cells in sheet.rows:
        row = table.add_row().cells
        row[0].text = label
        for target, cell in zip(row[1:], cells):
            target.text = STATUS_LABELS.get(cell.status, cell.status)
            _shade(target, FILLS.get(cell.status, "FFFFFF"))
    for index, name in enumerate(sheet.columns):
        document.add_heading(name, level=1)
        pending = [(label, cells[index]) for label, cells in sheet.rows
                   if cells[index].status != "igual"]
        if not pending:
            document.add_paragraph("Coincide con el modelo en todos los principios.")
        for label, cell in pending:
            heading = document.add_paragraph()
            heading.add_run(f"{label} — {STATUS_LABELS.get(cell.status, cell.status)}").bold = True
            if cell.where:
                heading.add_run(f" ({cell.where})")
            document.add_paragraph(cell.reason)
            if cell.diff:
                paragraph = document.add_paragraph()
                for kind, text in cell.diff:
                    run = paragraph.add_run(text)
                    if kind == "delete":
                        run.font.strike = True
                        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
                    elif kind == "insert":
                        run.font.underline = True
                        run.font.color.rgb = RGBColor(0x1F, 0x4E, 0x9F)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
