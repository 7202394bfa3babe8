"""Drafting commands: each edit, undo/redo to the exact previous tree, Mexican numbering."""

import copy

import pytest

from reglamentos_app.domain.drafting import DraftEditor, suggest_number
from reglamentos_app.domain.errors import ValidationError
from reglamentos_app.domain.provisions import (
    ProvisionKind as K, ProvisionStatus, assign_eids, ensure_pids,
)
from reglamentos_app.sources import parse_text

TEXT = """REGLAMENTO DE PRUEBA DEL MUNICIPIO DE MEXICALI, BAJA CALIFORNIA

CAPÍTULO I
DISPOSICIONES GENERALES

ARTÍCULO 12.- Son atribuciones de la Dirección:
I. Vigilar los parques;
II. Expedir permisos, y
III. Las demás que le confieran otras disposiciones.

ARTÍCULO 13.- Las sanciones se aplicarán conforme al presente Reglamento.

ARTÍCULO 14.- Este artículo no cambia.
"""


@pytest.fixture
def editor():
    root = parse_text(TEXT, "prueba.txt").root
    ensure_pids(root)
    assign_eids(root)
    return DraftEditor(root)


def snapshot(editor):
    return copy.deepcopy(editor.root.to_dict())


def art(editor, num):
    return next(a for a in editor.root.articles() if a.num == num)


@pytest.mark.parametrize("previous, following, kind, expected", [
    ("12", "13", K.ARTICLE, "12 Bis"),
    ("12 Bis", "13", K.ARTICLE, "12 Ter"),
    ("12 Ter", "13", K.ARTICLE, "12 Quáter"),
    ("14", None, K.ARTICLE, "15"),
    ("VIII", None, K.CLAUSE, "IX"),
    ("II", "III", K.CLAUSE, "II Bis"),
    ("a)", None, K.ITEM, "b)"),
    ("PRIMERO", None, K.TRANSITIONAL, "SEGUNDO"),
    (None, None, K.ARTICLE, "1"),
    (None, None, K.CLAUSE, "I"),
    ("3", None, K.PARAGRAPH, ""),
])
def test_suggested_numbers(previous, following, kind, expected):
    assert suggest_number(previous, following, kind) == expected


def test_insert_between_articles_gets_bis_and_keeps_the_rest(editor):
    before = [a.num for a in editor.root.articles()]
    node = editor.insert_after(art(editor, "12").pid, text="Nuevo artículo.")
    assert node.num == "12 Bis"
    assert [a.num for a in editor.root.articles()] == ["12", "12 Bis", "13", "14"]
    assert node.eid.endswith("art_12bis")
    editor.undo()
    assert [a.num for a in editor.root.articles()] == before


def test_append_clause_continues_the_sequence(editor):
    node = editor.append_child(art(editor, "12").pid, K.CLAUSE, text="Nueva atribución.")
    assert node.num == "IV"


def test_duplicate_number_is_refused_in_spanish(editor):
    with pytest.raises(ValidationError) as err:
        editor.insert_after(art(editor, "12").pid, num="13")
    assert "Ya existe" in err.value.user_message


def test_every_command_undoes_and_redoes_exactly(editor):
    original = snapshot(editor)
    a12, a13, a14 = art(editor, "12"), art(editor, "13"), art(editor, "14")
    clause = a12.children[1]
    steps = [
        lambda: editor.edit(a13.pid, text="Texto nuevo."),
        lambda: editor.edit(a12.pid, heading="Atribuciones"),
        lambda: editor.derogate(clause.pid),
        lambda: editor.insert_after(a13.pid, text="Adicionado."),
        lambda: editor.renumber(a14.pid, "15"),
        lambda: editor.move(a13.pid, editor.root.children[0].pid, 0),
        lambda: editor.remove(a14.pid),
    ]
    states = [original]
    for step in steps:
        step()
        states.append(snapshot(editor))
    assert len({str(s) for s in states}) == len(states)  # every step changed something
    for expected in reversed(states[:-1]):
        editor.undo()
        assert snapshot(editor) == expected
    assert not editor.can_undo
    for expected in states[1:]:
        editor.redo()
        assert snapshot(editor) == expected


def test_typing_merges_into_one_undo_step(editor):
    a13 = art(editor, "13")
    original = a13.text
    for n in range(1, 20):
        editor.edit(a13.pid, text=original + " x" * n)
    editor.undo()
    assert a13.text == original
    editor.redo()
    editor.seal()
    editor.edit(a13.pid, text="otra cosa")
    editor.undo()
    assert a13.text == original + " x" * 19


def test_derogate_leaves_placeholder_by_gender(editor):
    a12 = art(editor, "12")
    clause = a12.children[1]
    editor.derogate(clause.pid)
    assert clause.status is ProvisionStatus.REPEALED and clause.text == "Derogada."
    editor.derogate(a12.pid)
    assert a12.text == "Derogado." and a12.children == []
    editor.undo()
    assert len(a12.children) == 3 and a12.status is ProvisionStatus.IN_FORCE


def test_cannot_move_into_itself(editor):
    a12 = art(editor, "12")
    with pytest.raises(ValidationError):
        editor.move(a12.pid, a12.children[0].pid, 0)
