"""The review dashboard (pytest-qt, offscreen): charts, filters, side by side, project from
hits, CSV and .docx exports, the rules table, and the «Revisión» menu of the main window."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import zipfile  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from reglamentos_app.config import Settings  # noqa: E402
from reglamentos_app.services import open_services  # noqa: E402
from reglamentos_app.ui.main_window import MainWindow  # noqa: E402
from reglamentos_app.ui.ops import OpRunner  # noqa: E402
from tests.conftest import CORPUS  # noqa: E402


@pytest.fixture
def shown(monkeypatch):
    record = []

    def fake(_parent, title, text, *args, **kwargs):
        record.append((title, text))
        return QMessageBox.StandardButton.Ok
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, fake)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    return record


@pytest.fixture
def window(qtbot, tmp_path, shown):
    url = f"sqlite:///{tmp_path}/t.sqlite3"
    services = open_services(url)
    services.corpus.import_paths([CORPUS])
    runner = OpRunner(services, synchronous=True)
    win = MainWindow(runner, Settings.load(), url)
    qtbot.addWidget(win)
    win.show()
    yield win
    runner.shutdown()
    services.close()


def test_menu_opens_the_dashboard_with_charts_and_tables(window):
    menus = [a.text() for a in window.menuBar().actions()]
    assert "&Revisión" in menus
    window.action_review.trigger()
    dash = window.review_dashboard
    assert window.tabs.currentWidget() is dash
    assert sum(v for _k, v in dash.age_chart.data) == len(list(CORPUS.glob("*.txt")))
    kinds = dict(dash.findings_chart.data)
    assert kinds["Salario mínimo → UMA"] > 20 and kinds["Multas distintas"] >= 1
    assert dash.age_chart.grab().width() > 0  # paints without error
    assert len(dash.hits_table.rows) == len(dash.health.scan.hits)
    assert dash.regulations.table.rowCount() == len(list(CORPUS.glob("*.txt")))
    window.action_review.trigger()  # a second time: the same tab, refreshed
    assert window.tabs.count() == 3 or window.tabs.indexOf(dash) >= 0


def test_filters_and_side_by_side(window):
    dash = window.open_review()
    table = dash.hits_table
    table.kind_filter.setCurrentText("Distrito Federal → Ciudad de México")
    assert [table.rows[i]["Disposición"] for i in table.visible_indices()] == ["Artículo 34"]
    table.kind_filter.setCurrentIndex(0)
    table.text_filter.setText("S.M.G.V.")
    assert len(table.visible_indices()) == 1
    pairs = dash.pairs_table
    fines = next(i for i, r in enumerate(pairs.rows) if r["Tipo"] == "Multas distintas")
    pairs.table.setCurrentCell(fines, 0)
    assert "diez a cien veces" in dash.left_text.toPlainText() + dash.right_text.toPlainText()
    assert "Multas distintas" in dash.right_title.text()


def test_create_project_from_checked_hits_opens_it(window, shown):
    dash = window.open_review()
    table = dash.hits_table
    dash.create_project("vacío")
    assert "Marque primero" in shown[-1][1]
    table.kind_filter.setCurrentText("Salario mínimo → UMA")
    table.regulation_filter.setCurrentText(
        "REGLAMENTO DE PANTEONES PARA EL MUNICIPIO DE MEXICALI, BAJA CALIFORNIA")
    dash.select_all.click()
    checked = dash.checked_hits()
    assert len(checked) == 5 and all("PANTEONES" in h.title for h in checked)
    dash.create_project("UMA en Panteones")
    assert "Se creó el proyecto 1" in shown[-1][1] and "5 reemplazos" in shown[-1][1]
    assert 1 in window.projects.editors
    services = window.runner.services
    assert "Unidad de Medida y Actualización" in services.projects.decree(1)
    assert dash.projects_list.count() == 1


def test_exports(window, tmp_path):
    dash = window.open_review()
    dash.citations_table.kind_filter.setCurrentText("Artículo derogado")
    dash.export_csv(dash.citations_table, "citas.csv", str(tmp_path / "citas.csv"))
    text = (tmp_path / "citas.csv").read_text(encoding="utf-8-sig")
    assert text.count("\n") == 2 and "artículo 30 de este Reglamento" in text
    dash.export_docx(str(tmp_path / "r.docx"))
    with zipfile.ZipFile(tmp_path / "r.docx") as docx:
        assert "Citas" in docx.read("word/document.xml").decode("utf-8")


def test_rules_table_edits_and_refuses_a_bad_pattern(window, shown):
    dash = window.open_review()
    editor = dash.rules_editor
    inclusive = next(i for i in range(editor.sets_table.rowCount())
                     if "incluyente" in editor.sets_table.item(i, 1).text())
    from PySide6.QtCore import Qt

    editor.sets_table.item(inclusive, 0).setCheckState(Qt.CheckState.Checked)
    editor.save()
    assert not window.runner.services.review.using_default_rules
    assert "Lenguaje incluyente" in dict(dash.findings_chart.data)
    editor.rules_table.item(0, 4).setText("(salario")
    editor.save()
    assert any("no es válida" in text for _t, text in shown)
    rules = window.runner.services.review.rules_data()
    assert rules["conjuntos"][0]["reglas"][0]["patron"] != "(salario"


def test_check_a_draft_from_the_dashboard(window, shown):
    services = window.runner.services
    uri = "/mx-bc-mxl/reglamento/1996/panteones"
    project = services.projects.create("Derogar artículo 19", [uri])
    session = services.projects.open_draft(project.id, uri)
    session.editor.derogate(next(n for n in session.target.draft.articles() if n.num == "19").pid)
    session.save()
    dash = window.open_review()
    dash.check_selected_draft()
    assert "Elija primero" in shown[-1][1]
    dash.projects_list.setCurrentRow(0)
    dash.check_selected_draft()
    assert dash.draft_results.item(0).text() == (
        "Artículo 19: Esta reforma deroga el artículo 19, citado por los artículos 21 y 44.")
