"""Search quality end to end: every form finds every form, phrases are exact, old indexes rebuild."""

from __future__ import annotations

import json

import pytest

from reglamentos_app.services import open_services

PANTEONES = """REGLAMENTO DE PANTEONES PARA EL MUNICIPIO DE MEXICALI, BAJA CALIFORNIA

Publicado en el Periódico Oficial No. 12, de fecha 15 de marzo de 2002, Tomo CIX, Sección I.

CAPÍTULO I
DISPOSICIONES GENERALES

ARTÍCULO 1.- Las inhumaciones y exhumaciones requieren autorización de la autoridad municipal.

ARTÍCULO 2.- La exhumación prematura se sancionará con multa de cien salarios mínimos.

ARTÍCULO 3.- La autoridad municipal sancionará a quien omita el aviso.

ARTÍCULO 4.- La autoridad municipal podrá revocar el permiso; el Presidente Municipal sancionará la falta.

ARTÍCULO 5.- Las autorizaciones se otorgarán por un salario mínimo diario por cada inhumación.

ARTÍCULO 6.- La falta de pago causará recargos; la falta el pago no se presume.

ARTÍCULO 7.- Cada año se revisa el padrón; el ano de la tabla es un error tipográfico.
"""


@pytest.fixture
def svc(sqlite_url, tmp_path):
    services = open_services(sqlite_url, index_dir=tmp_path / "indice")
    outcome = services.corpus.import_text(PANTEONES, "panteones.txt")
    assert not outcome.message, outcome.message
    yield services
    services.close()


def arts(results) -> list[str]:
    return sorted((h.label for h in results.hits), key=lambda s: int(s.split()[-1]))


@pytest.mark.parametrize("query", ["inhumación", "inhumaciones", "INHUMACION", "inhumacion"])
def test_every_form_finds_every_form(svc, query):
    assert arts(svc.search.search(query)) == ["Artículo 1", "Artículo 5"]


def test_unaccented_plural_finds_accented_singular(svc):
    assert arts(svc.search.search("exhumacion")) == ["Artículo 1", "Artículo 2"]
    assert arts(svc.search.search("autorizacion")) == ["Artículo 1", "Artículo 5"]
    assert arts(svc.search.search("salarios minimos")) == ["Artículo 2", "Artículo 5"]
    assert arts(svc.search.search('"salario mínimo"')) == ["Artículo 2", "Artículo 5"]


def test_three_word_phrase_returns_only_true_phrases(svc):
    # Article 4 has both pairs ("autoridad municipal", "Municipal sancionará") apart.
    assert arts(svc.search.search('"autoridad municipal sancionará"')) == ["Artículo 3"]
    assert arts(svc.search.search("autoridad municipal sancionará")) == [
        "Artículo 3", "Artículo 4"]
    found = svc.search.search('"autoridad municipal sancionará"')
    assert found.total == 1 and sum(g.count for g in found.groups) == 1


def test_stop_words_inside_a_phrase_count(svc):
    assert arts(svc.search.search('"falta de pago"')) == ["Artículo 6"]
    assert arts(svc.search.search('"falta el pago"')) == ["Artículo 6"]
    assert arts(svc.search.search('"falta de revocar"')) == []
    assert arts(svc.search.search('"el permiso"')) == ["Artículo 4"]


def test_enye(svc):
    assert arts(svc.search.search("año")) == ["Artículo 7"]
    assert "[año]" in svc.search.search("años").hits[0].snippet
    assert "[ano]" in svc.search.search("ano").hits[0].snippet
    assert "[año]" not in svc.search.search("ano").hits[0].snippet


def test_prefix_and_fuzzy_match_the_words_as_written(svc):
    # "autorizacio" is not a prefix of the stem "autoriz": prefixes use the written words.
    assert arts(svc.search.search("autorizacio*")) == ["Artículo 1", "Artículo 5"]
    found = svc.search.search("exhumaci*")
    assert arts(found) == ["Artículo 1", "Artículo 2"]
    assert any("[exhumaciones]" in h.snippet for h in found.hits)
    assert "[inhumaciones]" in svc.search.search("inhumasiones~").hits[0].snippet


def test_an_index_of_another_analysis_is_rebuilt(svc):
    svc.search.search("panteones")
    gen = svc.search.index.generation
    meta = json.loads((gen / "meta.json").read_text(encoding="utf-8"))
    meta["analysis"] = "es-fold-before-snowball"  # the analysis of the previous version
    (gen / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    svc.search.index.close()
    assert svc.search.ensure_ready() is True
    assert svc.search.index.generation != gen
    assert arts(svc.search.search("exhumacion")) == ["Artículo 1", "Artículo 2"]
