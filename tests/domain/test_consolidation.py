"""Consolidation: replaying a published reform on the text in force, or refusing to."""

import copy
from datetime import date

import pytest

from reglamentos_app.domain.changes import CitationPart, OperationKind, ReformOperation, fingerprint
from reglamentos_app.domain.consolidation import (
    ConsolidationConflict, apply_operations, consolidate_or_raise, describe_citation,
    expression_for,
)
from reglamentos_app.domain.gazette import GazetteReference
from reglamentos_app.domain.ids import RegulationUri
from reglamentos_app.domain.provisions import (
    NoteAction, NoteStyle, Provision, ProvisionKind, ProvisionStatus, ensure_pids,
)
from reglamentos_app.domain.regulation import Expression
from reglamentos_app.sources import parse_text
from reglamentos_app.sources.text.unparse import unparse_tree

URI = "/mx-bc-mxl/reglamento/2001/prueba"
ACT = GazetteReference("34", "I", "CXXVI", date(2019, 7, 12))
BASE = """REGLAMENTO DE PRUEBA PARA EL MUNICIPIO DE MEXICALI

ARTÍCULO 1.- Objeto.- El presente Reglamento es de orden público.

ARTÍCULO 5.- Son autoridades para la aplicación de este Reglamento:

I.- El Ayuntamiento;

II.- El Presidente Municipal; y

III.- El Síndico Procurador.

Las autoridades actuarán en el ámbito de su competencia.

ARTÍCULO 12.- Los permisos se otorgarán por un año.

ARTÍCULO 13.- Las multas serán de 10 a 100 veces el salario mínimo.
(Reformado, P.O. No. 40, 17-06-2022)

ARTÍCULO 14.- Las infracciones se sancionarán conforme a este Reglamento.

TRANSITORIOS

PRIMERO.- El presente Reglamento entrará en vigor al día siguiente de su publicación.
"""


def base_tree() -> Provision:
    root = parse_text(BASE).root
    ensure_pids(root)
    return root


# -- building operations the way a draft would publish them -------------------------------
def _path(root: Provision, target: Provision) -> list[Provision]:
    def walk(node, trail):
        if node is target:
            return trail
        for child in node.children:
            found = walk(child, trail + [child])
            if found:
                return found
        return None
    return walk(root, [])


def cite(root: Provision, node: Provision) -> tuple[CitationPart, ...]:
    path = _path(root, node)
    start = next((i for i, n in enumerate(path)
                  if n.kind in (ProvisionKind.ARTICLE, ProvisionKind.TRANSITIONAL)), len(path) - 1)
    return tuple(CitationPart(n.kind, n.num) for n in path[start:])


def amend(root, eid, **changes) -> ReformOperation:
    node = root.find(eid)
    new = copy.deepcopy(node)
    for name, value in changes.items():
        setattr(new, name, value)
    return ReformOperation(OperationKind.AMEND, URI, eid, node.pid, node.kind, cite(root, node),
                           fingerprint(node), new=new)


def repeal(root, eid) -> ReformOperation:
    node = root.find(eid)
    return ReformOperation(OperationKind.REPEAL, URI, eid, node.pid, node.kind, cite(root, node),
                           fingerprint(node))


def renumber(root, eid, num) -> ReformOperation:
    node = root.find(eid)
    new = copy.deepcopy(node)
    new.num = num
    citation = cite(root, node)[:-1] + (CitationPart(node.kind, num),)
    return ReformOperation(OperationKind.RENUMBER, URI, eid, node.pid, node.kind, citation,
                           fingerprint(node), new=new, old_num=node.num)


def insert(root, parent_eid, after_eid, new: Provision, new_eid: str) -> ReformOperation:
    parent = root.find(parent_eid) if parent_eid else root
    after = root.find(after_eid).pid if after_eid else ""
    citation = (cite(root, parent) if parent_eid else ()) + (CitationPart(new.kind, new.num),)
    if new.kind is ProvisionKind.ARTICLE:
        citation = (CitationPart(new.kind, new.num),)
    return ReformOperation(OperationKind.INSERT, URI, new_eid, "", new.kind, citation,
                           new=new, parent_pid=parent.pid, after_pid=after)


def snapshot(root: Provision) -> tuple:
    return root.to_dict(), [(n.pid, list(n.notes)) for n in root.walk()]


def run(root, ops, style=None, act=ACT):
    return apply_operations(root, ops, act=act, note_style=style)


# -- each operation kind ------------------------------------------------------------------
def test_amend_replaces_the_unit_and_keeps_its_permanent_id():
    root = base_tree()
    old = root.find("art_5__frac_2")
    result = run(root, [amend(root, "art_5__frac_2", text="La persona titular de la "
                              "Presidencia Municipal; y")])
    assert result.ok and result.warnings == []
    new = result.root.find("art_5__frac_2")
    assert new.text == "La persona titular de la Presidencia Municipal; y"
    assert new.pid == old.pid
    assert new.notes == []  # no house style chosen: no notes
    assert old.text == "El Presidente Municipal; y"  # the input is a different tree


def test_amend_with_new_children_carries_their_pids_and_gives_new_ones():
    root = base_tree()
    art = root.find("art_5")
    kept = [c.pid for c in art.children]
    new = copy.deepcopy(art)
    new.children[1].text = "La Presidencia Municipal;"
    new.children.insert(3, Provision(ProvisionKind.CLAUSE, num="IV", text="La Tesorería."))
    op = ReformOperation(OperationKind.AMEND, URI, "art_5", art.pid, art.kind, cite(root, art),
                         fingerprint(art), new=new)
    result = run(root, [op])
    amended = result.root.find("art_5")
    assert amended.pid == art.pid
    assert [c.pid for c in amended.children if c.num != "IV"] == kept
    fourth = result.root.find("art_5__frac_4")
    assert fourth.text == "La Tesorería." and fourth.pid and fourth.pid not in kept
    pids = [n.pid for n in result.root.walk()]
    assert len(pids) == len(set(pids))


def test_insert_bis_right_after_its_base_number():
    root = base_tree()
    new = Provision(ProvisionKind.ARTICLE, num="12 Bis", text="Los permisos podrán renovarse.")
    result = run(root, [insert(root, "", "art_12", new, "art_12bis")])
    assert [a.num for a in result.root.articles()] == ["1", "5", "12", "12 Bis", "13", "14"]
    added = result.root.find("art_12bis")
    assert added.text == "Los permisos podrán renovarse." and added.pid
    assert added is not new  # a copy of the operation's unit, not the unit itself


def test_insert_without_anchor_goes_first():
    root = base_tree()
    new = Provision(ProvisionKind.CLAUSE, num="I", text="Por un año;")
    result = run(root, [insert(root, "art_12", "", new, "art_12__frac_1")])
    assert result.root.find("art_12").children[0].text == "Por un año;"


def test_repeal_keeps_a_placeholder_with_the_right_gender_and_no_children():
    root = base_tree()
    result = run(root, [repeal(root, "art_13"), repeal(root, "art_5")])
    assert result.ok
    art5 = result.root.find("art_5")
    assert (art5.text, art5.status, art5.children) == ("Derogado.", ProvisionStatus.REPEALED, [])
    art13 = result.root.find("art_13")
    assert (art13.text, art13.status) == ("Derogado.", ProvisionStatus.REPEALED)


def test_repealed_clause_says_derogada():
    root = base_tree()
    result = run(root, [repeal(root, "art_5__frac_3")])
    clause = result.root.find("art_5__frac_3")
    assert (clause.text, clause.status) == ("Derogada.", ProvisionStatus.REPEALED)
    assert clause.pid == root.find("art_5__frac_3").pid


def test_renumber_changes_only_the_number_and_frees_it_for_an_insertion():
    root = base_tree()
    third = root.find("art_5__frac_3")
    new = Provision(ProvisionKind.CLAUSE, num="III", text="La Tesorería Municipal; y")
    ops = [insert(root, "art_5", "art_5__frac_2", new, "art_5__frac_3"),  # listed first on purpose
           renumber(root, "art_5__frac_3", "IV")]
    result = run(root, ops)
    assert result.ok, [c.reason for c in result.conflicts]
    clauses = [(c.num, c.text) for c in result.root.find("art_5").children
               if c.kind is ProvisionKind.CLAUSE]
    assert clauses == [("I", "El Ayuntamiento;"), ("II", "El Presidente Municipal; y"),
                       ("III", "La Tesorería Municipal; y"), ("IV", "El Síndico Procurador.")]
    moved = result.root.find("art_5__frac_4")
    assert moved.pid == third.pid and moved.text == third.text


def test_destination_found_by_eid_when_the_permanent_id_is_unknown():
    root = base_tree()
    op = amend(root, "art_12", text="Los permisos se otorgarán por dos años.")
    first = insert(root, "", "", Provision(ProvisionKind.ARTICLE, num="0", text="Preliminar."),
                   "art_0")
    reimported = parse_text(BASE).root  # same text, other permanent ids
    ensure_pids(reimported)
    result = run(reimported, [op, first])
    assert result.ok
    assert result.root.children[0].eid == "art_0"  # the root found by the new unit's eid
    assert result.root.find("art_12").text == "Los permisos se otorgarán por dos años."
    assert result.root.find("art_12").pid == reimported.find("art_12").pid


def test_the_input_tree_is_never_modified():
    root = base_tree()
    before = snapshot(root)
    ops = [amend(root, "art_12", text="Nuevo."), repeal(root, "art_5__frac_3"),
           insert(root, "", "art_12", Provision(ProvisionKind.ARTICLE, num="12 Bis", text="x."),
                  "art_12bis")]
    run(root, ops, NoteStyle.PREAMBLE)
    assert snapshot(root) == before


# -- conflicts ----------------------------------------------------------------------------
def _reformed_meanwhile() -> tuple[Provision, Provision]:
    """The version a project was drafted on, and the version in force after another reform."""
    drafted_on = base_tree()
    other = apply_operations(drafted_on, [
        amend(drafted_on, "art_5__frac_2", text="La Presidencia Municipal; y"),
        insert(drafted_on, "", "art_12",
               Provision(ProvisionKind.ARTICLE, num="12 BIS", text="Otra adición."), "art_12bis"),
    ], act=GazetteReference("10", "", "CXXVI", date(2019, 3, 1)),
        note_style=NoteStyle.PARENTHETICAL)
    assert other.ok
    return drafted_on, other.root


def test_a_unit_changed_by_another_reform_is_a_conflict_and_nothing_is_applied():
    drafted_on, in_force = _reformed_meanwhile()
    op = amend(drafted_on, "art_5__frac_2", text="El Presidente o la Presidenta Municipal; y")
    before = snapshot(in_force)
    result = run(in_force, [repeal(drafted_on, "art_13"), op])
    assert not result.ok and result.root is None and result.applied == []
    [conflict] = result.conflicts
    assert conflict.operation is op
    assert conflict.expected_hash == fingerprint(drafted_on.find("art_5__frac_2"))
    assert conflict.found_hash == fingerprint(in_force.find("art_5__frac_2"))
    assert conflict.reason == ("El artículo 5, fracción II cambió desde que se redactó el "
                               "proyecto (otra reforma publicada lo modificó).")
    assert snapshot(in_force) == before


def test_every_conflict_is_listed_and_consolidate_or_raise_explains_them_in_spanish():
    drafted_on, in_force = _reformed_meanwhile()
    missing = ReformOperation(OperationKind.REPEAL, URI, "art_99", "no-such-pid",
                              ProvisionKind.ARTICLE, (CitationPart(ProvisionKind.ARTICLE, "99"),),
                              "0" * 64)
    ops = [amend(drafted_on, "art_5__frac_2", text="Otra redacción; y"),
           amend(drafted_on, "art_14", text="Sin conflicto."),
           insert(drafted_on, "", "art_12",
                  Provision(ProvisionKind.ARTICLE, num="12 Bis", text="Mi adición."), "art_12bis"),
           missing]
    result = run(in_force, ops)
    assert [c.operation for c in result.conflicts] == [ops[0], ops[2], ops[3]]
    assert result.root is None and result.applied == []
    with pytest.raises(ConsolidationConflict) as caught:
        consolidate_or_raise(in_force, ops, act=ACT, note_style=NoteStyle.PREAMBLE)
    message = caught.value.user_message
    assert message.startswith("La reforma no se aplicó: 3 disposiciones no coinciden")
    assert "• El artículo 5, fracción II cambió desde que se redactó el proyecto" in message
    assert "• El artículo 12 Bis ya existe en el texto vigente" in message
    assert "• El artículo 99 ya no está en el texto vigente" in message
    assert message.endswith("Revise el proyecto antes de publicarlo.")
    assert len(caught.value.conflicts) == 3


def test_single_conflict_message_reads_as_one_sentence():
    drafted_on, in_force = _reformed_meanwhile()
    with pytest.raises(ConsolidationConflict) as caught:
        consolidate_or_raise(in_force, [amend(drafted_on, "art_5__frac_2", text="x")], act=ACT,
                             note_style=None)
    assert caught.value.user_message == (
        "El artículo 5, fracción II cambió desde que se redactó el proyecto (otra reforma "
        "publicada lo modificó). No se aplicó ningún cambio. Revise el proyecto antes de "
        "publicarlo.")


def test_insertion_under_a_missing_parent_is_a_conflict():
    root = base_tree()
    op = ReformOperation(OperationKind.INSERT, URI, "art_40__frac_1", "", ProvisionKind.CLAUSE,
                         (CitationPart(ProvisionKind.ARTICLE, "40"),
                          CitationPart(ProvisionKind.CLAUSE, "I")),
                         new=Provision(ProvisionKind.CLAUSE, num="I", text="x"),
                         parent_pid="gone")
    [conflict] = run(root, [op]).conflicts
    assert conflict.reason == ("No se puede adicionar el artículo 40, fracción I: el artículo "
                               "40, donde se adiciona, ya no está en el texto vigente.")


def test_insertion_after_a_vanished_sibling_is_a_conflict():
    root = base_tree()
    op = insert(root, "art_5", "art_5__frac_3",
                Provision(ProvisionKind.CLAUSE, num="IV", text="x"), "art_5__frac_4")
    op = ReformOperation(**{**{f: getattr(op, f) for f in op.__slots__}, "after_pid": "gone"})
    [conflict] = run(root, [op]).conflicts
    assert "No se encontró dónde adicionar el artículo 5, fracción IV" in conflict.reason


def test_an_operation_inside_a_unit_the_reform_replaces_whole_is_a_conflict():
    root = base_tree()
    whole = amend(root, "art_5", text="Son autoridades:")
    result = run(root, [whole, repeal(root, "art_5__frac_3")])
    [conflict] = result.conflicts
    assert "está dentro de otra disposición que la misma reforma sustituye" in conflict.reason


def test_describe_citation_agrees_with_the_head_noun():
    assert describe_citation((CitationPart(ProvisionKind.ARTICLE, "7"),
                              CitationPart(ProvisionKind.ITEM, "a"))) == "El artículo 7, inciso a)"
    assert describe_citation((CitationPart(ProvisionKind.SECTION, "II"),)) == "La sección II"


# -- reform notes -------------------------------------------------------------------------
# The Mexicali form of DOMAIN.md §7.2: "Fue reformado por Acuerdo de Cabildo, publicado en el
# Periódico Oficial No. ‹n›, de fecha ‹fecha›, Tomo ‹R›…; para quedar vigente como sigue:".
PRE = ("Fue {} por Acuerdo de Cabildo, publicado en el Periódico Oficial No. 34, de fecha 12 de "
       "julio de 2019, Sección I, Tomo CXXVI; para quedar vigente como sigue:")
ED = ("[N. DE E. {} por Acuerdo de Cabildo, publicado en el Periódico Oficial No. 34, de fecha "
      "12 de julio de 2019, Sección I, Tomo CXXVI.]")


@pytest.mark.parametrize("style,article_note,clause_note,host", [
    (NoteStyle.PARENTHETICAL, "(Reformado, P.O. No. 34, Sección I, Tomo CXXVI, 12-07-2019)",
     "(Derogada, P.O. No. 34, Sección I, Tomo CXXVI, 12-07-2019)", "art_5__frac_3"),
    (NoteStyle.PREAMBLE, PRE.format("reformado"), PRE.format("derogada la fracción III"),
     "art_5"),
    (NoteStyle.EDITOR, ED.format("Reformado"), ED.format("Derogada"), "art_5__frac_3"),
])
def test_notes_in_each_house_style(style, article_note, clause_note, host):
    root = base_tree()
    result = run(root, [amend(root, "art_12", text="Los permisos durarán dos años."),
                        repeal(root, "art_5__frac_3")], style)
    [note] = result.root.find("art_12").notes
    assert (note.style, note.text, note.action) == (style, article_note, NoteAction.AMEND)
    assert (note.gazette.number, note.gazette.section, note.gazette.tome, note.gazette.date) == \
        ("34", "I", "CXXVI", date(2019, 7, 12))
    [repealed] = result.root.find(host).notes
    assert (repealed.text, repealed.action) == (clause_note, NoteAction.REPEAL)


def test_preamble_notes_of_units_below_the_article_name_them():
    root = base_tree()
    para = next(c for c in root.find("art_5").children if c.kind is ProvisionKind.PARAGRAPH)
    item = Provision(ProvisionKind.ITEM, num="a", text="Inciso nuevo.")
    result = run(root, [amend(root, para.eid, text="Párrafo reformado."),
                        insert(root, "art_5__frac_1", "", item, "art_5__frac_1__inc_a")],
                 NoteStyle.PREAMBLE)
    texts = [n.text for n in result.root.find("art_5").notes]
    assert texts == [PRE.format("reformado el párrafo segundo"),
                     PRE.format("adicionado el inciso a) de la fracción I")]
    assert result.root.find("art_5__frac_1__inc_a").notes == []


def test_preamble_notes_go_before_older_parenthetical_ones():
    root = base_tree()
    result = run(root, [amend(root, "art_13", text="Las multas serán de 41 a 200 UMA.")],
                 NoteStyle.PREAMBLE)
    styles = [n.style for n in result.root.find("art_13").notes]
    assert styles == [NoteStyle.PREAMBLE, NoteStyle.PARENTHETICAL]


def test_insert_notes_and_no_notes_without_style():
    root = base_tree()
    new = Provision(ProvisionKind.ARTICLE, num="12 Bis", text="Adición.")
    op = insert(root, "", "art_12", new, "art_12bis")
    noted = run(root, [op], NoteStyle.PARENTHETICAL).root.find("art_12bis").notes
    assert [(n.text, n.action) for n in noted] == [
        ("(Adicionado, P.O. No. 34, Sección I, Tomo CXXVI, 12-07-2019)", NoteAction.INSERT)]
    assert run(root, [op], None).root.find("art_12bis").notes == []


def test_notes_without_publication_data_warn_and_cite_nothing():
    root = base_tree()
    result = run(root, [repeal(root, "art_14")], NoteStyle.PARENTHETICAL, act=None)
    [note] = result.root.find("art_14").notes
    assert (note.text, note.gazette) == ("(Derogado)", None)
    assert any("no tiene datos de publicación" in w for w in result.warnings)


def test_preamble_for_a_division_falls_back_to_parenthetical_with_a_warning():
    root = base_tree()
    chapter = Provision(ProvisionKind.CHAPTER, num="II", heading="DE LAS SANCIONES")
    result = run(root, [insert(root, "", "art_14", chapter, "cap_2")], NoteStyle.PREAMBLE)
    [note] = result.root.find("cap_2").notes
    assert note.style is NoteStyle.PARENTHETICAL and note.text.startswith("(Adicionado, P.O.")
    assert any("Capítulo II" in w for w in result.warnings)


def _reform_everything(root: Provision) -> list[ReformOperation]:
    para = next(c for c in root.find("art_5").children if c.kind is ProvisionKind.PARAGRAPH)
    return [
        amend(root, "art_12", text="Los permisos se otorgarán por dos años."),
        amend(root, "art_5__frac_2", text="La persona titular de la Presidencia Municipal; y"),
        amend(root, para.eid, text="Las autoridades actuarán con perspectiva de género."),
        repeal(root, "art_5__frac_3"),
        repeal(root, "art_14"),
        amend(root, "art_13", text="Las multas serán de 41 a 200 veces la UMA."),
        insert(root, "", "art_12", Provision(ProvisionKind.ARTICLE, num="12 Bis",
                                             text="Los permisos podrán renovarse."), "art_12bis"),
        insert(root, "art_5", "art_5__frac_3",
               Provision(ProvisionKind.CLAUSE, num="IV", text="La Tesorería Municipal."),
               "art_5__frac_4"),
    ]


@pytest.mark.parametrize("style", list(NoteStyle))
def test_notes_survive_the_round_trip_through_the_importer(style):
    root = base_tree()
    result = run(root, _reform_everything(root), style)
    assert result.ok and all(n.notes for n in (result.root.find("art_12"),
                                                result.root.find("art_12bis")))
    text = "REGLAMENTO DE PRUEBA PARA EL MUNICIPIO DE MEXICALI\n\n" + unparse_tree(result.root)
    parsed = parse_text(text)
    # The gaps of the sample (no artículos 2–4) are the only remarks, as when it was imported.
    assert [w.message for w in parsed.report.structural] == \
        [w.message for w in parse_text(BASE).report.structural]
    assert parsed.root.to_dict(with_ids=False) == result.root.to_dict(with_ids=False)
    written = {n.eid: n.notes for n in result.root.walk() if n.notes}
    read = {n.eid: n.notes for n in parsed.root.walk() if n.notes}
    assert read == written  # style, text, action and gazette (with the text it was read from)


# -- point in time ------------------------------------------------------------------------
def test_expression_for_picks_the_version_in_force():
    uri = RegulationUri.parse(URI)
    first = Expression(uri, Provision(ProvisionKind.ROOT), date(2001, 12, 14), date(2019, 7, 13))
    second = Expression(uri, Provision(ProvisionKind.ROOT), date(2019, 7, 13))
    assert expression_for([second, first], date(2019, 7, 12)) is first
    assert expression_for([first, second], date(2019, 7, 13)) is second
    assert expression_for([first, second], date(1999, 1, 1)) is None
