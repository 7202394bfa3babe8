"""Draft recovery: text typed but not yet autosaved when the program dies is offered back.

The first window types and is then "killed" (its timers stop, nothing is saved, it is never
closed); a second window, as at the next start, opens the project and is offered the text.
"""

from __future__ import annotations

import pytest

from reglamentos_app.config import Settings, data_dir
from reglamentos_app.services.recovery import FOLDER
from reglamentos_app.ui.main_window import MainWindow
from reglamentos_app.ui.projects import draft_recovery

from .test_projects import article, create_from_dialog, select, type_text

UNSAVED = "Texto escrito justo antes de la falla."


def journals():
    folder = data_dir() / FOLDER
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


@pytest.fixture
def crashed(qtbot, window, imported, services):
    """A project whose last keystrokes were journaled but never saved."""
    uri = imported["parques.txt"]
    window.refresh()
    editor = create_from_dialog(window, uri)
    select(editor, "4")
    editor._save_timer.setInterval(60_000)  # the "crash" comes before the autosave
    type_text(qtbot, editor, UNSAVED)
    qtbot.waitUntil(lambda: len(journals()) == 1, timeout=3000)  # after the 300 ms pause
    editor.shutdown()  # the process dies: no save, no close
    stored = services.projects.get(editor.project_id).target(uri).draft
    assert next(a for a in stored.articles() if a.num == "4").text != UNSAVED
    return editor.project_id


def reopen(qtbot, runner, db_url, project_id):
    win = MainWindow(runner, Settings.load(), db_url)
    qtbot.addWidget(win)
    win.show()
    win.projects.open_project(project_id)
    qtbot.waitUntil(lambda: win.tabs.currentWidget() is not None
                    and getattr(win.tabs.currentWidget(), "current", None) is not None,
                    timeout=5000)
    return win.tabs.currentWidget()


def test_unsaved_text_is_offered_and_recovered_then_saved(qtbot, crashed, runner, db_url,
                                                          services, monkeypatch, imported):
    offered = []
    monkeypatch.setattr(draft_recovery, "ask", lambda _p, found: offered.append(found) or True)
    editor = reopen(qtbot, runner, db_url, crashed)
    assert len(offered) == 1 and "a las" in offered[0].label
    assert article(editor, "4").text == UNSAVED
    assert editor.dirty and editor.actions.undo.isEnabled()  # recovering is one undo step
    qtbot.waitUntil(lambda: not editor.dirty, timeout=5000)  # the autosave stores it
    stored = services.projects.get(crashed).target(imported["parques.txt"]).draft
    assert next(a for a in stored.articles() if a.num == "4").text == UNSAVED
    qtbot.waitUntil(lambda: journals() == [], timeout=3000)  # saved: nothing left to offer


def test_discarding_the_offer_removes_the_journal(qtbot, crashed, runner, db_url, monkeypatch):
    monkeypatch.setattr(draft_recovery, "ask", lambda _p, _found: False)
    editor = reopen(qtbot, runner, db_url, crashed)
    assert article(editor, "4").text != UNSAVED and not editor.dirty
    assert journals() == []


def test_nothing_is_offered_after_a_normal_save(qtbot, window, imported, monkeypatch):
    asked = []
    monkeypatch.setattr(draft_recovery, "ask", lambda *_a: asked.append(1) or True)
    window.refresh()
    editor = create_from_dialog(window, imported["parques.txt"])
    select(editor, "4")
    type_text(qtbot, editor, UNSAVED)
    qtbot.waitUntil(lambda: not editor.dirty, timeout=5000)
    qtbot.waitUntil(lambda: journals() == [], timeout=3000)
    assert asked == []
