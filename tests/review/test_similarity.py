"""Near-duplicate blocking: the same pairs as comparing every pair, and fine ranges."""

from __future__ import annotations

import itertools
import random

from rapidfuzz import fuzz

from reglamentos_app.diffing.similarity import _fold, near_duplicates, token_set
from reglamentos_app.review.harmonize import comparable_text, fine_ranges, spanish_number

WORDS = ("licencia permiso establecimiento comercio vehiculo banqueta inspector multa clausura "
         "tesoreria ambulante horario ruido basura escombro lote baldio canal dren anuncio "
         "espectacular fachada mercado locatario panteon fosa inhumacion cadaver estacionamiento "
         "tarifa boleto cajon titular usuario recurso inconformidad notificacion plazo").split()


def corpus(seed: int, n: int) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    texts, groups = [], []
    for i in range(n):
        if i % 5 == 4:  # a near copy of an earlier text, in another "regulation"
            words = texts[rng.randrange(i - 4, i)].split()
            words[rng.randrange(len(words))] = rng.choice(WORDS)
            texts.append(" ".join(words))
        else:
            texts.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 30))))
        groups.append(f"r{i % 7}")
    return texts, groups


def brute_force(texts, groups, threshold, jaccard):
    out = set()
    for a, b in itertools.combinations(range(len(texts)), 2):
        if groups[a] == groups[b]:
            continue
        sa, sb = token_set(texts[a]), token_set(texts[b])
        if min(len(sa), len(sb)) < 6 or len(sa & sb) < jaccard * len(sa | sb):
            continue
        if fuzz.token_sort_ratio(texts[a], texts[b], processor=_fold) >= threshold:
            out.add((a, b))
    return out


def test_blocking_finds_exactly_what_comparing_every_pair_finds():
    for seed in range(3):
        texts, groups = corpus(seed, 300)
        fast = {(p.a, p.b) for p in near_duplicates(texts, threshold=80, groups=groups)}
        assert fast == brute_force(texts, groups, 80, 0.45)
        assert len(fast) >= 20


def test_same_group_pairs_are_skipped_and_short_texts_ignored():
    text = "el titular del establecimiento deberá exhibir la licencia vigente en lugar visible"
    assert near_duplicates([text, text], groups=["a", "a"]) == []
    assert [(p.a, p.b, p.score) for p in near_duplicates([text, text], groups=["a", "b"])] == [
        (0, 1, 100.0)]
    assert near_duplicates(["multa", "multa"], groups=["a", "b"]) == []


def test_spanish_numbers_and_fine_ranges():
    assert spanish_number("cuarenta y una") == 41
    assert spanish_number("mil quinientas") == 1500
    assert spanish_number("doscientas") == 200
    assert spanish_number("ciento cincuenta") == 150
    assert spanish_number("20") == 20
    assert spanish_number("muchas") is None
    assert fine_ranges("multa de diez a cien veces el salario mínimo, o de 20 a 40 UMA") == [
        (10, 100, "veces"), (20, 40, "UMA")]


def test_fines_are_masked_before_comparing():
    a = "A quien arroje basura en la vía pública se le impondrá multa de diez a cien veces el " \
        "salario mínimo general diario vigente en la zona."
    b = "A quien arroje basura en la vía pública se le impondrá multa de cuarenta y una a " \
        "doscientas Unidades de Medida y Actualización (UMA)."
    assert comparable_text(a) == comparable_text(b).replace(" .", ".") or \
        fuzz.ratio(comparable_text(a), comparable_text(b)) > 95


def test_every_planted_near_copy_is_found():
    for seed in range(3):
        texts, groups = corpus(seed, 300)
        paired = {i for p in near_duplicates(texts, threshold=85, groups=groups)
                  for i in (p.a, p.b)}
        planted = {i for i in range(len(texts)) if i % 5 == 4}
        assert planted <= paired, sorted(planted - paired)
