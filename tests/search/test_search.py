"""Full-text search: analysis, query language, filters, dates, citations, index upkeep."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings, strategies as st

from reglamentos_app.services import SavedSearch, open_services

from .texts import TRANSITO_V1, TRANSITO_V2


def labels(results):
    return sorted(f"{h.regulation_title.split()[0]} {h.label}" for h in results.hits)


def test_stemming_and_accents(svc):
    results = svc.search.search("sanciones")
    assert "Reglamento Artículo 2" in labels(results)  # "SANCIÓN"
    assert "Bando Artículo 2" in labels(results)       # "sanciones"
    assert "[SANCIÓN]" in next(h.snippet for h in results.hits if "Tránsito" in
                               h.regulation_title)
    assert "<mark>SANCIÓN</mark>" in results.hits[0].snippet_html or any(
        "<mark>" in h.snippet_html for h in results.hits)
    assert labels(svc.search.search("SANCION")) == labels(results)
    assert labels(svc.search.search("tránsito")) == labels(svc.search.search("transito"))


def test_enye_stays_distinct(svc):
    assert "Reglamento Artículo 6" in labels(svc.search.search("año"))
    assert "Reglamento Artículo 6" in labels(svc.search.search("años"))
    assert svc.search.search("ano").total == 0


def test_phrases_need_the_words_together(svc):
    found = labels(svc.search.search('"vía pública"'))
    assert "Reglamento Artículo 1" in found and "Bando Artículo 1" in found
    assert "Reglamento Artículo 5" not in found  # "pública … vía" apart
    assert "Reglamento Artículo 5" in labels(svc.search.search("vía pública"))


def test_operators_in_english_and_spanish(svc):
    both = labels(svc.search.search("multa y amonestación"))
    assert both == ["Bando Artículo 2"]
    assert labels(svc.search.search("multa AND amonestación")) == both
    either = labels(svc.search.search("multa o licencia"))
    assert "Reglamento Artículo 3 Bis" in either and "Bando Artículo 2" in either
    without = labels(svc.search.search("multa no arresto"))
    assert "Bando Artículo 2" not in without and "Reglamento Artículo 3" in without


def test_prefix_and_fuzzy(svc):
    assert "Bando Artículo 2" in labels(svc.search.search("sancion*"))
    assert "Reglamento Artículo 3 Bis" in labels(svc.search.search("licensia~"))


def test_field_filters(svc):
    assert {h.regulation_title.split()[0] for h in svc.search.search("tipo:bando falta").hits} \
        == {"Bando"}
    assert labels(svc.search.search("estado:derogado")) == ["Reglamento Artículo 4"]
    assert labels(svc.search.search("art:3bis")) == ["Reglamento Artículo 3 Bis"]
    assert labels(svc.search.search('art:"3 bis" licencia')) == ["Reglamento Artículo 3 Bis"]
    only_transito = svc.search.search("reglamento:transito vía")
    assert only_transito.total and {g.title for g in only_transito.groups} == {
        "Reglamento de Tránsito"}
    assert svc.search.search("reglamento:RT vía").total == only_transito.total


def test_groups_counts_breadcrumb_and_paging(svc):
    results = svc.search.search("vía", pagelen=2)
    assert results.total == sum(g.count for g in results.groups) >= 4
    assert len(results.hits) == 2 and results.pages == (results.total + 1) // 2
    page2 = svc.search.search("vía", pagelen=2, page=2)
    assert {h.eid for h in page2.hits}.isdisjoint({h.eid for h in results.hits})
    hit = next(h for h in svc.search.search("licencia").hits if h.label == "Artículo 3 Bis")
    assert hit.breadcrumb == "Título PRIMERO. DISPOSICIONES GENERALES / Capítulo I. DEL OBJETO"
    assert hit.status_label == "vigente" and hit.kind_label == "Reglamento"
    transitory = svc.search.search("entrará en vigor").hits[0]
    assert transitory.label == "Transitorio PRIMERO" and "Transitorios" in transitory.breadcrumb


def test_citation_jump(svc):
    results = svc.search.search("artículo 3 bis del reglamento de tránsito")
    assert results.jump is not None
    assert results.jump.label == "Artículo 3 Bis" and results.jump.eid.endswith("art_3bis")
    jump = svc.search.search("art. 2 RT").jump
    assert jump is not None and jump.label == "Artículo 2" and "Tránsito" in jump.regulation_title
    assert svc.search.search("Artículo 1 del Bando de Policía").jump.regulation_title.startswith(
        "Bando")
    assert svc.search.search("artículo 99 del reglamento de tránsito").jump is None


def test_date_filter_and_new_version(svc, index_dir):
    assert svc.search.search("multa").total == 2
    generation = (index_dir / "ACTUAL").read_text()
    outcome = svc.corpus.import_text(TRANSITO_V2, "transito.txt")  # a reform: new version
    assert outcome.status.value == "new_version"
    assert (index_dir / "ACTUAL").read_text() == generation  # updated in place, not rebuilt
    assert labels(svc.search.search("multa")) == ["Bando Artículo 2"]
    assert "Reglamento Artículo 3" in labels(svc.search.search("amonestación"))
    assert labels(svc.search.search("multa", date(2015, 1, 1))) == [
        "Bando Artículo 2", "Reglamento Artículo 3"]
    then = svc.search.search("multa", date(2003, 1, 1))
    assert labels(then) == ["Reglamento Artículo 3"]  # the bando (2005) did not exist yet
    assert then.hits[0].valid_until == date(2022, 6, 17)
    assert "Reglamento Artículo 3" not in labels(svc.search.search("amonestación", date(2015, 1, 1)))
    assert svc.search.search("multa", date(2001, 1, 1)).total == 0
    # Unchanged articles are one document for both versions.
    assert labels(svc.search.search("licencia", date(2015, 1, 1))) == labels(
        svc.search.search("licencia"))


def test_incremental_update_after_import(svc, index_dir):
    assert svc.search.search("carretera").total == 0
    count = svc.search.index.doc_count()
    svc.corpus.import_text(TRANSITO_V1.replace("tránsito de vehículos", "tránsito en carretera"),
                           "transito.txt")
    assert labels(svc.search.search("carretera")) == ["Reglamento Artículo 1"]
    assert svc.search.index.doc_count() == count  # replaced, not duplicated


def test_rebuild_after_folder_deleted(svc, index_dir, sqlite_url):
    import shutil

    assert svc.search.search("licencia").total == 1
    svc.close()
    shutil.rmtree(index_dir)
    fresh = open_services(sqlite_url, index_dir=index_dir)
    try:
        assert fresh.search.status() == "falta"
        assert fresh.search.search("licencia").total == 1
        assert fresh.search.status() == "ok"
    finally:
        fresh.close()


def test_rebuild_after_truncated_toc(svc, index_dir, sqlite_url):
    svc.search.ensure_ready()
    svc.close()
    gen = index_dir / (index_dir / "ACTUAL").read_text()
    for toc in gen.glob("*.toc"):
        toc.write_bytes(b"")
    (gen / "MAIN_WRITELOCK").write_text("")  # a lock file left by a crash is harmless
    fresh = open_services(sqlite_url, index_dir=index_dir)
    try:
        assert fresh.search.status() != "ok"
        progress = []
        assert fresh.search.ensure_ready(progress.append) is True
        assert progress and progress[-1].done == progress[-1].total
        assert fresh.search.search("licencia").total == 1
    finally:
        fresh.close()


def test_stale_index_catches_up(svc, index_dir, sqlite_url, tmp_path):
    svc.search.ensure_ready()
    svc.close()
    # Another program changes the database without this index.
    other = open_services(sqlite_url, index_dir=tmp_path / "otro")
    other.corpus.import_text(TRANSITO_V2, "transito.txt")
    other.close()
    fresh = open_services(sqlite_url, index_dir=index_dir)
    try:
        assert "Reglamento Artículo 3" in labels(fresh.search.search("amonestación"))
    finally:
        fresh.close()


def test_bad_syntax_falls_back_with_notice(svc):
    for query in ['"vía pública', "(multa", "multa)", "*", "~", "y o no", "AND", 'art:', "¿?",
                  "reglamento:", "multa^^", "a:b:c"]:
        results = svc.search.search(query)
        assert isinstance(results.total, int)
    assert svc.search.search('"vía pública').notices
    assert svc.search.search('"vía pública').total >= 2


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(list('ab ñá"()*~?:^-+!{}[]/\\yonANDORNT') + [
    "art:", "tipo:", "reglamento:", "estado:", "artículo 3 del ", " y ", " o ", " no ", "vía",
    "multa"]), max_size=20).map("".join) | st.text(max_size=30))
def test_no_query_string_crashes(svc, text):
    results = svc.search.search(text, drafts=len(text) % 2 == 1)
    assert results.total >= 0


def test_saved_searches_roundtrip(svc):
    assert svc.search.saved_searches() == []
    svc.search.save_search(SavedSearch("Multas", "multa", "2015-01-01"))
    svc.search.save_search(SavedSearch("Licencias", "licencia", drafts=True))
    svc.search.save_search(SavedSearch("Multas", "multa y arresto"))
    saved = svc.search.saved_searches()
    assert [(s.name, s.query, s.drafts) for s in saved] == [
        ("Licencias", "licencia", True), ("Multas", "multa y arresto", False)]
    assert svc.search.saved_searches_path().name == "busquedas.json"
    assert [s.name for s in svc.search.delete_saved_search("Licencias")] == ["Multas"]


def test_index_writable_by_others_is_rebuilt(svc, index_dir, sqlite_url):
    import os

    svc.search.ensure_ready()
    svc.close()
    gen = index_dir / (index_dir / "ACTUAL").read_text()
    os.chmod(gen, 0o777)  # the index holds pickles: never load one others can write
    fresh = open_services(sqlite_url, index_dir=index_dir)
    try:
        assert "otros usuarios" in fresh.search.status()
        assert fresh.search.search("licencia").total == 1
        assert fresh.search.status() == "ok"
    finally:
        fresh.close()


def test_index_folder_is_derived_from_the_database_url(tmp_path):
    from reglamentos_app.search import index_dir_for

    assert index_dir_for(f"sqlite:///{tmp_path}/base.sqlite3", tmp_path / "datos") == (
        tmp_path / "base.sqlite3.indice")
    shared = index_dir_for("postgresql://ana:secreto@servidor/reglamentos", tmp_path / "datos")
    assert shared.parent == tmp_path / "datos" / "indices" and "secreto" not in str(shared)
    assert shared == index_dir_for("postgresql://ana:otra@servidor/reglamentos",
                                   tmp_path / "datos")


def test_fast_counts_match_whoosh(svc):
    """The block-reading count must agree with whoosh's own document walk."""
    from reglamentos_app.search.query import parse_query

    svc.search.ensure_ready()
    svc.corpus.import_text(TRANSITO_V2, "transito.txt")  # leaves deleted documents behind
    index = svc.search.index
    assert index._searcher.reader().has_deletions()
    for text in ["vía", "multa o licencia", "multa y arresto", "sancion*", "licensia~",
                 "vía pública"]:
        q = index._builder.text_query(parse_query(text))
        fast = index._doc_set(q)
        assert fast is not None
        assert fast == set(index._searcher.docs_for_query(q)), text


def test_folder_deleted_while_open_is_rebuilt(svc, index_dir):
    import shutil

    assert svc.search.search("licencia").total == 1
    shutil.rmtree(index_dir)
    assert svc.search.search("licencia").total == 1
    assert (index_dir / "ACTUAL").exists() and svc.search.status() == "ok"
    svc.corpus.import_text(TRANSITO_V1.replace("tránsito de vehículos", "tránsito en carretera"),
                           "transito.txt")
    assert svc.search.search("carretera").total == 1


def test_drift_seen_by_a_running_search_service(svc, sqlite_url, tmp_path, monkeypatch):
    """Another program imports while this one has the index open: the next search sees it."""
    from reglamentos_app.services import search as search_module

    monkeypatch.setattr(search_module, "DRIFT_CHECK_INTERVAL_S", 0.0)
    assert svc.search.search("amonestación").total == 1            # the bando only
    other = open_services(sqlite_url, index_dir=tmp_path / "otro")
    try:
        other.corpus.import_text(TRANSITO_V2, "transito.txt")
    finally:
        other.close()
    assert "Reglamento Artículo 3" in labels(svc.search.search("amonestación"))
