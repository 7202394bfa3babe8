"""Homologation against the model acuerdo de creación: planted divergences, corrections, project.

The expected statuses come from ``homologation_truth`` (written by reading the sample texts
and the model), never from the program's output.
"""

from __future__ import annotations

import re

import pytest

from reglamentos_app.domain.changes import OperationKind
from reglamentos_app.domain.errors import NotFoundError, ValidationError
from reglamentos_app.domain.numbering import canonical_token
from reglamentos_app.domain.provisions import ProvisionKind
from reglamentos_app.review.homologation import (
    CellStatus, fill, sample_model_text, split_declarations,
)
from reglamentos_app.services.homologation import parse_model
from tests.conftest import CORPUS
from tests.review.homologation_truth import NAMES, PRINCIPLES, TRUTH


def import_samples(services) -> dict[str, str]:
    """file name → URI of each sample acuerdo de creación."""
    out = {}
    for name in TRUTH:
        outcome = services.corpus.import_paths([CORPUS / name])[0]
        out[name] = outcome.uri
    return out


@pytest.fixture
def loaded(sqlite_services):
    uris = import_samples(sqlite_services)
    model = sqlite_services.homologation.add_sample_model()
    return sqlite_services, uris, model


def _key(model, num):
    return next(p.key for p in model.provisions if p.num == num)


def test_every_planted_principle_is_found_with_recall_and_precision(loaded, capsys):
    services, uris, info = loaded
    matrix = services.homologation.matrix(info.id)
    assert {c.uri for c in matrix.instruments} == set(uris.values())
    model = matrix.model
    figures = {}
    for planted in (CellStatus.MISSING, CellStatus.DIFFERENT):
        truth, found = set(), set()
        for name, statuses in TRUTH.items():
            for num, status in zip(PRINCIPLES, statuses):
                if status == planted.value:
                    truth.add((name, num))
                if matrix.cell(uris[name], _key(model, num)).status is planted:
                    found.add((name, num))
        hits = len(truth & found)
        figures[planted.value] = (hits / len(truth), hits / len(found) if found else 1.0,
                                  len(truth))
    with capsys.disabled():
        for status, (recall, precision, total) in figures.items():
            print(f"\n«{status}»: {total} sembradas; exhaustividad {recall:.0%}, "
                  f"precisión {precision:.0%}")
    assert figures["falta"][:2] == (1.0, 1.0)
    assert figures["distinta"][:2] == (1.0, 1.0)
    # And every «igual» cell as well: the whole matrix is what was written.
    for name, statuses in TRUTH.items():
        got = tuple(matrix.cell(uris[name], _key(model, n)).status.value for n in PRINCIPLES)
        assert got == statuses, name


def test_each_instrument_gets_its_own_names(loaded):
    services, uris, info = loaded
    matrix = services.homologation.matrix(info.id)
    for name, (entity, board, director) in NAMES.items():
        column = next(c for c in matrix.instruments if c.uri == uris[name])
        values = {k: v.value for k, v in column.names.items()}
        assert values == {"[la entidad]": entity, "[la junta de gobierno]": board,
                          "[el director general]": director}, name
    # The model's text carries them, contractions included.
    cell = matrix.cell(uris["acuerdo-creacion-transporte.txt"], _key(matrix.model, "4"))
    assert "del Organismo" in cell.model_text and "del Consejo de Administración" in cell.model_text


def test_counts_and_filters(loaded):
    services, uris, info = loaded
    matrix = services.homologation.matrix(info.id)
    dif = uris["acuerdo-creacion-dif.txt"]
    expected = {s: TRUTH["acuerdo-creacion-dif.txt"].count(s.value) for s in CellStatus}
    assert matrix.counts_by_instrument()[dif] == expected
    transparency = _key(matrix.model, "9")
    column = [TRUTH[n][8] for n in TRUTH]
    assert matrix.counts_by_principle()[transparency] == {
        s: column.count(s.value) for s in CellStatus}
    missing = matrix.filtered([CellStatus.MISSING], uris=[dif])
    assert [c.model_key for c in missing] == [_key(matrix.model, n) for n, s in
                                              zip(PRINCIPLES, TRUTH["acuerdo-creacion-dif.txt"])
                                              if s == "falta"]


def test_a_correction_survives_a_rerun_and_a_reopen(sqlite_url):
    from reglamentos_app.services import open_services

    with open_services(sqlite_url) as services:
        uris = import_samples(services)
        info = services.homologation.add_sample_model()
        imip = uris["acuerdo-creacion-imip.txt"]
        director = _key(services.homologation.model(info.id), "7")
        transparency = _key(services.homologation.model(info.id), "9")
        # IMIP designates its Director General in article 11 (the program picks 13).
        services.homologation.correct_by_number(info.id, imip, director, ["11"])
        # And the user decides article 21 (responsabilidades) is not «transparencia»: falta.
        services.homologation.correct(info.id, imip, transparency, [])
        first = services.homologation.matrix(info.id)
    with open_services(sqlite_url) as services:
        again = services.homologation.matrix(info.id)
        cell = again.cell(imip, director)
        assert cell.corrected and [m.label for m in cell.matches] == [
            "Artículo 11 (Designación)"]
        assert cell.status is CellStatus.DIFFERENT and "Corregido por" in cell.reason
        assert again.cell(imip, transparency).corrected
        assert again.cell(imip, transparency).status is CellStatus.MISSING
        assert first.cell(imip, director).where == cell.where
        services.homologation.forget_correction(info.id, imip, director)
        assert not services.homologation.matrix(info.id).cell(imip, director).corrected


def test_corrections_refuse_what_is_not_there(loaded):
    services, uris, info = loaded
    imip = uris["acuerdo-creacion-imip.txt"]
    key = _key(services.homologation.model(info.id), "7")
    with pytest.raises(NotFoundError, match="no tiene un artículo 99"):
        services.homologation.correct_by_number(info.id, imip, key, ["99"])
    with pytest.raises(NotFoundError, match="no tiene la disposición"):
        services.homologation.correct(info.id, imip, "art_99", [])
    with pytest.raises(ValidationError, match="artículos vigentes"):
        services.homologation.correct(info.id, imip, key, ["no-existe"])


def test_name_correction_is_used_and_kept(loaded):
    services, uris, info = loaded
    cultura = uris["acuerdo-creacion-cultura.txt"]
    services.homologation.set_name(info.id, cultura, "[el Director General]",
                                   "la persona titular de la Dirección")
    matrix = services.homologation.matrix(info.id)
    column = next(c for c in matrix.instruments if c.uri == cultura)
    assert column.names["[el director general]"].corrected
    assert "la persona titular de la Dirección" in matrix.cell(
        cultura, _key(matrix.model, "4")).model_text
    with pytest.raises(NotFoundError, match="no declara el marcador"):
        services.homologation.set_name(info.id, cultura, "[el tesorero]", "x")


def _decree_articles(decree: str, title: str) -> tuple[list[str], list[str]]:
    """(reformed, added) article numbers the decree's operative article names for ``title``."""
    line = next(l for l in decree.splitlines() if title in l and "para quedar" in l)
    def numbers(verb: str) -> list[str]:
        m = re.search(rf"se {verb} (?:el artículo|los artículos) (.+?)(?:;|, todos| del )",
                      line, re.IGNORECASE)
        if not m:
            return []
        return [canonical_token(n) for n in re.split(r", | y ", m.group(1))]
    return numbers("reforman?"), numbers("adicionan?")


def test_drafted_project_has_exactly_the_selected_operations(loaded):
    services, uris, info = loaded
    matrix = services.homologation.matrix(info.id)
    dif, transporte = uris["acuerdo-creacion-dif.txt"], uris["acuerdo-creacion-transporte.txt"]
    model = matrix.model
    # DIF: add órgano de control (8) and extinción (12), reform patrimonio (3) and quórum (6);
    # transporte: add quórum (6) and transparencia (9), reform relaciones laborales (11).
    chosen = {dif: ("3", "6", "8", "12"), transporte: ("6", "9", "11")}
    keys = [f"{uri}#{_key(model, n)}" for uri, nums in chosen.items() for n in nums]
    drafted = services.homologation.create_project(info.id, keys, matrix=matrix)
    project = drafted.project
    assert {t.regulation_uri for t in project.targets} == {dif, transporte}
    operations = services.projects.operations(project.id)
    decree = services.projects.decree(project.id)
    for uri, nums in chosen.items():
        base = services.corpus.get_text(uri).root
        existing = {canonical_token(a.num) for a in base.articles()}
        expected_amend = {canonical_token(matrix.cell(uri, _key(model, n)).matches[0].label
                                          .split()[1])
                          for n in nums if TRUTH_STATUS(uri, uris, n) == "distinta"}
        ops = operations[uri]
        amended = {canonical_token(o.article_num) for o in ops if o.kind is OperationKind.AMEND}
        inserted = [o for o in ops if o.kind is OperationKind.INSERT
                    and o.provision_kind is ProvisionKind.ARTICLE]
        assert amended == expected_amend
        missing = [n for n in nums if TRUTH_STATUS(uri, uris, n) == "falta"]
        assert len(inserted) == len(missing)
        added_nums = [canonical_token(o.article_num) for o in inserted]
        assert len(set(added_nums)) == len(added_nums)
        assert not set(added_nums) & existing          # no collision anywhere in the acuerdo
        assert all(o.kind in (OperationKind.AMEND, OperationKind.INSERT) for o in ops)
        title = next(c.title for c in matrix.instruments if c.uri == uri)
        reformed, added = _decree_articles(decree, title)
        assert set(reformed) == amended and sorted(added) == sorted(added_nums)
    # The added articles say what the model says, with each body's names.
    assert "El Sistema sólo podrá extinguirse" in decree
    assert "El Consejo de Administración sesionará" in decree
    # The cuadro comparativo and the procedure take it like any project.
    cuadro = services.exports.cuadro(project.id, "html").decode("utf-8")
    assert "TEXTO VIGENTE" in cuadro and "sólo podrá extinguirse" in cuadro
    view = services.workflow.view(project.id, None)
    assert view.stage.id == services.workflow.definition().initial_stage and view.editable


def TRUTH_STATUS(uri, uris, num):
    name = next(n for n, u in uris.items() if u == uri)
    return TRUTH[name][PRINCIPLES.index(num)]


def test_equal_cells_cannot_be_drafted(loaded):
    services, uris, info = loaded
    matrix = services.homologation.matrix(info.id)
    equal = f"{uris['acuerdo-creacion-dif.txt']}#{_key(matrix.model, '1')}"
    with pytest.raises(ValidationError, match="ya dice lo mismo"):
        services.homologation.create_project(info.id, [equal], matrix=matrix)
    assert services.projects.list() == []
    with pytest.raises(ValidationError, match="Elija en la matriz"):
        services.homologation.create_project(info.id, [], matrix=matrix)


def test_a_corpus_regulation_can_be_the_model(loaded):
    services, uris, _info = loaded
    info = services.homologation.model_from_regulation(uris["acuerdo-creacion-deporte.txt"])
    matrix = services.homologation.matrix(info.id)
    assert uris["acuerdo-creacion-deporte.txt"] not in {c.uri for c in matrix.instruments}
    relations = next(p.key for p in matrix.model.provisions if p.heading == "Extinción")
    # Deporte's extinción is the model's wording, «el Instituto» and all: IMIP words it
    # differently, DIF lacks it.
    assert matrix.cell(uris["acuerdo-creacion-imip.txt"], relations).status is CellStatus.DIFFERENT
    assert matrix.cell(uris["acuerdo-creacion-dif.txt"], relations).status is CellStatus.MISSING


def test_exports_xlsx_and_docx(loaded, tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    services, uris, info = loaded
    matrix = services.homologation.matrix(info.id)
    services.homologation.export_xlsx(matrix, tmp_path / "matriz.xlsx")
    book = load_workbook(tmp_path / "matriz.xlsx")
    sheet = book["Matriz"]
    assert sheet.freeze_panes == "B3"
    assert sheet.cell(row=2, column=1).value == "Principio del modelo"
    titles = [sheet.cell(row=2, column=c).value for c in range(2, 2 + len(matrix.instruments))]
    assert titles == [c.title for c in matrix.instruments]
    dif_col = 2 + [c.uri for c in matrix.instruments].index(uris["acuerdo-creacion-dif.txt"])
    transparency_row = 3 + [p.num for p in matrix.model.provisions].index("8")
    cell = sheet.cell(row=transparency_row, column=dif_col)
    assert cell.value.startswith("Falta") and cell.fill.fgColor.rgb.endswith("FFC7CE")
    detail = book["Detalle"]
    assert detail.freeze_panes == "A2"
    diffs = [detail.cell(row=r, column=8).value or "" for r in range(2, detail.max_row + 1)]
    assert any("[-" in d and "{+" in d for d in diffs)
    services.homologation.export_docx(matrix, tmp_path / "reporte.docx")
    text = "\n".join(p.text for p in Document(tmp_path / "reporte.docx").paragraphs)
    assert "Órgano de control — Falta" in text


# -- the model file ---------------------------------------------------------------------------
def test_fill_writes_spanish():
    names = {"[la entidad]": "el Sistema", "[la junta de gobierno]": "la Junta Directiva"}
    assert fill("[La entidad] es sujeto obligado", names) == "El Sistema es sujeto obligado"
    assert fill("el patrimonio de [la entidad] y a [la entidad]", names) == \
        "el patrimonio del Sistema y al Sistema"
    assert fill("De [la entidad]", names) == "Del Sistema"
    assert fill("de [la Junta de Gobierno]", names) == "de la Junta Directiva"
    assert fill("[otro]", names) == "[otro]"


def test_sample_model_declares_its_placeholders():
    placeholders, presence, matters, body = split_declarations(sample_model_text())
    assert set(placeholders) == {"[la entidad]", "[la Junta de Gobierno]",
                                 "[el Director General]"}
    assert presence == {"2"} and "vigilancia" in matters["8"]
    assert "MARCADORES" not in body and body.count("\n") == sample_model_text().count("\n")
    model = parse_model(sample_model_text(), "acuerdo-creacion.txt")
    assert [p.num for p in model.provisions] == list(PRINCIPLES)


def test_bad_models_are_refused_in_spanish():
    with pytest.raises(ValidationError, match="no está declarado"):
        parse_model("MODELO\n\nARTÍCULO 1.- Objeto.- [La entidad] existe.\n", "m.txt")
    with pytest.raises(ValidationError, match="declaración válida"):
        parse_model("MODELO\n\nMARCADORES\nesto no\n\nARTÍCULO 1.- Uno.- Texto.\n", "m.txt")
    with pytest.raises(ValidationError, match="no contiene artículos"):
        parse_model("MODELO\n\nSolo un párrafo.\n", "m.txt")


def test_correction_and_project_on_both_backends(services):
    """The same on SQLite and PostgreSQL: a stored correction drives the drafted reform."""
    uris = import_samples(services)
    info = services.homologation.add_sample_model()
    imip = uris["acuerdo-creacion-imip.txt"]
    director = _key(services.homologation.model(info.id), "7")
    services.homologation.correct_by_number(info.id, imip, director, ["11"])
    drafted = services.homologation.create_project(info.id, [f"{imip}#{director}"])
    ops = services.projects.operations(drafted.project.id)[imip]
    assert {(o.kind, o.article_num) for o in ops if o.article_num == "11"} == {
        (OperationKind.AMEND, "11")}
    assert all(o.article_num == "11" for o in ops)
    assert "será nombrado y removido por el Presidente Municipal, con la ratificación de la " \
           "Junta de Gobierno" in services.projects.decree(drafted.project.id)


def test_an_imported_model_with_its_own_placeholders(loaded, tmp_path):
    """Any model, not only the sample: two principles, a placeholder of its own."""
    services, uris, _info = loaded
    path = tmp_path / "modelo-transparencia.txt"
    path.write_text(
        "MODELO DE DISPOSICIONES DE TRANSPARENCIA\n\n"
        "MARCADORES\n[el órgano] = el Instituto | el Sistema | el Organismo\n\n"
        "MATERIAS\n1 = transparencia | información\n\n"
        "ARTÍCULO 1.- Transparencia.- [El órgano] es sujeto obligado en materia de "
        "transparencia, acceso a la información pública y protección de datos personales, y "
        "publicará en su portal y en la Plataforma Nacional de Transparencia la información "
        "que establezca la legislación de la materia.\n\n"
        "ARTÍCULO 2.- Datos abiertos.- [El órgano] publicará sus padrones de beneficiarios en "
        "formato de datos abiertos cada trimestre.\n", encoding="utf-8")
    info = services.homologation.import_model(path, "Transparencia")
    assert info.principles == 2
    matrix = services.homologation.matrix(info.id)
    first, second = (p.key for p in matrix.model.provisions)
    assert matrix.cell(uris["acuerdo-creacion-dif.txt"], first).status is CellStatus.EQUAL
    assert matrix.cell(uris["acuerdo-creacion-imip.txt"], first).status is CellStatus.MISSING
    assert matrix.cell(uris["acuerdo-creacion-mujeres.txt"], first).status is \
        CellStatus.DIFFERENT
    assert all(matrix.cell(u, second).status is CellStatus.MISSING for u in uris.values())
    bad = tmp_path / "malo.txt"
    bad.write_text("MODELO\n\nARTÍCULO 1.- Uno.- [La cosa] existe.\n", encoding="utf-8")
    before = len(services.homologation.models())
    with pytest.raises(ValidationError, match="no está declarado"):
        services.homologation.import_model(bad)
    assert len(services.homologation.models()) == before


def test_exports_refuse_the_wrong_kind_of_file(loaded, tmp_path):
    services, _uris, info = loaded
    matrix = services.homologation.matrix(info.id)
    with pytest.raises(ValidationError, match="debe terminar en .xlsx"):
        services.homologation.export_xlsx(matrix, tmp_path / "matriz.csv")
    with pytest.raises(ValidationError, match="debe terminar en .docx"):
        services.homologation.export_docx(matrix, tmp_path / "reporte.xlsx")
    assert not (tmp_path / "matriz.csv").exists() and not (tmp_path / "reporte.xlsx").exists()
