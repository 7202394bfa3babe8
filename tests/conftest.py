"""Shared fixtures: throw-away databases on SQLite and on the real local PostgreSQL server.

PostgreSQL tests connect to ``REGLAMENTOS_TEST_PG`` (default: the local server, trust
authentication) and create one database per test. When no server answers they are skipped
with the reason shown, except when ``REGLAMENTOS_REQUIRE_PG=1`` (set by ``.ci/run``): then an
unreachable server is a failure, so CI can never skip them silently.
"""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
REALDATA = Path(os.environ.get("REGLAMENTOS_REALDATA", REPO.parent / "shared" / "realdata"))

# Property tests are derandomized: CI must not pass or fail by the luck of a seed (a round-trip
# case once failed one clean-clone run in three). A deeper random search is one variable away:
# HYPOTHESIS_RANDOM=1 HYPOTHESIS_EXAMPLES=30000; what it finds becomes a named test.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile(
    "reglamentos", derandomize=not os.environ.get("HYPOTHESIS_RANDOM"))
_hypothesis_settings.load_profile("reglamentos")

PG_ADMIN_URL = os.environ.get("REGLAMENTOS_TEST_PG",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PG_REQUIRED = os.environ.get("REGLAMENTOS_REQUIRE_PG") == "1"

_exit_status = {"code": 0}


def pytest_sessionfinish(session, exitstatus):
    _exit_status["code"] = int(exitstatus)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    # PySide6 (PYSIDE-2254) intermittently segfaults in its own atexit teardown of the
    # QApplication, after every test has passed: CI then reports exit code 139 for a green
    # run. The cleanup registered first runs last, after pytest has printed its summary and
    # done its own cleanups; it leaves with the real exit status before that teardown.
    def hard_exit() -> None:
        if "PySide6" in sys.modules and os.environ.get("REGLAMENTOS_SOFT_EXIT") != "1":
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(_exit_status["code"])

    config.add_cleanup(hard_exit)


_pg_error: str | None = None
_pg_checked = False


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Never read or write the real user's settings or database during tests."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("REGLAMENTOS_HOME", str(home))
    monkeypatch.delenv("REGLAMENTOS_DB", raising=False)


def _pg_available() -> str | None:
    """None when the server answers, else the reason."""
    global _pg_error, _pg_checked
    if not _pg_checked:
        _pg_checked = True
        from sqlalchemy import create_engine, text

        try:
            engine = create_engine(PG_ADMIN_URL)
            with engine.connect() as conn:
                conn.execute(text("select 1"))
            engine.dispose()
        except Exception as exc:  # any driver or network error means "not reachable"
            _pg_error = f"PostgreSQL no disponible en {PG_ADMIN_URL}: {exc.__class__.__name__}"
    return _pg_error


def _admin_exec(sql: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(sql))
    engine.dispose()


@pytest.fixture
def pg_url():
    """URL of a fresh, empty PostgreSQL database, dropped after the test."""
    reason = _pg_available()
    if reason:
        if PG_REQUIRED:
            pytest.fail(f"{reason} (REGLAMENTOS_REQUIRE_PG=1: la CI exige PostgreSQL)")
        pytest.skip(reason)
    from sqlalchemy.engine import make_url

    name = f"reglamentos_test_{uuid.uuid4().hex[:12]}"
    _admin_exec(f'CREATE DATABASE "{name}"')
    yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    _admin_exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'reglamentos.sqlite3'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """The same test on both backends."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'reglamentos.sqlite3'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def services(db_url):
    from reglamentos_app.services import open_services

    svc = open_services(db_url, allow_shared_upgrade=True)
    yield svc
    svc.close()


@pytest.fixture
def sqlite_services(sqlite_url):
    from reglamentos_app.services import open_services

    svc = open_services(sqlite_url)
    yield svc
    svc.close()


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))
