"""``reglamentos workflow reply`` and ``workflow notices``: what the GUI's thread and badge show."""

from tests.cli.test_workflow_cli import run
from tests.services.test_projects import PARQUES


def test_reply_and_notices_from_the_cli(capsys, sqlite_url, tmp_path):
    db = ("--db", sqlite_url)
    path = tmp_path / "parques.txt"
    path.write_text(PARQUES, encoding="utf-8")
    uri = run(capsys, "import", str(path), "-q", *db)[1].split("\t")[0]
    pid = run(capsys, "project", "new", "Reforma", "-r", uri, *db)[1].strip()
    users = {role: run(capsys, "workflow", "add-user", name, "--oficina", office, "--rol", role,
                       *db)[1].strip()
             for name, office, role in (("Ana", "Jurídico", "redactor"),
                                        ("Pedro", "Sindicatura", "sindicatura"))}
    run(capsys, "workflow", "advance", pid, "submit_to_trustee", "--usuario", users["redactor"],
        *db)
    code, out, _ = run(capsys, "workflow", "notices", "--usuario", users["sindicatura"], *db)
    assert code == 0
    assert out.splitlines() == [f"{pid}\tnuevo\tReforma\tEstá en «Revisión de la Sindicatura»: "
                                "le corresponde actuar."]
    eid = "cap_1__art_3" if "cap_1" in run(capsys, "show", uri, "--json", *db)[1] else "art_3"
    obs = run(capsys, "workflow", "observe", pid, uri, eid, "Precise.", "--usuario",
              users["sindicatura"], *db)[1].strip()
    assert run(capsys, "workflow", "reply", pid, obs, "Y el alcance.", "--usuario",
               users["sindicatura"], *db)[0] == 0
    code, out, _ = run(capsys, "workflow", "notices", "--usuario", users["redactor"], *db)
    assert "Observación nueva de Pedro: Precise." in out and "Respuesta de Pedro" in out
    code, out, _ = run(capsys, "workflow", "notices", "--usuario", users["redactor"],
                       "--desde", "2999-01-01T00:00", *db)
    assert code == 0 and "Observación" not in out
    code, _out, err = run(capsys, "workflow", "notices", "--usuario", users["redactor"],
                          "--desde", "ayer", *db)
    assert code == 1 and "no es una fecha" in err
    code, _out, err = run(capsys, "workflow", "reply", pid, obs, "Opino.", "--usuario",
                          users["redactor"], *db)
    assert code == 1 and "no puede responder" in err
