"""The index worker never hangs a build: killed, stopped, or spawned from a script without guard."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from reglamentos_app.search import IndexBuildFailed, bulk, index as index_module

REPO = Path(__file__).resolve().parents[2]
DETECT_S = bulk.STALL_S + 10  # detection within 5 s, plus the spawn and a busy machine's slack


@pytest.fixture
def small_worker(monkeypatch):
    """A worker for any corpus size, fed one document per batch."""
    monkeypatch.setattr(index_module, "MULTIPROCESS_MIN_DOCS", 2)
    monkeypatch.setattr(index_module, "WORKER_BATCH", 1)


def _sabotage(monkeypatch, action):
    """Do ``action(process)`` to the worker right after the first batch was sent to it."""
    original = bulk.SegmentWorker.send

    def send(self, docs):
        original(self, docs)
        if docs and not getattr(self, "_done", False):
            self._done = True
            action(self.process)
    monkeypatch.setattr(bulk.SegmentWorker, "send", send)


def _build_fails_fast(svc, monkeypatch, action):
    svc.search.search("vía")  # the index in use before the failed rebuild
    before = svc.search.index.generation
    _sabotage(monkeypatch, action)
    started = time.monotonic()
    with pytest.raises(IndexBuildFailed) as failure:
        svc.search.reindex(procs=2)
    elapsed = time.monotonic() - started
    assert elapsed < DETECT_S, elapsed
    message = str(failure.value)
    assert message.startswith("No se pudo construir el índice de búsqueda")
    assert "Se sigue usando el índice anterior" in message
    # The previous index is still the one in use and still answers.
    assert svc.search.index.generation == before
    assert svc.search.search("vía").total >= 4
    assert [p.name for p in before.parent.glob("indice-*")] == [before.name]
    return message


def test_killed_worker_fails_the_build_with_a_message(svc, small_worker, monkeypatch):
    kill = lambda process: os.kill(process.pid, signal.SIGKILL)  # noqa: E731
    assert "terminó inesperadamente" in _build_fails_fast(svc, monkeypatch, kill)


def test_stuck_worker_is_detected_within_five_seconds(svc, small_worker, monkeypatch):
    stopped = []

    def stop(process):
        os.kill(process.pid, signal.SIGSTOP)
        stopped.append(process)
    try:
        assert "dejó de responder" in _build_fails_fast(svc, monkeypatch, stop)
    finally:
        for process in stopped:  # killed by the build; continue it in case it was not
            if process.is_alive():
                os.kill(process.pid, signal.SIGCONT)
                process.kill()


def test_a_script_without_main_guard_can_build_with_the_worker(tmp_path, sqlite_url):
    script = tmp_path / "sin_guardia.py"
    script.write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(REPO)!r})
        from pathlib import Path
        from reglamentos_app.search import index as index_module
        from reglamentos_app.services import open_services
        from tests.search.texts import BANDO, TRANSITO_V1

        index_module.MULTIPROCESS_MIN_DOCS = 2
        index_module.WORKER_BATCH = 1
        services = open_services({sqlite_url!r}, index_dir=Path({str(tmp_path / "ix")!r}))
        services.corpus.import_text(TRANSITO_V1, "transito.txt")
        services.corpus.import_text(BANDO, "bando.txt")
        count = services.search.reindex(procs=2)
        segments = len(list(Path({str(tmp_path / "ix")!r}).glob("indice-*/*.seg")))
        print("documentos", count, "segmentos", segments)
        services.close()
    """), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=180, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "segmentos 2" in done.stdout  # the worker wrote its own segment
