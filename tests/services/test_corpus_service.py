"""Corpus service: importing the sample corpus and bad files, catalogues, canonical export."""

from pathlib import Path

import pytest

from reglamentos_app.domain.regulation import RegulationKind, ReformQuorum
from reglamentos_app.services import ImportStatus
from reglamentos_app.sources import parse_text
from tests.conftest import CORPUS, corpus_files
from tests.fixtures_text import SMALL


def test_import_whole_sample_corpus(services):
    seen = []
    outcomes = services.corpus.import_paths([CORPUS], progress=seen.append)
    assert len(outcomes) == len(corpus_files())
    assert all(o.status is ImportStatus.CREATED for o in outcomes), [o.message for o in outcomes]
    assert [w.format() for o in outcomes for w in o.warnings if w.kind.value == "structure"] == []
    assert seen[-1].done == seen[-1].total == len(outcomes)
    rows = services.corpus.list_regulations()
    assert len(rows) == len(corpus_files())
    kinds = {r.kind for r in rows}
    assert {RegulationKind.REGULATION, RegulationKind.BYLAW, RegulationKind.CREATION_AGREEMENT} <= kinds
    # Acuerdos de creación are short (13 to 23 articles in the samples); the rest are not.
    assert all((10 if r.kind is RegulationKind.CREATION_AGREEMENT else 20)
               <= r.article_count <= 150 for r in rows)


def test_catalogue_metadata_is_applied(sqlite_services):
    sqlite_services.corpus.import_paths([CORPUS])
    bando = next(r for r in sqlite_services.corpus.list_regulations() if r.kind is RegulationKind.BYLAW)
    reg = sqlite_services.corpus.get_regulation(bando.uri)
    assert reg.reform_quorum is ReformQuorum.QUALIFIED
    assert reg.responsible_unit


def test_export_text_reimports_to_the_same_tree(sqlite_services):
    out = sqlite_services.corpus.import_paths([corpus_files()[0]])[0]
    exported = sqlite_services.corpus.export_text(out.uri)
    original = sqlite_services.corpus.get_text(out.uri).root
    assert parse_text(exported).root.to_dict(with_ids=False) == original.to_dict(with_ids=False)


def test_bad_files_fail_alone_and_store_nothing(sqlite_services, tmp_path):
    binary = tmp_path / "binario.txt"
    binary.write_bytes(b"\x00\x01\xff\xfe" * 100)
    empty = tmp_path / "vacio.txt"
    empty.write_text("", encoding="utf-8")
    pdf = tmp_path / "otro.pages"  # a format the importer does not read (.pdf now is one)
    pdf.write_bytes(b"%PDF-1.4")
    good = tmp_path / "bueno.txt"
    good.write_text(SMALL, encoding="utf-8")
    missing = tmp_path / "no-existe.txt"
    outcomes = sqlite_services.corpus.import_paths([binary, empty, pdf, missing, good])
    statuses = [o.status for o in outcomes]
    assert statuses == [ImportStatus.FAILED] * 4 + [ImportStatus.CREATED]
    messages = [o.message for o in outcomes[:4]]
    assert "binario" in messages[0]
    assert "está vacío" in messages[1]   # the true cause (read in the worker, like any file)
    assert "no se puede importar" in messages[2] and ".txt" in messages[2]
    assert "No existe" in messages[3]
    assert len(sqlite_services.corpus.list_regulations()) == 1


def test_windows_1252_file(sqlite_services, tmp_path):
    path = tmp_path / "ansi.txt"
    path.write_bytes(SMALL.encode("cp1252"))
    out = sqlite_services.corpus.import_paths([path])[0]
    assert out.status is ImportStatus.CREATED
    assert "munícipes" in sqlite_services.corpus.export_text(out.uri)


def test_reimport_is_unchanged(sqlite_services, tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(SMALL, encoding="utf-8")
    sqlite_services.corpus.import_paths([path])
    assert sqlite_services.corpus.import_paths([path])[0].status is ImportStatus.UNCHANGED


def test_cancel_stops_between_files(sqlite_services):
    from reglamentos_app.domain.errors import Cancelled
    from reglamentos_app.domain.progress import CancelToken

    token = CancelToken()

    def on_progress(p):
        if p.done == 2:
            token.cancel()

    with pytest.raises(Cancelled):
        sqlite_services.corpus.import_paths([CORPUS], progress=on_progress, cancel=token)
    assert len(sqlite_services.corpus.list_regulations()) == 2


def test_bad_catalogue_is_reported(sqlite_services, tmp_path):
    (tmp_path / "catalogo.toml").write_text('[archivo."r.txt"]\nquorum = "unanime"\n', encoding="utf-8")
    (tmp_path / "r.txt").write_text(SMALL, encoding="utf-8")
    out = sqlite_services.corpus.import_paths([tmp_path / "r.txt"])[0]
    assert out.status is ImportStatus.FAILED and "catalogo.toml" in out.message


def test_listeners_hear_each_changed_regulation(sqlite_services, tmp_path):
    heard = []
    sqlite_services.corpus.add_listener(heard.append)
    sqlite_services.corpus.add_listener(lambda uri: 1 / 0)  # a broken cache never undoes an import
    path = tmp_path / "r.txt"
    path.write_text(SMALL, encoding="utf-8")
    first = sqlite_services.corpus.import_paths([path])[0]
    sqlite_services.corpus.import_paths([path])  # unchanged: nobody is told
    assert heard == [first.uri]
    assert first.status is ImportStatus.CREATED


def test_pasted_text(sqlite_services):
    out = sqlite_services.corpus.import_text(SMALL, "texto pegado")
    assert out.status is ImportStatus.CREATED and out.articles == 5


def test_review_step_corrections_are_applied_and_kept(sqlite_services, tmp_path):
    from reglamentos_app.domain.report import Correction

    text = ("REGLAMENTO DE REVISIÓN\n\nPublicado en el Periódico Oficial No. 1, de fecha 2 de enero "
            "de 2020, Tomo CXXVII.\n\nARTÍCULO 1.- Las sanciones se aplicarán según lo dispuesto\n"
            "ARTÍCULO 2.- de la Ley de Ingresos vigente.\n\nENCABEZADO REPETIDO DEL PDF\n\n"
            "ARTÍCULO 3.- Tres.\n")
    path = tmp_path / "revision.txt"
    path.write_text(text, encoding="utf-8")
    prepared = sqlite_services.corpus.prepare_import(path)
    assert prepared.report.counts["article"] == 3 and prepared.reviewable
    labels = {v.number: v.label for v in prepared.lines()}
    assert labels[5] == "Artículo 1" and labels[6] == "Artículo 2"
    fixed = sqlite_services.corpus.revise_import(
        prepared, {6: Correction.CONTINUATION, 8: Correction.OMIT})
    arts = list(fixed.loaded.doc.root.articles())
    assert [a.num for a in arts] == ["1", "3"]
    assert arts[0].text.endswith("según lo dispuesto ARTÍCULO 2.- de la Ley de Ingresos vigente.")
    assert (8, "ENCABEZADO REPETIDO DEL PDF") in fixed.report.removed
    assert [v.corrected for v in fixed.lines() if v.number == 6] == [Correction.CONTINUATION]
    outcome = sqlite_services.corpus.commit_import(fixed)
    assert outcome.status is ImportStatus.CREATED and outcome.articles == 2
    stored = sqlite_services.corpus.import_report(outcome.uri)
    assert stored.corrections == {6: Correction.CONTINUATION, 8: Correction.OMIT}
    assert stored.counts["article"] == 2 and stored.removed
