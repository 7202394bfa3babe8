"""Generated regulations with planted obsolete references, for recall and precision tests.

``planted_regulation(seed, n)`` writes a regulation of ``n`` articles; a third of them carry a
planted wording of a known kind (UMA in all its wordings, Distrito Federal, abrogated laws,
renamed bodies), the rest are clean text full of near misses (the word «salario» in a labour
sense, «mínimo», «jornal o salario de un día», «Unidad de Medida y Actualización» already
right). It returns the text and the planted set ``{(article number, rule category)}``.
"""

from __future__ import annotations

import random

PLANTS = [
    ("uma", "con multa de diez a cien veces el salario mínimo general diario vigente en la zona"),
    ("uma", "con multa de veinte a cincuenta días de salario mínimo general vigente en la zona"),
    ("uma", "con multa de cinco a treinta días de salario mínimo"),
    ("uma", "con multa equivalente a 50 S.M.G.V."),
    ("uma", "con multa de hasta doscientos salarios mínimos"),
    ("uma", "con multa de uno a diez veces el salario mínimo vigente en el Estado de Baja California"),
    ("uma", "con multa de tres a quince veces el SMGV"),
    ("distrito_federal", "aun cuando el interesado resida en el Distrito Federal"),
    ("distrito_federal", "conforme al Código Civil para el Distrito Federal"),
    ("ley_abrogada", "según la Ley Orgánica de la Administración Pública Municipal del Estado de Baja California"),
    ("ley_abrogada", "en términos de la Ley de Responsabilidades de los Servidores Públicos del Estado de Baja California"),
    ("ley_abrogada", "conforme a la Ley de Equilibrio Ecológico y Protección al Ambiente del Estado de Baja California"),
    ("organo_renombrado", "previo dictamen de la Oficina Municipal de Ecología"),
    ("organo_renombrado", "con el visto bueno de la Secretaría de Desarrollo Urbano y Ecología"),
]

NEAR_MISSES = [
    "Si el infractor fuese jornalero, obrero o trabajador, la multa no excederá del importe de su jornal o salario de un día",
    "con multa de veinte a cien Unidades de Medida y Actualización (UMA)",
    "el titular deberá cubrir el salario de sus trabajadores conforme a la Ley Federal del Trabajo",
    "el espacio mínimo entre fosas será de sesenta centímetros",
    "con multa de diez a cien veces el valor diario de la Unidad de Medida y Actualización",
    "en coordinación con la Dirección de Protección al Ambiente",
    "según la Ley del Régimen Municipal para el Estado de Baja California",
    "las personas que provengan de la Ciudad de México o de otra entidad federativa",
    "los salarios del personal se fijarán en el presupuesto de egresos",
]

SUBJECTS = ["El titular del establecimiento", "La Dirección", "El concesionario",
            "Quien infrinja este Reglamento", "El permisionario", "La autoridad municipal"]


def planted_regulation(seed: int, articles: int = 60, title: str = "REGLAMENTO GENERADO"
                       ) -> tuple[str, set[tuple[str, str]]]:
    rng = random.Random(seed)
    lines = [f"{title} {seed} PARA EL MUNICIPIO DE MEXICALI, BAJA CALIFORNIA", "",
             "Publicado en el Periódico Oficial No. 12, de fecha 15 de marzo de 2002, Tomo CIX, "
             "Sección I.", "", "CAPÍTULO ÚNICO", "DISPOSICIONES GENERALES", ""]
    planted: set[tuple[str, str]] = set()
    for n in range(1, articles + 1):
        subject = rng.choice(SUBJECTS)
        if n % 3 == 0:
            category, phrase = PLANTS[(n // 3 + seed) % len(PLANTS)]
            planted.add((str(n), category))
        else:
            phrase = rng.choice(NEAR_MISSES)
        lines += [f"ARTÍCULO {n}.- {subject} será sancionado {phrase}, sin perjuicio de las "
                  "demás responsabilidades que procedan.", ""]
    return "\n".join(lines), planted


GOOD_CITES = ["el artículo {a} de este Reglamento", "los artículos {a} y {b}",
              "los artículos {b} al {b2}", "la fracción I del artículo {c}",
              "el artículo anterior", "el artículo 115 de la Constitución Política de los "
              "Estados Unidos Mexicanos", "la Ley del Régimen Municipal para el Estado de Baja "
              "California", "el artículo {a} Bis"]
BAD_CITES = [("el artículo {x} de este Reglamento", "missing_article"),
             ("los artículos {a}, {d} y {x}", "missing_article repealed_article"),
             ("el artículo {d} del presente Reglamento", "repealed_article"),
             ("la fracción IX del artículo {c}", "missing_clause"),
             ("el Reglamento de Tránsito para el Municipio de Mexicali", "unknown_regulation"),
             ("los artículos {d} a {d2}", "repealed_article")]


def cited_regulation(seed: int, articles: int = 40) -> tuple[str, set[tuple[str, str]]]:
    """A regulation whose articles cite others; every sixth citation is broken on purpose.

    Articles 5 and 6 are derogated, article 7 has fracciones I–III, every fourth article has a
    Bis; numbers above ``articles`` do not exist. Returns the text and the planted set
    ``{(citing article, kind)}``.
    """
    rng = random.Random(seed)
    lines = [f"REGLAMENTO CITADO {seed} PARA EL MUNICIPIO DE MEXICALI", ""]
    planted: set[tuple[str, str]] = set()
    for n in range(1, articles + 1):
        if n in (5, 6):
            lines += [f"ARTÍCULO {n}.- Derogado.", ""]
            continue
        if n == 7:
            lines += ["ARTÍCULO 7.- Son obligaciones:", "", "I.- Una;", "", "II.- Dos; y", "",
                      "III.- Tres.", ""]
            continue
        values = {"a": rng.choice([1, 2, 3, 4, 8, 9]), "b": rng.choice([10, 11, 12]), "c": 7,
                  "b2": 14, "d": 5, "d2": 6, "x": articles + rng.randint(5, 50)}
        if n % 6 == 0:
            template, kind = BAD_CITES[(n // 6 + seed) % len(BAD_CITES)]
            planted.update((str(n), k) for k in kind.split())
        else:
            template = rng.choice(GOOD_CITES[1:] if n == 1 else GOOD_CITES)  # 1: no «anterior»
            if "Bis" in template:
                values["a"] = 4
        cite = template.format(**values)
        lines += [f"ARTÍCULO {n}.- {rng.choice(SUBJECTS)} observará lo previsto en {cite}.", ""]
        if n == 4:
            lines += ["ARTÍCULO 4 Bis.- Existe.", ""]
    return "\n".join(lines), planted
