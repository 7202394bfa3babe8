"""dev.sh detects installed libraries reliably (no pipe under pipefail), and the package metadata.

``ldconfig -p | grep -q LIB`` under ``set -o pipefail`` fails with SIGPIPE (141) whenever grep
quits before ldconfig has written everything, so installed libraries counted as missing on
about one launch in five (issue 19). A fake ``ldconfig`` with a long listing, the wanted
libraries first, makes that race near-certain for the old code.
"""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
WANTED = "libglib-2.0.so.0:libglib2.0-0 libGL.so.1:libgl1 libEGL.so.1:libegl1"


def _fake_ldconfig(tmp_path: Path) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    listing = tmp_path / "listing.txt"
    lines = [f"{len(WANTED)} libs found in cache `/etc/ld.so.cache'",
             "\tlibglib-2.0.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libglib-2.0.so.0",
             "\tlibGL.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libGL.so.1",
             "\tlibEGL.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libEGL.so.1"]
    lines += [f"\tlibrelleno{i}.so.1 (libc6,x86-64) => /lib/librelleno{i}.so.1"
              for i in range(40_000)]
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tool = bin_dir / "ldconfig"
    tool.write_text(f'#!/bin/sh\nexec cat "{listing}"\n', encoding="utf-8")
    tool.chmod(0o755)
    return bin_dir


def _missing(tmp_path: Path, pairs: str, times: int) -> list[str]:
    bin_dir = _fake_ldconfig(tmp_path)
    script = (f'source "{REPO / "dev.sh"}"; set -o pipefail; '
              f'for i in $(seq {times}); do echo "[$(missing_packages "{pairs}")]"; done')
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=300,
                          env={"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_installed_libraries_are_never_reported_missing(tmp_path):
    results = _missing(tmp_path, WANTED, 40)
    assert results == ["[]"] * 40


def test_a_missing_library_is_reported_with_its_package(tmp_path):
    results = _missing(tmp_path, WANTED + " libxcb-cursor.so.0:libxcb-cursor0", 3)
    assert results == ["[ libxcb-cursor0]"] * 3


def test_sourcing_dev_sh_runs_nothing(tmp_path):
    done = subprocess.run(["bash", "-c", f'source "{REPO / "dev.sh"}"; echo listo'],
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.stdout.strip() == "listo" and done.returncode == 0


def test_license_is_an_spdx_expression_and_setuptools_reads_it():
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert data["project"]["license"] == "MIT"   # PEP 639; the table form stops building
    requires = data["build-system"]["requires"]
    assert "setuptools>=77" in requires           # the first that understands it
