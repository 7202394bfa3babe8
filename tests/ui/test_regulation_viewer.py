"""The regulation viewer: formatted text, structure tree, anchors, versions, import report."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from reglamentos_app.ui.import_report_panel import NO_WARNINGS
from reglamentos_app.ui.regulation_viewer import RegulationViewer
from reglamentos_app.ui.structure_tree import REPEALED_COLOR
from reglamentos_app.ui.text_html import format_date, regulation_html

from .texts import REGLAMENTO_2023


@pytest.fixture
def viewer(qtbot, runner):
    widget = RegulationViewer(runner)
    qtbot.addWidget(widget)
    widget.resize(900, 450)
    widget.show()
    return widget


@pytest.fixture
def parques(imported):
    return imported["parques.txt"]


def test_format_date():
    assert format_date(date(2021, 5, 3)) == "03/05/2021"
    assert format_date(None) == "—"


def test_html_has_an_anchor_per_provision_and_the_gazette_styles(services, parques):
    regulation = services.corpus.get_regulation(parques)
    expression = services.corpus.get_text(parques)
    html = regulation_html(regulation, expression)
    eids = [p.eid for p in expression.root.walk() if p.eid]
    assert len(eids) > 30
    missing = [eid for eid in eids if f'<a name="{eid}">' not in html]
    assert missing == []
    assert "Publicado en el Periódico Oficial No. 10" in html
    assert '<p align="center" style="margin-top:14px;">' in html  # divisions centred
    assert "<b>CAPÍTULO I<br/>DISPOSICIONES GENERALES</b>" in html
    assert "<b>Artículo 1.-</b> <i>Objeto.-</i>" in html
    assert 'margin-left:28px;"><a name="cap_1__art_2__frac_1"></a><b>I.-</b>' in html
    # derogated text grey; the reform note small, grey and italic
    assert '<span style="color:#7a7a7a;">Derogado.</span>' in html
    assert 'font-size:small;"><b>Nota de reforma:</b> <i>(Derogado, P.O. No. 20' in html


def test_showing_a_regulation_fills_title_tree_text_and_report(viewer, parques, qtbot):
    with qtbot.waitSignal(viewer.sig_loaded, timeout=3000) as signal:
        viewer.show_regulation(parques)
    assert signal.args == [parques]
    assert viewer.stack.currentWidget() is viewer.content
    assert viewer.title_label.text().startswith("REGLAMENTO DE PARQUES DE PRUEBA")
    tree = viewer.structure_tree
    top = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert top == ["Capítulo I — DISPOSICIONES GENERALES", "Capítulo II — DE LAS SANCIONES",
                   "Transitorios"]
    first_chapter = tree.topLevelItem(0)
    assert first_chapter.child(0).text(0) == "Artículo 1 — Objeto"
    text = viewer.text_browser.toPlainText()
    assert "Este Reglamento regula el uso de los parques públicos." in text
    assert "SEGUNDO.- Se abroga el reglamento anterior." in text
    assert viewer.report_panel.showing_empty
    assert viewer.report_panel.empty_label.text() == NO_WARNINGS


def test_repealed_article_is_grey_and_italic_in_the_tree(viewer, parques):
    viewer.show_regulation(parques)
    item = viewer.structure_tree.item_for("cap_2__art_3")
    assert item is not None and item.text(0) == "Artículo 3"
    assert item.font(0).italic()
    assert item.foreground(0).color() == QColor(REPEALED_COLOR)
    normal = viewer.structure_tree.item_for("cap_2__art_4")
    assert not normal.font(0).italic()


def test_clicking_a_tree_node_scrolls_the_text_to_its_anchor(viewer, parques, qtbot):
    viewer.show_regulation(parques)
    browser = viewer.text_browser
    bar = browser.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    tree = viewer.structure_tree
    item = tree.item_for("cap_2__art_15")
    assert item is not None
    tree.scrollToItem(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=tree.visualItemRect(item).center())
    assert bar.value() > 0
    # The anchor's paragraph is now at the top of the viewport.
    top = browser.cursorForPosition(browser.viewport().rect().topLeft() + QPoint(5, 5))
    assert top.block().text().startswith("Artículo 15.-")


def test_version_selector_lists_versions_and_shows_the_older_text(viewer, services, parques,
                                                                  write_text):
    services.corpus.import_paths([write_text("parques-2023.txt", REGLAMENTO_2023)])
    viewer.show_regulation(parques)
    combo = viewer.version_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Vigente desde el 10/02/2023", "Del 03/05/2021 al 10/02/2023"]
    assert combo.isEnabled()
    assert "parques y jardines" in viewer.text_browser.toPlainText()
    combo.setCurrentIndex(1)
    assert "parques y jardines" not in viewer.text_browser.toPlainText()
    assert "regula el uso de los parques públicos" in viewer.text_browser.toPlainText()
    assert viewer.loaded.index == 0


def test_import_warnings_are_listed_with_line_kind_and_message(viewer, services, write_text):
    text = ("REGLAMENTO DE AVISOS DE PRUEBA DE MEXICALI\n\nARTÍCULO 1.- Primero.\n\n"
            "ARTÍCULO 3.- Salta el número dos.\n")
    (outcome,) = services.corpus.import_paths([write_text("avisos.txt", text)])
    assert outcome.warnings, "el texto de prueba debe producir advertencias"
    viewer.show_regulation(outcome.uri)
    table = viewer.report_panel.table
    assert not viewer.report_panel.showing_empty
    assert table.rowCount() == len(outcome.warnings)
    assert [table.horizontalHeaderItem(i).text() for i in range(3)] == ["Línea", "Tipo",
                                                                         "Mensaje"]
    first = outcome.warnings[0]
    assert table.item(0, 0).text() == (str(first.line) if first.line else "—")
    assert table.item(0, 1).text() == first.kind.label
    assert table.item(0, 2).text() == first.message
