"""Spanish number agreement for every count a user reads ("1 disposición", "3 disposiciones").

One place decides how a count agrees with its noun (and adjectives) so the GUI and the command
line never print "1 disposiciones en 1 instrumentos" or "1 abiertas de 1". ``plural_of``
applies the regular rules of Spanish spelling to one word (vowel + s; consonant + es;
-z → -ces; the written accent of -ión/-án/-én… drops: "disposición" → "disposiciones";
invariable words ending in unstressed -s/-x such as "lunes" or "tórax" stay; words that gain
an accent, like "examen" → "exámenes", are not guessed: pass their plural); ``count``
writes the number with the agreeing phrase, word by word, so "disposición vigente" becomes
"disposiciones vigentes". Irregular phrases are passed explicitly. ``since_days`` and
``days`` phrase elapsed time ("hoy", "ayer", "hace 3 días") without "desde hace hoy".
Qt-free: the CLI uses it too.
"""

from __future__ import annotations

_UNACCENT = str.maketrans("áéíóú", "aeiou")
_ACCENTED_VOWELS = "áéíóú"
# Function words that never take a number mark inside a phrase ("disposición en vigor").
_INVARIABLE = frozenset({"de", "del", "en", "a", "al", "y", "o", "con", "por", "para", "sin",
                         "vigor", "la", "el", "lo"})


def plural_of(word: str) -> str:
    """The plural of one Spanish word by the regular rules (see the module docstring)."""
    if not word or not word[-1].isalpha():
        return word
    lower = word.lower()
    last = lower[-1]
    if lower in _INVARIABLE:
        return word
    if last in "aeiou" or last in "áéó":
        return word + "s"
    if last in "íú":  # "bisturí" → "bisturíes" is cultured; "-s" is the everyday form
        return word + "s"
    if last == "z":
        return word[:-1] + "ces"
    if last in "sx" and not _stressed_last_syllable(lower):
        return word  # "lunes", "tórax", "análisis"
    if last == "y":
        return word + ("ES" if word.isupper() else "es")
    # A consonant: -es, and a written accent on the last syllable disappears ("-ión").
    stem = word
    if len(lower) >= 2 and lower[-2] in _ACCENTED_VOWELS:
        stem = word[:-2] + word[-2].translate(_UNACCENT) + word[-1]
    return stem + ("ES" if word.isupper() else "es")


def _stressed_last_syllable(word: str) -> bool:
    """Whether a word ending in -s/-x is stressed on its last syllable: it has a written
    accent there ("compás", "inglés") or it has one syllable ("mes", "tos")."""
    nuclei, previous_vowel = 0, False
    for char in word:
        vowel = char in "aeiouáéíóú"
        nuclei += vowel and not previous_vowel
        previous_vowel = vowel
    if nuclei <= 1:
        return True
    for char in reversed(word[:-1]):
        if char in "aeiouáéíóú":
            return char in _ACCENTED_VOWELS
    return True


def agree(n: int, singular: str, plural: str | None = None) -> str:
    """The phrase that agrees with ``n`` (without the number): ``plural`` or, when not given,
    every word of ``singular`` made plural by ``plural_of``."""
    if n == 1:
        return singular
    if plural is not None:
        return plural
    return " ".join(plural_of(word) for word in singular.split(" "))


def count(n: int, singular: str, plural: str | None = None) -> str:
    """"1 disposición", "0 disposiciones", "12 reglamentos vigentes" (thousands with commas,
    as Mexico writes them)."""
    return f"{n:,} {agree(n, singular, plural)}"


def days(n: int) -> str:
    """"1 día", "3 días" (0 and negatives count as 0 days)."""
    return count(max(0, n), "día")


def since_days(n: int) -> str:
    """How long something has been so: "desde hoy", "desde ayer", "desde hace 3 días"."""
    if n <= 0:
        return "desde hoy"
    if n == 1:
        return "desde ayer"
    return f"desde hace {days(n)}"


def ago(n: int) -> str:
    """"hoy", "ayer", "hace 3 días"."""
    if n <= 0:
        return "hoy"
    if n == 1:
        return "ayer"
    return f"hace {days(n)}"
