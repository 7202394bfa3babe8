"""The «Homologar con un modelo» tab (pytest-qt, offscreen): matrix, filters, detail with the
word diff, a correction kept, exports, and the omnibus project from selected cells."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QItemSelectionModel  # noqa: E402

from tests.review.homologation_truth import PRINCIPLES, TRUTH  # noqa: E402
from tests.review.test_review_gui import shown, window  # noqa: E402,F401


@pytest.fixture
def panel(window):  # noqa: F811
    window.action_review.trigger()
    dash = window.review_dashboard
    dash.tabs.setCurrentWidget(dash.homologation_panel)
    panel = dash.homologation_panel
    panel.add_sample()
    return panel


def _column(panel, file_name):
    keyword = {"acuerdo-creacion-dif.txt": "Desarrollo Integral",
               "acuerdo-creacion-imip.txt": "Investigación"}[file_name]
    return next(i for i, c in enumerate(panel.matrix.instruments) if keyword in c.title)


def test_matrix_shows_every_planted_status_and_counts(panel):
    matrix = panel.matrix
    assert panel.table.columnCount() == len(TRUTH) + 1    # + «Por principio»
    assert panel.table.rowCount() == len(PRINCIPLES) + 1  # + «Por instrumento»
    col = _column(panel, "acuerdo-creacion-dif.txt")
    for row, expected in enumerate(TRUTH["acuerdo-creacion-dif.txt"]):
        assert panel.table.item(row, col).text().lower().startswith(expected)
    dif = TRUTH["acuerdo-creacion-dif.txt"]
    assert panel.table.item(len(PRINCIPLES), col).text() == (
        f"{dif.count('igual')} igual · {dif.count('distinta')} distinta · "
        f"{dif.count('falta')} falta")
    assert "iguales" in panel.status.text() and matrix is not None


def test_filters_hide_rows_without_a_shown_status(panel):
    panel.filters["igual"].setChecked(False)
    panel.filters["distinta"].setChecked(False)
    hidden = [panel.table.isRowHidden(r) for r in range(len(PRINCIPLES))]
    with_missing = [any(TRUTH[f][r] == "falta" for f in TRUTH) for r in range(len(PRINCIPLES))]
    assert hidden == [not m for m in with_missing]


def test_detail_correction_and_project(panel, shown):  # noqa: F811
    col = _column(panel, "acuerdo-creacion-imip.txt")
    row = PRINCIPLES.index("3")  # patrimonio: distinta
    panel.table.setCurrentCell(row, col)
    assert "Texto vigente → texto del modelo" in panel.detail.toHtml()
    assert "line-through" in panel.detail.toHtml()
    transparency = PRINCIPLES.index("9")
    panel.table.setCurrentCell(transparency, col)
    pid = next(pid for pid, label in panel.runner.services.homologation.instrument_articles(
        panel.matrix.instruments[col].uri) if label.startswith("Artículo 21 "))
    panel.correct_current([pid])
    assert "(corregido)" in panel.table.item(transparency, col).text()
    # Select DIF's missing órgano de control and IMIP's divergent patrimonio → one project.
    dif = _column(panel, "acuerdo-creacion-dif.txt")
    panel.table.clearSelection()
    model = panel.table.selectionModel()
    for r, c in ((PRINCIPLES.index("8"), dif), (row, col)):
        model.select(panel.table.model().index(r, c), QItemSelectionModel.SelectionFlag.Select)
    opened = []
    panel.sig_open_project.connect(opened.append)
    panel.create_project("Homologación de prueba")
    assert opened and "1 artículo adicionado y 1 reformado en 2 instrumentos" in shown[-1][1]
    ops = panel.runner.services.projects.operations(opened[0])
    assert len(ops) == 2


def test_exports_write_files(panel, tmp_path, shown):  # noqa: F811
    panel.export("xlsx", str(tmp_path / "m.xlsx"))
    panel.export("docx", str(tmp_path / "m.docx"))
    assert (tmp_path / "m.xlsx").stat().st_size > 0 and (tmp_path / "m.docx").stat().st_size > 0


def test_reopening_the_dashboard_computes_the_matrix_of_the_model(panel):
    again = type(panel)(panel.runner)
    again.load()
    assert again.matrix is not None and again.model_box.count() == 1
    assert again.table.rowCount() == len(PRINCIPLES) + 1
