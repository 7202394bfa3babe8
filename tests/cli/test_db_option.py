"""One --db: before or after the command (nested ones too), then REGLAMENTOS_DB, then settings.

Before issue 19 each sub-command's own ``--db`` (default None) erased the URL given before the
command, so ``reglamentos --db URL list`` silently read the user's own database.
"""

from __future__ import annotations

import pytest

from reglamentos_app.cli.main import build_parser, main
from tests.fixtures_text import SMALL

URI = "/mx-bc-mxl/reglamento/2002/prueba"


@pytest.fixture
def two_dbs(tmp_path):
    source = tmp_path / "prueba.txt"
    source.write_text(SMALL, encoding="utf-8")
    office = f"sqlite:///{tmp_path / 'oficina.db'}"
    other = f"sqlite:///{tmp_path / 'otra.db'}"
    return source, office, other


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("argv", [
    ["--db", "X", "list"],
    ["list", "--db", "X"],
    ["--db", "X", "project", "list"],
    ["project", "--db", "X", "list"],
    ["project", "list", "--db", "X"],
    ["--db", "Y", "project", "list", "--db", "X"],  # the one nearer the end wins
])
def test_db_is_kept_wherever_it_is_written(argv):
    assert build_parser().parse_args(argv).db == "X"


def test_no_db_means_none_so_the_environment_decides():
    assert build_parser().parse_args(["project", "list"]).db is None


def test_global_db_before_command_is_used_end_to_end(capsys, two_dbs, monkeypatch):
    source, office, other = two_dbs
    # The environment points elsewhere: an explicit --db must win over it.
    monkeypatch.setenv("REGLAMENTOS_DB", other)
    code, out, _ = _run(capsys, "--db", office, "import", "-q", str(source))
    assert code == 0 and out.startswith(URI)
    code, out, _ = _run(capsys, "--db", office, "list")
    assert code == 0 and URI in out
    code, out, _ = _run(capsys, "list", "--db", office)
    assert code == 0 and URI in out
    # ...and the environment's database was never touched.
    code, out, _ = _run(capsys, "list")
    assert code == 0 and URI not in out


def test_environment_variable_selects_the_database(capsys, two_dbs, monkeypatch):
    source, office, _ = two_dbs
    monkeypatch.setenv("REGLAMENTOS_DB", office)
    code, _, _ = _run(capsys, "import", "-q", str(source))
    assert code == 0
    monkeypatch.delenv("REGLAMENTOS_DB")
    code, out, _ = _run(capsys, "--db", office, "list")
    assert URI in out
