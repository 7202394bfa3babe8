"""The review dialog of a one-file import: report, line list and corrections."""

from PySide6.QtWidgets import QDialog

from reglamentos_app.domain.report import Correction
from reglamentos_app.ui.corpus_import import run_import
from reglamentos_app.ui.import_review import ImportReviewDialog

TEXT = ("REGLAMENTO DE REVISIÓN\n\nPublicado en el Periódico Oficial No. 1, de fecha 2 de enero "
        "de 2020, Tomo CXXVII.\n\nARTÍCULO 1.- Las sanciones se aplicarán según lo dispuesto\n"
        "ARTÍCULO 2.- de la Ley de Ingresos vigente.\n\nENCABEZADO REPETIDO DEL PDF\n\n"
        "ARTÍCULO 3.- Tres.\n")


def test_review_dialog_corrects_lines_then_import_stores_the_corrected_tree(
        qtbot, runner, write_text, monkeypatch):
    path = write_text("revision.txt", TEXT)
    seen = {}

    def review_and_fix(dialog):
        qtbot.addWidget(dialog)
        seen["before"] = dialog.counts_label.text()
        rows = {dialog.lines_table.item(r, 0).text(): r for r in range(dialog.lines_table.rowCount())}
        assert dialog.lines_table.item(rows["6"], 1).text() == "Artículo 2"
        dialog.lines_table.selectRow(rows["6"])
        dialog.correction_buttons[Correction.CONTINUATION].click()
        rows = {dialog.lines_table.item(r, 0).text(): r for r in range(dialog.lines_table.rowCount())}
        dialog.lines_table.selectRow(rows["8"])
        dialog.correction_buttons[Correction.OMIT].click()
        seen["after"] = dialog.counts_label.text()
        seen["label"] = dialog.lines_table.item(
            {dialog.lines_table.item(r, 0).text(): r
             for r in range(dialog.lines_table.rowCount())}["6"], 1).text()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportReviewDialog, "exec", review_and_fix)
    results = []
    run_import(runner, None, [path], results.append)
    assert "Artículos: 3" in seen["before"] and "Artículos: 2" in seen["after"]
    assert "líneas quitadas como paginación: 1" in seen["after"]
    assert seen["label"] == "Texto → Continúa la línea anterior"
    [[outcome]] = results
    assert outcome.articles == 2
    report = runner.services.corpus.import_report(outcome.uri)
    assert report.corrections == {6: Correction.CONTINUATION, 8: Correction.OMIT}


def test_cancelled_review_stores_nothing(qtbot, runner, write_text, monkeypatch):
    path = write_text("revision.txt", TEXT)
    monkeypatch.setattr(ImportReviewDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    results = []
    run_import(runner, None, [path], results.append)
    assert results == [None]
    assert runner.services.corpus.list_regulations() == []


def test_ambiguous_encoding_asks_the_user(qtbot, runner, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    path = tmp_path / "dos.txt"
    path.write_bytes(TEXT.encode("cp850"))
    asked = []

    def choose(parent, title, label, items, current, editable):
        asked.append(items)
        return items[0], True

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    monkeypatch.setattr(ImportReviewDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    results = []
    run_import(runner, None, [path], results.append)
    assert asked and asked[0][0].startswith("DOS (página de códigos 850): ")
    [[outcome]] = results
    assert "REVISIÓN" in runner.services.corpus.get_regulation(outcome.uri).title
