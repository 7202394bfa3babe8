"""``reglamentos workflow …`` and ``verify-record``: the procedure scripted from the shell."""

from sqlalchemy import create_engine, text

from reglamentos_app.cli.main import main
from tests.services.test_projects import PARQUES


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def project_and_drafter(capsys, db, tmp_path) -> tuple[str, str]:
    """Import the Reglamento de Parques, open a project on it and add a drafter's profile."""
    path = tmp_path / "parques.txt"
    path.write_text(PARQUES, encoding="utf-8")
    uri = run(capsys, "import", str(path), "-q", *db)[1].split("\t")[0]
    pid = run(capsys, "project", "new", "Reforma", "-r", uri, *db)[1].strip()
    drafter = run(capsys, "workflow", "add-user", "Ana", "--oficina", "Jurídico", "--rol",
                  "redactor", *db)[1].strip()
    return pid, drafter


def test_procedure_from_the_cli_and_tamper_check(capsys, sqlite_url, tmp_path):
    db = ("--db", sqlite_url)
    pid, drafter = project_and_drafter(capsys, db, tmp_path)
    code, out, _ = run(capsys, "workflow", "status", pid, "--usuario", drafter, *db)
    assert out.splitlines()[0] == "draft\tBorrador" and "submit_to_trustee" in out
    assert run(capsys, "workflow", "advance", pid, "submit_to_trustee", "--usuario", drafter,
               *db)[0] == 0
    trustee = run(capsys, "workflow", "add-user", "Pedro", "--oficina", "Sindicatura", "--rol",
                  "sindicatura", *db)[1].strip()
    assert run(capsys, "workflow", "advance", pid, "trustee_approve", "--usuario", trustee,
               *db)[0] == 0
    code, _out, err = run(capsys, "workflow", "advance", pid, "file", "--usuario", drafter,
                          "--dato", "filing_date=2025-03-01", *db)
    assert code == 1 and "folio" in err
    assert run(capsys, "workflow", "advance", pid, "file", "--usuario", drafter, "--dato",
               "folio=SA-1", "--dato", "filing_date=2025-03-01", *db)[0] == 0
    code, out, _ = run(capsys, "verify-record", *db)
    assert code == 0 and "3 asientos" in out
    engine = create_engine(sqlite_url)
    with engine.begin() as conn:
        conn.execute(text("update audit_records set actor = 'Otro' where seq = 1"))
    engine.dispose()
    code, out, _ = run(capsys, "verify-record", *db)
    assert code == 4 and "1" in out


def test_advance_prints_the_advice_and_still_advances(capsys, sqlite_url, tmp_path, monkeypatch):
    from reglamentos_app.services import WorkflowService

    monkeypatch.setattr(WorkflowService, "advice",
                        lambda self, pid, tid: ["Esta reforma deroga el artículo 2, citado por el "
                                                "artículo 5."] if tid == "submit_to_trustee" else [])
    db = ("--db", sqlite_url)
    pid, drafter = project_and_drafter(capsys, db, tmp_path)
    code, _out, err = run(capsys, "workflow", "advance", pid, "submit_to_trustee", "--usuario",
                          drafter, *db)
    assert code == 0
    assert "Aviso: Esta reforma deroga el artículo 2, citado por el artículo 5." in err


def test_users_by_name_and_data_typed_by_the_field(capsys, sqlite_url, tmp_path):
    """Issue 16: ``--usuario`` takes a name; ``folio=22`` is a text field, so 22 is its text."""
    db = ("--db", sqlite_url)
    pid, _drafter = project_and_drafter(capsys, db, tmp_path)
    run(capsys, "workflow", "add-user", "Lic. Pedro Soto", "--oficina", "Sindicatura", "--rol",
        "sindicatura", *db)
    run(capsys, "workflow", "add-user", "Lic. Luz Mora", "--oficina", "Secretaría", "--rol",
        "secretaria", *db)
    assert run(capsys, "workflow", "advance", pid, "submit_to_trustee", "--usuario", "ana",
               *db)[0] == 0
    code, _out, err = run(capsys, "workflow", "advance", pid, "trustee_approve", "--usuario",
                          "Nadie", *db)
    assert code == 1 and "No hay ningún perfil llamado «Nadie»" in err
    assert run(capsys, "workflow", "advance", pid, "trustee_approve", "--usuario", "pedro soto",
               *db)[0] == 0
    code, _out, err = run(capsys, "workflow", "advance", pid, "file", "--usuario", "Luz Mora",
                          "--dato", "folio=22", "--dato", "filing_date=2025-03-01", *db)
    assert code == 0, err
    code, out, _ = run(capsys, "workflow", "advance", pid, "turn_to_committee", "--usuario",
                       "Lic. Luz Mora", "--dato", "committee=Gobernación", "--dato",
                       "committee_kind=single", "--dato", "turn_date=2025-02-01", *db)
    assert code == 1   # a turn before the filing
