"""show_error and the GUI-thread excepthook."""

from __future__ import annotations

import sys
import threading

import pytest

from reglamentos_app.domain.errors import ImportFailed
from reglamentos_app.ui import errors
from reglamentos_app.ui.errors import ErrorDialog, install_excepthook, show_error


@pytest.fixture
def hook(monkeypatch):
    """Install the hook over a recording 'previous' hook; restore sys.excepthook after."""
    previous_calls = []
    monkeypatch.setattr(sys, "excepthook", lambda *info: previous_calls.append(info))
    install_excepthook()
    return sys.excepthook, previous_calls


def _raised(exc: BaseException) -> BaseException:
    try:
        raise exc
    except BaseException as caught:  # noqa: BLE001
        return caught


def test_expected_error_shows_its_user_message(parent, dialogs):
    show_error(parent, ImportFailed("«a.txt» no contiene artículos reconocibles."))
    assert dialogs.shown == [("warning", "Reglamentos",
                              "«a.txt» no contiene artículos reconocibles.")]
    assert parent.findChildren(ErrorDialog) == []


def test_unexpected_error_shows_generic_spanish_message(parent, dialogs):
    show_error(parent, _raised(RuntimeError("fallo interno")))
    assert dialogs.shown == []
    (box,) = parent.findChildren(ErrorDialog)
    assert box.windowTitle() == "Reglamentos"
    assert box.message_label.text() == errors.GENERIC_MESSAGE
    assert "RuntimeError: fallo interno" in box.details_edit.toPlainText()
    assert box.details_button.text() == "Mostrar detalles"


def test_excepthook_shows_errors_raised_on_the_gui_thread(hook, dialogs):
    installed, previous_calls = hook
    exc = _raised(ImportFailed("No se pudo importar el archivo de prueba."))
    installed(type(exc), exc, exc.__traceback__)
    assert dialogs.texts("warning") == ["No se pudo importar el archivo de prueba."]
    assert previous_calls == []


def test_excepthook_only_logs_errors_from_other_threads(hook, dialogs):
    installed, previous_calls = hook
    exc = _raised(ImportFailed("desde otro hilo"))
    worker = threading.Thread(target=installed, args=(type(exc), exc, exc.__traceback__))
    worker.start()
    worker.join()
    assert dialogs.shown == []
    assert len(previous_calls) == 1 and previous_calls[0][1] is exc


def test_os_error_is_shown_in_spanish_not_as_a_bug(parent, dialogs, tmp_path):
    missing = tmp_path / "no-existe" / "x.docx"
    try:
        missing.read_bytes()
    except OSError as exc:
        show_error(parent, exc)
    (kind, title, text), = dialogs.shown
    assert kind == "warning" and title == "Reglamentos"
    assert "No such file" not in text and str(missing) in text and text.startswith("No se pudo")
    assert parent.findChildren(ErrorDialog) == []
