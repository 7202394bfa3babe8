"""The "Exportar…" dialog (pytest-qt, offscreen): regulation and project exports, preview, errors."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtWidgets import QMessageBox, QWidget  # noqa: E402

from reglamentos_app.services.exports import ExportFormat  # noqa: E402
from reglamentos_app.ui.exports.actions import ProjectExportMenu  # noqa: E402
from reglamentos_app.ui.exports.export_dialog import (  # noqa: E402
    PACKAGE_ZIP, REGULATION_KINDS, ExportDialog, ExportKind,
)
from reglamentos_app.ui.ops import OpRunner  # noqa: E402
from tests.exports.conftest import docx_paragraphs, pdf_text  # noqa: E402


@pytest.fixture
def warnings(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _p, _t, text, *a, **k: shown.append(text))
    monkeypatch.setattr(QMessageBox, "information",
                        lambda _p, _t, text, *a, **k: shown.append(text))
    return shown


@pytest.fixture
def runner(svc):
    r = OpRunner(svc, synchronous=True)
    yield r
    r.shutdown()


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def test_texto_vigente_from_the_dialog(qtbot, runner, parent, parques, tmp_path):
    dialog = ExportDialog(runner, source=parques, kinds=REGULATION_KINDS, base_name="parques",
                          parent=parent)
    qtbot.addWidget(dialog)
    assert [dialog.kind_combo.itemText(i) for i in range(dialog.kind_combo.count())] == \
        ["Texto vigente", "Paquete de publicación"]
    assert dialog.format_combo.count() == len(ExportFormat)
    preview = dialog.preview_label.pixmap()
    assert preview is not None and not preview.isNull()
    assert preview.height() > preview.width()  # a portrait page (this short text has one)
    choose(dialog.format_combo, "docx")
    choose(dialog.style_combo, None)
    dialog.date_check.setChecked(True)
    dialog.date_edit.setDate(date(2010, 1, 1))
    target = tmp_path / "vigente.docx"
    dialog.dest_edit.setText(str(target))
    dialog.export_button.click()
    assert dialog.written == target
    texts = docx_paragraphs(target.read_bytes())
    assert "Texto vigente al 1 de enero de 2010." in texts
    assert "ARTÍCULO 3.- Los parques son bienes del dominio público municipal." in texts


def test_package_zip_from_the_dialog(qtbot, runner, parent, parques, tmp_path, svc):
    dialog = ExportDialog(runner, source=parques, kinds=REGULATION_KINDS, base_name="parques",
                          kind=ExportKind.PACKAGE, parent=parent)
    qtbot.addWidget(dialog)
    choose(dialog.format_combo, PACKAGE_ZIP)
    assert dialog.dest_edit.text().endswith("paquete-parques.zip")
    target = tmp_path / "paquete.zip"
    dialog.dest_edit.setText(str(target))
    dialog.export_button.click()
    assert svc.exports.verify_package(target) == []


def test_project_menu_exports_the_cuadro(qtbot, runner, parent, project, tmp_path):
    saved = []
    menu = ProjectExportMenu(runner, parent, lambda: project,
                             save_first=lambda done: (saved.append(True), done(True)))
    assert [a.text() for a in menu.menu.actions()] == [
        "Cuadro comparativo…", "Proyecto de acuerdo (decreto)…", "Iniciativa…",
        "Paquete de publicación…"]
    menu.actions[ExportKind.CUADRO].trigger()
    dialog = menu.dialog
    qtbot.addWidget(dialog)
    assert saved == [True]
    assert dialog.kind is ExportKind.CUADRO
    assert dialog.observations_check.isEnabled() and not dialog.style_combo.isEnabled()
    choose(dialog.format_combo, "pdf")
    target = tmp_path / "cuadro.pdf"
    dialog.dest_edit.setText(str(target))
    dialog.export_button.click()
    assert "SIN CORRELATIVO" in pdf_text(target.read_bytes())
    # The decree, from the same menu.
    menu.actions[ExportKind.DECREE].trigger()
    qtbot.addWidget(menu.dialog)
    target = tmp_path / "acuerdo.docx"
    menu.dialog.dest_edit.setText(str(target))
    menu.dialog.export_button.click()
    assert "ACUERDO" in docx_paragraphs(target.read_bytes())


def test_unpublished_project_package_says_why(qtbot, runner, parent, project, tmp_path,
                                              warnings):
    menu = ProjectExportMenu(runner, parent, lambda: project)
    menu.actions[ExportKind.PACKAGE].trigger()
    dialog = menu.dialog
    qtbot.addWidget(dialog)
    assert "Sin vista previa" in dialog.preview_label.text()
    dialog.dest_edit.setText(str(tmp_path / "paquete"))
    dialog.export_button.click()
    assert dialog.written is None
    assert any("aún no se publica" in w for w in warnings)
    assert not (tmp_path / "paquete").exists()


def test_unwritable_destination_is_a_spanish_error(qtbot, runner, parent, parques, tmp_path,
                                                   warnings):
    dialog = ExportDialog(runner, source=parques, kinds=REGULATION_KINDS, base_name="parques",
                          parent=parent)
    qtbot.addWidget(dialog)
    dialog.dest_edit.setText(str(tmp_path / "no-existe" / "vigente.docx"))
    dialog.export_button.click()
    assert dialog.written is None
    assert any(w.startswith("No se pudo escribir") for w in warnings)
    dialog.dest_edit.setText("")
    dialog.export_button.click()
    assert dialog.status_label.text() == "Indique dónde guardar la exportación."


def test_main_window_exports_the_regulation_shown(qtbot, runner, svc, parques, db_url_for, warnings):
    from reglamentos_app.config import Settings
    from reglamentos_app.ui.main_window import MainWindow

    window = MainWindow(runner, Settings.load(), db_url_for)
    qtbot.addWidget(window)
    assert window.export_current() is None  # nothing shown yet
    assert warnings and "Seleccione" in warnings[-1]
    window.viewer.show_regulation(parques)
    dialog = window.export_current()
    qtbot.addWidget(dialog)
    assert dialog.kind is ExportKind.CONSOLIDATED
    assert dialog.dest_edit.text().endswith("parques.docx")


@pytest.fixture
def db_url_for(sqlite_url):
    return sqlite_url


def test_corpus_browser_right_click_exports_the_selected(qtbot, runner, svc, parques,
                                                         db_url_for):
    from reglamentos_app.config import Settings
    from reglamentos_app.ui.main_window import MainWindow

    window = MainWindow(runner, Settings.load(), db_url_for)
    qtbot.addWidget(window)
    window.refresh()
    assert window.action_export in window.browser.actions()
    window.browser.select_uri(parques)
    dialog = window.export_current()
    qtbot.addWidget(dialog)
    assert dialog.request().source == parques


def test_word_exact_pdf_option_follows_libreoffice(qtbot, runner, parent, parques, tmp_path):
    with_lo = ExportDialog(runner, source=parques, kinds=REGULATION_KINDS, base_name="parques",
                           libreoffice=True, parent=parent)
    without = ExportDialog(runner, source=parques, kinds=REGULATION_KINDS, base_name="parques",
                           libreoffice=False, parent=parent)
    for dialog in (with_lo, without):
        qtbot.addWidget(dialog)
        choose(dialog.format_combo, "pdf")
        dialog.word_pdf_check.setChecked(True)
    assert with_lo.request().pdf_engine == "libreoffice"
    assert without.request().pdf_engine == "qt"
    choose(with_lo.format_combo, "docx")
    assert with_lo.request().pdf_engine == "qt"


def test_pdf_export_on_the_worker_thread(qtbot, svc, parent, parques, tmp_path):
    """The real runner: the preview and the PDF are drawn off the GUI thread."""
    runner = OpRunner(svc)
    try:
        dialog = ExportDialog(runner, source=parques, kinds=REGULATION_KINDS,
                              base_name="parques", parent=parent)
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: dialog.preview_label.pixmap() is not None
                        and not dialog.preview_label.pixmap().isNull(), timeout=20000)
        choose(dialog.format_combo, "pdf")
        target = tmp_path / "vigente.pdf"
        dialog.dest_edit.setText(str(target))
        dialog.export_button.click()
        qtbot.waitUntil(lambda: dialog.written is not None, timeout=20000)
        assert "Los parques son bienes del dominio público" in pdf_text(target.read_bytes())
    finally:
        runner.shutdown()
