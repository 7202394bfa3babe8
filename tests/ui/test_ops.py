"""Background operations: delivery on the GUI thread, error routing, progress and cancel."""

from __future__ import annotations

import threading

import pytest

from reglamentos_app.domain.errors import Cancelled, NotFoundError
from reglamentos_app.domain.progress import Progress
from reglamentos_app.ui.errors import ErrorDialog
from reglamentos_app.ui.ops import Op, OpRunner
from reglamentos_app.ui.progress import SHOW_AFTER_MS


@pytest.fixture
def threaded(services):
    runner = OpRunner(services)
    yield runner
    runner.shutdown()


def test_synchronous_op_passes_services_and_delivers_result(runner, parent, imported):
    results = []
    Op(runner, parent=parent, op=lambda svc: len(svc.corpus.list_regulations()),
       success=results.append).run_in_background()
    assert results == [2]
    assert runner.idle


def test_reglamentos_error_reaches_show_error_with_spanish_message(runner, parent, dialogs):
    def op(svc):
        raise NotFoundError("No existe el reglamento «x» en la base de datos.")

    Op(runner, parent=parent, op=op, success=lambda _: pytest.fail("no debe llamarse")) \
        .run_in_background()
    assert dialogs.shown == [("warning", "Reglamentos",
                              "No existe el reglamento «x» en la base de datos.")]


def test_real_service_error_is_shown_in_spanish(runner, parent, dialogs):
    missing = "/mx-bc-mxl/reglamento/2000/no-existe"
    Op(runner, parent=parent, op=lambda svc: svc.corpus.get_regulation(missing),
       success=lambda _: None).run_in_background()
    assert len(dialogs.shown) == 1
    assert "No existe el reglamento" in dialogs.shown[0][2]


def test_failure_callback_replaces_show_error(runner, parent, dialogs):
    errors = []
    Op(runner, parent=parent, op=lambda svc: 1 / 0).failure(errors.append).run_in_background()
    assert isinstance(errors[0], ZeroDivisionError)
    assert dialogs.shown == []


def test_unexpected_error_opens_generic_dialog_with_traceback(runner, parent, qtbot):
    def op(svc):
        raise KeyError("clave-interna")

    Op(runner, parent=parent, op=op).run_in_background()
    boxes = parent.findChildren(ErrorDialog)
    assert len(boxes) == 1
    box = boxes[0]
    assert "error inesperado" in box.message_label.text()
    assert "clave-interna" in box.details_edit.toPlainText()
    assert "Traceback" in box.details_edit.toPlainText()
    assert not box.details_edit.isVisibleTo(box)
    box.details_button.click()
    assert box.details_edit.isVisibleTo(box)
    assert box.details_button.text() == "Ocultar detalles"


def test_cancellation_is_not_an_error(runner, parent, dialogs):
    def op(svc):
        raise Cancelled()

    Op(runner, parent=parent, op=op).run_in_background()
    assert dialogs.shown == []
    assert parent.findChildren(ErrorDialog) == []


def test_threaded_op_runs_on_worker_and_delivers_on_gui_thread(threaded, parent, qtbot, imported):
    seen = {}

    def op(svc):
        seen["worker"] = threading.current_thread().name
        return [s.title for s in svc.corpus.list_regulations()]

    def success(titles):
        seen["success"] = threading.current_thread() is threading.main_thread()
        seen["titles"] = titles

    Op(threaded, parent=parent, op=op, success=success).run_in_background()
    assert "titles" not in seen  # delivered later, through the event loop
    qtbot.waitUntil(lambda: "titles" in seen, timeout=5000)
    assert seen["worker"].startswith("reglamentos-db")
    assert seen["success"] is True
    assert len(seen["titles"]) == 2
    assert threaded.idle


def test_threaded_database_ops_share_one_worker_in_order(threaded, parent, qtbot):
    names, order = set(), []
    for i in range(5):
        def op(svc, i=i):
            names.add(threading.current_thread().name)
            return i
        Op(threaded, parent=parent, op=op, success=order.append).run_in_background()
    qtbot.waitUntil(lambda: len(order) == 5, timeout=5000)
    assert order == [0, 1, 2, 3, 4]
    assert len(names) == 1


def test_progress_dialog_does_not_appear_for_a_fast_op(threaded, parent, qtbot):
    done = []
    op = Op(threaded, parent=parent, op=lambda svc, report, cancel: report(Progress(1, 1, "x")),
            success=done.append).with_progress("Trabajando…").run_in_background()
    qtbot.waitUntil(lambda: len(done) == 1, timeout=5000)
    qtbot.wait(SHOW_AFTER_MS + 300)
    assert op.progress is not None and op.progress.finished
    assert not op.progress.was_shown
    assert op.progress.dialog is None


def test_progress_dialog_appears_for_a_slow_op_and_cancel_stops_it(threaded, parent, qtbot,
                                                                  dialogs):
    release = threading.Event()
    outcome = {}

    def slow(svc, report, cancel):
        for step in range(100):
            report(Progress(step, 100, f"Paso {step}"))
            if release.wait(0.02):
                break
            cancel.check()
        return "terminado"

    op = Op(threaded, parent=parent, op=slow, success=lambda r: outcome.setdefault("ok", r)) \
        .failure(lambda e: outcome.setdefault("error", e)) \
        .with_progress("Trabajando…").run_in_background()
    qtbot.waitUntil(lambda: op.progress.dialog is not None and op.progress.dialog.isVisible(),
                    timeout=3000)
    dialog = op.progress.dialog
    qtbot.waitUntil(lambda: dialog.label.text().startswith("Paso"), timeout=3000)
    assert dialog.bar.maximum() == 100
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: bool(outcome), timeout=5000)
    assert isinstance(outcome.get("error"), Cancelled)
    assert op.progress.was_shown and op.progress.dialog is None
    assert dialogs.shown == []
