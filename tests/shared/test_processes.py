"""Two OS processes saving the same draft, and a client killed while holding a lease (C2, C4).

Both run against the real PostgreSQL server with their own logins, through the server's
functions. Every text a process tried exists exactly once: as the current text of its article,
superseded by a later accepted save, or as a conflict revision — never silently lost.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.services.test_projects import art

pytestmark = pytest.mark.postgres
REPO = Path(__file__).resolve().parents[2]


def _spawn(*args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-m", "tests.shared.writer_proc", *args], cwd=REPO,
                            env=env, **kwargs)


@contextlib.contextmanager
def _children():
    """The child processes of a test, all stopped (and reaped) when the test ends, pass or fail.

    A failing assertion used to leave the sibling writer running through the teardown, writing
    into a database that was being dropped.
    """
    procs: list[subprocess.Popen] = []
    try:
        yield procs
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
        for proc in procs:
            proc.wait(timeout=60)


def test_two_processes_hundreds_of_saves_lose_nothing(office, project, tmp_path):
    ana = office.services("ana")
    ana.projects.collab.add_member(project, office.login("beto"))
    rounds = 250
    outs = [tmp_path / "ana.json", tmp_path / "beto.json"]
    with _children() as procs:
        procs += [_spawn("save", office.url(who), str(project), office.uri, str(seed),
                         str(rounds), str(out))
                  for seed, (who, out) in enumerate(zip(("ana", "beto"), outs))]
        # Generous: both writers share 2 busy cores with the server and the rest of the suite.
        for proc in procs:
            assert proc.wait(timeout=900) == 0
    logs = [entry for out in outs for entry in json.loads(out.read_text(encoding="utf-8"))]
    assert len(logs) == 2 * rounds
    conflicts = [c.mine["text"] for c in ana.sync.conflicts(project, office.uri,
                                                            only_open=False)]
    said_conflict = sorted(t for t, outcome in logs if outcome == "conflict")
    assert sorted(conflicts) == said_conflict            # each losing text kept exactly once
    accepted = {t for t, outcome in logs if outcome == "accepted"}
    assert not accepted & set(conflicts)
    root = ana.projects.get(project).target(office.uri).draft
    for num in ("3", "5", "7", "12", "13"):
        current = art(root, num).text
        tried = [t for t, _o in logs if t.endswith(f"artículo {num}.")]
        if tried:
            assert current in accepted, (num, current)
    assert len(accepted) + len(conflicts) == 2 * rounds
    print(f"aceptados {len(accepted)}, conflictos {len(conflicts)}")


def test_lease_of_a_killed_client_expires(office, project):
    ana = office.services("ana")
    ana.projects.collab.add_member(project, office.login("beto"))   # leases are members' only
    pid = art(ana.projects.get(project).target(office.uri).draft, "3").pid
    with _children() as procs:
        holder = _spawn("lease", office.url("ana"), str(project), office.uri, pid, "3",
                        stdout=subprocess.PIPE, text=True)
        procs.append(holder)
        assert holder.stdout.readline().strip() == "ok"
        beto = office.services("beto")
        notices = beto.sync.editing_notices(project, office.uri)
        assert notices == {pid: "Lic. Ana Ruiz está editando este artículo."}
        assert not beto.sync.acquire(project, office.uri, pid).mine
        holder.send_signal(signal.SIGKILL)   # the laptop's battery dies
        holder.wait(timeout=10)
        killed_at = time.monotonic()
        while not beto.sync.acquire(project, office.uri, pid).mine:
            # TTL 3 s; the margin is for a loaded machine (each acquire is a server round trip)
            assert time.monotonic() - killed_at < 3 + 12, "la concesión no caducó"
            time.sleep(0.2)
        assert beto.sync.editing_notices(project, office.uri) == {}
