"""Decree wording: the operative clause, the draft decree body and the change summary."""

import doctest
import itertools
import random
import re

import pytest

from reglamentos_app.domain import wording
from reglamentos_app.domain.changes import CitationPart, OperationKind, ReformOperation
from reglamentos_app.domain.numbering import SUFFIXES, display_suffix, int_to_roman, ordinal_word
from reglamentos_app.domain.provisions import Provision, ProvisionKind, ensure_pids
from reglamentos_app.domain.wording import WordingTarget, decree_clause, decree_text, summarize
from reglamentos_app.sources.text.parser import parse_text

AMEND, INSERT, REPEAL, RENUMBER = (OperationKind.AMEND, OperationKind.INSERT,
                                   OperationKind.REPEAL, OperationKind.RENUMBER)
TRANSITO = "Reglamento de Tránsito para el Municipio de Mexicali, Baja California"
AMBIENTE = "Reglamento de Protección al Ambiente para el Municipio de Mexicali, Baja California"
TAIL = ", para quedar como sigue:"
VERB_WORDS = {AMEND: ("reforma", "reforman"), INSERT: ("adiciona", "adicionan"),
              REPEAL: ("deroga", "derogan")}


def art(num):
    return (ProvisionKind.ARTICLE, num)


def frac(num):
    return (ProvisionKind.CLAUSE, num)


def inc(num):
    return (ProvisionKind.ITEM, num)


def par(num):
    return (ProvisionKind.PARAGRAPH, num)


def trans(num):
    return (ProvisionKind.TRANSITIONAL, num)


def cap(num):
    return (ProvisionKind.CHAPTER, num)


def tit(num):
    return (ProvisionKind.TITLE, num)


def sec(num):
    return (ProvisionKind.SECTION, num)


def op(kind, *parts, pid="", new=None):
    citation = tuple(CitationPart(k, n) for k, n in parts)
    return ReformOperation(kind, "mx:reglamento", "eid", pid or "pid-" + repr(parts),
                           citation[-1].kind, citation, new=new)


def clause(ops, title=TRANSITO):
    return decree_clause([WordingTarget(title, list(ops), None)])


def listed(text):
    """The cited list of a one-verb clause: between the verb and the regulation."""
    body = re.sub(r"^Se \w+ ", "", text)
    return re.split(r",? (?:todos|todas) del |\s+del Reglamento", body)[0]


# ---------------------------------------------------------------- hand-written exact texts

def test_example_of_the_brief():
    ops = [op(AMEND, art("3")), op(AMEND, art("5"), frac("II")), op(AMEND, art("7")),
           op(INSERT, art("12 Bis")), op(INSERT, art("12"), frac("IX")),
           op(REPEAL, art("8"), frac("III")), op(REPEAL, art("20"))]
    assert clause(ops) == (
        "Se reforman los artículos 3, 5, fracción II, y 7; se adicionan el artículo 12 Bis y la "
        "fracción IX al artículo 12; y se derogan la fracción III del artículo 8 y el artículo 20, "
        "todos del Reglamento de Tránsito para el Municipio de Mexicali, Baja California, para "
        "quedar como sigue:")


def test_example_of_domain_md_in_any_input_order():
    ops = [op(AMEND, art("5")), op(AMEND, art("12"), frac("III")), op(AMEND, art("40")),
           op(INSERT, art("12 Bis")), op(INSERT, art("40 Ter")), op(INSERT, art("8"), frac("VII")),
           op(REPEAL, art("9"), frac("IV")), op(REPEAL, art("51"))]
    expected = ("Se reforman los artículos 5, 12, fracción III, y 40; se adicionan los "
                "artículos 12 Bis y 40 Ter y la fracción VII al artículo 8; y se derogan la "
                "fracción IV del artículo 9 y el artículo 51, todos del Reglamento de Tránsito "
                "para el Municipio de Mexicali, Baja California, para quedar como sigue:")
    assert clause(ops) == expected
    assert clause(reversed(ops)) == expected


R = TRANSITO  # short name for the table below


@pytest.mark.parametrize("ops,expected", [
    ([op(AMEND, art("3"))], f"Se reforma el artículo 3 del {R}"),
    ([op(AMEND, art("7")), op(AMEND, art("3"))], f"Se reforman los artículos 3 y 7, todos del {R}"),
    ([op(REPEAL, art("8"), frac("III"))], f"Se deroga la fracción III del artículo 8 del {R}"),
    ([op(AMEND, art("5"), frac("II")), op(AMEND, art("5"), frac("IV"))],
     f"Se reforman las fracciones II y IV del artículo 5, todas del {R}"),
    ([op(AMEND, art("5"), frac("II"), inc("a"))],
     f"Se reforma el inciso a) de la fracción II del artículo 5 del {R}"),
    ([op(AMEND, art("7"), par("2"))], f"Se reforma el párrafo segundo del artículo 7 del {R}"),
    ([op(INSERT, art("12"), frac("IX"))], f"Se adiciona la fracción IX al artículo 12 del {R}"),
    ([op(INSERT, art("12"), frac("IX")), op(INSERT, art("12"), frac("X"))],
     f"Se adicionan las fracciones IX y X al artículo 12, todas del {R}"),
    ([op(INSERT, art("7"), par("3"))], f"Se adiciona un párrafo tercero al artículo 7 del {R}"),
    ([op(INSERT, art("7"), par("3")), op(INSERT, art("7"), par("4"))],
     f"Se adicionan los párrafos tercero y cuarto al artículo 7, todos del {R}"),
    ([op(INSERT, art("5"), frac("II"), inc("d"))],
     f"Se adiciona el inciso d) a la fracción II del artículo 5 del {R}"),
    ([op(INSERT, tit("SEGUNDO"), cap("III BIS"))],
     f"Se adiciona el Capítulo III Bis al Título Segundo del {R}"),
    ([op(AMEND, tit("SEGUNDO"), cap("III"))],
     f"Se reforma la denominación del Capítulo III del Título Segundo del {R}"),
    ([op(AMEND, trans("SEGUNDO"))], f"Se reforma el artículo segundo transitorio del {R}"),
    ([op(REPEAL, trans("TERCERO")), op(REPEAL, trans("PRIMERO"))],
     f"Se derogan los artículos primero y tercero transitorios, todos del {R}"),
    ([op(REPEAL, art("3")), op(REPEAL, art("5"), frac("II")), op(REPEAL, art("7"))],
     f"Se derogan los artículos 3, 5, fracción II, y 7, todos del {R}"),
    ([op(AMEND, art("3")), op(AMEND, art("4")), op(AMEND, art("5"), frac("II"), inc("a")),
      op(AMEND, art("5"), frac("II"), inc("b"))],
     f"Se reforman los artículos 3, 4 y 5, fracción II, incisos a) y b), todos del {R}"),
    ([op(AMEND, art("3")), op(AMEND, art("5"), frac("II"))],
     f"Se reforman el artículo 3 y la fracción II del artículo 5, todos del {R}"),
    ([op(AMEND, art("3")), op(REPEAL, art("20"))],
     f"Se reforma el artículo 3; y se deroga el artículo 20, todos del {R}"),
    ([op(AMEND, art("12 BIS")), op(AMEND, art("2"), frac("XIII BIS"))],
     f"Se reforman la fracción XIII Bis del artículo 2 y el artículo 12 Bis, todos del {R}"),
    ([op(AMEND, art("3")), op(RENUMBER, art("4 Bis"))], f"Se reforma el artículo 3 del {R}"),
    # A whole article makes its own units redundant in the same list.
    ([op(AMEND, art("5")), op(AMEND, art("5"), frac("II")), op(AMEND, art("5"))],
     f"Se reforma el artículo 5 del {R}"),
])
def test_exact_clauses(ops, expected):
    assert clause(ops) == expected + TAIL


def test_title_article_agrees_with_the_kind_of_norm():
    ops = [op(AMEND, art("3"))]
    assert clause(ops, "Ley de Ingresos del Municipio de Mexicali") == (
        "Se reforma el artículo 3 de la Ley de Ingresos del Municipio de Mexicali" + TAIL)
    assert clause(ops, "Bando de Policía y Gobierno para el Municipio de Mexicali") == (
        "Se reforma el artículo 3 del Bando de Policía y Gobierno para el Municipio de Mexicali"
        + TAIL)


def test_omnibus_clause_numbers_each_regulation():
    first = WordingTarget(AMBIENTE, [op(AMEND, art("45")), op(AMEND, art("46"))], None)
    second = WordingTarget(TRANSITO, [op(AMEND, art("181"), frac("II"))], None)
    renumber_only = WordingTarget("Reglamento de Panteones", [op(RENUMBER, art("2"))], None)
    assert decree_clause([first, renumber_only, second]) == (
        "ARTÍCULO PRIMERO.- Se reforman los artículos 45 y 46, todos del Reglamento de Protección "
        "al Ambiente para el Municipio de Mexicali, Baja California, para quedar como sigue:\n"
        "ARTÍCULO SEGUNDO.- Se reforma la fracción II del artículo 181 del Reglamento de Tránsito "
        "para el Municipio de Mexicali, Baja California, para quedar como sigue:")


DRAFT = """REGLAMENTO DE TRÁNSITO PARA EL MUNICIPIO DE MEXICALI, BAJA CALIFORNIA

TÍTULO PRIMERO
DISPOSICIONES GENERALES

ARTÍCULO 3.- Objeto.- El presente Reglamento regula la movilidad en el Municipio.

ARTÍCULO 5.- Son autoridades de tránsito:

I.- El Ayuntamiento;

II.- La persona titular de la Presidencia Municipal;

III.- La Dirección de Seguridad Pública:

a) Por conducto de su titular;

b) Por conducto de los agentes.

IV.- Las demás que señalen las leyes.

ARTÍCULO 7.- Las multas se expresan en Unidades de Medida y Actualización.

El monto se actualiza cada año.

Las multas se pagan en Recaudación de Rentas.

ARTÍCULO 8.- Se prohíbe:

I.- Estacionarse en doble fila;

II.- Obstruir rampas;

III.- Derogada.

IV.- Circular en sentido contrario.

ARTÍCULO 12.- Son infracciones graves:

I.- Conducir en estado de ebriedad;

II.- Exceder el límite de velocidad.

III.- Usar el teléfono celular al conducir.

ARTÍCULO 12 BIS.- Las grúas concesionadas portarán su tarifa a la vista.

ARTÍCULO 20.- Derogado.
"""


@pytest.fixture()
def draft():
    root = parse_text(DRAFT, "borrador.txt").root
    ensure_pids(root)
    return root


def at(root, kind, eid, *parts):
    """An operation on the draft node with ``eid`` (its pid, its text as ``new``)."""
    node = root.find(eid)
    return op(kind, *parts, pid=node.pid, new=node if kind is not REPEAL else None)


def test_decree_text_shows_touched_units_with_ellipses_and_transitorios(draft):
    t = "tit_1__"
    ops = [at(draft, AMEND, t + "art_3", art("3")),
           at(draft, AMEND, t + "art_5__frac_2", art("5"), frac("II")),
           at(draft, AMEND, t + "art_5__frac_3__inc_a", art("5"), frac("III"), inc("a")),
           at(draft, AMEND, t + "art_7__par_1", art("7"), par("2")),
           at(draft, INSERT, t + "art_12__frac_3", art("12"), frac("III")),
           at(draft, INSERT, t + "art_12bis", art("12 Bis")),
           at(draft, REPEAL, t + "art_8__frac_3", art("8"), frac("III")),
           at(draft, REPEAL, t + "art_20", art("20")),
           at(draft, RENUMBER, t + "art_12", art("12"))]
    text = decree_text([WordingTarget(TRANSITO, ops, draft)],
                       ["La presente reforma entrará en vigor al día siguiente de su publicación "
                        "en el Periódico Oficial del Estado.",
                        "Se derogan las disposiciones que se opongan a la presente reforma."],
                       heading="ACUERDO POR EL QUE SE REFORMA EL REGLAMENTO DE TRÁNSITO")
    assert text.split("\n") == [
        "ACUERDO POR EL QUE SE REFORMA EL REGLAMENTO DE TRÁNSITO",
        "ARTÍCULO ÚNICO.- Se reforman el artículo 3, la fracción II y el inciso a) de la "
        "fracción III del artículo 5 y el párrafo segundo del artículo 7; se adicionan el artículo 12 Bis y la "
        "fracción III al artículo 12; y se derogan la fracción III del artículo 8 y el artículo "
        "20, todos del Reglamento de Tránsito para el Municipio de Mexicali, Baja California, "
        "para quedar como sigue:",
        "ARTÍCULO 3.- Objeto.- El presente Reglamento regula la movilidad en el Municipio.",
        "ARTÍCULO 5.- …",
        "…",
        "II.- La persona titular de la Presidencia Municipal;",
        "III.- …",
        "a) Por conducto de su titular;",
        "…",   # one gap for the rest of fracción III and of the article
        "ARTÍCULO 7.- …",
        "El monto se actualiza cada año.",
        "…",
        "ARTÍCULO 8.- …",
        "…",
        "III.- Se deroga.",
        "…",
        "ARTÍCULO 12.- …",
        "…",
        "III.- Usar el teléfono celular al conducir.",
        "ARTÍCULO 12 Bis.- Las grúas concesionadas portarán su tarifa a la vista.",
        "ARTÍCULO 20.- Se deroga.",
        "TRANSITORIOS",
        "PRIMERO.- La presente reforma entrará en vigor al día siguiente de su publicación en el "
        "Periódico Oficial del Estado.",
        "SEGUNDO.- Se derogan las disposiciones que se opongan a la presente reforma.",
    ]


def test_omnibus_decree_text(draft):
    environment = Provision(ProvisionKind.ROOT, children=[
        Provision(ProvisionKind.ARTICLE, "45", text="Se sancionará con multa de 41 a 200 UMA a "
                  "quien arroje basura en la vía pública.", pid="a45"),
        Provision(ProvisionKind.ARTICLE, "46", text="Texto sin cambios.", pid="a46")])
    first = WordingTarget(AMBIENTE, [op(AMEND, art("45"), pid="a45")], environment)
    second = WordingTarget(TRANSITO, [at(draft, REPEAL, "tit_1__art_8__frac_2", art("8"),
                                         frac("II"))], draft)
    text = decree_text([first, second], ["Las presentes reformas entrarán en vigor a los sesenta "
                                         "días de su publicación."])
    assert text.split("\n") == [
        "ARTÍCULO PRIMERO.- Se reforma el artículo 45 del Reglamento de Protección al Ambiente "
        "para el Municipio de Mexicali, Baja California, para quedar como sigue:",
        "ARTÍCULO 45.- Se sancionará con multa de 41 a 200 UMA a quien arroje basura en la vía "
        "pública.",
        "ARTÍCULO SEGUNDO.- Se deroga la fracción II del artículo 8 del Reglamento de Tránsito "
        "para el Municipio de Mexicali, Baja California, para quedar como sigue:",
        "ARTÍCULO 8.- …",
        "…",
        "II.- Se deroga.",
        "…",
        "TRANSITORIOS",
        "ÚNICO.- Las presentes reformas entrarán en vigor a los sesenta días de su publicación.",
    ]


def test_derogation_missing_from_the_draft_is_placed_by_number(draft):
    ops = [op(REPEAL, art("5"), frac("V"), pid="gone"),
           op(REPEAL, art("8"), frac("I"), pid="gone-too")]
    lines = decree_text([WordingTarget(TRANSITO, ops, draft)]).split("\n")
    assert lines[1:] == ["ARTÍCULO 5.- …", "…", "V.- Se deroga.",
                         "ARTÍCULO 8.- …", "I.- Se deroga.", "…"]


def test_new_chapter_shows_its_heading_and_its_articles_in_place():
    article = Provision(ProvisionKind.ARTICLE, "46 Bis", text="Texto nuevo.", pid="a46b")
    chapter = Provision(ProvisionKind.CHAPTER, "III BIS", heading="DE LOS RESIDUOS", pid="c3b",
                        children=[article])
    title = Provision(ProvisionKind.TITLE, "SEGUNDO", heading="DE LA LIMPIA", pid="t2", children=[
        Provision(ProvisionKind.ARTICLE, "46", text="Sin cambios.", pid="a46"), chapter])
    root = Provision(ProvisionKind.ROOT, children=[title])
    ops = [op(INSERT, art("46 Bis"), pid="a46b"), op(INSERT, cap("III BIS"), pid="c3b")]
    assert decree_text([WordingTarget(AMBIENTE, ops, root)]).split("\n") == [
        "ARTÍCULO ÚNICO.- Se adicionan el Capítulo III Bis al Título Segundo y el artículo 46 Bis, todos del "
        "Reglamento de Protección al Ambiente para el Municipio de Mexicali, Baja California, "
        "para quedar como sigue:",
        "CAPÍTULO III BIS", "DE LOS RESIDUOS",
        "ARTÍCULO 46 Bis.- Texto nuevo."]


def test_without_a_draft_the_operation_text_is_used():
    new = Provision(ProvisionKind.CLAUSE, "II", text="Texto nuevo;")
    whole = Provision(ProvisionKind.ARTICLE, "9", text="Artículo nuevo.", children=[
        Provision(ProvisionKind.CLAUSE, "I", text="Primera.")])
    ops = [op(AMEND, art("5"), frac("II"), new=new), op(INSERT, art("9"), new=whole)]
    assert decree_text([WordingTarget(TRANSITO, ops, None)]).split("\n")[1:] == [
        "ARTÍCULO 5.- …", "…", "II.- Texto nuevo;", "…",
        "ARTÍCULO 9.- Artículo nuevo.", "I.- Primera."]


@pytest.mark.parametrize("ops,expected", [
    ([], "Sin cambios"),
    ([op(AMEND, art("1"))] * 3 + [op(INSERT, art("2"))] + [op(REPEAL, art("3"))],
     "3 reformas, 1 adición, 1 derogación"),
    ([op(RENUMBER, art("4"))], "1 renumeración por revisar"),
    ([op(INSERT, art("2"))] * 2 + [op(RENUMBER, art("4"))] * 2,
     "2 adiciones, 2 renumeraciones por revisar"),
])
def test_summarize_exact(ops, expected):
    assert summarize(ops) == expected


def test_docstring_examples():
    result = doctest.testmod(wording)
    assert result.attempted > 0 and result.failed == 0


# ---------------------------------------------------------------- generated agreement checks

@pytest.mark.parametrize("verb", [AMEND, INSERT, REPEAL])
@pytest.mark.parametrize("n", range(1, 9))
def test_whole_articles_agree_in_number(verb, n):
    numbers = [str(3 * i + 1) for i in range(n)]
    text = clause([op(verb, art(num)) for num in numbers])
    singular, plural = VERB_WORDS[verb]
    if n == 1:
        assert text == f"Se {singular} el artículo {numbers[0]} del {TRANSITO}{TAIL}"
    else:
        assert text.startswith(f"Se {plural} los artículos ")
        assert f", todos del {TRANSITO}" in text
        items = listed(text).removeprefix("los artículos ")
        assert items.count(" y ") == 1 and items.endswith(" y " + numbers[-1])
        assert items.split(" y ")[0].split(", ") == numbers[:-1]


SUB_FORMS = {  # kind: (singular noun, plural noun, feminine, number shown for position i)
    ProvisionKind.CLAUSE: ("fracción", "fracciones", True, int_to_roman),
    ProvisionKind.ITEM: ("inciso", "incisos", False, lambda i: "abcdefghij"[i - 1] + ")"),
    ProvisionKind.PARAGRAPH: ("párrafo", "párrafos", False, lambda i: ordinal_word(i).lower()),
}


@pytest.mark.parametrize("verb", [AMEND, INSERT, REPEAL])
@pytest.mark.parametrize("kind", list(SUB_FORMS), ids=lambda k: k.value)
@pytest.mark.parametrize("n", range(1, 6))
def test_units_below_an_article_agree_in_number_and_gender(verb, kind, n):
    singular, plural, feminine, shown = SUB_FORMS[kind]
    raw = {ProvisionKind.CLAUSE: int_to_roman, ProvisionKind.ITEM: lambda i: "abcdefghij"[i - 1],
           ProvisionKind.PARAGRAPH: str}[kind]
    text = clause([op(verb, art("5"), (kind, raw(i + 1))) for i in range(n)])
    verb_sg, verb_pl = VERB_WORDS[verb]
    numbers = [shown(i + 1) for i in range(n)]
    joined = numbers[0] if n == 1 else ", ".join(numbers[:-1]) + " y " + numbers[-1]
    if n == 1:
        det = ("un" if kind is ProvisionKind.PARAGRAPH and verb is INSERT
               else "la" if feminine else "el")
        cited = f"{det} {singular} {joined}"
    else:
        cited = f"{'las' if feminine else 'los'} {plural} {joined}"
    where = "al artículo 5" if verb is INSERT else "del artículo 5"
    regulation = (f" del {TRANSITO}" if n == 1
                  else f", {'todas' if feminine else 'todos'} del {TRANSITO}")
    assert text == f"Se {verb_sg if n == 1 else verb_pl} {cited} {where}{regulation}{TAIL}"


@pytest.mark.parametrize("verbs", [c for r in (1, 2, 3)
                                   for c in itertools.combinations([AMEND, INSERT, REPEAL], r)],
                         ids=lambda vs: "+".join(v.value for v in vs))
@pytest.mark.parametrize("n", [1, 2, 3])
def test_verb_groups_in_order_joined_with_y_before_the_last(verbs, n):
    ops, base = [], 1
    for verb in verbs:
        ops += [op(verb, art(str(base + i))) for i in range(n)]
        base += 10
    text = clause(ops)
    groups = text.removesuffix(TAIL).split("; ")
    assert len(groups) == len(verbs)
    for i, (group, verb) in enumerate(zip(groups, verbs)):
        prefix = ("Se " if i == 0 else "y se " if i == len(verbs) - 1 else "se ")
        assert group.startswith(prefix + VERB_WORDS[verb][0 if n == 1 else 1] + " ")
    assert text.count("; y ") == (1 if len(verbs) > 1 else 0)
    assert text.count("Se ") == 1 and text[0] == "S"
    total = n * len(verbs)
    assert (", todos del " in text) == (total > 1) and (f" del {TRANSITO}" in text)


@pytest.mark.parametrize("seed", range(10))
def test_clause_does_not_depend_on_the_input_order(seed):
    ops = [op(AMEND, art("3")), op(AMEND, art("5"), frac("II")), op(AMEND, art("7")),
           op(AMEND, art("5"), frac("IV")), op(INSERT, art("12 Bis")), op(INSERT, art("12 Ter")),
           op(INSERT, art("12"), frac("IX")), op(INSERT, art("2"), par("3")),
           op(REPEAL, art("8"), frac("III")), op(REPEAL, art("20")), op(RENUMBER, art("30")),
           op(AMEND, trans("SEGUNDO"))]
    shuffled = ops[:]
    random.Random(seed).shuffle(shuffled)
    assert clause(shuffled) == clause(ops) == (
        "Se reforman los artículos 3, 5, fracciones II y IV, y 7 y el artículo segundo "
        "transitorio; se adicionan los artículos 12 Bis y 12 Ter, un párrafo tercero al artículo "
        "2 y la fracción IX al artículo 12; y se derogan la fracción III del artículo 8 y el "
        f"artículo 20, todos del {TRANSITO}{TAIL}")


@pytest.mark.parametrize("n_whole", [2, 3, 4])
@pytest.mark.parametrize("position", range(4))
def test_article_with_units_inside_a_plain_list(n_whole, position):
    # Whole articles 10, 20, 30… and article 15/25/… reformed in its fracción II.
    numbers = [10 * (i + 1) for i in range(n_whole)]
    partial = 10 * position + 5
    ops = [op(AMEND, art(str(n))) for n in numbers] + [op(AMEND, art(str(partial)), frac("II"))]
    entries = [(n, str(n)) for n in numbers] + [(partial, f"{partial}, fracción II")]
    entries = [e for _, e in sorted(entries)]
    last_joiner = ", y " if entries[-2].endswith("fracción II") else " y "
    expected = ", ".join(entries[:-1]) + last_joiner + entries[-1]
    assert listed(clause(ops)) == "los artículos " + expected


@pytest.mark.parametrize("n", range(1, 16))
def test_paragraphs_are_cited_by_ordinal(n):
    word = ordinal_word(n).lower()
    assert clause([op(AMEND, art("7"), par(str(n)))]) == (
        f"Se reforma el párrafo {word} del artículo 7 del {TRANSITO}{TAIL}")


@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize("written", [str.upper, str.lower, str.capitalize])
def test_bis_ter_suffixes_are_kept(suffix, written):
    text = clause([op(INSERT, art(f"12 {written(suffix)}")),
                   op(INSERT, art("12"), frac(f"XIII {written(suffix)}"))])
    shown = display_suffix(suffix)
    assert text == (f"Se adicionan el artículo 12 {shown} y la fracción XIII {shown} al artículo "
                    f"12, todos del {TRANSITO}{TAIL}")


# A decree writes "Se deroga." where the unit was (DOMAIN.md §7.2); the consolidated text
# keeps "Derogado."/"Derogada." (tests/domain/test_consolidation.py).
@pytest.mark.parametrize("kind,num,expected", [
    (ProvisionKind.ARTICLE, "20", "ARTÍCULO 20.- Se deroga."),
    (ProvisionKind.CLAUSE, "III", "III.- Se deroga."),
    (ProvisionKind.ITEM, "b", "b) Se deroga."),
    (ProvisionKind.PARAGRAPH, "2", "Se deroga."),
    (ProvisionKind.SECTION, "II", "SECCIÓN II.- Se deroga."),
    (ProvisionKind.CHAPTER, "IV", "CAPÍTULO IV.- Se deroga."),
    (ProvisionKind.TRANSITIONAL, "SEGUNDO", "SEGUNDO.- Se deroga."),
])
def test_decree_derogation_placeholders(kind, num, expected):
    parts = [art("20")] if kind in (ProvisionKind.CLAUSE, ProvisionKind.PARAGRAPH) else []
    if kind is ProvisionKind.ITEM:
        parts = [art("20"), frac("I")]
    lines = decree_text([WordingTarget(TRANSITO, [op(REPEAL, *parts, (kind, num))], None)])
    assert expected in lines.split("\n")


@pytest.mark.parametrize("n", range(1, 7))
def test_transitorios_headed_by_ordinal_words(n):
    texts = [f"Disposición {i}." for i in range(1, n + 1)]
    lines = decree_text([], texts).split("\n")
    assert lines[0] == "TRANSITORIOS"
    if n == 1:
        assert lines[1:] == ["ÚNICO.- Disposición 1."]
    else:
        assert lines[1:] == [f"{ordinal_word(i)}.- Disposición {i}." for i in range(1, n + 1)]


@pytest.mark.parametrize("n", [1, 2, 3])
def test_renumbering_alone_words_nothing(n):
    ops = [op(RENUMBER, art(str(i))) for i in range(n)]
    assert clause(ops) == ""
    assert decree_text([WordingTarget(TRANSITO, ops, None)]) == ""
    assert summarize(ops) == f"{n} renumeraci{'ón' if n == 1 else 'ones'} por revisar"


@pytest.mark.parametrize("counts", list(itertools.product(range(3), repeat=4)))
def test_summarize_counts(counts):
    kinds = (AMEND, INSERT, REPEAL, RENUMBER)
    ops = [op(kind, art("1")) for kind, c in zip(kinds, counts) for _ in range(c)]
    words = (("reforma", "reformas"), ("adición", "adiciones"), ("derogación", "derogaciones"),
             ("renumeración por revisar", "renumeraciones por revisar"))
    expected = [f"{c} {w[0] if c == 1 else w[1]}" for c, w in zip(counts, words) if c]
    assert summarize(ops) == (", ".join(expected) or "Sin cambios")


def test_a_transitorio_typed_with_its_label_is_not_numbered_twice():
    """A drafter often types the label ("ÚNICO.- …", "Artículo Segundo. …"): the decree and the
    texto vigente number transitorios themselves, so the label must not appear twice."""
    from reglamentos_app.domain.wording import _transitorios
    assert _transitorios(["ÚNICO.- Entrará en vigor al día siguiente."]) == [
        "TRANSITORIOS", "ÚNICO.- Entrará en vigor al día siguiente."]
    assert _transitorios(["PRIMERO.- Uno.", "Artículo Segundo. Dos.", "Tercero: Tres."]) == [
        "TRANSITORIOS", "PRIMERO.- Uno.", "SEGUNDO.- Dos.", "TERCERO.- Tres."]
    # A sentence that merely starts with an ordinal word keeps it.
    assert _transitorios(["Primero se notificará al titular."]) == [
        "TRANSITORIOS", "ÚNICO.- Primero se notificará al titular."]
