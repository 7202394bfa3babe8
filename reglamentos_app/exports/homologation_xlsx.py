"""The homologation matrix as an Excel workbook (.xlsx), from plain rows (openpyxl).

Sheet «Matriz»: principles of the model as rows, instruments as columns, each cell «Igual»,
«Distinta» or «Falta» on a green, amber or red fill, with the article that regulates it; the
header row and the principles column are frozen so they stay in view while scrolling; a last
row counts each status per instrument. Sheet «Detalle»: one row per cell with its score, the
reason of the match, whether a user corrected it, and the word diff written inline
(«[-quitado-]{+agregado+}»), which Excel shows in any version. The caller hands plain
``MatrixSheet`` data; this module knows nothing of models or regulations.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

STATUS_LABELS = {"igual": "Igual", "distinta": "Distinta", "falta": "Falta"}
FILLS = {"igual": "C6EFCE", "distinta": "FFEB9C", "falta": "FFC7CE"}
HEADER_FILL = "1F4E78"


@dataclass(slots=True)
class SheetCell:
    """One principle × instrument: status, where, score, reason, diff runs, corrected."""

    status: str
    where: str = ""
    score: float = 0.0
    reason: str = ""
    diff: list[tuple[str, str]] = field(default_factory=list)   # (equal|delete|insert, text)
    corrected: bool = False


@dataclass(slots=True)
class MatrixSheet:
    """The whole matrix as plain data."""

    title: str
    columns: list[str]
    rows: list[tuple[str, list[SheetCell]]]
    totals: list[dict[str, int]] = field(default_factory=list)


def inline_diff(runs: list[tuple[str, str]]) -> str:
    """«[-old-]{+new+}» markers around what a word diff deletes and inserts."""
    out = []
    for kind, text in runs:
        out.append(text if kind == "equal" else f"[-{text}-]" if kind == "delete"
                   else f"{{+{text}+}}")
    return "".join(out)


def matrix_xlsx(sheet: MatrixSheet) -> bytes:
    """The .xlsx bytes of the matrix (see the module docstring)."""
    book = Workbook()
    main = book.active
    main.title = "Matriz"
    _matrix(main, sheet)
    _detail(book.create_sheet("Detalle"), sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _header(ws, row: int, values: list[str]) -> None:
    thin = Side(style="thin", color="FFFFFF")
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col, value=value)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = Border(left=thin, right=thin)


def _matrix(ws, sheet: MatrixSheet) -> None:
    ws.cell(row=1, column=1, value=sheet.title).font = Font(bold=True, size=13)
    _header(ws, 2, ["Principio del modelo", *sheet.columns])
    ws.freeze_panes = "B3"   # header row and principles column stay in view
    ws.column_dimensions["A"].width = 42
    for col in range(2, len(sheet.columns) + 2):
        ws.column_dimensions[get_column_letter(col)].width = 24
    ws.row_dimensions[2].height = 60
    for r, (label, cells) in enumerate(sheet.rows, start=3):
        ws.cell(row=r, column=1, value=label).alignment = Alignment(wrap_text=True,
                                                                    vertical="top")
        for c, cell in enumerate(cells, start=2):
            text = STATUS_LABELS.get(cell.status, cell.status)
            if cell.where:
                text += f"\n{cell.where}"
            if cell.corrected:
                text += "\n(corregido)"
            target = ws.cell(row=r, column=c, value=text)
            target.fill = PatternFill("solid", fgColor=FILLS.get(cell.status, "FFFFFF"))
            target.alignment = Alignment(wrap_text=True, vertical="top")
    if sheet.totals:
        r = len(sheet.rows) + 3
        ws.cell(row=r, column=1, value="Totales (igual / distinta / falta)").font = Font(bold=True)
        for c, counts in enumerate(sheet.totals, start=2):
            ws.cell(row=r, column=c, value=" / ".join(str(counts.get(s, 0)) for s in
                                                      ("igual", "distinta", "falta"))
                    ).font = Font(bold=True)


def _detail(ws, sheet: MatrixSheet) -> None:
    columns = ["Principio", "Instrumento", "Estado", "Disposición", "Parecido",
               "Motivo", "Corregido", "Diferencias (texto vigente → modelo)"]
    _header(ws, 1, columns)
    ws.freeze_panes = "A2"
    widths = [36, 36, 11, 28, 10, 50, 11, 90]
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    row = 2
    for label, cells in sheet.rows:
        for name, cell in zip(sheet.columns, cells):
            values = [label, name, STATUS_LABELS.get(cell.status, cell.status), cell.where,
                      f"{cell.score:.0f} %" if cell.where else "", cell.reason,
                      "Sí" if cell.corrected else "", inline_diff(cell.diff)]
            for col, value in enumerate(values, start=1):
                target = ws.cell(row=row, column=col, value=value)
                target.alignment = Alignment(wrap_text=True, vertical="top")
            ws.cell(row=row, column=3).fill = PatternFill(
                "solid", fgColor=FILLS.get(cell.status, "FFFFFF"))
            row += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(row - 1, 1)}"
