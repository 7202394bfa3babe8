"""The desktop build: ``./dev.sh dist`` builds dist/reglamentos/ and its ``--self-test`` passes.

The build takes about a minute (PyInstaller, installed on demand into .venv), so it runs when
``REGLAMENTOS_BUILD_TEST=1`` — set by ``.ci/run`` — and not in every local test run.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get("REGLAMENTOS_BUILD_TEST") != "1",
                       reason="el programa construido se prueba con REGLAMENTOS_BUILD_TEST=1"),
]


def test_dist_builds_and_the_built_program_passes_its_self_test(tmp_path):
    env = {**os.environ, "REGLAMENTOS_HOME": str(tmp_path / "casa")}
    env.pop("QT_QPA_PLATFORM", None)
    build = subprocess.run(["./dev.sh", "dist"], cwd=REPO, env=env, capture_output=True,
                           text=True, timeout=1800)
    assert build.returncode == 0, build.stdout[-4000:] + build.stderr[-4000:]
    assert "Resultado: todo funciona" in build.stdout
    program = REPO / "dist" / "reglamentos" / "reglamentos"
    internal = program.parent / "_internal"
    # What the spec bundles: migrations, sample corpus, review rules, resources.
    assert any((internal / "reglamentos_app" / "storage" / "migrations" / "versions").iterdir())
    assert (internal / "corpus" / "catalogo.toml").is_file()
    assert (internal / "reglamentos_app" / "review" / "reglas.yaml").is_file()
    assert (internal / "resources").is_dir()
    # And what it leaves out: tests, pytest, the unused Qt modules.
    for absent in ("pytest", "_pytest", "tests", "PySide6/QtQml.abi3.so",
                   "PySide6/QtWebEngineCore.abi3.so", "PySide6/QtQuick.abi3.so"):
        assert not (internal / absent).exists(), absent
    # Run again from outside the repository: nothing may come from the source tree.
    again = subprocess.run([str(program), "--self-test"], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Abrir la ventana principal" in again.stdout

    # The packaged program serves as the import worker, with the memory limit applied.
    from reglamentos_app.sources.limits import DEFAULT_LIMITS

    for func, args, expected in ((os.getpid, (), "ok"), (bytearray, (2 << 30,), "memory")):
        # The worker's protocol: each job and each result framed by its length (8 bytes, big
        # endian); the worker serves jobs until its input closes.
        job = pickle.dumps((func, args, DEFAULT_LIMITS))
        worker = subprocess.run([str(program), "--import-worker"],
                                input=len(job).to_bytes(8, "big") + job,
                                capture_output=True, timeout=120)
        size = int.from_bytes(worker.stdout[:8], "big")
        assert size and len(worker.stdout) == 8 + size, (worker.stdout[:200],
                                                         worker.stderr[-2000:])
        status, payload = json.loads(worker.stdout[8:].decode("utf-8"))
        assert status == expected, (status, payload, worker.stderr[-2000:])
        if expected == "ok":
            assert payload != os.getpid()
