"""Spanish agreement of counts (reglamentos_app.domain.plural), checked against the rules of
Spanish spelling (RAE, Ortografía 2010, plural formation), not against the program."""

import pytest

from reglamentos_app.domain import plural


@pytest.mark.parametrize("word, expected", [
    ("reglamento", "reglamentos"), ("disposición", "disposiciones"),
    ("instrumento", "instrumentos"), ("observación", "observaciones"), ("día", "días"),
    ("reforma", "reformas"), ("actor", "actores"), ("vez", "veces"), ("lunes", "lunes"),
    ("análisis", "análisis"), ("compás", "compases"), ("mes", "meses"), ("ley", "leyes"),
    ("abierta", "abiertas"), ("proyecto", "proyectos"), ("capitán", "capitanes"),
    ("inglés", "ingleses"), ("fracción", "fracciones"), ("café", "cafés"),
])
def test_plural_of_follows_the_regular_rules(word, expected):
    assert plural.plural_of(word) == expected


def test_count_agrees_with_one_and_with_many():
    assert plural.count(1, "disposición") == "1 disposición"
    assert plural.count(0, "disposición") == "0 disposiciones"
    assert plural.count(2, "instrumento") == "2 instrumentos"
    assert plural.count(1, "abierta") == "1 abierta"
    assert plural.count(3, "disposición vigente") == "3 disposiciones vigentes"
    assert plural.count(2, "disposición en vigor") == "2 disposiciones en vigor"
    assert plural.count(2, "examen", "exámenes") == "2 exámenes"
    assert plural.count(1234, "reglamento") == "1,234 reglamentos"


def test_elapsed_days_never_read_desde_hace_hoy():
    assert plural.since_days(0) == "desde hoy"
    assert plural.since_days(1) == "desde ayer"
    assert plural.since_days(5) == "desde hace 5 días"
    assert plural.ago(0) == "hoy" and plural.ago(1) == "ayer" and plural.ago(2) == "hace 2 días"
    assert plural.days(1) == "1 día"
