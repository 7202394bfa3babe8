"""The search panel: debounce, background search, results, opening a hit, saved searches."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from reglamentos_app.ui.ops import OpRunner
from reglamentos_app.ui.search import SearchPanel
from reglamentos_app.ui.search.panel import HIT_ROLE
from reglamentos_app.ui.structure_tree import EID_ROLE


def _hit_labels(panel):
    return [item.text(0) for item in panel.hit_items()]


def test_shortcuts_open_the_panel(window, imported, qtbot):
    assert window.action_find.shortcut() == QKeySequence("Ctrl+F")
    assert window.action_find_all.shortcut() == QKeySequence("Ctrl+Shift+F")
    assert not window.search_dock.isVisible()
    window.action_find_all.trigger()
    assert window.search_dock.isVisible()


def test_typing_searches_after_debounce_and_opens_hit(window, imported, qtbot):
    window.refresh()
    window.show_search()
    panel = window.search_panel
    qtbot.keyClicks(panel.query_edit, "parques")
    assert panel._timer.isActive()  # debounced: nothing searched yet
    qtbot.waitUntil(lambda: panel.results is not None and panel.results.total > 0, timeout=3000)
    assert "disposiciones" in panel.status_label.text()
    item = panel.hit_items()[0]
    hit = item.data(0, HIT_ROLE)
    panel.tree.setCurrentItem(item)
    assert hit.words == ["parques"]
    assert "background-color:#fff176" in panel.preview.toHtml()
    with qtbot.waitSignal(window.viewer.sig_loaded, timeout=3000):
        panel.open_item(item)
    assert window.viewer.current_uri == hit.uri
    assert len(window.viewer.text_browser.extraSelections()) >= 1


def test_filters_date_and_bad_syntax(window, imported, qtbot):
    window.show_search()
    panel = window.search_panel
    panel.query_edit.setText('"parques')
    panel.search_now()
    qtbot.waitUntil(lambda: panel.results is not None, timeout=3000)
    assert "comillas" in panel.status_label.text()
    panel.kind_combo.setCurrentIndex(panel.kind_combo.findData("bando"))
    panel.query_edit.setText("parques")
    panel.search_now()
    assert panel.query_text() == "parques tipo:bando"
    assert all("Bando" in item.text(0) or item.parent() is not None
               for item in panel.hit_items())
    panel.date_check.setChecked(True)
    assert panel.when() is not None


def test_saved_searches(window, imported, qtbot):
    window.show_search()
    panel = window.search_panel
    panel.query_edit.setText("parques")
    panel.drafts_check.setChecked(True)
    panel.save_search("Parques")
    assert [panel.saved_combo.itemText(i) for i in range(panel.saved_combo.count())] == [
        "Búsquedas guardadas…", "Parques"]
    panel.query_edit.clear()
    panel.drafts_check.setChecked(False)
    panel._apply_saved(1)
    assert panel.query_edit.text() == "parques" and panel.drafts_check.isChecked()


def test_background_search_never_blocks(qtbot, services, imported):
    services.search.ensure_ready()  # built here, so no progress dialog outlives the test
    runner = OpRunner(services)  # threaded, as in the application
    panel = SearchPanel(runner)
    qtbot.addWidget(panel)
    panel._ready = True
    try:
        panel.query_edit.setText("parques")
        qtbot.waitUntil(lambda: panel.results is not None and panel.results.total > 0,
                        timeout=10000)
        # A newer query wins over older answers still on their way.
        panel.query_edit.setText("zzzz")
        panel.search_now()
        panel.query_edit.setText("parques")
        panel.search_now()
        qtbot.waitUntil(lambda: runner.idle, timeout=10000)
        assert panel.results.query.startswith("parques")
    finally:
        qtbot.waitUntil(lambda: runner.idle, timeout=10000)
        runner.shutdown()


def test_enter_on_a_citation_opens_the_article_and_marks_it_in_the_tree(window, imported, qtbot):
    window.show_search()
    panel = window.search_panel
    panel.query_edit.setText("artículo 4 del reglamento de parques")
    with qtbot.waitSignal(window.viewer.sig_loaded, timeout=10000):
        qtbot.keyClick(panel.query_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.viewer.structure_tree.currentItem() is not None, timeout=5000)
    assert panel.results.jump is not None and panel.results.jump.label == "Artículo 4"
    current = window.viewer.structure_tree.currentItem()
    assert current.data(0, EID_ROLE) == panel.results.jump.eid
    # Typing the same citation (no Enter) lists it without opening anything else.
    opened = []
    panel.sig_open_hit.connect(lambda *args: opened.append(args))
    panel.query_edit.setText("artículo 1 del reglamento de parques")
    panel.search_now()
    qtbot.waitUntil(lambda: panel.results.query.startswith("artículo 1"), timeout=5000)
    assert opened == []


def test_optional_equivalences_are_checkable_menu_entries_the_search_uses(window, imported,
                                                                          qtbot):
    window.show_search()
    panel = window.search_panel
    panel.prepare()
    qtbot.waitUntil(lambda: "uma" in panel.equivalence_checks, timeout=10000)
    box = panel.equivalence_checks["uma"]
    assert "UMA" in box.text() and not box.isChecked()
    assert panel.equivalences_button.text() == "Incluir equivalencias (ninguna)"
    box.setChecked(True)
    assert panel.chosen_equivalences() == ["uma"]
    assert panel.equivalences_button.text() == "Incluir equivalencias (1 activa)"
    assert "UMA" in panel.equivalences_button.toolTip()
    panel.query_edit.setText("parques")
    panel.save_search("Con UMA")
    box.setChecked(False)
    qtbot.waitUntil(lambda: panel.saved_combo.count() == 2, timeout=5000)
    panel._apply_saved(1)
    assert box.isChecked()
