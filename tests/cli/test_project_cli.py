"""``reglamentos diff`` and ``reglamentos project …``: a reform scripted end to end."""

import json

import pytest

from reglamentos_app.cli.main import main
from tests.services.test_projects import PARQUES


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def parques(capsys, sqlite_url, tmp_path):
    path = tmp_path / "parques.txt"
    path.write_text(PARQUES, encoding="utf-8")
    code, out, _err = run(capsys, "import", str(path), "--db", sqlite_url, "-q")
    assert code == 0
    return out.split("\t")[0]


def test_project_scripted_end_to_end(capsys, sqlite_url, parques):
    db = ("--db", sqlite_url)
    code, out, _ = run(capsys, "project", "new", "Reforma de parques", "-r", parques,
                       "--folio", "SA/1/2025", *db)
    assert code == 0
    pid = out.strip()
    assert run(capsys, "project", "edit", pid, parques, "cap_1__art_3", "--texto",
               "Los parques y jardines son del dominio público.", *db)[0] == 0
    code, out, _ = run(capsys, "project", "add", pid, parques, "--despues-de", "cap_1__art_12",
                       "--texto", "Habrá bebederos.", *db)
    assert (code, out.strip()) == (0, "cap_1__art_12bis")
    assert run(capsys, "project", "derogate", pid, parques, "cap_1__art_20", *db)[0] == 0
    code, out, _ = run(capsys, "project", "ops", pid, "--json", *db)
    ops = json.loads(out)[parques]
    assert [(o["kind"], o["citation"]) for o in ops] == [
        ("amend", "artículo 3"), ("insert", "artículo 12 Bis"), ("repeal", "artículo 20")]
    code, out, _ = run(capsys, "project", "decree", pid, *db)
    assert out.startswith("ARTÍCULO ÚNICO.- Se reforma el artículo 3; se adiciona el artículo "
                          "12 Bis; y se "
                          "deroga el artículo 20, todos del Reglamento de Parques")
    # Outside the stages only an administrator publishes, with a reason, through the procedure.
    code, out, err = run(capsys, "project", "publish", pid, "--numero", "14", "--fecha",
                         "2025-03-10", *db)
    assert code == 1 and "--usuario" in err
    drafter = run(capsys, "workflow", "add-user", "Ana Ruiz", "--oficina", "Jurídico", "--rol",
                  "redactor", *db)[1].strip()
    code, out, err = run(capsys, "project", "publish", pid, "--numero", "14", "--seccion", "I",
                         "--tomo", "CXXXII", "--fecha", "2025-03-10", "--motivo", "Publicada en "
                         "papel antes de usar el programa.", "--usuario", drafter, *db)
    assert code == 1 and "Administración del sistema" in err
    run(capsys, "workflow", "add-user", "Rosa Gil", "--oficina", "Informática", "--rol",
        "administrador", *db)
    code, out, err = run(capsys, "project", "publish", pid, "--numero", "14", "--seccion", "I",
                         "--tomo", "CXXXII", "--fecha", "2025-03-10", "--usuario", "rosa gil",
                         *db)
    assert code == 1 and "requiere un motivo" in err
    code, out, err = run(capsys, "project", "publish", pid, "--numero", "14", "--seccion", "I",
                         "--tomo", "CXXXII", "--fecha", "2025-03-10", "--motivo", "Publicada en "
                         "papel antes de usar el programa.", "--usuario", "rosa gil", *db)
    assert code == 0, err
    assert out.strip() == f"{parques}\tvigente desde 11/03/2025"
    code, out, _ = run(capsys, "diff", f"{parques}@2025-03-10", f"{parques}@2025-03-11",
                       "--json", *db)
    data = json.loads(out)
    # The reform's own transitorios join the texto vigente: one more addition (DOMAIN §7.4).
    assert data["summary"] == "1 reforma, 2 adiciones, 1 derogación"
    assert {a["kind"] for a in data["alignment"]} >= {"equal", "changed", "inserted"}
    # Published: further edits are refused with a Spanish message and exit code 1.
    code, _out, err = run(capsys, "project", "edit", pid, parques, "cap_1__art_3", "--texto",
                          "x", *db)
    assert code == 1 and "ya no se puede modificar" in err


def test_diff_of_two_files(capsys, sqlite_url, tmp_path):
    old = tmp_path / "a.txt"
    new = tmp_path / "b.txt"
    old.write_text(PARQUES, encoding="utf-8")
    new.write_text(PARQUES.replace("seis a veintidós", "cinco a veintitrés"), encoding="utf-8")
    code, out, _ = run(capsys, "diff", str(old), str(new), "--db", sqlite_url)
    assert code == 0
    assert "modificado" in out and "Artículo 7" in out
    assert "1 reforma" in out


def test_unknown_eid_is_a_clear_error(capsys, sqlite_url, parques):
    code, out, _ = run(capsys, "project", "new", "R", "-r", parques, "--db", sqlite_url)
    code, _out, err = run(capsys, "project", "derogate", out.strip(), parques, "art_999",
                          "--db", sqlite_url)
    assert code == 1 and "no tiene la disposición «art_999»" in err
