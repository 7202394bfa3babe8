"""Spanish messages for OS errors: the cause by errno, the path named, nothing in English."""

from __future__ import annotations

import errno
import os

import pytest

from reglamentos_app.domain.errors import os_error_message


def _raised(fn) -> OSError:
    try:
        fn()
    except OSError as exc:
        return exc
    raise AssertionError("no OSError")


def test_missing_file_names_path_and_cause(tmp_path):
    exc = _raised(lambda: open(tmp_path / "no-hay.txt", encoding="utf-8"))
    msg = os_error_message(exc)
    assert "no-hay.txt" in msg and "no existe" in msg
    assert "No such file" not in msg


def test_directory_opened_as_file(tmp_path):
    exc = _raised(lambda: open(tmp_path, encoding="utf-8"))
    assert "es una carpeta" in os_error_message(exc)


def test_path_through_a_file_is_not_a_folder(tmp_path):
    (tmp_path / "a").write_text("x", encoding="utf-8")
    exc = _raised(lambda: open(tmp_path / "a" / "b", encoding="utf-8"))
    assert "no es una carpeta" in os_error_message(exc)


def test_exists_and_two_paths(tmp_path):
    (tmp_path / "a").mkdir()
    exc = _raised(lambda: os.mkdir(tmp_path / "a"))
    assert "ya existe" in os_error_message(exc)
    two = OSError(errno.EXDEV, "Invalid cross-device link", "/a/x", None, "/b/y")
    msg = os_error_message(two, action="mover")
    assert msg.startswith("No se pudo mover «/a/x» ni «/b/y»") and "discos distintos" in msg


def test_name_too_long(tmp_path):
    exc = _raised(lambda: open(tmp_path / ("x" * 300), "w", encoding="utf-8"))
    assert "demasiado largo" in os_error_message(exc)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_permission_denied(tmp_path):
    locked = tmp_path / "cerrado.txt"
    locked.write_text("x", encoding="utf-8")
    locked.chmod(0)
    try:
        exc = _raised(lambda: open(locked, encoding="utf-8"))
    finally:
        locked.chmod(0o600)
    assert "no tiene permiso" in os_error_message(exc)


@pytest.mark.parametrize(("code", "words"), [
    (errno.ENOSPC, "no queda espacio"),
    (errno.EROFS, "solo lectura"),
    (errno.EMFILE, "demasiados archivos abiertos"),
    (errno.EBUSY, "en uso por otro programa"),
    (errno.EACCES, "no tiene permiso"),
])
def test_constructed_errors(code, words):
    msg = os_error_message(OSError(code, os.strerror(code), "/datos/corpus.db"))
    assert words in msg and "«/datos/corpus.db»" in msg
    assert os.strerror(code) not in msg


def test_unknown_errno_keeps_system_text_and_code():
    msg = os_error_message(OSError(errno.ECHILD, "No child processes"))
    assert "ECHILD" in msg and msg.startswith("Error del sistema")


def test_control_characters_in_path_stay_on_one_line():
    msg = os_error_message(OSError(errno.ENOENT, "x", "mal\nnombre\t.txt"))
    assert "\n" not in msg and "\t" not in msg and "mal\\nnombre\\t.txt" in msg


def test_cli_prints_spanish_os_error(tmp_path, capsys, monkeypatch):
    from reglamentos_app.cli import commands
    from reglamentos_app.cli.main import main

    def full_disk(args):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "c.db"))

    monkeypatch.setattr(commands, "cmd_list", full_disk)
    code = main(["--db", f"sqlite:///{tmp_path / 'c.db'}", "list"])
    err = capsys.readouterr().err
    assert code == 1
    assert "no queda espacio en el disco" in err and "c.db" in err
    assert "Traceback" not in err and "No space left" not in err
