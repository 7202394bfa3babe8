"""Observations where the text is (issue 18, item 4): the whole text with author and role in
Spanish, the provision marked in the tree, the fragment highlighted in the diff, the count on
the project."""

from __future__ import annotations

from PySide6.QtCore import Qt

from .test_workflow_gui import (  # noqa: F401 - fixtures
    DRAFTER, TRUSTEE, act_as, open_editor, people, project,
)

LONG = ("Precise qué autoridad emite el dictamen técnico y cite el artículo del Reglamento de "
        "la Administración Pública que le da esa facultad; sin ello la reforma no se sostiene.")


def _observed(services, project):
    services.workflow.advance(project, "submit_to_trustee", DRAFTER)
    uri = services.projects.get(project).targets[0].regulation_uri
    node = next(a for a in services.projects.get(project).target(uri).draft.articles()
                if a.num == "1")
    services.workflow.observe(project, uri, node.pid, LONG, TRUSTEE, span=(0, 20))
    services.workflow.advance(project, "return_with_observations", TRUSTEE)
    return uri, node


def test_observation_reads_whole_with_role_in_spanish(window, project, people, services):
    uri, node = _observed(services, project)
    act_as(window, people, DRAFTER)
    editor, workflow = open_editor(window, project)
    panel = workflow.observations
    item = panel.tree.topLevelItem(0)
    assert "(Sindicatura" in item.toolTip(3) and "(sindicatura)" not in item.toolTip(3)
    panel.tree.setCurrentItem(item)
    detail = panel.detail.toPlainText()
    assert LONG in detail and TRUSTEE.name in detail and "sindicatura)" not in detail
    quoted = node.text[:20]
    assert f"«{quoted}»" in detail


def test_observed_provision_is_marked_and_counted(window, project, people, services):
    uri, node = _observed(services, project)
    act_as(window, people, DRAFTER)
    editor, workflow = open_editor(window, project)
    item = editor.tree.item_for(node.pid)
    assert item.background(0).color().name() == "#fdecea"
    assert "1 observación abierta" in item.toolTip(0)
    index = editor.tabs.indexOf(editor.comparison)
    assert editor.tabs.tabText(index) == "Comparación (1 observación abierta)"
    other = next(a for a in editor.current.root.articles() if a.num == "2")
    assert editor.tree.item_for(other.pid).data(0, Qt.ItemDataRole.BackgroundRole) is None


def test_clicking_the_observation_highlights_the_fragment_in_the_diff(window, project,
                                                                      people, services):
    uri, node = _observed(services, project)
    act_as(window, people, DRAFTER)
    editor, workflow = open_editor(window, project)
    editor.tree.select_pid(node.pid)
    editor.article_editor.text_edit.setPlainText(node.text + " Se agrega una oración.")
    editor.rediff_now()
    editor.comparison.diff_view.only_changes_check.setChecked(True)
    panel = workflow.observations
    item = panel.tree.topLevelItem(0)
    panel.tree.setCurrentItem(item)
    panel._navigate(item)
    assert editor.tree.current_pid() == node.pid
    marks = editor.comparison.diff_view.browser.extraSelections()
    assert marks and marks[0].cursor.selectedText() == node.text[:20]
