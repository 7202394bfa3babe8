"""The project views on their own: diff HTML, the draft tree's colours, and the editor on a
real background runner (threads, queued results) instead of the synchronous one.
"""

from __future__ import annotations

import copy

import pytest

from reglamentos_app.domain.changes import RowKind
from reglamentos_app.domain.drafting import DraftEditor
from reglamentos_app.domain.provisions import ProvisionKind
from reglamentos_app.services import compare_trees
from reglamentos_app.ui.ops import OpRunner
from reglamentos_app.ui.projects.diff_html import (
    DEL_STYLE, INS_STYLE, NO_MATCH, DiffOptions, comparison_html, visible_rows,
)
from reglamentos_app.ui.projects.draft_tree import KIND_COLORS, REPEALED_COLOR, DraftTree
from reglamentos_app.ui.projects.editor import ProjectEditor


@pytest.fixture
def base(services, imported):
    return services.corpus.get_text(imported["parques.txt"]).root


def art(root, num):
    return next(a for a in root.articles() if a.num == num)


def draft_of(base):
    return DraftEditor(copy.deepcopy(base))


def test_only_changes_shows_the_article_as_context(base):
    editor = draft_of(base)
    fraccion = art(editor.root, "2").children[1]
    editor.edit(fraccion.pid, text="La persona que visita un parque o jardín.")
    comparison = compare_trees(base, editor.root)
    rows = visible_rows(comparison.alignment.pairs, only_changes=True)
    shown = [(p.draft.display_label(), p.kind) if p else None for p in rows]
    # Fracción I (unchanged) is left out between the article and fracción II.
    assert shown == [None, ("Artículo 2", RowKind.EQUAL), None, ("Fracción II", RowKind.CHANGED),
                     None]
    html = comparison_html(comparison)
    assert html.count("· · ·") == 3
    assert f'<span style="{INS_STYLE}">o jardín</span>' in html
    assert "margin-left:24px" in html                  # the fracción is indented


def test_side_by_side_marks_insertions_deletions_and_renumbering(base):
    editor = draft_of(base)
    editor.insert_after(art(editor.root, "5").pid, text="Artículo nuevo.")
    editor.renumber(art(editor.root, "30").pid, "31")
    comparison = compare_trees(base, editor.root)
    html = comparison_html(comparison)
    assert html.count(NO_MATCH) == 1
    assert f'<span style="{INS_STYLE}">Artículo nuevo.</span>' in html
    assert f'<span style="{DEL_STYLE}">Artículo 30.-</span>' in html
    assert f'<span style="{INS_STYLE}">Artículo 31.-</span>' in html
    assert "<th" in html and "Texto vigente" in html


def test_removed_unit_in_both_modes(base):
    # Comparing the other way round turns the added article into a suppressed one.
    editor = draft_of(base)
    editor.insert_after(art(editor.root, "5").pid, text="Artículo nuevo.")
    comparison = compare_trees(editor.root, base)
    side = comparison_html(comparison)
    assert f'<span style="{DEL_STYLE}">Artículo nuevo.</span>' in side and NO_MATCH in side
    inline = comparison_html(comparison, DiffOptions(inline=True))
    assert "[suprimido]" in inline and NO_MATCH not in inline


def test_full_view_of_an_unchanged_text(base):
    comparison = compare_trees(base, copy.deepcopy(base))
    assert "Sin cambios respecto del texto de comparación." in comparison_html(comparison)
    full = comparison_html(comparison, DiffOptions(only_changes=False))
    assert "Artículo 30.-" in full and "TRANSITORIOS" in full
    assert full.count("<table") == -(-len(comparison.alignment.pairs) // 50)


def test_draft_tree_colours_and_keeps_selection(qtbot, base):
    tree = DraftTree()
    qtbot.addWidget(tree)
    tree.set_root(base)
    a3, a4 = art(base, "3"), art(base, "4")
    assert tree.item_for(a3.pid).foreground(0).color() == REPEALED_COLOR
    assert tree.item_for(a3.pid).font(0).italic()
    tree.set_kinds({a4.pid: RowKind.CHANGED})
    assert tree.item_for(a4.pid).foreground(0).color() == KIND_COLORS[RowKind.CHANGED]
    assert "modificado" in tree.item_for(a4.pid).toolTip(0)
    tree.set_kinds({})
    assert not tree.item_for(a4.pid).font(0).bold()
    with qtbot.waitSignal(tree.sig_node_selected) as signal:
        tree.select_pid(a4.pid)
    assert signal.args == [a4.pid]
    tree.set_root(base)                                # a rebuild keeps the selection
    assert tree.current_pid() == a4.pid
    kinds = {tree.item_for(c.pid).text(0).split(" ")[0] for c in base.walk()
             if c.kind is not ProvisionKind.ROOT}
    assert {"Capítulo", "Artículo", "Fracción", "Transitorio"} <= kinds


def test_editor_on_a_background_runner(qtbot, services, imported):
    """Ops on worker threads: load, re-diff and autosave arrive through the queued signal."""
    uri = imported["parques.txt"]
    project = services.projects.create("Reforma en segundo plano", [uri])
    runner = OpRunner(services)
    try:
        editor = ProjectEditor(runner, project.id)
        qtbot.addWidget(editor)
        editor.show()
        editor.load()
        qtbot.waitUntil(lambda: editor.current is not None, timeout=5000)
        a4 = art(editor.current.root, "4")
        editor.tree.select_pid(a4.pid)
        editor.article_editor.text_edit.setPlainText("Las multas se cobrarán conforme a la Ley.")
        qtbot.waitUntil(lambda: editor.comparison.change_list.texts() == ["Reforma: artículo 4"],
                        timeout=5000)
        qtbot.waitUntil(lambda: not editor.dirty, timeout=5000)
        saved = services.projects.get(project.id).target(uri).draft
        assert art(saved, "4").text == "Las multas se cobrarán conforme a la Ley."
        editor.shutdown()
    finally:
        qtbot.waitUntil(lambda: runner.idle, timeout=5000)
        runner.shutdown()


def test_epigrafe_is_drawn_apart_from_the_text_in_both_modes(base):
    editor = draft_of(base)
    target = art(editor.root, "4")
    editor.edit(target.pid, heading="Multa", text="La multa será de diez UMA.")
    comparison = compare_trees(base, editor.root)
    for options in (DiffOptions(), DiffOptions(inline=True)):
        html = comparison_html(comparison, options)
        assert "Multa</span></i>.- " in html or "<i>Multa</i>.- " in html
        assert "Multa La multa" not in html and "Multa</span> <span" not in html
