"""Golden reform scenarios, written from docs/DOMAIN.md's rules (never from program output).

Each scenario gives the regulation it starts from, the edits a drafter makes (by eId of the
text in force, in the order made), the decree's transitorios and its Periódico Oficial data,
and what the law expects: the operative clause (§9.5: "Se reforman …, para quedar como
sigue:", ARTÍCULO ÚNICO for one regulation), the decree body (only the touched units, "…" for
untouched fracciones and párrafos, "Se deroga." where a unit is derogated) and blocks of the
consolidated text (§9.6: the Mexicali "Fue reformado…; para quedar vigente como sigue:" note of
§7.2 on the unit's article, "Derogado."/"Derogada." placeholders, and the reform's own
transitorios appended after the original's under its POE data, §7.4). Dates follow §4: a
reform binds once published, from the date its transitorios say.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

MERCADOS = """REGLAMENTO DE MERCADOS PARA EL MUNICIPIO DE MEXICALI, BAJA CALIFORNIA

Publicado en el Periódico Oficial No. 30, de fecha 10 de junio de 2022, Tomo CXXIX.

CAPÍTULO I
DISPOSICIONES GENERALES

ARTÍCULO 1.- El presente Reglamento regula los mercados municipales.

ARTÍCULO 2.- Para efectos de este Reglamento se entiende por:
I.- Mercado: el inmueble destinado al comercio;
II.- Locatario: la persona titular de un local, y
III.- Dirección: la Dirección de Servicios Públicos.

ARTÍCULO 3.- La Dirección vigilará el cumplimiento de este Reglamento.

Los inspectores podrán practicar visitas en días hábiles.

CAPÍTULO II
DE LOS LOCATARIOS

ARTÍCULO 4.- Son obligaciones de los locatarios:
I.- Mantener limpio su local;
II.- Pagar los derechos siguientes:
a) De piso, y
b) De recolección de basura;
III.- Exhibir su licencia, y
IV.- Respetar el horario.

ARTÍCULO 5.- Los locales se asignarán por sorteo público.

CAPÍTULO III
DE LAS SANCIONES

ARTÍCULO 6.- Las infracciones se sancionarán con multa.

ARTÍCULO 7.- Las multas se pagarán en la Tesorería Municipal.

TRANSITORIOS

PRIMERO.- El presente Reglamento entrará en vigor al día siguiente de su publicación.

SEGUNDO.- Se derogan las disposiciones que se opongan al presente Reglamento.
"""

PANTEONES = """REGLAMENTO DE PANTEONES PARA EL MUNICIPIO DE MEXICALI, BAJA CALIFORNIA

Publicado en el Periódico Oficial No. 12, de fecha 5 de marzo de 2021, Tomo CXXVIII.

ARTÍCULO 1.- Los panteones municipales son un servicio público.

ARTÍCULO 2.- Los panteones abrirán todos los días.

TRANSITORIOS

ÚNICO.- El presente Reglamento entrará en vigor al día siguiente de su publicación.
"""

TIANGUIS = """ARTÍCULO 1.- El presente Reglamento regula los tianguis del Municipio.

ARTÍCULO 2.- Los tianguis requieren permiso de la Dirección.
"""

MERCADOS_TITLE = "Reglamento de Mercados para el Municipio de Mexicali, Baja California"
OF_MERCADOS = f"del {MERCADOS_TITLE}"
PANTEONES_TITLE = "Reglamento de Panteones para el Municipio de Mexicali, Baja California"
TIANGUIS_TITLE = "Reglamento de Tianguis del Municipio de Mexicali"

# The reform's Periódico Oficial (a Friday issue, Tomo ≈ year − 1893: CXXXII for 2025).
NUMBER, TOME, PUBLISHED = "45", "CXXXII", date(2025, 3, 14)
CITED = "Periódico Oficial No. 45, de fecha 14 de marzo de 2025, Tomo CXXXII"
NEXT_DAY = date(2025, 3, 15)
T_NEXT_DAY = ("La presente reforma entrará en vigor al día siguiente de su publicación en el "
              "Periódico Oficial del Estado.")
CAPTION = f"(Del Acuerdo de Cabildo publicado en el {CITED})"
ORIGINAL_TRANSITORIOS = [
    "TRANSITORIOS",
    "PRIMERO.- El presente Reglamento entrará en vigor al día siguiente de su publicación.",
    "SEGUNDO.- Se derogan las disposiciones que se opongan al presente Reglamento."]
# §7.4: the reform's transitorios follow the original's, under the reform's POE data.
REFORM_TRANSITORIOS = [*ORIGINAL_TRANSITORIOS, "TRANSITORIOS", CAPTION, f"ÚNICO.- {T_NEXT_DAY}"]


def note(art: str, verb: str, unit: str = "") -> str:
    """The Mexicali note of §7.2, printed before the article it belongs to."""
    target = f" {unit}" if unit else ""
    return (f"ARTÍCULO {art}.- Fue {verb}{target} por Acuerdo de Cabildo, publicado en el "
            f"{CITED}; para quedar vigente como sigue:")


def clause(text: str) -> str:
    return f"ARTÍCULO ÚNICO.- {text}"


@dataclass(slots=True)
class Scenario:
    name: str
    edits: list[tuple]
    clause: str
    body: list[str]
    consolidated: list[list[str]]                 # blocks that appear, each contiguous
    absent: list[str] = field(default_factory=list)
    transitorios: list[str] = field(default_factory=lambda: [T_NEXT_DAY])
    versions: list[date] = field(default_factory=lambda: [NEXT_DAY])
    note_style: str = "preambulo"
    confirm: bool = False                         # operations flagged "(revisar)"
    gui: bool = False                             # also driven through the GUI


def decree(s: Scenario) -> list[str]:
    """The whole decree: clause, body, then the reform's transitorios (one: ÚNICO)."""
    lines = [s.clause, *s.body, "TRANSITORIOS"]
    if len(s.transitorios) == 1:
        return [*lines, f"ÚNICO.- {s.transitorios[0]}"]
    ordinals = ["PRIMERO", "SEGUNDO", "TERCERO"]
    return [*lines, *(f"{o}.- {t}" for o, t in zip(ordinals, s.transitorios))]


SCENARIOS = [
    Scenario(
        "reforma_articulo",
        [("edit", "cap_1__art_1", "El presente Reglamento regula los mercados y tianguis "
                                  "municipales.")],
        clause(f"Se reforma el artículo 1 {OF_MERCADOS}, para quedar como sigue:"),
        ["ARTÍCULO 1.- El presente Reglamento regula los mercados y tianguis municipales."],
        [["DISPOSICIONES GENERALES", note("1", "reformado"),
          "ARTÍCULO 1.- El presente Reglamento regula los mercados y tianguis municipales."],
         REFORM_TRANSITORIOS],
        absent=["ARTÍCULO 1.- El presente Reglamento regula los mercados municipales."],
        gui=True),
    Scenario(
        "reforma_fraccion",
        [("edit", "cap_1__art_2__frac_2", "Locatario: la persona física o moral titular de un "
                                          "local, y")],
        clause(f"Se reforma la fracción II del artículo 2 {OF_MERCADOS}, para quedar como "
               "sigue:"),
        ["ARTÍCULO 2.- …", "…",
         "II.- Locatario: la persona física o moral titular de un local, y", "…"],
        [[note("2", "reformada", "la fracción II"),
          "ARTÍCULO 2.- Para efectos de este Reglamento se entiende por:",
          "I.- Mercado: el inmueble destinado al comercio;",
          "II.- Locatario: la persona física o moral titular de un local, y",
          "III.- Dirección: la Dirección de Servicios Públicos."], REFORM_TRANSITORIOS]),
    Scenario(
        "reforma_inciso",
        [("edit", "cap_2__art_4__frac_2__inc_b", "De recolección de residuos;")],
        clause(f"Se reforma el inciso b) de la fracción II del artículo 4 {OF_MERCADOS}, para "
               "quedar como sigue:"),
        ["ARTÍCULO 4.- …", "…", "II.- …", "…", "b) De recolección de residuos;", "…"],
        [[note("4", "reformado", "el inciso b) de la fracción II"),
          "ARTÍCULO 4.- Son obligaciones de los locatarios:"],
         ["a) De piso, y", "b) De recolección de residuos;"], REFORM_TRANSITORIOS],
        gui=True),
    Scenario(
        "reforma_parrafo",
        [("edit", "cap_1__art_3__par_1", "Los inspectores podrán practicar visitas en cualquier "
                                         "día del año.")],
        clause(f"Se reforma el párrafo segundo del artículo 3 {OF_MERCADOS}, para quedar como "
               "sigue:"),
        ["ARTÍCULO 3.- …", "Los inspectores podrán practicar visitas en cualquier día del año."],
        [[note("3", "reformado", "el párrafo segundo"),
          "ARTÍCULO 3.- La Dirección vigilará el cumplimiento de este Reglamento.",
          "Los inspectores podrán practicar visitas en cualquier día del año."],
         REFORM_TRANSITORIOS]),
    Scenario(
        "reforma_proemio",
        [("edit", "cap_2__art_4", "Son obligaciones de los locatarios y sus dependientes:")],
        clause(f"Se reforma el párrafo primero del artículo 4 {OF_MERCADOS}, para quedar como "
               "sigue:"),
        # The proemio alone: the fracciones it introduces are not restated.
        ["ARTÍCULO 4.- Son obligaciones de los locatarios y sus dependientes:", "…"],
        [[note("4", "reformado", "el párrafo primero"),
          "ARTÍCULO 4.- Son obligaciones de los locatarios y sus dependientes:",
          "I.- Mantener limpio su local;"], REFORM_TRANSITORIOS],
        gui=True),
    Scenario(
        "proemio_fraccion_y_derogacion",
        [("edit", "cap_2__art_4", "Son obligaciones de los locatarios y sus dependientes:"),
         ("edit", "cap_2__art_4__frac_1", "Mantener limpio e higiénico su local;"),
         ("derogate", "cap_2__art_4__frac_4")],
        clause(f"Se reforman el párrafo primero y la fracción I del artículo 4; y se deroga la "
               f"fracción IV del artículo 4, todos {OF_MERCADOS}, para quedar como sigue:"),
        ["ARTÍCULO 4.- Son obligaciones de los locatarios y sus dependientes:",
         "I.- Mantener limpio e higiénico su local;", "…", "IV.- Se deroga."],
        [[note("4", "reformado", "el párrafo primero"),
          note("4", "reformada", "la fracción I"),
          note("4", "derogada", "la fracción IV"),
          "ARTÍCULO 4.- Son obligaciones de los locatarios y sus dependientes:",
          "I.- Mantener limpio e higiénico su local;"],
         ["III.- Exhibir su licencia, y", "IV.- Derogada."], REFORM_TRANSITORIOS]),
    Scenario(
        "adicion_articulo_entre_dos",
        [("add_after", "cap_1__art_2", "Los mercados operarán de seis a veinte horas.")],
        clause(f"Se adiciona el artículo 2 Bis {OF_MERCADOS}, para quedar como sigue:"),
        ["ARTÍCULO 2 Bis.- Los mercados operarán de seis a veinte horas."],
        [["III.- Dirección: la Dirección de Servicios Públicos.", note("2 Bis", "adicionado"),
          "ARTÍCULO 2 Bis.- Los mercados operarán de seis a veinte horas.",
          "ARTÍCULO 3.- La Dirección vigilará el cumplimiento de este Reglamento."],
         REFORM_TRANSITORIOS], gui=True),
    Scenario(
        # Article 4 opens Capítulo II: the new last article of Capítulo I is 3 Bis, never 4.
        "adicion_al_final_de_capitulo",
        [("add_after", "cap_1__art_3", "Las visitas constarán en acta circunstanciada.")],
        clause(f"Se adiciona el artículo 3 Bis {OF_MERCADOS}, para quedar como sigue:"),
        ["ARTÍCULO 3 Bis.- Las visitas constarán en acta circunstanciada."],
        [["Los inspectores podrán practicar visitas en días hábiles.",
          note("3 Bis", "adicionado"),
          "ARTÍCULO 3 Bis.- Las visitas constarán en acta circunstanciada.",
          "CAPÍTULO II", "DE LOS LOCATARIOS", "ARTÍCULO 4.- Son obligaciones de los locatarios:"],
         REFORM_TRANSITORIOS], gui=True),
    Scenario(
        "adicion_al_final_del_reglamento",
        [("add_after", "cap_3__art_7", "Las multas podrán pagarse en línea.")],
        clause(f"Se adiciona el artículo 8 {OF_MERCADOS}, para quedar como sigue:"),
        ["ARTÍCULO 8.- Las multas podrán pagarse en línea."],
        [["ARTÍCULO 7.- Las multas se pagarán en la Tesorería Municipal.",
          note("8", "adicionado"), "ARTÍCULO 8.- Las multas podrán pagarse en línea.",
          *REFORM_TRANSITORIOS]]),
    Scenario(
        "adicion_fraccion_al_final",
        [("add_in", "cap_1__art_2", "fraccion", "Tianguis: el mercado sobre ruedas.")],
        clause(f"Se adiciona la fracción IV al artículo 2 {OF_MERCADOS}, para quedar como "
               "sigue:"),
        ["ARTÍCULO 2.- …", "…", "IV.- Tianguis: el mercado sobre ruedas."],
        [[note("2", "adicionada", "la fracción IV"),
          "ARTÍCULO 2.- Para efectos de este Reglamento se entiende por:"],
         ["III.- Dirección: la Dirección de Servicios Públicos.",
          "IV.- Tianguis: el mercado sobre ruedas."], REFORM_TRANSITORIOS]),
    Scenario(
        "adicion_fraccion_bis",
        [("add_after", "cap_2__art_4__frac_1", "Usar uniforme;")],
        clause(f"Se adiciona la fracción I Bis al artículo 4 {OF_MERCADOS}, para quedar como "
               "sigue:"),
        ["ARTÍCULO 4.- …", "…", "I Bis.- Usar uniforme;", "…"],
        [[note("4", "adicionada", "la fracción I Bis"),
          "ARTÍCULO 4.- Son obligaciones de los locatarios:",
          "I.- Mantener limpio su local;", "I Bis.- Usar uniforme;",
          "II.- Pagar los derechos siguientes:"], REFORM_TRANSITORIOS], gui=True),
    Scenario(
        "adicion_inciso",
        [("add_in", "cap_2__art_4__frac_2", "inciso", "De alumbrado.")],
        clause(f"Se adiciona el inciso c) a la fracción II del artículo 4 {OF_MERCADOS}, para "
               "quedar como sigue:"),
        ["ARTÍCULO 4.- …", "…", "II.- …", "…", "c) De alumbrado.", "…"],
        [["b) De recolección de basura;", "c) De alumbrado.", "III.- Exhibir su licencia, y"],
         REFORM_TRANSITORIOS]),
    Scenario(
        "adicion_parrafo",
        [("add_in", "cap_2__art_5", "parrafo", "El sorteo se hará ante notario público.")],
        clause(f"Se adiciona un párrafo segundo al artículo 5 {OF_MERCADOS}, para quedar como "
               "sigue:"),
        ["ARTÍCULO 5.- …", "El sorteo se hará ante notario público."],
        [[note("5", "adicionado", "el párrafo segundo"),
          "ARTÍCULO 5.- Los locales se asignarán por sorteo público.",
          "El sorteo se hará ante notario público."], REFORM_TRANSITORIOS]),
    Scenario(
        "derogacion_articulo",
        [("derogate", "cap_3__art_7")],
        clause(f"Se deroga el artículo 7 {OF_MERCADOS}, para quedar como sigue:"),
        ["ARTÍCULO 7.- Se deroga."],
        [[note("7", "derogado"), "ARTÍCULO 7.- Derogado.", *REFORM_TRANSITORIOS]],
        gui=True),
    Scenario(
        "derogacion_fraccion",
        [("derogate", "cap_1__art_2__frac_3")],
        clause(f"Se deroga la fracción III del artículo 2 {OF_MERCADOS}, para quedar como "
               "sigue:"),
        ["ARTÍCULO 2.- …", "…", "III.- Se deroga."],
        [[note("2", "derogada", "la fracción III"),
          "ARTÍCULO 2.- Para efectos de este Reglamento se entiende por:"],
         ["II.- Locatario: la persona titular de un local, y", "III.- Derogada."],
         REFORM_TRANSITORIOS]),
    Scenario(
        # Parenthetical style: the note goes on the fracción, never on the article (which
        # would read as if the whole article had been derogated).
        "derogacion_fraccion_nota_entre_parentesis",
        [("derogate", "cap_1__art_2__frac_3")],
        clause(f"Se deroga la fracción III del artículo 2 {OF_MERCADOS}, para quedar como "
               "sigue:"),
        ["ARTÍCULO 2.- …", "…", "III.- Se deroga."],
        [["ARTÍCULO 2.- Para efectos de este Reglamento se entiende por:",
          "I.- Mercado: el inmueble destinado al comercio;"],
         ["III.- Derogada.", "(Derogada, P.O. No. 45, Tomo CXXXII, 14-03-2025)"],
         REFORM_TRANSITORIOS],
        absent=["(Derogado, P.O. No. 45, Tomo CXXXII, 14-03-2025)"],
        note_style="parentesis", gui=True),
    Scenario(
        "derogacion_inciso",
        [("derogate", "cap_2__art_4__frac_2__inc_a")],
        clause(f"Se deroga el inciso a) de la fracción II del artículo 4 {OF_MERCADOS}, para "
               "quedar como sigue:"),
        ["ARTÍCULO 4.- …", "…", "II.- …", "a) Se deroga.", "…"],
        [[note("4", "derogado", "el inciso a) de la fracción II"),
          "ARTÍCULO 4.- Son obligaciones de los locatarios:"],
         ["II.- Pagar los derechos siguientes:", "a) Derogado.",
          "b) De recolección de basura;"], REFORM_TRANSITORIOS]),
    Scenario(
        "reforma_denominacion_de_capitulo",
        [("heading", "cap_3", "DE LAS INFRACCIONES Y SANCIONES")],
        clause(f"Se reforma la denominación del Capítulo III {OF_MERCADOS}, para quedar como "
               "sigue:"),
        ["CAPÍTULO III", "DE LAS INFRACCIONES Y SANCIONES"],
        [["CAPÍTULO III", "DE LAS INFRACCIONES Y SANCIONES",
          "(Reformado, P.O. No. 45, Tomo CXXXII, 14-03-2025)",
          "ARTÍCULO 6.- Las infracciones se sancionarán con multa."], REFORM_TRANSITORIOS]),
    Scenario(
        # A renumbering is worded ("se recorre") and, being flagged for review, publishes
        # only once a person confirms it.
        "renumeracion",
        [("renumber", "cap_3__art_7", "8")],
        clause(f"Se recorre el artículo 7, que pasa a ser el artículo 8, {OF_MERCADOS}, para "
               "quedar como sigue:"),
        ["ARTÍCULO 8.- Las multas se pagarán en la Tesorería Municipal."],
        [["ARTÍCULO 6.- Las infracciones se sancionarán con multa.", note("8", "reformado"),
          "ARTÍCULO 8.- Las multas se pagarán en la Tesorería Municipal."],
         REFORM_TRANSITORIOS],
        absent=["ARTÍCULO 7.- Las multas se pagarán en la Tesorería Municipal."],
        confirm=True),
    Scenario(
        "reforma_y_adicion_y_derogacion",
        [("edit", "cap_1__art_1", "El presente Reglamento regula los mercados públicos."),
         ("add_in", "cap_1__art_2", "fraccion", "Tianguis: el mercado sobre ruedas."),
         ("derogate", "cap_3__art_6")],
        clause(f"Se reforma el artículo 1; se adiciona la fracción IV al artículo 2; y se deroga "
               f"el artículo 6, todos {OF_MERCADOS}, para quedar como sigue:"),
        ["ARTÍCULO 1.- El presente Reglamento regula los mercados públicos.",
         "ARTÍCULO 2.- …", "…", "IV.- Tianguis: el mercado sobre ruedas.",
         "ARTÍCULO 6.- Se deroga."],
        [[note("1", "reformado"),
          "ARTÍCULO 1.- El presente Reglamento regula los mercados públicos."],
         [note("6", "derogado"), "ARTÍCULO 6.- Derogado."], REFORM_TRANSITORIOS],
        gui=True),
]

# Entry into force (§4): publication + offset, or a fixed date, with per-article exceptions.
ENTRY = [
    # (name, transitorio, publication, expected start dates of the new versions)
    ("vigencia_dias_naturales", "La presente reforma entrará en vigor a los treinta días "
     "naturales siguientes a su publicación en el Periódico Oficial del Estado.",
     PUBLISHED, [date(2025, 4, 13)]),
    # June 2025 has no official holiday: ten working days after Friday 6 June is Friday 20.
    ("vigencia_dias_habiles", "La presente reforma entrará en vigor a los diez días hábiles "
     "siguientes a su publicación en el Periódico Oficial del Estado.",
     date(2025, 6, 6), [date(2025, 6, 20)]),
    ("vigencia_meses", "La presente reforma entrará en vigor a los dos meses de su "
     "publicación en el Periódico Oficial del Estado.", PUBLISHED, [date(2025, 5, 14)]),
    ("vigencia_fecha_fija", "La presente reforma entrará en vigor el 1 de julio de 2025.",
     PUBLISHED, [date(2025, 7, 1)]),
    ("vigencia_excepcion_por_articulo", "La presente reforma entrará en vigor al día siguiente "
     "de su publicación en el Periódico Oficial del Estado, con excepción de lo dispuesto en "
     "el artículo 6, que entrará en vigor el 1 de septiembre de 2025.",
     PUBLISHED, [date(2025, 3, 15), date(2025, 9, 1)]),
]
