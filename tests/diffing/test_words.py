"""Word and character diffs: lossless tokens, minimal edit scripts, speed on an article."""

import doctest
import random
import statistics
import time

from hypothesis import given, settings, strategies as st
from rapidfuzz.distance import Indel

from reglamentos_app.diffing import changed_ratio, tokenize, word_diff
from reglamentos_app.diffing import words as words_module
from reglamentos_app.domain.changes import SegmentKind as S

WORDS = ["El", "Ayuntamiento", "deberá", "expedir", "las", "licencias", "de", "funcionamiento",
         "la", "Dirección", "y", "en", "los", "términos", "artículo", "5", "Bis", "fracción",
         "III", "año", "días", "hábiles", "señalados", "10,000", "(UMA)", "ÚNICO"]
PUNCT = [",", ".", ";", ":", ".-", "", "", "", ""]

ARTICLE = ("La Dirección de Comercio deberá expedir las licencias de funcionamiento dentro de "
           "los diez días hábiles siguientes a la presentación de la solicitud, previa "
           "verificación de que el establecimiento cumple con las medidas de seguridad, y la "
           "Tesorería Municipal cobrará los derechos que establezca la Ley de Ingresos del "
           "Municipio de Mexicali, Baja California, para el ejercicio fiscal correspondiente. "
           "El titular de la licencia deberá exhibirla en un lugar visible del establecimiento "
           "y renovarla anualmente durante los meses de enero y febrero, conforme a lo previsto "
           "en el presente Reglamento. La falta de renovación dará lugar a la suspensión "
           "temporal de la actividad comercial, sin perjuicio de las sanciones que procedan "
           "por las infracciones cometidas, en términos de la Ley del Régimen Municipal para "
           "el Estado de Baja California y demás disposiciones aplicables en la materia.")


def spanish_text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) + rng.choice(PUNCT) for _ in range(words))


def edit_words(rng: random.Random, text: str, edits: int) -> str:
    words = text.split(" ")
    for _ in range(edits):
        i = rng.randrange(len(words) + 1)
        action = rng.random()
        if action < 0.35 and i < len(words):
            words[i] = rng.choice(WORDS)
        elif action < 0.7:
            words.insert(i, rng.choice(WORDS) + rng.choice(PUNCT))
        elif i < len(words) and len(words) > 1:
            del words[i]
    return " ".join(words)


def keys(text: str) -> list[str]:
    """Tokens as the diff compares them, leaving out whitespace-only ones (spacing)."""
    return [k for t in tokenize(text) if (k := t.rstrip())]


def rebuild(segments, *kinds) -> str:
    return "".join(s.text for s in segments if s.kind in kinds)


def changed_tokens(segments) -> int:
    return sum(len(keys(s.text)) for s in segments if s.kind is not S.EQUAL)


text_strategy = st.lists(st.sampled_from(WORDS + PUNCT + [" ", "  ", "\n"]),
                         max_size=40).map("".join)


def test_docstring_examples():
    result = doctest.testmod(words_module)
    assert result.attempted > 0 and result.failed == 0


# -- tokens ----------------------------------------------------------------------------------
@given(st.text(max_size=200))
def test_tokens_join_back_to_the_text(text):
    tokens = tokenize(text)
    assert "".join(tokens) == text
    assert all(tokens)


def test_tokens_are_words_and_signs_with_their_whitespace():
    assert tokenize("ARTÍCULO 5 Bis.- El año, (UMA)  x\n") == [
        "ARTÍCULO ", "5 ", "Bis", ".", "- ", "El ", "año", ", ", "(", "UMA", ")  ", "x\n"]
    assert tokenize("  sangría") == ["  ", "sangría"]
    assert tokenize("") == []


# -- word diff -------------------------------------------------------------------------------
def test_a_changed_stretch_is_one_deletion_then_one_insertion():
    segments = word_diff("Los permisos se otorgarán por un año.",
                         "Las licencias se otorgarán por dos años.")
    assert [(s.kind, s.text) for s in segments] == [
        (S.DELETE, "Los permisos "), (S.INSERT, "Las licencias "),
        (S.EQUAL, "se otorgarán por "), (S.DELETE, "un año"), (S.INSERT, "dos años"),
        (S.EQUAL, ".")]


def test_spacing_alone_is_not_a_change():
    assert [s.kind for s in word_diff("El  Ayuntamiento\ndeberá", "El Ayuntamiento deberá")] \
        == [S.EQUAL]
    # The last word has no space after it; adding a word after it changes only the new word.
    assert [(s.kind, s.text) for s in word_diff("uno dos", "uno dos tres")] == [
        (S.EQUAL, "uno dos "), (S.INSERT, "tres")]
    # A space only the old text had goes with the deletion, so old words never run together.
    assert [(s.kind, s.text) for s in word_diff("El El", "El")] == [
        (S.EQUAL, "El"), (S.DELETE, " El")]
    assert [(s.kind, s.text) for s in word_diff("a b", "a, b")] == [
        (S.EQUAL, "a"), (S.DELETE, " "), (S.INSERT, ", "), (S.EQUAL, "b")]


def test_equal_and_empty_texts():
    assert word_diff("", "") == []
    assert [(s.kind, s.text) for s in word_diff("igual", "igual")] == [(S.EQUAL, "igual")]
    assert [(s.kind, s.text) for s in word_diff("", "nuevo texto")] == [(S.INSERT, "nuevo texto")]
    assert [(s.kind, s.text) for s in word_diff("viejo", "")] == [(S.DELETE, "viejo")]


@settings(max_examples=300, deadline=None)
@given(text_strategy, text_strategy)
def test_word_diff_is_lossless_and_minimal(old, new):
    segments = word_diff(old, new)
    assert rebuild(segments, S.EQUAL, S.INSERT) == new
    assert keys(rebuild(segments, S.EQUAL, S.DELETE)) == keys(old)
    # Optimal insert/delete script: no more changed tokens than the Indel (LCS) distance.
    assert changed_tokens(segments) == Indel.distance(keys(old), keys(new))
    assert all(a.kind is not b.kind for a, b in zip(segments, segments[1:]))
    assert all(s.text for s in segments)


def test_word_diff_is_minimal_on_generated_edits():
    rng = random.Random(20261124)
    for _ in range(300):
        old = spanish_text(rng, rng.randint(1, 150))
        new = edit_words(rng, old, rng.randint(0, 12))
        segments = word_diff(old, new)
        assert rebuild(segments, S.EQUAL, S.INSERT) == new
        assert changed_tokens(segments) == Indel.distance(keys(old), keys(new))
        # Unchanged words stay unchanged: at most the edited stretches are marked.
        assert changed_tokens(segments) <= 2 * 3 * 12


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcñá .,", max_size=60), st.text(alphabet="abcñá .,", max_size=60))
def test_character_diff_is_lossless_and_minimal(old, new):
    segments = word_diff(old, new, chars=True)
    assert rebuild(segments, S.EQUAL, S.INSERT) == new
    assert rebuild(segments, S.EQUAL, S.DELETE) == old
    changed = sum(len(s.text) for s in segments if s.kind is not S.EQUAL)
    assert changed == Indel.distance(old, new)


def test_character_diff_of_a_word():
    assert [(s.kind, s.text) for s in word_diff("fracción", "fracciones", chars=True)] == [
        (S.EQUAL, "fracci"), (S.DELETE, "ó"), (S.INSERT, "o"), (S.EQUAL, "n"),
        (S.INSERT, "es")]


# -- change ratio ----------------------------------------------------------------------------
def test_changed_ratio_counts_changed_tokens_of_both_texts():
    assert changed_ratio(ARTICLE, ARTICLE) == 0.0
    assert changed_ratio("", "") == 0.0
    assert changed_ratio("uno dos", "tres cuatro") == 1.0
    # One word of four replaced: 1 deleted + 1 inserted of 8 tokens.
    assert changed_ratio("uno dos tres cuatro", "uno dos tres cinco") == 0.25
    rng = random.Random(3)
    light = edit_words(rng, ARTICLE, 5)
    heavy = spanish_text(rng, 140)
    assert changed_ratio(ARTICLE, light) < 0.1 < 0.5 < changed_ratio(ARTICLE, heavy)


# -- speed -----------------------------------------------------------------------------------
def test_rediffing_an_article_takes_under_two_milliseconds():
    rng = random.Random(5)
    assert 750 <= len(ARTICLE) <= 1000
    edited = [edit_words(rng, ARTICLE, 8) for _ in range(20)]
    times = []
    for new in edited:
        start = time.perf_counter()
        word_diff(ARTICLE, new)
        changed_ratio(ARTICLE, new)
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.002
