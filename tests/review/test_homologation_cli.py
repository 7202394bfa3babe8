"""``reglamentos revision modelos|homologar|corregir|nombrar``: output, files, project, errors."""

from __future__ import annotations

import json

import pytest

from reglamentos_app.cli.main import main
from tests.conftest import CORPUS
from tests.review.homologation_truth import TRUTH


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(sqlite_url, capsys):
    files = [str(CORPUS / name) for name in TRUTH]
    assert main(["import", *files, "--quiet", "--db", sqlite_url]) == 0
    capsys.readouterr()
    return sqlite_url


def test_without_a_model_the_cli_says_how_to_add_one(capsys, db):
    code, _out, err = run(capsys, "revision", "homologar", "--db", db)
    assert code != 0 and "revision modelos --muestra" in err and "Traceback" not in err


def test_matrix_json_files_correction_and_project(capsys, db, tmp_path):
    code, out, _ = run(capsys, "revision", "modelos", "--muestra", "--db", db)
    assert code == 0 and "12 principios" in out
    code, out, _ = run(capsys, "revision", "homologar", "--json", "--db", db,
                       "--excel", str(tmp_path / "m.xlsx"), "--word", str(tmp_path / "m.docx"))
    rows = json.loads(out)
    assert len(rows) == 12 * len(TRUTH)
    planted_missing = sum(s.count("falta") for s in TRUTH.values())
    assert sum(r["Estado"] == "falta" for r in rows) == planted_missing
    assert (tmp_path / "m.xlsx").stat().st_size > 0 and (tmp_path / "m.docx").stat().st_size > 0
    imip = next(r["URI"] for r in rows if "Investigación" in r["Instrumento"])
    code, out, _ = run(capsys, "revision", "corregir", "-r", imip, "--principio", "9",
                       "--articulo", "21", "--db", db)
    assert code == 0
    code, out, _ = run(capsys, "revision", "homologar", "-r", imip, "--principio", "9",
                       "--db", db)
    assert "[distinta] Artículo 9. Transparencia → Artículo 21 (Responsabilidades) (corregido)" \
        in out
    code, out, err = run(capsys, "revision", "homologar", "--estado", "falta", "--proyecto",
                         "--titulo", "Homologación", "--db", db)
    project_id = int(out.strip())
    # IMIP lacked only transparencia, now corrected: five instruments remain.
    assert f"{planted_missing - 1} artículos adicionados y 0 reformados en {len(TRUTH) - 1} " \
        "instrumentos" in err
    code, out, _ = run(capsys, "project", "decree", str(project_id), "--db", db)
    assert code == 0 and out.count("Se adiciona") + out.count("se adicionan") >= 1


def test_errors_are_spanish(capsys, db):
    run(capsys, "revision", "modelos", "--muestra", "--db", db)
    code, _out, err = run(capsys, "revision", "corregir", "-r", "/no/existe", "--principio",
                          "7", "--falta", "--db", db)
    assert code != 0 and "No está en el corpus" in err
    code, _out, err = run(capsys, "revision", "homologar", "--principio", "99", "--db", db)
    assert code != 0 and "no tiene el artículo 99" in err
    code, _out, err = run(capsys, "revision", "homologar", "--estado", "igual", "--proyecto",
                          "--db", db)
    assert code != 0 and "nada que homologar" in err
