"""The rules file: the factory copy is valid; bad files give Spanish errors with line numbers."""

from __future__ import annotations

import re

import pytest

from reglamentos_app.domain.errors import ValidationError
from reglamentos_app.review.rules import CATEGORIES, default_rules_text, dump_rules, load_rules

GOOD = """version: 1
conjuntos:
  - id: prueba
    nombre: Prueba
    activo: true
    reglas:
      - id: regla-uno
        categoria: uma
        descripcion: una
        patron: 'salario\\s+m[ií]nimo'
        reemplazo: 'UMA'
        palabras_clave: [salario]
leyes_conocidas: [Ley Federal del Trabajo]
"""


def test_factory_rules_are_valid_and_cover_every_kind():
    book = load_rules(default_rules_text())
    ids = [r.id for s in book.sets for r in s.rules]
    assert len(ids) == len(set(ids)) >= 30
    assert {r.category for s in book.sets for r in s.rules} == set(CATEGORIES) - {"otra"}
    inclusive = next(s for s in book.sets if s.id == "lenguaje-incluyente")
    assert not inclusive.active and all(s.active for s in book.sets if s is not inclusive)
    assert "Ley del Régimen Municipal para el Estado de Baja California" in book.known_laws


def test_dump_and_load_round_trip():
    book = load_rules(default_rules_text())
    again = load_rules(dump_rules(book))
    assert again.to_data() == book.to_data()


def _error(text: str) -> str:
    with pytest.raises(ValidationError) as info:
        load_rules(text, "mis-reglas.yaml")
    return info.value.user_message


def test_bad_regex_is_reported_with_its_line_in_spanish():
    message = _error(GOOD.replace("'salario\\s+m[ií]nimo'", "'salario\\s+(m[ií]nimo'"))
    assert "mis-reglas.yaml" in message
    assert "línea 7" in message and "regla-uno" in message
    assert "no es válida" in message and "falta cerrar un paréntesis" in message


def test_yaml_syntax_error_gives_the_line():
    message = _error(GOOD.replace("    nombre: Prueba", "    nombre: [Prueba"))
    assert "no es YAML válido" in message and "línea" in message


@pytest.mark.parametrize("change, expected", [
    (("categoria: uma", "categoria: inventada"), "categoría desconocida «inventada»"),
    (("reemplazo: 'UMA'", "reemplazo: '\\3 UMA'"), "usa un grupo \\3"),
    (("patron: 'salario\\s+m[ií]nimo'", "patron: 'x*'"), "encuentra el texto vacío"),
    (("patron: 'salario\\s+m[ií]nimo'", "patron: ''"), "necesita un «patron»"),
    (("id: regla-uno", "id: Regla Uno"), "necesita un «id»"),
    (("        palabras_clave: [salario]", "        color: rojo"), "claves desconocidas: color"),
    (("activo: true", "activo: quizá"), "debe ser true o false"),
    (("palabras_clave: [salario]", "palabras_clave: [salario minimo]"), "una sola palabra"),
])
def test_each_mistake_has_a_clear_message(change, expected):
    assert expected in _error(GOOD.replace(*change))


def test_duplicate_ids_and_several_errors_at_once():
    doubled = GOOD + ""
    doubled = doubled.replace("leyes_conocidas", """      - id: regla-uno
        categoria: otra
        patron: 'x'
      - id: regla-dos
        categoria: nada
        patron: '('
leyes_conocidas""")
    message = _error(doubled)
    assert "repite un id" in message and "categoría desconocida" in message
    assert "no es válida" in message and message.count("•") == 3


def test_not_a_mapping():
    assert "debe ser un mapa" in _error("- uno\n- dos\n")
    assert "falta la lista «conjuntos»" in _error("version: 1\n")


def test_keywords_never_hide_a_match_of_their_rule():
    """Every factory rule with keywords: a sample of what it matches contains one of them."""
    from reglamentos_app.review.scanner import Scanner, fast_fold

    samples = ["multa de 10 S.M.G.V.", "multa de 10 SMDV", "multa de 10 S. M. G. V.",
               "vecinos del Distrito\nFederal", "la Ley  Orgánica de la Administración Pública "
               "Municipal", "la Oficina Municipal de Ecología", "la SEDUE",
               "la Delegación Municipal de San Felipe", "diez días de salario mínimo",
               "cien salarios mínimos", "el Código Sanitario"]
    book = load_rules(default_rules_text())
    matched = 0
    for rule in book.active_rules({s.id for s in book.sets}):
        for sample in samples:
            if rule.keywords and re.search(rule.pattern, sample, re.IGNORECASE):
                assert any(k in fast_fold(sample) for k in rule.keywords), (rule.id, sample)
                matched += 1
    assert matched >= len(samples)
    scanner = Scanner(book.active_rules())
    assert [m for _s, _e, m, *_r in scanner.find("vecinos del Distrito\nFederal")] == [
        "del Distrito\nFederal"]
