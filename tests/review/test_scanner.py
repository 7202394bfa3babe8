"""Obsolete-reference scanner: recall and precision on planted regulations, replacements."""

from __future__ import annotations

import pytest

from reglamentos_app.review.model import CorpusEntry
from reglamentos_app.review.rules import default_rules_text, load_rules
from reglamentos_app.review.scanner import Scanner, apply_hits
from reglamentos_app.sources import parse_text
from tests.review.generated import PLANTS, planted_regulation


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner(load_rules(default_rules_text()).active_rules())


@pytest.mark.parametrize("seed", range(6))
def test_every_planted_reference_is_found_and_nothing_else(scanner, seed):
    text, planted = planted_regulation(seed, articles=3 * len(PLANTS) + 2)
    root = parse_text(text).root
    hits = scanner.scan_entry(CorpusEntry("/generado", "Generado", root))
    found = {(h.label.removeprefix("Artículo "), h.category) for h in hits}
    assert planted <= found, f"no encontrados: {planted - found}"          # recall 100 %
    assert found <= planted, f"falsos positivos: {found - planted}"        # no false positive
    assert {c for _, c in planted} == {c for c, _ in PLANTS}               # every kind planted


def test_leftmost_longest_wording_wins(scanner):
    text = "multa de diez a cien veces el salario mínimo general diario vigente en la zona."
    [(start, end, matched, rule, replacement)] = scanner.find(text)
    assert matched == "veces el salario mínimo general diario vigente en la zona"
    assert rule.id == "uma-veces-salario"
    assert replacement == "veces el valor diario de la Unidad de Medida y Actualización"


def test_replacements_keep_grammar_and_capitals(scanner):
    def replaced(text):
        return [r for *_x, r in scanner.find(text)]

    assert replaced("cadáveres que procedan del Distrito Federal") == ["de la Ciudad de México"]
    assert replaced("El salario mínimo general diario vigente en la zona") == [
        "El valor diario de la Unidad de Medida y Actualización"]
    assert replaced("multa de 50 S.M.G.V. por cada falta") == ["UMA"]
    assert replaced("Distrito Federal y los Estados") == ["Ciudad de México"]


def test_text_that_already_uses_the_uma_is_excluded(scanner):
    text = ("Las referencias al salario mínimo se entenderán hechas a la Unidad de Medida y "
            "Actualización.")
    assert scanner.find(text) == []


def test_transitorios_of_published_decrees_and_derogated_articles_are_not_scanned(scanner):
    text = """REGLAMENTO DE PRUEBA

ARTÍCULO 1.- Multa de diez veces el salario mínimo.

ARTÍCULO 2.- Derogado.

TRANSITORIOS

PRIMERO.- Se abroga el reglamento del Distrito Federal y su multa en salario mínimo.
"""
    hits = scanner.scan_entry(CorpusEntry("/p", "P", parse_text(text).root))
    assert [h.label for h in hits] == ["Artículo 1"]


def test_apply_hits_writes_every_replacement_and_reports_the_rest(scanner):
    text = ("Multa de diez a cien veces el salario mínimo, o del Distrito Federal, y revisar "
            "la SEDUE.")
    root = parse_text(f"REGLAMENTO X\n\nARTÍCULO 1.- {text}\n").root
    hits = scanner.scan_entry(CorpusEntry("/x", "X", root))
    assert len(hits) == 3
    new, skipped = apply_hits(text, hits)
    assert new == ("Multa de diez a cien veces el valor diario de la Unidad de Medida y "
                   "Actualización, o de la Ciudad de México, y revisar la SEDUE.")
    assert [h.matched for h in skipped] == ["SEDUE"]  # case by case: no replacement
    # A text changed since the scan is never corrupted: the hit is skipped instead.
    changed, skipped = apply_hits("Otro texto distinto " + text, hits)
    assert len(skipped) == 3 and changed == "Otro texto distinto " + text


def test_inclusive_language_set_is_off_by_default_and_works_when_chosen():
    book = load_rules(default_rules_text())
    text = "El Presidente Municipal acordará con los Regidores."
    assert Scanner(book.active_rules()).find(text) == []
    found = Scanner(book.active_rules({"lenguaje-incluyente"})).find(text)
    assert [r for *_x, r in found] == ["La persona titular de la Presidencia Municipal",
                                       "las regidoras y los regidores"]
