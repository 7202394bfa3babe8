"""Tests that look: every main screen and dialog on a real X server at 1366×768 and 1280×720.

Runs ``tools/screenshots.py --check`` under Xvfb (``xvfb-run``) in its own process, so the real
``xcb`` platform draws the windows (the other GUI tests use the offscreen platform). The tool
captures each screen into a temporary folder and fails when a visible widget is drawn below
its minimum size, a window is larger than the screen, or a toolbar action is in no menu
(``ui.layout.starved_widgets`` / ``unreachable_actions``). Skipped when xvfb-run is not
installed (``.ci/run`` installs it, so CI always runs it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ["01-corpus", "02-busqueda", "03-proyecto", "04-tablero", "05-revision",
           "06-exportar", "07-decreto", "08-tramite", "09-formulario-cabildo", "10-guia",
           "11-atajos", "12-nuevo-proyecto", "13-exportado"]

pytestmark = pytest.mark.skipif(shutil.which("xvfb-run") is None,
                                reason="xvfb-run no está instalado (apt-get install xvfb xauth)")


@pytest.mark.parametrize("size", ["1366x768", "1280x720"])
def test_every_screen_fits_with_every_action_in_a_menu(tmp_path, size):
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        ["xvfb-run", "-a", "-s", f"-screen 0 {size}x24", sys.executable,
         str(ROOT / "tools" / "screenshots.py"), "--check", "--size", size,
         "--out", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    problems = [line for line in result.stderr.splitlines() if line.startswith("  ")]
    assert result.returncode == 0, "\n".join(problems) or result.stderr[-3000:]
    assert "Sin problemas de presentación." in result.stdout
    for name in SCREENS:
        image = tmp_path / f"{name}.png"
        assert image.is_file() and image.stat().st_size > 5000, name
