"""Archivo › Respaldar base de datos…: the copy is made with the backup API and verified."""

from __future__ import annotations

import sqlite3

from reglamentos_app.ui import backup


def test_backup_from_the_file_menu(qtbot, window, imported, tmp_path, monkeypatch):
    dest = tmp_path / "respaldos" / "copia.sqlite3"
    monkeypatch.setattr(backup, "choose_path", lambda _w: dest)
    assert window.action_backup.text() == "&Respaldar base de datos…"
    window.action_backup.trigger()
    qtbot.waitUntil(lambda: "Respaldo guardado" in window.statusBar().currentMessage(),
                    timeout=10000)
    notice = window.saved_notice  # the confirmation names the file and offers to open it
    assert str(dest) in notice.text() and "Mostrar en la carpeta" in [
        b.text() for b in notice.buttons()]
    con = sqlite3.connect(dest)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT count(*) FROM regulations").fetchone()[0] == 2
    finally:
        con.close()


def test_a_shared_database_is_not_backed_up_here(qtbot, window, dialogs, monkeypatch):
    asked = []
    monkeypatch.setattr(backup, "choose_path", lambda _w: asked.append(1))
    window.db_url = "postgresql://ana@servidor/reglamentos"
    window.action_backup.trigger()
    assert asked == []
    assert "pg_dump" in dialogs.texts()[-1]
