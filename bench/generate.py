"""Synthetic regulations for benchmarks: legal-style Spanish of realistic size and shape.

``generate_corpus(articles, per_file)`` returns ``(name, text)`` pairs in the sample-corpus
format (docs/formato-texto.md): títulos, capítulos, articles of about 800 bytes with
fracciones, incisos, Bis articles, derogated placeholders, reform notes and transitorios.
Deterministic for a given seed, so figures are comparable between runs.
"""

from __future__ import annotations

import random

_SUBJECTS = ["La Dirección", "El Ayuntamiento", "La Secretaría del Ayuntamiento", "El titular",
             "La autoridad municipal", "El Síndico Procurador", "La Tesorería Municipal",
             "El Presidente Municipal", "La Comisión", "El inspector"]
_VERBS = ["deberá", "podrá", "vigilará", "autorizará", "sancionará", "establecerá", "expedirá",
          "supervisará", "coordinará", "determinará", "notificará", "resolverá"]
_OBJECTS = ["las licencias de funcionamiento", "los permisos temporales", "el padrón municipal",
            "las medidas de seguridad", "el procedimiento administrativo", "la vía pública",
            "los establecimientos comerciales", "las infracciones previstas", "el recurso de revisión",
            "los programas de prevención", "la imagen urbana", "el uso de suelo",
            "las obligaciones fiscales", "los servicios públicos", "el registro correspondiente"]
_TAILS = ["en los términos de este Reglamento", "conforme a la Ley del Régimen Municipal para el "
          "Estado de Baja California", "dentro de los diez días hábiles siguientes",
          "previa audiencia del interesado", "de acuerdo con la disponibilidad presupuestal",
          "con base en el dictamen técnico respectivo", "sin perjuicio de otras disposiciones "
          "aplicables", "en coordinación con las dependencias competentes"]
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
_ORD = ["PRIMERO", "SEGUNDO", "TERCERO", "CUARTO", "QUINTO", "SEXTO", "SÉPTIMO", "OCTAVO",
        "NOVENO", "DÉCIMO"]


def _sentence(rng: random.Random) -> str:
    return (f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
            f"{rng.choice(_TAILS)}")


def _paragraph(rng: random.Random, sentences: int) -> str:
    return ", y ".join(_sentence(rng) for _ in range(sentences)) + "."


def _article(rng: random.Random, num: str) -> list[str]:
    shape = rng.random()
    if shape < 0.04:
        return [f"ARTÍCULO {num}.- Derogado.",
                "(Derogado, P.O. No. 40, de fecha 17 de junio de 2022, Tomo CXXIX)"]
    lines = [f"ARTÍCULO {num}.- {_paragraph(rng, 5)}"]
    if shape < 0.35:
        lines[0] = f"ARTÍCULO {num}.- {_paragraph(rng, 1)[:-1]}, conforme a lo siguiente:"
        count = rng.randint(2, 6)
        for i in range(count):
            end = "; y" if i == count - 2 else ("." if i == count - 1 else ";")
            lines.append(f"{_ROMAN[i]}.- {_sentence(rng)}, {_sentence(rng).lower()}{end}")
            if i == 0 and rng.random() < 0.3:
                lines[-1] = f"{_ROMAN[i]}.- {_sentence(rng)}:"
                lines.extend(f"{c}) {_sentence(rng)};" for c in "abc")
    elif shape < 0.55:
        lines.append(_paragraph(rng, 4))
    if rng.random() < 0.08:
        lines.append("(Reformado, P.O. No. 40, de fecha 17 de junio de 2022, Tomo CXXIX)")
    return lines


def generate_regulation(rng: random.Random, index: int, articles: int) -> str:
    blocks = [f"REGLAMENTO SINTÉTICO NÚMERO {index} PARA EL MUNICIPIO DE MEXICALI, BAJA CALIFORNIA",
              "Publicado en el Periódico Oficial No. 12, de fecha 15 de marzo de 2002, Tomo CIX, "
              "Sección I.",
              "Última reforma publicada en el Periódico Oficial No. 40, de fecha 17 de junio de "
              "2022, Tomo CXXIX.",
              "NOTA: Texto sintético generado para pruebas de rendimiento."]
    per_chapter = 25
    for n in range(1, articles + 1):
        if (n - 1) % (per_chapter * 4) == 0:
            blocks.append(f"TÍTULO {_ORD[((n - 1) // (per_chapter * 4)) % 10]}\nDISPOSICIONES")
        if (n - 1) % per_chapter == 0:
            blocks.append(f"CAPÍTULO {_ROMAN[((n - 1) // per_chapter) % 4]}\nDE LA MATERIA {n}")
        blocks.extend(_article(rng, str(n)))
    blocks.append("TRANSITORIOS")
    blocks.append("PRIMERO.- El presente Reglamento entrará en vigor al día siguiente de su "
                  "publicación en el Periódico Oficial del Estado.")
    return "\n\n".join(blocks) + "\n"


def generate_corpus(articles: int, per_file: int = 1000, seed: int = 20261124) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    files = []
    index = 0
    while articles > 0:
        index += 1
        count = min(per_file, articles)
        files.append((f"sintetico-{index:03d}.txt", generate_regulation(rng, index, count)))
        articles -= count
    return files
