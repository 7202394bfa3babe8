"""Numbering helpers: Roman numerals, ordinal words, canonical eId tokens."""

import pytest

from reglamentos_app.domain.numbering import (
    canonical_token, fold, int_to_roman, next_letter, ordinal_to_int, ordinal_word, roman_to_int,
    split_suffix,
)


@pytest.mark.parametrize("value", [1, 4, 9, 14, 40, 49, 90, 99, 129, 400, 1994])
def test_roman_round_trip(value):
    assert roman_to_int(int_to_roman(value)) == value


def test_roman_rejects_malformed():
    with pytest.raises(ValueError):
        roman_to_int("IIII")


@pytest.mark.parametrize("words,value", [
    ("PRIMERO", 1), ("Segunda", 2), ("ÚNICO", 1), ("UNICO", 1), ("DÉCIMO", 10),
    ("DÉCIMO PRIMERO", 11), ("decimoprimero", 11), ("Sexagésimo segundo", 62),
    ("VIGÉSIMO TERCERO", 23), ("UNDÉCIMO", 11), ("Centésimo", 100),
])
def test_ordinal_words(words, value):
    assert ordinal_to_int(words) == value


def test_ordinal_rejects_plain_words():
    assert ordinal_to_int("Ayuntamiento") is None
    assert ordinal_to_int("DISPOSICIONES GENERALES") is None


@pytest.mark.parametrize("num,token", [
    ("5 Bis", "5bis"), ("5 BIS", "5bis"), ("1o", "1"), ("1º", "1"), ("1°", "1"),
    ("XIII BIS", "13bis"), ("III", "3"), ("a)", "a"), ("PRIMERO", "1"), ("ÚNICO", "1"),
    ("12 Quáter", "12quater"), ("7-Ter", "7ter"),
])
def test_canonical_token(num, token):
    assert canonical_token(num) == token


def test_split_suffix():
    assert split_suffix("26 Bis") == ("26", "bis")
    assert split_suffix("XIII BIS") == ("XIII", "bis")
    assert split_suffix("14") == ("14", "")


def test_fold_keeps_enye():
    assert fold("AÑO Técnico") == "año tecnico"


def test_next_letter_keeps_case_and_enye():
    assert next_letter("b") == "c"
    assert next_letter("N") == "Ñ"
    assert next_letter("h") == "i"


def test_ordinal_word():
    assert ordinal_word(1) == "PRIMERO"
    assert ordinal_word(23) == "VIGÉSIMO TERCERO"
    assert ordinal_word(2, feminine=True) == "SEGUNDA"
