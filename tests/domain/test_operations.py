"""Reform operations derived from a comparison: each kind at the smallest citable unit,
escalation to the whole article, citations in Spanish, and replay by consolidation."""

import copy
import doctest
import random

import pytest

from reglamentos_app.diffing import align_trees, changed_ratio
from reglamentos_app.domain.changes import CitationPart, OperationKind as OP, fingerprint
from reglamentos_app.domain.consolidation import apply_operations
from reglamentos_app.domain.drafting import DraftEditor
from reglamentos_app.domain import operations
from reglamentos_app.domain.operations import derive_operations, format_citation
from reglamentos_app.domain.provisions import (
    Provision, ProvisionKind as K, ProvisionStatus, assign_eids, ensure_pids,
)
from reglamentos_app.domain.wording import WordingTarget, decree_clause
from reglamentos_app.sources import parse_text

URI = "/mx-bc-mxl/reglamento/2001/prueba"
TEXT = """REGLAMENTO DE PRUEBA PARA EL MUNICIPIO DE MEXICALI

CAPÍTULO I
DISPOSICIONES GENERALES

ARTÍCULO 3.- El presente Reglamento es de orden público y tiene por objeto regular los mercados municipales.

ARTÍCULO 5.- Son autoridades para la aplicación de este Reglamento:

I.- El Ayuntamiento de Mexicali;

II.- El Presidente Municipal, por conducto de:

a) La Dirección de Comercio;

b) La Tesorería Municipal; y

III.- El Síndico Procurador, en el ámbito de su competencia.

ARTÍCULO 7.- Los locatarios deberán mantener sus locales limpios durante el horario de funcionamiento.

Los locales permanecerán abiertos al público de las seis a las veinte horas.

ARTÍCULO 8.- Son obligaciones de los locatarios:

I.- Atender personalmente su local comercial;

II.- Exhibir la licencia de funcionamiento vigente; y

III.- Pagar oportunamente los derechos de piso.

CAPÍTULO II
DE LAS LICENCIAS

ARTÍCULO 12.- Para obtener la licencia de funcionamiento se requiere:

I.- Solicitud por escrito;

II.- Identificación oficial;

III.- Comprobante de domicilio;

IV.- Constancia de uso de suelo;

V.- Dictamen de protección civil;

VI.- Croquis de ubicación del local;

VII.- Pago de derechos; y

VIII.- Los demás que señale la Dirección.

ARTÍCULO 13.- Las licencias de funcionamiento tendrán vigencia de un año calendario.

ARTÍCULO 20.- Las infracciones a este Reglamento se sancionarán con multa de diez a cien veces la Unidad de Medida y Actualización.

TRANSITORIOS

PRIMERO.- El presente Reglamento entrará en vigor al día siguiente de su publicación.

SEGUNDO.- Se abroga el Reglamento de Mercados publicado en el año de mil novecientos noventa.
"""


def base_tree() -> Provision:
    root = parse_text(TEXT).root
    ensure_pids(root)
    return root


@pytest.fixture
def base():
    return base_tree()


@pytest.fixture
def editor(base):
    return DraftEditor(copy.deepcopy(base))


def node(root: Provision, eid: str) -> Provision:
    found = root.find(eid)
    assert found is not None, eid
    return found


def derive(base: Provision, draft: Provision, **kwargs):
    return derive_operations(align_trees(base, draft), URI, changed_ratio=changed_ratio, **kwargs)


def listed(ops):
    return [(op.kind, format_citation(op.citation)) for op in ops]


def replay(base: Provision, ops) -> Provision:
    result = apply_operations(base, ops, act=None, note_style=None)
    assert result.ok, [c.reason for c in result.conflicts]
    return result.root


def content(root: Provision) -> dict:
    return root.to_dict(with_ids=False)


# -- each kind ------------------------------------------------------------------------------
def test_no_changes_no_operations(base):
    assert derive(base, copy.deepcopy(base)) == []
    assert derive(base, base_tree()) == []  # read twice: no ids in common, same text


def test_reforma_of_a_fraccion(base, editor):
    clause = node(editor.root, "cap_1__art_5__frac_3")
    editor.edit(clause.pid, text="La persona titular de la Sindicatura Municipal.")
    [op] = derive(base, editor.root)
    assert op.kind is OP.AMEND and op.regulation_uri == URI
    assert op.citation == (CitationPart(K.ARTICLE, "5"), CitationPart(K.CLAUSE, "III"))
    assert (op.eid, op.pid, op.provision_kind) == (clause.eid, clause.pid, K.CLAUSE)
    assert op.old_hash == fingerprint(node(base, "cap_1__art_5__frac_3"))
    assert op.new is clause and not op.needs_review
    assert content(replay(base, [op])) == content(editor.root)


def test_reforma_of_an_inciso_and_of_a_paragraph(base, editor):
    editor.edit(node(editor.root, "cap_1__art_5__frac_2__inc_b").pid,
                text="La Tesorería Municipal, por conducto de su titular; y")
    editor.edit(node(editor.root, "cap_1__art_7__par_1").pid,
                text="Los locales permanecerán abiertos de las siete a las veintiuna horas.")
    ops = derive(base, editor.root)
    assert listed(ops) == [(OP.AMEND, "artículo 5, fracción II, inciso b)"),
                           (OP.AMEND, "párrafo segundo del artículo 7")]
    assert ops[1].citation[-1] == CitationPart(K.PARAGRAPH, "2")
    assert content(replay(base, ops)) == content(editor.root)


def test_derogation_by_a_derogado_text():
    draft_text = TEXT.replace("ARTÍCULO 20.- Las infracciones a este Reglamento se sancionarán "
                              "con multa de diez a cien veces la Unidad de Medida y Actualización.",
                              "ARTÍCULO 20.- Derogado.")
    base, draft = base_tree(), parse_text(draft_text).root
    ensure_pids(draft)  # read from a file: no permanent ids in common
    assert node(draft, "cap_2__art_20").status is ProvisionStatus.REPEALED
    [op] = derive(base, draft)
    old = node(base, "cap_2__art_20")
    assert (op.kind, op.citation) == (OP.REPEAL, (CitationPart(K.ARTICLE, "20"),))
    assert (op.eid, op.pid, op.old_hash, op.new) == (old.eid, old.pid, fingerprint(old), None)
    assert content(replay(base, [op])) == content(draft)


def test_derogation_of_a_fraccion_and_of_one_that_vanished(base, editor):
    editor.derogate(node(editor.root, "cap_1__art_8__frac_3").pid)
    editor.remove(node(editor.root, "cap_2__art_12__frac_6").pid)
    ops = derive(base, editor.root)
    assert listed(ops) == [(OP.REPEAL, "artículo 8, fracción III"),
                           (OP.REPEAL, "artículo 12, fracción VI")]
    assert all(op.pid == node(base, op.eid).pid for op in ops)  # base ids
    replayed = replay(base, ops)
    assert node(replayed, "cap_2__art_12__frac_6").text == "Derogada."


def test_new_fraccion_ix_added_to_article_12(base, editor):
    article = node(editor.root, "cap_2__art_12")
    added = editor.append_child(article.pid, K.CLAUSE, text="Carta de no antecedentes.")
    assert added.num == "IX"
    [op] = derive(base, editor.root)
    assert (op.kind, format_citation(op.citation)) == (OP.INSERT, "artículo 12, fracción IX")
    assert op.citation == (CitationPart(K.ARTICLE, "12"), CitationPart(K.CLAUSE, "IX"))
    assert (op.eid, op.pid, op.new) == (added.eid, added.pid, added)
    assert op.parent_pid == article.pid
    assert op.after_pid == node(base, "cap_2__art_12__frac_8").pid
    assert op.old_hash == "" and not op.needs_review
    assert content(replay(base, [op])) == content(editor.root)


def test_new_article_12_bis_carries_its_fracciones(base, editor):
    article = node(editor.root, "cap_2__art_12")
    added = editor.insert_after(article.pid, text="Las licencias provisionales requieren:")
    editor.append_child(added.pid, K.CLAUSE, text="Solicitud por escrito;")
    editor.append_child(added.pid, K.CLAUSE, text="Pago de derechos.")
    assert added.num == "12 Bis"
    [op] = derive(base, editor.root)
    assert (op.kind, op.citation) == (OP.INSERT, (CitationPart(K.ARTICLE, "12 Bis"),))
    assert format_citation(op.citation) == "artículo 12 Bis"
    assert op.parent_pid == node(base, "cap_2").pid and op.after_pid == article.pid
    assert [c.text for c in op.new.children] == ["Solicitud por escrito;", "Pago de derechos."]
    assert content(replay(base, [op])) == content(editor.root)


def test_renumbering_is_left_for_review(base, editor):
    editor.renumber(node(editor.root, "cap_2__art_13").pid, "14")
    [op] = derive(base, editor.root)
    old = node(base, "cap_2__art_13")
    assert (op.kind, op.old_num) == (OP.RENUMBER, "13")
    assert op.citation == (CitationPart(K.ARTICLE, "14"),)
    assert (op.eid, op.pid, op.old_hash) == (old.eid, old.pid, fingerprint(old))
    assert op.needs_review
    assert content(replay(base, [op])) == content(editor.root)


def test_renumbered_and_amended_gives_both(base, editor):
    article = node(editor.root, "cap_2__art_13")
    editor.renumber(article.pid, "14")
    editor.edit(article.pid, text="Las licencias de funcionamiento tendrán vigencia de dos años.")
    assert [op.kind for op in derive(base, editor.root)] == [OP.AMEND, OP.RENUMBER]


def test_transitorios_are_cited_by_their_own_kind(base, editor):
    second = node(editor.root, "trans_1__art_2")
    editor.edit(second.pid, text="Se abroga el Reglamento de Mercados de mil novecientos noventa.")
    [op] = derive(base, editor.root)
    assert op.citation == (CitationPart(K.TRANSITIONAL, "SEGUNDO"),)
    assert format_citation(op.citation) == "artículo segundo transitorio"


def test_a_new_block_of_transitorios_is_one_insertion(base, editor):
    block = editor.insert(editor.root.pid, len(editor.root.children), K.TRANSITIONAL_GROUP)
    editor.append_child(block.pid, K.TRANSITIONAL, num="ÚNICO",
                        text="La presente reforma entrará en vigor al día siguiente.")
    [op] = derive(base, editor.root)
    assert (op.kind, op.provision_kind) == (OP.INSERT, K.TRANSITIONAL_GROUP)
    assert op.after_pid == node(base, "trans_1").pid
    assert content(replay(base, [op])) == content(editor.root)


def test_a_renamed_division_is_cited_alone(base, editor):
    chapter = node(editor.root, "cap_2")
    editor.edit(chapter.pid, heading="DE LAS LICENCIAS Y PERMISOS")
    [op] = derive(base, editor.root)
    assert (op.kind, op.citation, op.needs_review) == (
        OP.AMEND, (CitationPart(K.CHAPTER, "II"),), False)
    # An article changed inside too: the denominación is reformed alone and the article has
    # its own operation, as a decree cites them ("se reforman la denominación del Capítulo
    # II y el artículo 13"); nothing is hidden, so nothing waits for review.
    editor.edit(node(editor.root, "cap_2__art_13").pid, text="Vigencia de dos años.")
    ops = derive(base, editor.root)
    assert [(op.provision_kind, op.own_only, op.needs_review) for op in ops] == [
        (K.CHAPTER, True, False), (K.ARTICLE, False, False)]
    assert content(replay(base, ops)) == content(editor.root)


# -- escalation -----------------------------------------------------------------------------
def test_a_few_units_are_cited_one_by_one(base, editor):
    for eid in ("cap_1__art_8__frac_1", "cap_1__art_8__frac_2"):
        clause = node(editor.root, eid)
        editor.edit(clause.pid, text=clause.text.replace("local", "puesto").replace(
            "vigente", "en vigor"))
    # Two of the four units of article 8 (itself and three fracciones): not more than half.
    assert listed(derive(base, editor.root)) == [(OP.AMEND, "artículo 8, fracción I"),
                                                 (OP.AMEND, "artículo 8, fracción II")]


def test_most_units_changed_reform_the_whole_article(base, editor):
    for eid, text in (("cap_1__art_8__frac_1", "Atender su puesto;"),
                      ("cap_1__art_8__frac_2", "Exhibir la licencia; y"),
                      ("cap_1__art_8__frac_3", "Pagar los derechos.")):
        editor.edit(node(editor.root, eid).pid, text=text)
    ops = derive(base, editor.root)
    assert listed(ops) == [(OP.AMEND, "artículo 8")]
    assert ops[0].new is node(editor.root, "cap_1__art_8")
    assert ops[0].old_hash == fingerprint(node(base, "cap_1__art_8"))
    assert content(replay(base, ops)) == content(editor.root)
    # The threshold is the caller's.
    assert len(derive(base, editor.root, escalate_at=0.9)) == 3


def test_most_words_changed_reform_the_whole_article(base, editor):
    clause = node(editor.root, "cap_1__art_8__frac_1")
    editor.edit(clause.pid, text=(
        "Abrir diariamente durante todo el horario que autorice la Dirección, portar a la vista "
        "el gafete que para tal efecto se expida, conservar en buen estado las instalaciones y "
        "el mobiliario que se les asignen, y dar aviso inmediato a la administración del "
        "mercado de cualquier desperfecto o siniestro que ocurra;"))
    # One unit of four, but most of the article's words changed.
    assert listed(derive(base, editor.root)) == [(OP.AMEND, "artículo 8")]
    # The ratio comes from the caller: a domain without rapidfuzz.
    ops = derive_operations(align_trees(base, editor.root), URI, changed_ratio=lambda a, b: 0.0)
    assert listed(ops) == [(OP.AMEND, "artículo 8, fracción I")]


def test_own_text_changed_reforms_the_proemio_and_each_unit(base, editor):
    # The proemio, one fracción and a new one: a drafter cites each ("se reforman el párrafo
    # primero y la fracción I del artículo 5; y se adiciona la fracción …"), the proemio
    # alone, without restating the fracciones that did not change.
    article = node(editor.root, "cap_1__art_5")
    editor.edit(article.pid, text="Son autoridades competentes:")
    editor.edit(node(editor.root, "cap_1__art_5__frac_1").pid, text="El Cabildo;")
    new = editor.append_child(article.pid, K.CLAUSE, text="La Dirección de Comercio.")
    ops = derive(base, editor.root)
    assert listed(ops) == [(OP.AMEND, "artículo 5"), (OP.AMEND, "artículo 5, fracción I"),
                           (OP.INSERT, f"artículo 5, fracción {new.num}")]
    assert ops[0].own_only
    assert content(replay(base, ops)) == content(editor.root)


def test_a_fraccion_moved_to_another_article_reforms_both(base, editor):
    clause = node(editor.root, "cap_1__art_5__frac_1")
    editor.move(clause.pid, node(editor.root, "cap_1__art_8").pid, 0)
    ops = derive(base, editor.root)
    assert listed(ops) == [(OP.AMEND, "artículo 5"), (OP.AMEND, "artículo 8")]
    assert content(replay(base, ops)) == content(editor.root)


def test_an_article_moved_to_another_chapter_needs_review(base, editor):
    article = node(editor.root, "cap_1__art_7")
    editor.move(article.pid, node(editor.root, "cap_2").pid, 0)
    ops = derive(base, editor.root)
    # Derogated where it was, added where it went (with a new permanent id: the old one stays
    # on the derogated placeholder).
    assert [(op.kind, op.needs_review) for op in ops] == [(OP.REPEAL, True), (OP.INSERT, True)]
    assert ops[0].pid == article.pid and ops[0].eid == "cap_1__art_7"
    assert ops[1].pid != article.pid and ops[1].parent_pid == node(base, "cap_2").pid
    assert ops[1].new.text == article.text


# -- everything together ---------------------------------------------------------------------
def test_document_order_and_the_decree_clause(base, editor):
    root = editor.root
    editor.edit(node(root, "cap_1__art_3").pid, text="El presente Reglamento es de orden "
                "público e interés social y tiene por objeto regular los mercados.")
    editor.edit(node(root, "cap_1__art_5__frac_2").pid, text="La persona titular de la "
                "Presidencia Municipal, por conducto de:")
    editor.derogate(node(root, "cap_1__art_8__frac_3").pid)
    article_12 = node(root, "cap_2__art_12")
    editor.append_child(article_12.pid, K.CLAUSE, text="Carta de no antecedentes.")
    editor.insert_after(article_12.pid, text="Las licencias provisionales durarán seis meses.")
    editor.derogate(node(root, "cap_2__art_20").pid)
    ops = derive(base, root)
    assert listed(ops) == [
        (OP.AMEND, "artículo 3"), (OP.AMEND, "artículo 5, fracción II"),
        (OP.REPEAL, "artículo 8, fracción III"), (OP.INSERT, "artículo 12, fracción IX"),
        (OP.INSERT, "artículo 12 Bis"), (OP.REPEAL, "artículo 20")]
    assert decree_clause([WordingTarget("Reglamento de Mercados", ops, root)]) == (
        "Se reforman el artículo 3 y la fracción II del artículo 5; se adicionan el artículo "
        "12 Bis y la fracción IX al artículo 12; y se derogan la fracción III del artículo 8 y el "
        "artículo 20, todos del Reglamento de Mercados, para quedar como sigue:")
    assert content(replay(base, ops)) == content(root)


@pytest.mark.parametrize("seed", range(30))
def test_replaying_the_operations_gives_the_draft(seed):
    """Random drafting sessions: consolidating the derived operations rebuilds the draft."""
    rng = random.Random(seed)
    base = base_tree()
    editor = DraftEditor(copy.deepcopy(base))
    for _ in range(rng.randint(1, 6)):
        units = [n for n in editor.root.walk()
                 if n.kind in (K.ARTICLE, K.CLAUSE, K.ITEM, K.PARAGRAPH, K.TRANSITIONAL)
                 and n.status is ProvisionStatus.IN_FORCE]
        unit = rng.choice(units)
        action = rng.random()
        if action < 0.45:
            editor.edit(unit.pid, text=f"Texto reformado número {rng.randint(1, 10**6)}.")
        elif action < 0.6 and unit.kind in (K.ARTICLE, K.CLAUSE):
            editor.insert_after(unit.pid, text=f"Unidad adicionada {rng.randint(1, 10**6)}.")
        elif action < 0.75 and unit.kind is K.ARTICLE:
            editor.append_child(unit.pid, K.CLAUSE, text=f"Fracción nueva {rng.randint(1, 99)}.")
        else:
            editor.derogate(unit.pid)
    assign_eids(editor.root)
    ops = derive(base, editor.root)
    assert ops
    assert content(replay(base, ops)) == content(editor.root)
    # Every insertion hangs from a unit in force and no unit is cited twice by one verb.
    assert len({(op.kind, op.citation) for op in ops}) == len(ops)


# -- citations ---------------------------------------------------------------------------------
@pytest.mark.parametrize("parts,text", [
    ([(K.ARTICLE, "12")], "artículo 12"),
    ([(K.ARTICLE, "12 Bis")], "artículo 12 Bis"),
    ([(K.ARTICLE, "40 TER")], "artículo 40 Ter"),
    ([(K.ARTICLE, "5"), (K.CLAUSE, "II"), (K.ITEM, "a)")], "artículo 5, fracción II, inciso a)"),
    ([(K.ARTICLE, "3"), (K.CLAUSE, "XIII bis")], "artículo 3, fracción XIII Bis"),
    ([(K.ARTICLE, "7"), (K.PARAGRAPH, "2")], "párrafo segundo del artículo 7"),
    ([(K.ARTICLE, "7"), (K.CLAUSE, "II"), (K.PARAGRAPH, "3")],
     "párrafo tercero de la fracción II del artículo 7"),
    ([(K.TRANSITIONAL, "PRIMERO")], "artículo primero transitorio"),
    ([(K.TRANSITIONAL, "ÚNICO")], "artículo único transitorio"),
    ([(K.TRANSITIONAL, "SEGUNDO"), (K.CLAUSE, "I")], "artículo segundo transitorio, fracción I"),
    ([(K.TITLE, "SEGUNDO")], "título segundo"),
    ([(K.CHAPTER, "III")], "capítulo III"),
    ([(K.SECTION, "PRIMERA")], "sección primera"),
    ([(K.TRANSITIONAL_GROUP, "")], "transitorios"),
    ([], ""),
])
def test_format_citation(parts, text):
    assert format_citation(tuple(CitationPart(k, n) for k, n in parts)) == text


def test_docstring_examples():
    result = doctest.testmod(operations)
    assert result.attempted > 0 and result.failed == 0
