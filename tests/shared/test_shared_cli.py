"""``reglamentos admin …`` and ``reglamentos offline …`` from the shell, end to end."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from reglamentos_app.cli.main import main
from reglamentos_app.storage import security
from tests.services.test_projects import PARQUES


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.postgres
def test_admin_init_db_and_add_user_give_a_working_login(capsys, pg_url):
    prefix = make_url(pg_url).database.replace("reglamentos_test_", "rc")
    login = f"{prefix}_ana"
    try:
        code, out, _ = run(capsys, "admin", "init-db", pg_url, "--prefijo", prefix)
        assert code == 0 and f"{prefix}_redactor" in out and f"{prefix}_sindicatura" in out
        code, out, _ = run(capsys, "admin", "add-user", pg_url, login, "--nombre", "Lic. Ana Ruiz",
                           "--oficina", "Consejería Jurídica", "--rol", "redactor")
        assert code == 0 and login in out
        code, _out, err = run(capsys, "admin", "add-user", pg_url, login, "--nombre", "Otra",
                              "--oficina", "X", "--rol", "redactor")
        assert code == 1 and "ya está registrado" in err
        code, _out, err = run(capsys, "admin", "add-user", pg_url, "Mal Nombre", "--nombre", "X",
                              "--oficina", "X", "--rol", "redactor")
        assert code == 1 and "no es válido" in err
        ana_url = make_url(pg_url).set(username=login).render_as_string(hide_password=False)
        code, out, _ = run(capsys, "admin", "whoami", "--db", ana_url)
        assert out.split("\t")[:2] == [login, "Lic. Ana Ruiz"]
        engine = create_engine(make_url(pg_url).set(drivername="postgresql+psycopg"))
        with engine.connect() as conn:
            roles = set(conn.execute(text(
                "SELECT b.rolname FROM pg_auth_members m JOIN pg_roles a ON a.oid = m.member "
                "JOIN pg_roles b ON b.oid = m.roleid WHERE a.rolname = :l"), {"l": login}
            ).scalars())
            super_, bypass = conn.execute(text(
                "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = :l"),
                {"l": login}).one()
        assert roles == {f"{prefix}_redactor"} and not super_ and not bypass
        assert run(capsys, "admin", "upgrade-db", "--db", pg_url)[0] == 0
    finally:
        engine = create_engine(make_url(pg_url).set(drivername="postgresql+psycopg"))
        security.drop_installation(engine, prefix, [login])
        engine.dispose()


def test_offline_commands(capsys, sqlite_url, tmp_path):
    db = ("--db", sqlite_url)
    path = tmp_path / "parques.txt"
    path.write_text(PARQUES, encoding="utf-8")
    uri = run(capsys, "import", path, "-q", *db)[1].split("\t")[0]
    pid = run(capsys, "project", "new", "Reforma", "-r", uri, *db)[1].strip()
    copy = tmp_path / "copia.db"
    code, out, _ = run(capsys, "offline", "checkout", pid, copy, *db)
    assert code == 0 and copy.exists()
    local = ("--db", f"sqlite:///{copy}")
    local_id = out.split("número ")[1].split(" ")[0]
    assert run(capsys, "project", "edit", local_id, uri, _eid(capsys, local_id, uri, local),
               "--texto", "Texto del portátil.", *local)[0] == 0
    assert run(capsys, "project", "edit", pid, uri, _eid(capsys, pid, uri, db),
               "--texto", "Texto de la oficina.", *db)[0] == 0
    code, out, _ = run(capsys, "offline", "checkin", copy, *db)
    assert code == 5 and "en conflicto: 1" in out
    code, out, _ = run(capsys, "offline", "conflicts", pid, *db)
    assert "mío:      Texto del portátil." in out and "guardado: Texto de la oficina." in out
    conflict = out.split("]")[0].strip("[")
    assert run(capsys, "offline", "resolve", pid, conflict, "mio", *db)[0] == 0
    assert "No hay conflictos" in run(capsys, "offline", "conflicts", pid, *db)[1]
    package = tmp_path / "envio.reforma"
    assert run(capsys, "offline", "export", pid, package, *db)[0] == 0
    other = ("--db", f"sqlite:///{tmp_path / 'otra.db'}")
    code, out, _ = run(capsys, "offline", "import", package, *other)
    assert code == 0 and out.strip().isdigit()
    package.write_bytes(package.read_bytes()[:-40])
    code, _out, err = run(capsys, "offline", "import", package, *other)
    assert code == 1 and "paquete" in err.lower()


def _eid(capsys, project_id, uri, db):
    from reglamentos_app.services import open_services
    from tests.services.test_projects import art

    with open_services(db[1]) as services:
        return art(services.projects.get(int(project_id)).target(uri).draft, "3").eid


def test_admin_sets_the_council_size_and_the_quorum_follows(tmp_path, capsys):
    """A new Ayuntamiento with 21 munícipes: the qualified majority becomes 14."""
    from reglamentos_app.services import open_services

    url = f"sqlite:///{tmp_path / 'cabildo.sqlite3'}"
    assert main(["admin", "cabildo", "--db", url]) == 0
    assert "18 integrantes" in capsys.readouterr().out
    assert main(["admin", "cabildo", "--integrantes", "21", "--db", url]) == 0
    assert "mayoría calificada es de 14 votos" in capsys.readouterr().out
    with open_services(url) as services:
        assert services.workflow.council_size() == 21
    assert main(["admin", "cabildo", "--integrantes", "0", "--db", url]) == 1
    assert "de 1 a 99" in capsys.readouterr().err


@pytest.mark.postgres
def test_council_size_on_a_shared_database_reaches_the_server_guard(office):
    """The administrator's new size is the one the server's quorum guard reads."""
    from reglamentos_app.services import admin

    assert admin.council_size(office.admin_url, 21) == 21
    engine = office.engine("sec")
    with engine.connect() as conn:
        value = conn.execute(text("SELECT value FROM shared_settings "
                                  "WHERE key = 'council_members'")).scalar()
    assert value == "21"
    assert office.services("sin").workflow.council_size() == 21
