"""Crash safety, reduced: 21 SIGKILLs in the middle of draft saves, exports and backups.

``bench/crash_safety.py`` runs the full 200; this keeps the same checks in the test suite.
The checks are also shown to fail: a torn export and a lost acknowledged save are caught.
"""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "crash_safety.py"


def _script():
    spec = importlib.util.spec_from_file_location("crash_safety", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_sigkill_while_saving_never_loses_or_tears_anything():
    figures = _script().run(iterations=21, seed=7, verbose=False)
    assert figures["kills_draft"] == figures["kills_export"] == figures["kills_backup"] == 7
    assert figures["acked_draft_saves"] > 0 and figures["acked_exports"] > 0
    assert figures["packages_checked"] > 0   # the package folders were exercised under kills


def test_the_checks_catch_a_torn_export_and_a_lost_save(tmp_path):
    crash = _script()
    reference = crash.setup(tmp_path)
    out = tmp_path / "salida"
    (out / "texto-vigente.docx").write_bytes(reference[: len(reference) // 2])
    problems, _ = crash.check("export", tmp_path, {}, reference, set())
    assert any("texto-vigente.docx" in p for p in problems)
    (out / "texto-vigente.docx").unlink()
    problems, _ = crash.check("draft", tmp_path, {"S": 3, "J": 3}, reference, set())
    assert any("guardado confirmado" in p for p in problems)
    assert any("no se ofrece" in p for p in problems)


def test_a_kill_leaves_at_most_temporary_files_that_are_swept(tmp_path):
    crash = _script()
    reference = crash.setup(tmp_path)
    acks = crash.kill_once("export", tmp_path, random.Random(3))
    assert acks.get("E", 0) >= 1
    problems, _swept = crash.check("export", tmp_path, acks, reference, set())
    assert problems == []
