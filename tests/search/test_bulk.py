"""The fast full-build path writes the same index whoosh's own writer writes, term by term."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st
from whoosh import index as windex

from reglamentos_app.search.analysis import BodyTerms, body_analyzer
from reglamentos_app.search.bulk import FastSegmentWriter, SegmentWorker
from reglamentos_app.search.documents import article_documents
from reglamentos_app.search.index import _fields, build_schema

from .texts import BANDO, TRANSITO_V1, TRANSITO_V2

SAMPLES = [TRANSITO_V1, TRANSITO_V2, BANDO,
           "Los AÑOS, las sanciones y la SANCIÓN; el art. 5.3 del Reglamento (vía pública).",
           "de la y el", "", "ñandú Ñoño año 2022 3.1416 a.b.c e"]


def _whoosh_terms(text: str) -> list[str]:
    return [t.text for t in body_analyzer()(text)]


def test_body_terms_equal_the_whoosh_chain():
    body = BodyTerms()
    for text in SAMPLES:
        assert sorted(body.terms(text)) == sorted(_whoosh_terms(text)), text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=list("aeiouáéíóúñÑAÉsSnN .,;-:0123456789ü"), max_size=60) | st.text())
def test_body_terms_equal_the_whoosh_chain_on_any_text(text):
    assert sorted(BodyTerms().terms(text)) == sorted(_whoosh_terms(text))


def _docs(svc):
    docs = []
    for summary in svc.corpus.list_regulations():
        regulation = svc.corpus.get_regulation(summary.uri)
        docs.extend(_fields(d, regulation)
                    for d in article_documents(summary.uri, svc.search._versions(summary.uri)))
    return docs


def _dump(ix) -> dict:
    """Everything a search can read from an index, comparable between two builds."""
    out: dict = {}
    with ix.searcher() as searcher:
        reader = searcher.reader()
        out["count"] = reader.doc_count()
        out["stored"] = [reader.stored_fields(d) for d in range(reader.doc_count_all())]
        by_key = {f["key"]: d for d, f in enumerate(out["stored"])}
        out["stored"].sort(key=lambda f: f["key"])
        keys = sorted(by_key)
        postings = {}
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            m = reader.postings(fieldname, text)
            items = []
            while m.is_active():
                items.append((reader.stored_fields(m.id())["key"], round(m.weight(), 4),
                              m.value()))
                m.next()
            postings[(fieldname, text)] = (sorted(items), info.doc_frequency(),
                                           round(info.weight(), 3), info.min_length(),
                                           info.max_length())
        out["postings"] = postings
        out["lengths"] = {(k, f): reader.doc_field_length(by_key[k], f) or 0
                          for k in keys for f in ("title", "heading", "text")}
        out["uri_column"] = sorted(reader.column_reader("uri")[by_key[k]] for k in keys)
    return out


def _empty_index(folder):
    folder.mkdir()
    return windex.create_in(str(folder), build_schema())


def _whoosh_build(folder, docs) -> None:
    """The reference: the same documents through whoosh's own writer."""
    writer = _empty_index(folder).writer()
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()


def test_fast_build_equals_whoosh_build(svc, tmp_path):
    svc.corpus.import_text(TRANSITO_V2, "transito.txt")  # two versions: date windows
    docs = _docs(svc)
    _whoosh_build(tmp_path / "lento", docs)
    fast_writer = FastSegmentWriter(_empty_index(tmp_path / "rapido"))
    fast_writer.add_documents(docs)
    fast_writer.commit()
    assert _dump(windex.open_dir(str(tmp_path / "rapido"))) == _dump(
        windex.open_dir(str(tmp_path / "lento")))


def test_worker_process_writes_a_second_segment(svc, tmp_path):
    docs = _docs(svc)
    _whoosh_build(tmp_path / "lento", docs)
    fast_writer = FastSegmentWriter(_empty_index(tmp_path / "rapido"))
    worker = SegmentWorker(str(tmp_path / "rapido"))
    worker.send(docs[::2])
    fast_writer.add_documents(docs[1::2])
    fast_writer.commit([worker.finish()])
    opened = windex.open_dir(str(tmp_path / "rapido"))
    assert len(opened._segments()) == 2
    fast_dump, slow_dump = _dump(opened), _dump(windex.open_dir(str(tmp_path / "lento")))
    # Per-term statistics differ by segment; the documents, postings and lengths must not.
    assert fast_dump["stored"] == slow_dump["stored"]
    assert fast_dump["lengths"] == slow_dump["lengths"]
    assert {k: v[0] for k, v in fast_dump["postings"].items()} == {
        k: v[0] for k, v in slow_dump["postings"].items()}


def test_rebuild_with_worker_answers_like_without(svc, monkeypatch):
    from reglamentos_app.search import index as index_module

    svc.corpus.import_text(TRANSITO_V2, "transito.txt")
    queries = ["vía", "multa", '"vía pública"', "sancion*", "licensia~", "estado:derogado"]
    svc.search.reindex(procs=1)
    alone = {q: sorted((h.uri, h.eid, h.valid_from) for h in svc.search.search(q).hits)
             for q in queries}
    monkeypatch.setattr(index_module, "MULTIPROCESS_MIN_DOCS", 2)
    svc.search.reindex(procs=2)
    assert len(svc.search.index._ix._segments()) == 2
    both = {q: sorted((h.uri, h.eid, h.valid_from) for h in svc.search.search(q).hits)
            for q in queries}
    assert both == alone and all(alone.values())


def test_cancelled_rebuild_keeps_the_old_index(svc, index_dir, monkeypatch):
    import pytest

    from reglamentos_app.domain.errors import Cancelled
    from reglamentos_app.domain.progress import CancelToken
    from reglamentos_app.search import index as index_module

    svc.search.ensure_ready()
    generation = (index_dir / "ACTUAL").read_text()
    monkeypatch.setattr(index_module, "MULTIPROCESS_MIN_DOCS", 2)
    token = CancelToken()
    calls = []

    def progress(p):
        calls.append(p)
        if len(calls) == 1:  # while the first regulation is indexed (the worker runs)
            token.cancel()
    with pytest.raises(Cancelled):
        svc.search.reindex(progress, token, procs=2)
    assert (index_dir / "ACTUAL").read_text() == generation
    assert [p.name for p in index_dir.iterdir() if p.name.startswith("indice-")] == [generation]
    assert svc.search.search("licencia").total == 1


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=2**31), max_size=200).map(sorted))
def test_speedups_give_whoosh_results(ids):
    from array import array
    from types import SimpleNamespace

    from reglamentos_app.search import speedups

    writer = SimpleNamespace(_ids=array("I", ids), _byteids=False)
    encoded = speedups._mini_ids(writer)
    assert encoded == speedups.ORIGINAL_MINI_IDS(writer)
    reader = SimpleNamespace(_data=(encoded,), _byteids=False)
    speedups._read_ids(reader)
    original = SimpleNamespace(_data=(encoded,), _byteids=False)
    speedups.ORIGINAL_READ_IDS(original)
    assert reader._ids == original._ids == tuple(ids)
