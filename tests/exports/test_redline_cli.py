"""``reglamentos redline exportar|importar``: the redline scripted from the command line."""

from __future__ import annotations

import json

from tests.cli.test_project_cli import parques, run  # noqa: F401  (fixture)
from tests.exports.test_redline_wordsim import comment, decide


def test_export_then_import_a_reviewed_redline(capsys, sqlite_url, parques, tmp_path):  # noqa: F811
    db = ("--db", sqlite_url)
    pid = run(capsys, "project", "new", "Reforma de parques", "-r", parques, *db)[1].strip()
    assert run(capsys, "project", "edit", pid, parques, "cap_1__art_3", "--texto",
               "Los parques y jardines son del dominio público.", *db)[0] == 0
    out_path = tmp_path / "redline.docx"
    code, out, _ = run(capsys, "redline", "exportar", pid, "-o", str(out_path),
                       "--autor", "Consejería Jurídica", *db)
    assert code == 0 and "revisiones en 1 disposiciones" in out
    reviewed = comment(decide(out_path.read_bytes(), lambda _r, _t: "reject"), "ARTÍCULO 3",
                       "parques", "Definir parques.", "Síndico")
    back = tmp_path / "devuelto.docx"
    back.write_bytes(reviewed)

    code, out, _ = run(capsys, "redline", "importar", pid, str(back), "--json", *db)
    assert code == 0
    result = json.loads(out)
    assert result["borrador_guardado"] and result["totales"]["rechazados"] >= 1
    assert [(d["disposicion"], d["resultado"]) for d in result["disposiciones"]] == [
        ("Artículo 3", "rechazado")]
    assert [(o["autor"], o["texto"], o["cita"]) for o in result["observaciones"]] == [
        ("Síndico", "Definir parques.", "parques")]

    # the draft moved on: the same file is refused, in Spanish, with status 1
    code, _out, err = run(capsys, "redline", "importar", pid, str(back), *db)
    assert code == 1 and "cambió desde que se exportó" in err


def test_text_summary_and_a_bad_file(capsys, sqlite_url, parques, tmp_path):  # noqa: F811
    db = ("--db", sqlite_url)
    pid = run(capsys, "project", "new", "Reforma", "-r", parques, *db)[1].strip()
    run(capsys, "project", "edit", pid, parques, "cap_1__art_7", "--texto", "Horario libre.", *db)
    path = tmp_path / "r.docx"
    run(capsys, "redline", "exportar", pid, "-o", str(path), *db)
    code, out, _ = run(capsys, "redline", "importar", pid, str(path), *db)
    assert code == 0 and "pendientes" in out and "conservan la propuesta" in out
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"PK\x03\x04roto")
    code, _out, err = run(capsys, "redline", "importar", pid, str(bad), *db)
    assert code == 1 and "dañado" in err
