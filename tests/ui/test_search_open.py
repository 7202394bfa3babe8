"""Opening search hits: the version in force on the date filter, and drafts of projects."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from reglamentos_app.ui.search.panel import HIT_ROLE

from .texts import REGLAMENTO

V2 = (REGLAMENTO.replace("Las sanciones se aplicarán conforme a la Ley.",
                         "Las multas se aplicarán conforme a la Ley.")
      .replace("No. 20, de fecha 3 de mayo de 2021, Tomo CXXVIII",
               "No. 33, de fecha 4 de julio de 2024, Tomo CXXXI"))


def _search(panel, qtbot, text):
    panel.query_edit.setText(text)
    panel.search_now()
    qtbot.waitUntil(lambda: panel.results is not None and panel.results.query.startswith(text),
                    timeout=3000)
    return panel.results


def test_date_filter_opens_the_version_in_force_then(window, services, imported, write_text,
                                                     qtbot):
    services.corpus.import_paths([write_text("parques.txt", V2, folder="v2")])
    uri = imported["parques.txt"]
    assert len(services.corpus.versions(uri)) == 2
    window.refresh()
    window.show_search()
    panel = window.search_panel
    panel.date_check.setChecked(True)
    panel.date_edit.setDate(QDate(2022, 1, 1))
    results = _search(panel, qtbot, "sanciones")
    assert results.when == date(2022, 1, 1) and results.total >= 1
    item = next(i for i in panel.hit_items() if i.data(0, HIT_ROLE).label == "Artículo 4")
    with qtbot.waitSignal(window.viewer.sig_loaded, timeout=3000):
        panel.open_item(item)
    qtbot.waitUntil(lambda: window.viewer.loaded is not None
                    and window.viewer.loaded.index == 0, timeout=3000)
    assert window.viewer.current_uri == uri
    assert "sanciones" in window.viewer.text_browser.toPlainText()
    assert len(window.viewer.text_browser.extraSelections()) >= 1
    # Without the date: today's version, where the word is gone.
    panel.date_check.setChecked(False)
    results = _search(panel, qtbot, "multas")
    item = next(i for i in panel.hit_items() if i.data(0, HIT_ROLE) is not None)
    panel.open_item(item)
    qtbot.waitUntil(lambda: window.viewer.loaded.index == 1, timeout=3000)
    assert len(window.viewer.text_browser.extraSelections()) >= 1


def test_drafts_checkbox_and_opening_a_draft_hit(window, services, imported, qtbot):
    uri = imported["parques.txt"]
    project = services.projects.create("Reforma de columpios", [uri])
    session = services.projects.open_draft(project.id, uri)
    article = next(a for a in session.editor.root.articles() if a.num == "4")
    session.editor.edit(article.pid, text="Se instalarán columpios accesibles.")
    session.save()
    window.refresh()
    window.show_search()
    panel = window.search_panel
    assert _search(panel, qtbot, "columpios").total == 0
    panel.drafts_check.setChecked(True)
    results = _search(panel, qtbot, "columpios")
    assert results.total == 1 and results.hits[0].is_draft
    labels = [i.text(0) for i in panel.hit_items()]
    assert any("borrador de «Reforma de columpios»" in label for label in labels)
    group = panel.tree.topLevelItem(0)
    assert "borrador del proyecto «Reforma de columpios»" in group.text(0)
    opened = []
    panel.sig_open_draft.connect(lambda *args: opened.append(args))
    panel.open_item(panel.hit_items()[0])
    assert opened == [(project.id, uri, article.pid)]
    # The window opens the project's editor at that provision of that draft.
    editor = window.projects.editors[project.id]
    qtbot.waitUntil(lambda: editor.current is not None, timeout=3000)
    assert editor.current.uri == uri
    assert editor.tree.current_pid() == article.pid
