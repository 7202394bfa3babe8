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
