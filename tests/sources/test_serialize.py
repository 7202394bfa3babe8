"""The JSON form a reader worker sends back keeps every field of a parsed document."""

from reglamentos_app.domain.provisions import ensure_pids
from reglamentos_app.sources import parse_text
from reglamentos_app.sources.serialize import document_from_json, document_to_json
from tests.conftest import corpus_files
from tests.fixtures_text import SMALL


def test_json_round_trip_keeps_everything():
    for text in [SMALL] + [p.read_text(encoding="utf-8") for p in corpus_files()[:3]]:
        doc = parse_text(text, "x.txt")
        ensure_pids(doc.root)
        back = document_from_json(document_to_json(doc))
        assert back.to_dict(with_ids=True) == doc.to_dict(with_ids=True)
        assert [n.line for n in back.root.walk()] == [n.line for n in doc.root.walk()]
        assert back.original_publication == doc.original_publication
        assert back.report.warnings == doc.report.warnings
