"""Domain equivalences: a TOML file the legal area edits; always-on and optional groups."""

from __future__ import annotations

import pytest

from reglamentos_app.domain.errors import ValidationError
from reglamentos_app.search.equivalences import default_equivalences_text, load_equivalences
from reglamentos_app.services import SavedSearch, open_services

TEXT = """REGLAMENTO DE MULTAS PARA EL MUNICIPIO DE MEXICALI, BAJA CALIFORNIA

Publicado en el Periódico Oficial No. 12, de fecha 15 de marzo de 2002, Tomo CIX, Sección I.

ARTÍCULO 1.- La multa será de diez a cien veces el salario mínimo general vigente.

ARTÍCULO 2.- La multa será de veinte Unidades de Medida y Actualización.

ARTÍCULO 3.- El pago podrá hacerse en la Ciudad de México o en el D.F. conforme al art. 1.

ARTÍCULO 4.- Los vehículos con placas del Distrito Federal se sujetan a la fracción II.

ARTÍCULO 5.- La sanción se calculará en UMA vigentes.
"""


@pytest.fixture
def svc(sqlite_url, tmp_path):
    services = open_services(sqlite_url, index_dir=tmp_path / "indice")
    outcome = services.corpus.import_text(TEXT, "multas.txt")
    assert not outcome.message, outcome.message
    yield services
    services.close()


def arts(results) -> list[str]:
    return sorted(h.label for h in results.hits)


def test_factory_file_loads_with_optional_uma():
    book = load_equivalences(default_equivalences_text())
    assert {g.id for g in book.optional} >= {"uma"}
    assert not next(g for g in book.groups if g.id == "distrito-federal").optional


def test_uma_only_when_the_user_asks(svc):
    assert arts(svc.search.search('"salario mínimo"')) == ["Artículo 1"]
    found = svc.search.search('"salario mínimo"', equivalences=["uma"])
    assert arts(found) == ["Artículo 1", "Artículo 2", "Artículo 5"]
    assert any("Salario mínimo ↔ UMA" in n for n in found.notices)
    # Unaccented and plural forms of a form are the same form.
    assert arts(svc.search.search("salarios minimos", equivalences=["uma"])) == [
        "Artículo 1", "Artículo 2", "Artículo 5"]


def test_abbreviations_always_apply(svc):
    assert arts(svc.search.search("Distrito Federal")) == ["Artículo 3", "Artículo 4"]
    assert arts(svc.search.search("D.F.")) == ["Artículo 3", "Artículo 4"]
    assert "Artículo 3" in arts(svc.search.search("artículo 1"))
    assert arts(svc.search.search("fr. II")) == ["Artículo 4"]
    assert arts(svc.search.search("Distrito Federal", use_equivalences=False)) == ["Artículo 4"]
    found = svc.search.search("D.F.")
    assert any("[D.F]" in h.snippet or "[D].[F]" in h.snippet for h in found.hits)


def test_the_users_copy_replaces_the_factory_file(svc):
    svc.search.save_equivalences_text(
        '[[grupo]]\nid = "placas"\nnombre = "placas / matrícula"\nopcional = false\n'
        'formas = ["placas", "pago"]\n')
    assert arts(svc.search.search("placas")) == ["Artículo 3", "Artículo 4"]
    assert arts(svc.search.search("D.F.")) == ["Artículo 3"]  # the factory groups are gone


@pytest.mark.parametrize(("text", "message"), [
    ("[[grupo]\n", "no es un archivo TOML válido"),
    ('[[grupo]]\nid = "a b"\nformas = ["x", "y"]\n', "falta «id» o tiene espacios"),
    ('[[grupo]]\nid = "a"\nformas = ["x"]\n', "al menos dos textos"),
    ('[[grupo]]\nid = "a"\nformas = ["x", "y"]\nopcional = "si"\n', "true o false"),
    ('[[grupo]]\nid = "a"\nformas = ["x", "y"]\n[[grupo]]\nid = "a"\nformas = ["x", "y"]\n',
     "está repetido"),
    ('[[grupo]]\nid = "a"\nformas = ["x", "..."]\n', "ninguna palabra"),
])
def test_a_bad_file_is_refused_in_spanish_and_nothing_changes(svc, text, message):
    with pytest.raises(ValidationError) as failure:
        svc.search.save_equivalences_text(text)
    assert message in str(failure.value)
    assert not svc.search.equivalences_path.exists()


def test_saved_searches_keep_the_equivalences(svc):
    svc.search.save_search(SavedSearch("UMA", '"salario mínimo"', equivalences=["uma"]))
    assert svc.search.saved_searches()[0].equivalences == ["uma"]
