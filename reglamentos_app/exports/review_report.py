"""The corpus review report as a Word document (.docx), from plain rows.

The review service hands over a title, a few summary lines and sections of rows (each a dict
of Spanish column name → text); this module lays them out as headings and tables in landscape
pages and returns the document's bytes, which the service writes atomically. It knows nothing
about rules or citations: any tabular report fits.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt


@dataclass(slots=True)
class ReportSection:
    """A heading, an optional paragraph and a table of rows."""

    heading: str
    rows: list[dict[str, str]] = field(default_factory=list)
    intro: str = ""
    columns: Sequence[str] | None = None   # default: the keys of the first row


def review_report_docx(title: str, summary: Sequence[str],
                       sections: Sequence[ReportSection]) -> bytes:
    """The .docx bytes of a review report (see the module docstring)."""
    document = Document()
    page = document.sections[0]
    page.orientation = WD_ORIENT.LANDSCAPE
    page.page_width, page.page_height = page.page_height, page.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(page, side, Cm(1.8))
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading(title, level=0)
    for line in summary:
        document.add_paragraph(line, style="List Bullet")
    for section in sections:
        document.add_heading(section.heading, level=1)
        if section.intro:
            document.add_paragraph(section.intro)
        if not section.rows:
            document.add_paragraph("Sin hallazgos.")
            continue
        columns = list(section.columns or section.rows[0].keys())
        table = document.add_table(rows=1, cols=len(columns))
        table.style = "Table Grid"
        for cell, name in zip(table.rows[0].cells, columns):
            cell.text = ""
            cell.paragraphs[0].add_run(name).bold = True
        for row in section.rows:
            cells = table.add_row().cells
            for cell, name in zip(cells, columns):
                cell.text = str(row.get(name, ""))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
