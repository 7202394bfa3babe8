"""``reglamentos revision …``: every action, JSON and CSV output, errors in Spanish."""

from __future__ import annotations

import json

import pytest

from reglamentos_app.cli.main import main
from tests.conftest import CORPUS, corpus_files


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(sqlite_url, capsys):
    assert main(["import", str(CORPUS), "--quiet", "--db", sqlite_url]) == 0
    capsys.readouterr()
    return sqlite_url


def test_references_text_json_csv(capsys, db, tmp_path):
    code, out, _ = run(capsys, "revision", "referencias", "--db", db)
    assert code == 0 and "→ de la Ciudad de México" in out
    assert f"referencias obsoletas en 8 de {len(corpus_files())} reglamentos" in out
    code, out, _ = run(capsys, "revision", "referencias", "--json", "--db", db,
                       "-r", "/mx-bc-mxl/reglamento/1996/panteones")
    records = json.loads(out)
    assert {r["rule_id"] for r in records} >= {"uma-smgv", "uma-salarios-minimos",
                                              "cdmx-del-distrito-federal"}
    assert all(r["key"].startswith("/mx-bc-mxl/reglamento/1996/panteones#") for r in records)
    target = tmp_path / "ref.csv"
    code, _out, err = run(capsys, "revision", "referencias", "--csv", "-o", str(target),
                          "--conjunto", "ciudad-de-mexico", "--db", db)
    assert code == 0 and "Escrito" in err
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Reglamento;URI;Disposición") and len(lines) == 2


def test_citations_and_duplicates(capsys, db):
    code, out, _ = run(capsys, "revision", "citas", "--json", "--db", db)
    kinds = {(r["label"], r["kind"]) for r in json.loads(out)
             if r["uri"].endswith("estacionamientos-publicos")}
    assert kinds == {("Artículo 28", "missing_article"), ("Artículo 31", "repealed_article"),
                     ("Artículo 33", "missing_clause")}
    code, out, _ = run(capsys, "revision", "duplicados", "--sin-definiciones", "--db", db)
    assert code == 0 and "Multas distintas: 10 a 100 veces frente a 41 a 200 UMA." in out
    code, _out, err = run(capsys, "revision", "duplicados", "--umbral", "20", "--db", db)
    assert code == 1 and "umbral" in err


def test_project_from_hits_and_draft_check(capsys, db):
    code, out, err = run(capsys, "revision", "proyecto", "--regla", "cdmx-del-distrito-federal",
                         "--titulo", "Ciudad de México", "--db", db)
    assert code == 0 and out.strip() == "1" and "1 reemplazo en 1 reglamento." in err
    code, out, _ = run(capsys, "project", "decree", "1", "--db", db)
    assert "de la Ciudad de México" in out
    code, out, _ = run(capsys, "revision", "borrador", "1", "--db", db)
    assert code == 0 and "no rompe ninguna cita" in out
    code, _out, err = run(capsys, "revision", "proyecto", "--regla", "no-existe", "--db", db)
    assert code == 1 and "Ningún hallazgo" in err


def test_rules_export_import_reset(capsys, db, tmp_path):
    code, out, _ = run(capsys, "revision", "reglas", "--db", db)
    assert "Reglas en uso: de fábrica" in out and "[lenguaje-incluyente]" in out
    path = tmp_path / "reglas.yaml"
    assert run(capsys, "revision", "reglas", "--exportar", str(path), "--db", db)[0] == 0
    path.write_text(path.read_text(encoding="utf-8").replace("activo: false", "activo: true"),
                    encoding="utf-8")
    code, out, _ = run(capsys, "revision", "reglas", "--importar", str(path), "--db", db)
    assert code == 0 and "Reglas importadas" in out
    code, out, _ = run(capsys, "revision", "referencias", "--json", "--db", db)
    assert any(r["category"] == "lenguaje_incluyente" for r in json.loads(out))
    bad = tmp_path / "mala.yaml"
    bad.write_text("conjuntos:\n  - id: x\n    reglas:\n      - id: y\n        patron: '['\n",
                   encoding="utf-8")
    code, _out, err = run(capsys, "revision", "reglas", "--importar", str(bad), "--db", db)
    assert code == 1 and "línea 4" in err and "falta cerrar un corchete" in err
    assert run(capsys, "revision", "reglas", "--restablecer", "--db", db)[0] == 0
    code, out, _ = run(capsys, "revision", "reglas", "--json", "--db", db)
    assert json.loads(out)["conjuntos"][-1]["activo"] is False


def test_docx_report(capsys, db, tmp_path):
    code, out, _ = run(capsys, "revision", "reporte", "-o", str(tmp_path / "r.docx"), "--db", db)
    assert code == 0 and (tmp_path / "r.docx").stat().st_size > 5000
    code, _out, err = run(capsys, "revision", "reporte", "-o", str(tmp_path / "r.txt"), "--db", db)
    assert code == 1 and ".docx" in err
