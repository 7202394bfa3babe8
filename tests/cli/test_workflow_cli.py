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


def test_timeline_and_observations_read_as_minutes(capsys, sqlite_url, tmp_path):
    """Spanish act and stage names, local time, the data by their labels; the provision of
    each observation with the words it quotes (issue 16)."""
    db = ("--db", sqlite_url)
    pid, _drafter = project_and_drafter(capsys, db, tmp_path)
    run(capsys, "workflow", "add-user", "Lic. Pedro Soto", "--oficina", "Sindicatura", "--rol",
        "sindicatura", *db)
    run(capsys, "workflow", "advance", pid, "submit_to_trustee", "--usuario", "Ana", *db)
    code, out, err = run(capsys, "workflow", "observe", pid, _target_uri(capsys, db, pid),
                         "cap_1__art_3", "Precise el sujeto.",
                         "--usuario", "Pedro", *db)
    assert code == 0, err
    run(capsys, "workflow", "advance", pid, "return_with_observations", "--usuario", "Pedro",
        "--comentario", "Atienda la observación.", *db)
    code, out, _ = run(capsys, "workflow", "timeline", pid, *db)
    assert "submit_to_trustee" not in out and "trustee_review" not in out
    assert "Enviar a revisión de la Sindicatura · Borrador → Revisión de la Sindicatura" in out
    assert "Ana (Redacción (área jurídica o dependencia), Jurídico)" in out
    assert "Observación de la Sindicatura" in out and "Comentario: Atienda la observación." in out
    code, out, _ = run(capsys, "workflow", "observations", pid, *db)
    assert "\tArtículo 3 «Los parques son bienes" in out and "Precise el sujeto." in out


def _target_uri(capsys, db, pid):
    from reglamentos_app.services import open_services

    with open_services(db[1]) as services:
        return services.projects.get(int(pid)).targets[0].regulation_uri


def test_verify_record_with_the_anchor_detects_truncation_and_rewrite(capsys, sqlite_url,
                                                                       tmp_path):
    """Issue 16: deleting the last record, or editing one and re-hashing every record after
    it, passes the links; the anchor kept outside catches both."""
    from reglamentos_app.domain.audit import record_hash
    from reglamentos_app.services import open_services

    db = ("--db", sqlite_url)
    pid, _drafter = project_and_drafter(capsys, db, tmp_path)
    run(capsys, "workflow", "add-user", "Lic. Pedro Soto", "--oficina", "Sindicatura", "--rol",
        "sindicatura", *db)
    run(capsys, "workflow", "advance", pid, "submit_to_trustee", "--usuario", "Ana", *db)
    code, _out, err = run(capsys, "workflow", "advance", pid, "trustee_approve", "--usuario",
                          "Pedro", *db)
    anchor = err.split("Ancla del registro: ")[1].split()[0]
    assert anchor.startswith("2:") and len(anchor) == 2 + 64
    code, out, _ = run(capsys, "verify-record", "--ancla", anchor, *db)
    assert code == 0 and "coincide con el ancla" in out
    code, _out, err = run(capsys, "verify-record", "--ancla", "dos:xyz", *db)
    assert code == 1 and "NÚMERO:HUELLA" in err
    # Rewrite: record 2's comment edited and its hash recomputed (the chain still links).
    engine = create_engine(sqlite_url)
    with open_services(sqlite_url) as services:
        second = services.workflow.timeline(int(pid))[1]
    forged = type(second)(**{**second.to_dict(), "comment": "Aprobado por unanimidad"})
    new_hash = record_hash(forged)
    with engine.begin() as conn:
        conn.execute(text("update audit_records set comment = :c, hash = :h where seq = 2"),
                     {"c": forged.comment, "h": new_hash})
    engine.dispose()
    assert run(capsys, "verify-record", *db)[0] == 0            # links alone are fooled
    code, out, _ = run(capsys, "verify-record", "--ancla", anchor, *db)
    assert code == 4 and "reescrita" in out
    # Truncation: the last record deleted.
    engine = create_engine(sqlite_url)
    with engine.begin() as conn:
        conn.execute(text("delete from audit_records where seq = 2"))
    engine.dispose()
    assert run(capsys, "verify-record", *db)[0] == 0
    code, out, _ = run(capsys, "verify-record", "--ancla", anchor, *db)
    assert code == 4 and "fue borrado" in out
