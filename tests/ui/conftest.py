"""Fixtures for the GUI tests: offscreen Qt, throw-away databases and no blocking dialogs.

``QT_QPA_PLATFORM=offscreen`` is set before anything imports Qt. Every test gets its own
``REGLAMENTOS_HOME`` (settings and saved window state) and SQLite file under ``tmp_path``,
and the static ``QMessageBox`` functions are replaced by recorders, so no dialog ever waits
for a click. Ops run synchronously (``OpRunner(..., synchronous=True)``) unless a test builds
a threaded runner itself.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtWidgets import QMessageBox, QWidget  # noqa: E402

from reglamentos_app.config import Settings  # noqa: E402
from reglamentos_app.services import open_services  # noqa: E402
from reglamentos_app.ui.main_window import MainWindow  # noqa: E402
from reglamentos_app.ui.ops import OpRunner  # noqa: E402

from .texts import BANDO, REGLAMENTO  # noqa: E402


@dataclass
class Dialogs:
    """What the patched QMessageBox functions were asked to show."""

    shown: list[tuple[str, str, str]] = field(default_factory=list)

    def texts(self, kind: str | None = None) -> list[str]:
        return [text for k, _title, text in self.shown if kind is None or k == kind]


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "home"
    monkeypatch.setenv("REGLAMENTOS_HOME", str(path))
    monkeypatch.delenv("REGLAMENTOS_DB", raising=False)
    return path


@pytest.fixture(autouse=True)
def dialogs(monkeypatch) -> Dialogs:
    record = Dialogs()

    def recorder(kind, answer):
        def fake(_parent, title, text, *args, **kwargs):
            record.shown.append((kind, title, text))
            return answer
        return fake

    ok = QMessageBox.StandardButton.Ok
    for kind in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, recorder(kind, ok))
    monkeypatch.setattr(QMessageBox, "question", recorder("question",
                                                          QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "about", recorder("about", None))
    return record


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path}/t.sqlite3"


@pytest.fixture
def services(db_url):
    svc = open_services(db_url)
    yield svc
    svc.close()


@pytest.fixture
def runner(services):
    r = OpRunner(services, synchronous=True)
    yield r
    r.shutdown()


@pytest.fixture
def write_text(tmp_path):
    """Write a regulation text into a folder of ``tmp_path`` and return its path."""
    def write(name: str, text: str, folder: str = "textos") -> Path:
        path = tmp_path / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path
    return write


@pytest.fixture
def imported(services, write_text):
    """The two test texts, imported through the service (not through the GUI)."""
    paths = [write_text("parques.txt", REGLAMENTO), write_text("bando.txt", BANDO)]
    outcomes = services.corpus.import_paths(paths)
    assert [o.message for o in outcomes if o.message] == []
    return {o.path.name: o.uri for o in outcomes}


@pytest.fixture
def window(qtbot, runner, db_url):
    win = MainWindow(runner, Settings.load(), db_url)
    qtbot.addWidget(win)
    win.resize(1000, 600)
    win.show()
    win.refresh()
    return win


@pytest.fixture
def parent(qtbot):
    """A plain widget to parent dialogs and ops to."""
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget
