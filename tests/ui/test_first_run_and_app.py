"""First-run import of the sample corpus, and the ``app`` composition root end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from reglamentos_app import app
from reglamentos_app.config import Settings
from reglamentos_app.ui.first_run import import_sample_corpus
from reglamentos_app.ui.main_window import MainWindow

from .texts import BANDO, REGLAMENTO

REPO = Path(__file__).resolve().parents[2]


def test_first_run_imports_the_folder_and_sets_the_flag(window, write_text):
    folder = write_text("parques.txt", REGLAMENTO, folder="muestra").parent
    write_text("bando.txt", BANDO, folder="muestra")
    settings = Settings.load()
    assert not settings.sample_corpus_imported
    finished = []
    assert import_sample_corpus(window, settings, folder, on_done=lambda: finished.append(1))
    assert finished == [1]
    assert Settings.load().sample_corpus_imported
    assert window.browser.count == 2


def test_first_run_is_skipped_once_done(window, write_text):
    folder = write_text("parques.txt", REGLAMENTO, folder="muestra").parent
    settings = Settings(sample_corpus_imported=True)
    finished = []
    assert not import_sample_corpus(window, settings, folder, on_done=lambda: finished.append(1))
    assert finished == [1]
    assert window.browser.count == 0


def test_first_run_leaves_a_non_empty_database_alone(qtbot, runner, db_url, imported,
                                                     write_text):
    folder = write_text("otro.txt", REGLAMENTO.replace("PARQUES", "JARDINES"),
                        folder="muestra").parent
    win = MainWindow(runner, Settings.load(), db_url)
    qtbot.addWidget(win)
    settings = Settings.load()
    import_sample_corpus(win, settings, folder)
    assert win.browser.count == 2  # only the two texts imported by the fixture
    assert not Settings.load().sample_corpus_imported


def test_unopenable_database_exits_cleanly(qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: None)  # "Salir"
    assert app._open_database("mysql://servidor/bd", Settings.load()) is None
    assert shown and "Base de datos no admitida" in shown[0]
    assert "Puede elegir otra base de datos o salir." in shown[0]


def test_parse_args_accepts_db_and_screenshot():
    args, rest = app.parse_args(["--db", "sqlite:///x.sqlite3", "--screenshot", "a.png",
                                 "-platform", "offscreen"])
    assert args.db == "sqlite:///x.sqlite3" and args.screenshot == Path("a.png")
    assert rest == ["-platform", "offscreen"]


def test_module_launch_first_run_and_screenshot(tmp_path):
    """``python -m reglamentos_app`` imports the sample on first run and saves a screenshot."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "parques.txt").write_text(REGLAMENTO, encoding="utf-8")
    (corpus / "bando.txt").write_text(BANDO, encoding="utf-8")
    home = tmp_path / "casa"
    shot = tmp_path / "captura.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "REGLAMENTOS_HOME": str(home),
           "REGLAMENTOS_CORPUS": str(corpus)}
    env.pop("REGLAMENTOS_DB", None)
    result = subprocess.run(
        [sys.executable, "-m", "reglamentos_app", "--db", f"sqlite:///{tmp_path}/app.sqlite3",
         "--screenshot", str(shot)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert shot.is_file() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    settings = json.loads((home / "config" / "ajustes.json").read_text(encoding="utf-8"))
    assert settings["sample_corpus_imported"] is True
    assert (home / "config" / "ventana.ini").is_file()
