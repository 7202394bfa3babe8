"""Fixtures for the search tests: a SQLite database with the test texts and a tmp index."""

from __future__ import annotations

import pytest

from reglamentos_app.services import open_services

from .texts import BANDO, TRANSITO_V1


@pytest.fixture
def index_dir(tmp_path):
    return tmp_path / "indice"


@pytest.fixture
def svc(sqlite_url, index_dir):
    services = open_services(sqlite_url, index_dir=index_dir)
    for name, text in (("transito.txt", TRANSITO_V1), ("bando.txt", BANDO)):
        outcome = services.corpus.import_text(text, name)
        assert not outcome.message, outcome.message
    yield services
    services.close()


@pytest.fixture
def uris(svc):
    return {r.title.split()[0].lower(): r.uri for r in svc.corpus.list_regulations()}
