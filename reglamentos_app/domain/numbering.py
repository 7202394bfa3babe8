"""Mexican legal numbering: Roman numerals, ordinal words, letters and Bis/Ter suffixes.

These helpers turn a display number as written in a regulation ("5 Bis", "1o", "XIII BIS",
"PRIMERO", "a)") into the canonical token used in hierarchical ids ("5bis", "1", "13bis",
"1", "a"), and back where needed. They are pure functions shared by the importer, the
diff engine and the exports.
"""

from __future__ import annotations

import re
import unicodedata

_ROMAN_VALUES = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)
_ROMAN_RE = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")

# Latin multiplicative suffixes used for inserted provisions, in order (Bis = 2nd, Ter = 3rd…).
SUFFIXES = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "nonies", "decies")
SUFFIX_DISPLAY = {
    "bis": "Bis", "ter": "Ter", "quater": "Quáter", "quinquies": "Quinquies", "sexies": "Sexies",
    "septies": "Septies", "octies": "Octies", "nonies": "Nonies", "decies": "Decies",
}
SUFFIX_PATTERN = r"(?:bis|ter|qu[aá]ter|quinquies|sexies|septies|octies|nonies|decies)"

_UNITS = {
    "primero": 1, "primera": 1, "primer": 1, "segundo": 2, "segunda": 2, "tercero": 3,
    "tercera": 3, "tercer": 3, "cuarto": 4, "cuarta": 4, "quinto": 5, "quinta": 5,
    "sexto": 6, "sexta": 6, "septimo": 7, "septima": 7, "setimo": 7, "octavo": 8, "octava": 8,
    "noveno": 9, "novena": 9,
}
_TENS = {
    "decimo": 10, "decima": 10, "vigesimo": 20, "vigesima": 20, "trigesimo": 30,
    "trigesima": 30, "cuadragesimo": 40, "cuadragesima": 40, "quincuagesimo": 50,
    "quincuagesima": 50, "sexagesimo": 60, "sexagesima": 60, "septuagesimo": 70,
    "septuagesima": 70, "octogesimo": 80, "octogesima": 80, "nonagesimo": 90,
    "nonagesima": 90, "centesimo": 100, "centesima": 100,
}
_SPECIAL = {"unico": 1, "unica": 1, "undecimo": 11, "undecima": 11, "duodecimo": 12, "duodecima": 12}


def fold(text: str) -> str:
    """Lower-case and strip accents (but keep ñ), for matching words written without accents."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    out = []
    for i, ch in enumerate(decomposed):
        if unicodedata.combining(ch):
            # Keep the tilde of ñ: "año" and "ano" are different words.
            if ch == "\u0303" and i and decomposed[i - 1] == "n":
                out.append(ch)
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def is_roman(token: str) -> bool:
    """True for a well-formed upper- or lower-case Roman numeral ("XIV", "iv")."""
    return bool(token) and bool(_ROMAN_RE.match(token.upper()))


def roman_to_int(token: str) -> int:
    """Convert a Roman numeral to an integer; raise ``ValueError`` if malformed."""
    up = token.upper()
    if not is_roman(up):
        raise ValueError(f"no es un número romano: {token!r}")
    total, i = 0, 0
    for value, sym in _ROMAN_VALUES:
        while up.startswith(sym, i):
            total += value
            i += len(sym)
    return total


def int_to_roman(value: int) -> str:
    """Convert a positive integer to an upper-case Roman numeral."""
    if value <= 0:
        raise ValueError("solo hay números romanos para enteros positivos")
    out = []
    for num, sym in _ROMAN_VALUES:
        count, value = divmod(value, num)
        out.append(sym * count)
    return "".join(out)


def ordinal_to_int(words: str) -> int | None:
    """Value of a Spanish ordinal word or phrase ("PRIMERO", "Sexagésimo segundo", "ÚNICO")."""
    tokens = re.split(r"[\s\-]+", fold(words).strip(" .-"))
    tokens = [t for t in tokens if t]
    if not tokens:
        return None
    if len(tokens) == 1:
        tok = tokens[0]
        if tok in _SPECIAL:
            return _SPECIAL[tok]
        if tok in _UNITS:
            return _UNITS[tok]
        if tok in _TENS:
            return _TENS[tok]
        # Fused forms: "decimoprimero", "vigesimotercero".
        for tens_word, tens in _TENS.items():
            if tok.startswith(tens_word) and tok[len(tens_word):] in _UNITS:
                return tens + _UNITS[tok[len(tens_word):]]
        return None
    if len(tokens) == 2 and tokens[0] in _TENS and tokens[1] in _UNITS:
        return _TENS[tokens[0]] + _UNITS[tokens[1]]
    return None


def letter_index(token: str) -> int | None:
    """Position of a single-letter inciso (a=1… z=26, ñ counted after n), or None."""
    t = token.lower()
    if len(t) != 1:
        return None
    alphabet = "abcdefghijklmnñopqrstuvwxyz"
    pos = alphabet.find(t)
    return pos + 1 if pos >= 0 else None


def next_letter(token: str) -> str | None:
    """The letter after ``token`` keeping its case ("b" → "c", "N" → "Ñ")."""
    alphabet = "abcdefghijklmnñopqrstuvwxyz"
    idx = letter_index(token)
    if idx is None or idx >= len(alphabet):
        return None
    nxt = alphabet[idx]
    return nxt.upper() if token.isupper() else nxt


def split_suffix(num: str) -> tuple[str, str]:
    """Split "5 Bis" into ("5", "bis"); a number without suffix gives (num, "")."""
    m = re.match(rf"^(.*?)[\s\-]*({SUFFIX_PATTERN})\.?$", num.strip(), re.IGNORECASE)
    if not m or not m.group(1):
        return num.strip(), ""
    return m.group(1).strip(), fold(m.group(2)).replace("á", "a")


def display_suffix(suffix: str) -> str:
    """Canonical display form of a suffix ("bis" → "Bis", "quater" → "Quáter")."""
    return SUFFIX_DISPLAY.get(suffix, suffix.capitalize())


def canonical_token(num: str) -> str:
    """Normalise a display number to the token used in eIds.

    >>> canonical_token("5 Bis"), canonical_token("1º"), canonical_token("XIII BIS")
    ('5bis', '1', '13bis')
    >>> canonical_token("a)"), canonical_token("PRIMERO"), canonical_token("ÚNICO")
    ('a', '1', '1')
    """
    base, suffix = split_suffix(num.strip().rstrip(".-)").strip())
    base = base.strip().rstrip(".-)").strip()
    base = re.sub(r"(?<=\d)\s*(?:o|º|°|ª|a)\.?$", "", base)  # 1o, 1º, 1°, 1a
    if base.isdigit():
        token = str(int(base))
    elif is_roman(base) and base.isupper():
        token = str(roman_to_int(base))
    elif (value := ordinal_to_int(base)) is not None:
        token = str(value)
    else:
        token = re.sub(r"[^0-9a-zñ]+", "", fold(base))
    return token + suffix


def ordinal_word(value: int, feminine: bool = False) -> str:
    """Spanish ordinal word for 1..99 in upper case ("PRIMERO", "VIGÉSIMO TERCERO")."""
    units = ["", "PRIMERO", "SEGUNDO", "TERCERO", "CUARTO", "QUINTO", "SEXTO", "SÉPTIMO",
             "OCTAVO", "NOVENO"]
    tens = ["", "DÉCIMO", "VIGÉSIMO", "TRIGÉSIMO", "CUADRAGÉSIMO", "QUINCUAGÉSIMO",
            "SEXAGÉSIMO", "SEPTUAGÉSIMO", "OCTOGÉSIMO", "NONAGÉSIMO"]
    if not 1 <= value <= 99:
        return str(value)
    t, u = divmod(value, 10)
    word = " ".join(w for w in (tens[t], units[u]) if w)
    if feminine:
        word = " ".join(w[:-1] + "A" if w.endswith("O") else w for w in word.split())
    return word


_TRANSITORIO_LABEL = re.compile(
    r"^\s*(?:art[íi]culo\s+)?(?P<word>[a-záéíóúüñ]+(?:[\s\-]+[a-záéíóúüñ]+)?)\s*"
    r"(?:\.\s*[-–—]|[-–—:]|\.)\s*", re.IGNORECASE)


def strip_transitorio_label(text: str) -> str:
    """A transitorio's text without the ordinal a drafter may have typed before it.

    The program numbers transitorios itself (ÚNICO, or PRIMERO, SEGUNDO…), so a text typed as
    "ÚNICO.- El presente Acuerdo…" or "Artículo Primero. Se derogan…" would otherwise read
    "ÚNICO.- ÚNICO.- …". Only a real ordinal word is taken off ("Primero.", "Sexagésimo
    segundo.-", "ÚNICO:"); a sentence that merely starts with a word is left alone.

    >>> strip_transitorio_label("ÚNICO.- El presente Acuerdo entrará en vigor.")
    'El presente Acuerdo entrará en vigor.'
    >>> strip_transitorio_label("Artículo Segundo. Se derogan las disposiciones.")
    'Se derogan las disposiciones.'
    >>> strip_transitorio_label("Las licencias vigentes conservarán su validez.")
    'Las licencias vigentes conservarán su validez.'
    """
    match = _TRANSITORIO_LABEL.match(text)
    if match and ordinal_to_int(match.group("word")) is not None and text[match.end():].strip():
        return text[match.end():].strip()
    return text.strip()
