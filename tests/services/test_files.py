"""Atomic export writes: the destination is the old file or the new one, never a mix."""

import os

import pytest

from reglamentos_app.domain.errors import ReglamentosError
from reglamentos_app.services.files import write_atomic


def test_replaces_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "salida.xml"
    target.write_bytes(b"viejo")
    write_atomic(target, b"nuevo")
    assert target.read_bytes() == b"nuevo"
    assert [p.name for p in tmp_path.iterdir()] == ["salida.xml"]


def test_failure_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "salida.xml"
    target.write_bytes(b"viejo")

    def broken_replace(src, dst):
        raise OSError(28, "No queda espacio en el dispositivo")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ReglamentosError) as err:
        write_atomic(target, b"nuevo")
    assert "No se pudo escribir" in err.value.user_message
    assert target.read_bytes() == b"viejo"
    assert [p.name for p in tmp_path.iterdir()] == ["salida.xml"]
