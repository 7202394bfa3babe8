"""Repositories on both backends: store, load, versions, permanent ids, atomicity."""

from datetime import date

import pytest

from reglamentos_app.domain.errors import NotFoundError, StorageError
from reglamentos_app.domain.ids import RegulationUri
from reglamentos_app.domain.regulation import Expression
from reglamentos_app.services.corpus import regulation_from_document
from reglamentos_app.sources import parse_text
from reglamentos_app.storage import Database, RegulationRepository
from reglamentos_app.storage.repositories import StoreOutcome
from tests.fixtures_text import SMALL


@pytest.fixture
def repo(db_url):
    db = Database(db_url)
    db.open(allow_shared_upgrade=True)
    yield RegulationRepository(db)
    db.dispose()


def _store(repo, text, sha):
    doc = parse_text(text, "prueba.txt")
    reg = regulation_from_document(doc, None)
    when = (doc.last_reform or doc.original_publication).date
    expr = Expression(reg.uri, doc.root, valid_from=when, amending_act=doc.last_reform,
                      source_name="prueba.txt", source_sha256=sha)
    return reg, repo.store_version(reg, expr, doc.report)


def test_store_and_load_round_trip(repo):
    reg, outcome = _store(repo, SMALL, "a")
    assert outcome is StoreOutcome.CREATED
    uri = str(reg.uri)
    loaded = repo.get(uri)
    assert loaded.title == reg.title and loaded.original_publication.date == date(2002, 3, 15)
    assert [r.date for r in loaded.reforms] == [date(2010, 11, 30), date(2022, 6, 17)]
    expr = repo.load_expression(uri)
    original = parse_text(SMALL).root
    assert expr.root.to_dict(with_ids=False) == original.to_dict(with_ids=False)
    assert all(n.pid for n in expr.root.walk() if n.eid)
    summaries = repo.list_summaries()
    assert [(s.uri, s.article_count, s.version_count) for s in summaries] == [(uri, 5, 1)]
    assert summaries[0].last_reform == date(2022, 6, 17)


def test_same_text_is_unchanged(repo):
    _store(repo, SMALL, "a")
    assert _store(repo, SMALL, "a")[1] is StoreOutcome.UNCHANGED


def test_new_version_keeps_permanent_ids_and_dates(repo):
    reg, _ = _store(repo, SMALL, "a")
    uri = str(reg.uri)
    first = repo.load_expression(uri)
    newer = SMALL.replace("17 de junio de 2022, Tomo CXXIX.\n\nNOTA", "3 de marzo de 2024, Tomo CXXXI.\n\nNOTA")
    newer = newer.replace("ARTÍCULO 4.- Derogado.", "ARTÍCULO 4.- Derogado.\n\nARTÍCULO 5.- Nuevo.")
    _, outcome = _store(repo, newer, "b")
    assert outcome is StoreOutcome.NEW_VERSION
    versions = repo.versions(uri)
    assert [(v.valid_from, v.valid_until) for v in versions] == [
        (date(2022, 6, 17), date(2024, 3, 3)), (date(2024, 3, 3), None)]
    second = repo.load_expression(uri)
    old_pids = {n.eid: n.pid for n in first.root.walk() if n.eid}
    for node in second.root.walk():
        if node.eid in old_pids:
            assert node.pid == old_pids[node.eid]
    assert second.root.find("tit_2__art_5").pid not in old_pids.values()
    # The text in force on a date is the version of that date.
    assert repo.load_expression(uri, date(2023, 1, 1)).root.find("tit_2__art_5") is None
    assert repo.load_expression(uri, date(2025, 1, 1)).root.find("tit_2__art_5") is not None
    with pytest.raises(NotFoundError) as err:
        repo.load_expression(uri, date(2000, 1, 1))
    assert "no tenía texto vigente" in err.value.user_message


def test_same_date_replaces_version(repo):
    reg, _ = _store(repo, SMALL, "a")
    _, outcome = _store(repo, SMALL.replace("Texto nuevo del", "Texto corregido del"), "c")
    assert outcome is StoreOutcome.REPLACED
    assert len(repo.versions(str(reg.uri))) == 1
    assert "corregido" in repo.load_expression(str(reg.uri)).root.find("tit_2__art_3").text


def test_failed_store_leaves_nothing(repo, monkeypatch):
    from reglamentos_app.storage import repositories

    def broken(*_args, **_kwargs):
        raise StorageError("fallo simulado")

    monkeypatch.setattr(repositories, "_recompute_validity", broken)
    with pytest.raises(StorageError):
        _store(repo, SMALL, "a")
    assert repo.list_summaries() == []


def test_unknown_uri(repo):
    with pytest.raises(NotFoundError) as err:
        repo.get("/mx-bc-mxl/reglamento/2001/no-existe")
    assert "No existe" in err.value.user_message


def test_delete_cascades(repo):
    reg, _ = _store(repo, SMALL, "a")
    repo.delete(str(reg.uri))
    assert repo.list_summaries() == []
    with repo.db.session() as session:
        from sqlalchemy import text

        assert session.execute(text("select count(*) from provisions")).scalar() == 0


def test_uri_type():
    assert RegulationUri.parse("/mx-bc-mxl/reglamento/2002/prueba")
