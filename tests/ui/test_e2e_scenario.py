"""End to end through the real widgets, as the users would do it, on the bundled sample corpus.

First run imports ``corpus/``; the drafter searches, opens the Reglamento de Panteones from a
hit, creates a reform project from the menu, types a new text for an article and sees the
diff; sends it to the Sindicatura, which selects words of the article, observes them beside
the diff and returns the project; the drafter finds the article tinted in the tree, the
observation counted on the tab, reads it whole and sees its words marked in the diff, answers
it and sends it back; the Sindicatura closes it and gives its visto bueno (the stage and the
timeline say so in Spanish); the drafter presents it by the ordinary filing (no override: the
form refuses only until the folio is given); the Secretaría dispenses the committee, records the Cabildo vote, certifies, sends to the gazette
and publishes; the corpus then shows the new consolidated text; the publication package is
exported from the project's Exportar menu and verifies. Every step goes through the widgets
(menus, dialogs, forms, buttons); only the choice of profile uses the workflow state directly,
as the profile dialog tests already cover it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from reglamentos_app.config import Settings, corpus_dir
from reglamentos_app.domain.workflow_default import OVERRIDE_REASON_FIELD
from reglamentos_app.ui.exports.export_dialog import PACKAGE_FOLDER, ExportKind
from reglamentos_app.ui.first_run import import_sample_corpus
from reglamentos_app.ui.search.panel import HIT_ROLE

from .test_projects import create_from_dialog, select, type_text
from .test_workflow_gui import DRAFTER, SECRETARY, TRUSTEE, act_as, take

NEW_TEXT = ("Las fosas para adultos tendrán como medidas mínimas las que fije la Dirección "
            "en el dictamen técnico respectivo.")


def fill(form, values: dict) -> None:
    for key, value in values.items():
        widget = form.inputs[key]
        if hasattr(widget, "set_value"):
            widget.set_value(value)
        else:
            widget.edit.setText(str(value))


def stage_is(qtbot, workflow, label: str) -> None:
    """Wait until the Trámite tab names ``label`` as the project's stage."""
    qtbot.waitUntil(lambda: f"Etapa: <b>{label}</b>" in workflow.panel.stage_label.text(),
                    timeout=5000)


def record_row(workflow, action: str) -> list[str]:
    """The timeline's row for the (single) act called ``action``, as the user reads it."""
    rows = [row for row in workflow.panel.timeline.rows() if row[4] == action]
    assert len(rows) == 1, [row[4] for row in workflow.panel.timeline.rows()]
    return rows[0]


def test_from_first_run_to_the_published_package(qtbot, window, services, tmp_path):
    # 1. First run: the sample corpus is imported into the empty database.
    settings = Settings.load()
    assert import_sample_corpus(window, settings, corpus_dir())
    qtbot.waitUntil(lambda: window.browser.count >= 13, timeout=30000)
    assert Settings.load().sample_corpus_imported
    people = {p.role: services.workflow.add_user(p) for p in (DRAFTER, TRUSTEE, SECRETARY)}

    # 2. Search, and open the regulation from a hit.
    window.show_search()
    panel = window.search_panel
    panel.query_edit.setText("fosas para adultos")
    panel.search_now()
    qtbot.waitUntil(lambda: panel.results is not None and panel.results.total > 0, timeout=5000)
    item = next(i for i in panel.hit_items() if i.data(0, HIT_ROLE) is not None
                and "Panteones" in i.data(0, HIT_ROLE).regulation_title)
    hit = item.data(0, HIT_ROLE)
    with qtbot.waitSignal(window.viewer.sig_loaded, timeout=5000):
        panel.open_item(item)
    uri = window.viewer.current_uri
    assert uri == hit.uri and "fosas" in window.viewer.text_browser.toPlainText().lower()
    num = hit.label.split()[-1]

    # 3. The drafter creates the project from the menu, types the new text, sees the diff.
    act_as(window, people, DRAFTER)
    editor = create_from_dialog(window, uri, "Reforma de las medidas de las fosas")
    workflow = window.workflow.editors[editor.project_id]
    select(editor, num)
    type_text(qtbot, editor, NEW_TEXT)
    qtbot.waitUntil(lambda: editor.comparison.change_list.texts() == [f"Reforma: artículo {num}"],
                    timeout=5000)
    assert "dictamen técnico" in editor.comparison.diff_view.html
    qtbot.waitUntil(lambda: not editor.dirty, timeout=5000)   # autosaved

    # 4. Sent to the Sindicatura, which observes the article beside the diff and returns it.
    take(workflow, "submit_to_trustee").ok_button.click()
    assert "Revisión de la Sindicatura" in workflow.panel.stage_label.text()
    act_as(window, people, TRUSTEE)
    assert editor.read_only
    select(editor, num)
    observations = workflow.observations
    # The síndico selects the words the observation is about ("dictamen técnico").
    box = editor.article_editor.text_edit
    start = box.toPlainText().index("dictamen técnico")
    cursor = box.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len("dictamen técnico"), cursor.MoveMode.KeepAnchor)
    box.setTextCursor(cursor)
    observations.composer.setPlainText("Precise qué dirección emite el dictamen.")
    observations.observe_button.click()
    assert observations.rows()[0][:3] == [f"Artículo {num}", "abierta", TRUSTEE.name]
    take(workflow, "return_with_observations").ok_button.click()

    # 4b. The drafter sees the observation where the text is: the article tinted in the tree,
    # the count on the tab, the observation read whole and its words marked in the diff.
    act_as(window, people, DRAFTER)
    pid = next(a.pid for a in editor.current.root.articles() if a.num == num)
    observed = editor.tree.item_for(pid)
    assert observed is not None and "1 observación abierta" in observed.toolTip(0)
    assert "(1 observación abierta)" in editor.tabs.tabText(editor.tabs.indexOf(
        editor.comparison))
    item = observations.tree.topLevelItem(0)
    observations.tree.setCurrentItem(item)
    observations._navigate(item)
    assert "Sindicatura" in observations.detail.toPlainText()
    marks = editor.comparison.diff_view.browser.extraSelections()
    assert [m.cursor.selectedText() for m in marks][:1] == ["dictamen técnico"]

    # 5. The drafter answers and sends it back; the Sindicatura closes its observation and
    # gives its visto bueno; the drafter files it.
    assert "file" not in workflow.panel.buttons              # no filing without the visto bueno
    observations.tree.setCurrentItem(observations.tree.topLevelItem(0))
    observations.composer.setPlainText("La emite la Dirección de Servicios Públicos.")
    observations.reply_button.click()
    take(workflow, "submit_to_trustee").ok_button.click()
    act_as(window, people, TRUSTEE)
    observations.tree.setCurrentItem(observations.tree.topLevelItem(0))
    observations.composer.setPlainText("Atendida.")
    observations.addressed_button.click()
    assert observations.rows()[0][1] == "atendida"
    # The síndico sees the visto bueno offered by name and gives it with a recorded opinion.
    assert workflow.panel.buttons["trustee_approve"].text() == (
        "Dar el visto bueno de la Sindicatura…")   # "…": it opens a form
    form = take(workflow, "trustee_approve")
    fill(form, {"trustee_opinion": "Sin objeciones: la observación quedó atendida."})
    form.ok_button.click()
    assert not form.isVisible(), form.message_label.text()
    stage_is(qtbot, workflow, "Con visto bueno de la Sindicatura")
    approval = record_row(workflow, "Dar el visto bueno de la Sindicatura")
    assert approval[2:4] == [TRUSTEE.name, "Sindicatura Municipal"]
    assert approval[5] == "Revisión de la Sindicatura → Con visto bueno de la Sindicatura"
    assert approval[8] == ("Opinión de la Sindicatura: Sin objeciones: la observación quedó "
                           "atendida.")
    # With the visto bueno the drafter presents it: the ordinary filing, no override offered.
    act_as(window, people, DRAFTER)
    qtbot.waitUntil(lambda: "file" in workflow.panel.buttons, timeout=5000)
    assert "file_without_trustee_approval" not in workflow.panel.buttons
    form = take(workflow, "file")
    assert OVERRIDE_REASON_FIELD not in form.inputs
    form.inputs["filing_date"].edit.setDate(QDate(2026, 3, 2))
    form.ok_button.click()
    assert form.isVisible()                                  # the folio is missing; kept open
    fill(form, {"folio": "SA/045/2026"})
    form.ok_button.click()
    assert not form.isVisible()
    stage_is(qtbot, workflow, "Presentada ante la Secretaría del Ayuntamiento")
    filing = record_row(workflow, "Presentar ante la Secretaría del Ayuntamiento")
    assert filing[2:4] == [DRAFTER.name, "Redacción (área jurídica o dependencia)"]
    assert filing[5] == ("Con visto bueno de la Sindicatura → "
                         "Presentada ante la Secretaría del Ayuntamiento")
    assert "Folio: SA/045/2026" in filing[8] and "Motivo" not in filing[8]
    actions = [row[4] for row in workflow.panel.timeline.rows()]
    assert "Presentar sin el visto bueno de la Sindicatura" not in actions
    assert actions.index("Dar el visto bueno de la Sindicatura") < actions.index(
        "Presentar ante la Secretaría del Ayuntamiento")

    # 6. The Secretaría takes it through Cabildo to the Periódico Oficial.
    act_as(window, people, SECRETARY)
    form = take(workflow, "waive_committee")
    form.inputs["waiver_justification"].edit.setPlainText("Urgencia sanitaria.")
    form.ok_button.click()
    form = take(workflow, "council_approve")
    fill(form, {"session_type": "ordinary", "session_date": "2026-03-10", "act_number": "45",
                "agenda_item": 7, "votes_for": 15, "votes_against": 2, "abstentions": 1})
    form.ok_button.click()
    assert not form.isVisible(), form.message_label.text()
    form = take(workflow, "certify")
    fill(form, {"certification_date": "2026-03-11"})
    form.ok_button.click()
    form = take(workflow, "send_to_gazette")
    fill(form, {"sent_date": "2026-03-12"})
    form.ok_button.click()
    published: list = []
    editor.sig_published.connect(published.append)
    form = take(workflow, "publish")
    fill(form, {"gazette_number": "21", "gazette_section": "I", "gazette_tome": "CXXXIII",
                "publication_date": "2026-03-20"})
    form.ok_button.click()
    assert not form.isVisible(), form.message_label.text()
    assert published == [[uri]] and services.workflow.stage(editor.project_id).id == "published"
    assert editor.read_only and "publicado" in editor.state_notice.text().lower()

    # 7. The corpus shows the new consolidated text (in force from the day after).
    consolidated = services.corpus.get_text(uri, date(2026, 3, 21)).root
    assert next(a for a in consolidated.articles() if a.num == num).text == NEW_TEXT
    window.tabs.setCurrentIndex(0)
    window.browser.select_uri(uri)
    qtbot.waitUntil(lambda: NEW_TEXT[:60] in window.viewer.text_browser.toPlainText(),
                    timeout=5000)

    # 8. The publication package from the project's Exportar menu, verified.
    editor.exports.actions[ExportKind.PACKAGE].trigger()
    dialog = editor.exports.dialog
    qtbot.addWidget(dialog)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(PACKAGE_FOLDER))
    target = tmp_path / "paquete"
    dialog.dest_edit.setText(str(target))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: (target / "manifest.json").is_file(), timeout=10000)
    assert services.exports.verify_package(target) == []
    assert services.exports.verify_approval(target) == []
