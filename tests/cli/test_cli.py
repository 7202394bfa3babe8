"""The ``reglamentos`` command: import, list, show (text and JSON), export-text, errors."""

import json
import subprocess
import sys

import pytest

from reglamentos_app.cli.main import main
from tests.conftest import CORPUS
from tests.fixtures_text import SMALL


@pytest.fixture
def small_file(tmp_path):
    path = tmp_path / "prueba.txt"
    path.write_text(SMALL, encoding="utf-8")
    return path


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_list_show_export(capsys, sqlite_url, small_file):
    code, out, err = run(capsys, "import", str(small_file), "--db", sqlite_url)
    assert code == 0
    uri = out.split("\t")[0]
    assert uri == "/mx-bc-mxl/reglamento/2002/prueba"
    assert "importado" in out and "5 artículos" in out
    code, out, _ = run(capsys, "list", "--db", sqlite_url)
    assert code == 0 and uri in out and "Reglamento\tVigente" in out
    code, out, _ = run(capsys, "show", uri, "--db", sqlite_url)
    assert code == 0
    assert "TÍTULO PRIMERO — DISPOSICIONES GENERALES" in out
    assert "\n  Artículo 3 Bis [1 nota(s) de reforma]\n" in out
    assert "Fracción IV [derogado]" in out
    code, out, _ = run(capsys, "export-text", uri, "--db", sqlite_url)
    assert code == 0 and out.startswith("REGLAMENTO DE PRUEBA")
    assert "ARTÍCULO 3 Bis.- Artículo adicionado." in out


def test_show_json_schema(capsys, sqlite_url, small_file):
    run(capsys, "import", str(small_file), "--db", sqlite_url)
    code, out, _ = run(capsys, "show", "/mx-bc-mxl/reglamento/2002/prueba", "--json",
                       "--db", sqlite_url)
    assert code == 0
    data = json.loads(out)
    assert data["kind"] == "reglamento" and data["reform_quorum"] == "simple"
    assert data["version"] == {"valid_from": "2022-06-17", "valid_until": None}

    def check(node):
        assert {"eid", "kind", "num", "heading", "text", "status", "notes", "children", "pid"} <= set(node)
        for child in node["children"]:
            check(child)

    for node in data["provisions"]:
        check(node)
    frac4 = data["provisions"][0]["children"][0]["children"][1]["children"][3]
    assert frac4["eid"] == "tit_1__cap_1__art_2__frac_4" and frac4["status"] == "repealed"
    assert frac4["notes"][0]["gazette"]["date"] == "2022-06-17"


def test_errors_are_spanish_with_exit_codes(capsys, sqlite_url, tmp_path):
    code, _, err = run(capsys, "show", "no-es-uri", "--db", sqlite_url)
    assert code == 1 and "no es un identificador de reglamento válido" in err
    code, _, err = run(capsys, "show", "/mx-bc-mxl/reglamento/2001/x", "--db", sqlite_url)
    assert code == 1 and "No existe el reglamento" in err
    code, _, err = run(capsys, "show", "/mx-bc-mxl/reglamento/2001/x", "--date", "2020-13-01",
                       "--db", sqlite_url)
    assert code == 1 and "AAAA-MM-DD" in err
    bad = tmp_path / "mal.txt"
    bad.write_bytes(b"\x00\x00\x00")
    code, _, err = run(capsys, "import", str(bad), "--quiet", "--db", sqlite_url)
    assert code == 3 and "binario" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["show"])
    assert exit_info.value.code == 2
    assert "faltan los argumentos" in capsys.readouterr().err


def test_import_corpus_folder_then_list_13(capsys, sqlite_url):
    code, out, _ = run(capsys, "import", str(CORPUS), "--quiet", "--db", sqlite_url)
    assert code == 0
    assert len(out.strip().splitlines()) >= 13
    code, out, _ = run(capsys, "list", "--json", "--db", sqlite_url)
    assert len(json.loads(out)) >= 13


def test_console_script_runs(sqlite_url, small_file):
    """The installed entry point works as a separate process (as users run it)."""
    result = subprocess.run([sys.executable, "-m", "reglamentos_app.cli.main", "import",
                             str(small_file), "--db", sqlite_url], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("/mx-bc-mxl/reglamento/2002/prueba")


@pytest.mark.postgres
def test_admin_upgrade_db_then_use(capsys, pg_url, small_file):
    code, _, err = run(capsys, "list", "--db", pg_url)
    assert code == 1 and "upgrade-db" in err
    code, out, _ = run(capsys, "admin", "upgrade-db", "--db", pg_url)
    assert code == 0 and "actualizada" in out
    code, out, _ = run(capsys, "import", str(small_file), "--quiet", "--db", pg_url)
    assert code == 0
    code, out, _ = run(capsys, "admin", "upgrade-db", "--db", pg_url)
    assert "ya estaba" in out


def test_report_shows_counts_and_warnings(capsys, sqlite_url, small_file):
    run(capsys, "import", str(small_file), "--quiet", "--db", sqlite_url)
    code, out, _ = run(capsys, "report", "/mx-bc-mxl/reglamento/2002/prueba", "--db", sqlite_url)
    assert code == 0
    assert "Se encontró: Títulos: 2 · Capítulos: 1 · Artículos: 5 · Fracciones: 4" in out
    assert "Sin advertencias." in out


def test_export_akn_and_reimport_keeps_tree_and_permanent_ids(capsys, sqlite_url, small_file, tmp_path):
    run(capsys, "import", str(small_file), "--quiet", "--db", sqlite_url)
    uri = "/mx-bc-mxl/reglamento/2002/prueba"
    out_file = tmp_path / "prueba.xml"
    code, _, err = run(capsys, "export-akn", uri, "-o", str(out_file), "--db", sqlite_url)
    assert code == 0 and "Se escribió" in err
    assert out_file.read_bytes().startswith(b"<?xml")
    code, original, _ = run(capsys, "show", uri, "--json", "--db", sqlite_url)
    other_db = f"sqlite:///{tmp_path / 'otra.sqlite3'}"
    code, out, err = run(capsys, "import", str(out_file), "--quiet", "--db", other_db)
    assert code == 0, err
    code, copy, _ = run(capsys, "show", out.split("\t")[0], "--json", "--db", other_db)
    assert json.loads(copy)["provisions"] == json.loads(original)["provisions"]


def test_ambiguous_encoding_then_chosen(capsys, sqlite_url, tmp_path):
    from tests.fixtures_text import SMALL

    path = tmp_path / "dos.txt"
    path.write_bytes(SMALL.encode("cp850"))
    code, _, err = run(capsys, "import", str(path), "--quiet", "--db", sqlite_url)
    assert code == 3 and "--encoding" in err
    code, out, _ = run(capsys, "import", str(path), "--quiet", "--encoding", "cp850", "--db", sqlite_url)
    assert code == 0
    code, out, _ = run(capsys, "export-text", out.split("\t")[0], "--db", sqlite_url)
    assert "munícipes" in out


def test_import_from_standard_input(capsys, sqlite_url, monkeypatch):
    import io

    from tests.fixtures_text import SMALL

    monkeypatch.setattr("sys.stdin", io.StringIO(SMALL))
    code, out, _ = run(capsys, "import", "-", "--db", sqlite_url)
    assert code == 0 and out.startswith("/mx-bc-mxl/reglamento/2002/prueba\timportado")


def test_list_says_one_instrument_in_the_singular(tmp_path, capsys):
    from reglamentos_app.cli.main import main
    from tests.fixtures_text import SMALL

    db = f"sqlite:///{tmp_path / 'uno.sqlite3'}"
    path = tmp_path / "uno.txt"
    path.write_text(SMALL, encoding="utf-8")
    assert main(["--db", db, "import", str(path), "-q"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "list"]) == 0
    assert capsys.readouterr().err.strip().endswith("1 instrumento.")
