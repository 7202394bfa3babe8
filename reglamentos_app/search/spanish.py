"""Spanish word normalisation for the index: fold accents first, then singular, then stem.

Why this order. The Snowball Spanish stemmer expects accented input ("autorización" → autoriz) and
fails on the unaccented form a user types ("autorizacion" stays autorizacion), so folding before
it split 64 of 211 singular/plural pairs of the sample corpus (issue 17). Here every word is
folded first (lower case, acute accents and diaeresis removed, **ñ kept**: "año" ≠ "ano"), and the
stemmer is the Snowball Spanish algorithm rewritten with its suffix tables folded, so it gives the
same stem whether or not the accent was written. Snowball also treats the plural "-es" as a verb
ending, which split pairs like "interés"/"intereses" and "vez"/"veces"; a small singular step
runs first (the rules in ``singular``) and a final z → c maps "vez"/"veces" to one stem.
``tests/search/test_vocabulary.py`` checks every singular/plural and accent pair found in the
sample corpus and the real documents, and lists the over-stemming this accepts.

Stop words are folded too and include the partners of listed words ("alguno" beside
"algunos"), so a form and its plural are both stop words or neither; "estado(s)" and
"sentido(s)" are not stop words here: in legal text they are the State and "sense".
"""

from __future__ import annotations

import re
from functools import lru_cache

from whoosh.lang import stopwords_for_language
from whoosh.lang.snowball.spanish import SpanishStemmer as _SnowballTables

# Acute accents and diaeresis go; ñ stays a letter of its own.
_FOLD = str.maketrans("áéíóúüàèìòùâêîôûäëïö", "aeiouuaeiouaeiouaeio")
VOWELS = frozenset("aeiou")

_NOT_STOP = {"estado", "estados", "estada", "estadas", "sentido", "sentidos", "sentida",
             "sentidas", "sentid", "siente"}
_EXTRA_STOP = {"alguna", "alguno", "algun", "mucha", "muchas", "poca", "pocas", "pocos",
               "toda", "todas", "tanta", "tantas", "tantos", "otras", "esa", "aquel", "aquella",
               "aquellos", "aquellas", "cuales", "cuantos", "ningun", "ninguna", "ninguno",
               "unas", "quien", "quienes", "cuyo", "cuya", "cuyos", "cuyas", "dicho", "dicha",
               "dichos", "dichas", "ello", "aquello"}


def fold(text: str) -> str:
    """Lower case without accents, keeping ñ ("Año" → "año", "SANCIÓN" → "sancion")."""
    return text.lower().translate(_FOLD)


STOP_WORDS = frozenset({fold(w) for w in stopwords_for_language("es")} - _NOT_STOP
                       | _EXTRA_STOP)


def _folded(suffixes) -> tuple[str, ...]:
    """A Snowball suffix table without accents, longest first (duplicates merged)."""
    return tuple(sorted({fold(s) for s in suffixes}, key=lambda s: (-len(s), s)))


_T = _SnowballTables
STEP0 = _folded(_T._SpanishStemmer__step0_suffixes)
STEP1 = _folded(_T._SpanishStemmer__step1_suffixes)
STEP2A = _folded(_T._SpanishStemmer__step2a_suffixes)
STEP2B = _folded(_T._SpanishStemmer__step2b_suffixes)
# Snowball's residual suffixes, folded; its "í" is left out: folded it would be every final i.
STEP3 = ("os", "a", "o")


def _after_vowel_consonant(word: str, start: int = 0) -> int:
    """Start of the region after the first non-vowel following a vowel (Snowball R1/R2)."""
    for i in range(start + 1, len(word)):
        if word[i] not in VOWELS and word[i - 1] in VOWELS:
            return i + 1
    return len(word)


def _rv(word: str) -> int:
    """Start of Snowball's region RV."""
    if len(word) < 2:
        return len(word)
    if word[1] not in VOWELS:
        for i in range(2, len(word)):
            if word[i] in VOWELS:
                return i + 1
        return len(word)
    if word[0] in VOWELS:
        for i in range(2, len(word)):
            if word[i] not in VOWELS:
                return i + 1
        return len(word)
    return 3 if len(word) > 3 else len(word)


def snowball(word: str) -> str:
    """The Snowball Spanish algorithm on a folded word (same steps, folded suffixes)."""
    r1 = _after_vowel_consonant(word)
    r2 = _after_vowel_consonant(word, r1) if r1 < len(word) else len(word)
    rv = _rv(word)

    def ends_in(suffix: str, region: int) -> bool:
        return word.endswith(suffix) and len(word) - len(suffix) >= region

    # Step 0: attached pronouns after a gerund or infinitive ("sancionarse").
    for suffix in STEP0:
        if word.endswith(suffix):
            if ends_in(suffix, rv):
                base = word[:-len(suffix)]
                if (base.endswith(("iendo", "ando", "ar", "er", "ir"))
                        or base.endswith("uyendo")):
                    word = base
            break
    # Step 1: standard suffixes.
    done = False
    for suffix in STEP1:
        if not word.endswith(suffix):
            continue
        n = len(suffix)
        if suffix == "amente" and ends_in(suffix, r1):
            done = True
            word = word[:-n]
            if ends_in("iv", r2):
                word = word[:-2]
                if ends_in("at", r2):
                    word = word[:-2]
            elif any(ends_in(s, r2) for s in ("os", "ic", "ad")):
                word = word[:-2]
        elif ends_in(suffix, r2):
            done = True
            if suffix in ("adora", "ador", "acion", "adoras", "adores", "aciones", "ante",
                          "antes", "ancia", "ancias"):
                word = word[:-n]
                if ends_in("ic", r2):
                    word = word[:-2]
            elif suffix in ("logia", "logias"):
                word = word[:-n] + "log"
            elif suffix in ("ucion", "uciones"):
                word = word[:-n] + "u"
            elif suffix in ("encia", "encias"):
                word = word[:-n] + "ente"
            elif suffix == "mente":
                word = word[:-n]
                for s in ("ante", "able", "ible"):
                    if ends_in(s, r2):
                        word = word[:-4]
                        break
            elif suffix in ("idad", "idades"):
                word = word[:-n]
                for s in ("abil", "ic", "iv"):
                    if ends_in(s, r2):
                        word = word[:-len(s)]
                        break
            elif suffix in ("ivo", "iva", "ivos", "ivas"):
                word = word[:-n]
                if ends_in("at", r2):
                    word = word[:-2]
            else:
                word = word[:-n]
        break
    if not done:
        # Step 2a: verb suffixes beginning with y, after u ("construyeron").
        removed = False
        for suffix in STEP2A:
            if ends_in(suffix, rv) and word[:-len(suffix)].endswith("u"):
                word = word[:-len(suffix)]
                removed = True
                break
        # Step 2b: other verb suffixes.
        if not removed:
            for suffix in STEP2B:
                if ends_in(suffix, rv):
                    word = word[:-len(suffix)]
                    if suffix in ("en", "es", "eis", "emos") and word.endswith("gu"):
                        word = word[:-1]
                    break
    # Step 3: residual suffix.
    for suffix in STEP3:
        if ends_in(suffix, rv):
            word = word[:-len(suffix)]
            return word
    if ends_in("e", rv):
        word = word[:-1]
        if word.endswith("gu") and len(word) - 1 >= rv:
            word = word[:-1]
    return word


def singular(word: str) -> str:
    """A folded plural reduced so that it meets its singular (rules over written forms).

    Ambiguous endings reduce both forms to the same base: "clases"/"clase" and
    "intereses"/"interés" both lose their final "-se(s)"/"-s", and "meses"/"mes" likewise.
    """
    n = len(word)
    if n < 3 or _ENCLITIC.search(word):
        return word                 # "darles", "otorgarlos": Snowball's step 0 takes the pronoun
    if n > 4 and word.endswith("ses") and word[-4] in VOWELS:  # clases, intereses, países
        return word[:-3]
    if n > 3 and word.endswith("se") and word[-3] in VOWELS:   # clase, base, frase
        return word[:-2]
    if word.endswith("s") and word[-2] in VOWELS:              # casos, vías, interés, mes
        if n > 4 and word.endswith("es") and _consonant_singular(word[:-2]):
            return word[:-2]                                   # sanciones, leyes, veces
        return word[:-1]                                       # clientes, aplicables
    return word


_ENCLITIC = re.compile(r"(?:ar|er|ir|ando|iendo)(?:se)?(?:les|los|las)$")


def _consonant_singular(base: str) -> bool:
    """Whether "<base>es" is the plural of a singular ending in a consonant.

    Spanish singulars end in l, n, r, d, z, j, y or x ("papel", "sanción", "mujer", "ciudad",
    "vez", "reloj", "ley", "fax"); after a consonant plus l the singular ends in -e ("aplicable",
    "vehículo" aside). Any other consonant before "-es" means the singular ends in "-e"
    ("cliente", "parte"), which keeps Snowball's own "-ante"/"-able" suffixes in play.
    """
    last = base[-1]
    if last not in "lnrdzjyx":
        return False
    return not (last == "l" and len(base) > 1 and base[-2] in "bcfgpt")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stem of a folded, non-stop word (see the module docstring)."""
    if not word.isalpha() or len(word) < 3:
        return word
    base = singular(word)
    result = snowball(base) if len(base) > 2 else base
    if result.endswith("z"):
        result = result[:-1] + "c"                            # vez / veces, luz / luces
    return result or base


@lru_cache(maxsize=200_000)
def term(word: str) -> str | None:
    """The index term of a written word, or None for a stop word."""
    folded = fold(word)
    if folded in STOP_WORDS:
        return None
    return stem(folded)


@lru_cache(maxsize=200_000)
def phrase_token(word: str) -> str:
    """A word as a phrase compares it: its term, or the folded word for a stop word."""
    folded = fold(word)
    return folded if folded in STOP_WORDS else stem(folded)
