"""'Buscar también en proyectos de reforma': drafts of open projects, kept in step."""

from __future__ import annotations

from datetime import date

from reglamentos_app.domain.gazette import GazetteReference
from reglamentos_app.services import open_services


def _article(root, num):
    return next(a for a in root.articles() if a.num == num)


def _draft_with(svc, uri, text, title="Reforma de tránsito"):
    project = svc.projects.create(title, [uri])
    session = svc.projects.open_draft(project.id, uri)
    session.editor.edit(_article(session.editor.root, "5").pid, text=text)
    assert session.save()
    return project, session


def test_drafts_only_when_asked_and_marked(svc, uris):
    project, _session = _draft_with(svc, uris["reglamento"],
                                    "Se prohíbe circular en patineta eléctrica.")
    assert svc.search.search("patineta").total == 0          # the text in force: no
    found = svc.search.search("patineta", drafts=True)
    assert found.total == 1
    hit = found.hits[0]
    assert hit.is_draft and hit.project_id == project.id
    assert hit.project_title == "Reforma de tránsito" and hit.status_label == "borrador"
    assert hit.uri == uris["reglamento"] and hit.label == "Artículo 5"
    assert hit.pid == _article(svc.projects.get(project.id).targets[0].draft, "5").pid
    assert "[patineta]" in hit.snippet
    group = found.groups[0]
    assert group.project_id == project.id and "borrador del proyecto «Reforma de tránsito»" in \
        group.title
    # An article the draft did not change appears twice: in force, and in the draft.
    both = svc.search.search("licencia", drafts=True)
    assert sorted(h.is_draft for h in both.hits) == [False, True]
    # A date filter still shows the draft (it is a proposal, in force on no date) …
    assert svc.search.search("patineta", date(2015, 1, 1), drafts=True).total == 1
    # … and never the other way round.
    assert svc.search.search("patineta", date(2015, 1, 1)).total == 0
    assert svc.search.search("artículo 5 del reglamento de tránsito").jump.is_draft is False


def test_draft_saves_withdrawal_and_publication_followed(svc, uris):
    project, session = _draft_with(svc, uris["reglamento"], "Se prohíbe circular en patineta.")
    assert svc.search.search("patineta", drafts=True).total == 1
    generation = svc.search.index.generation
    session.editor.edit(_article(session.editor.root, "5").pid, text="Se prohíbe el monociclo.")
    assert session.save()
    assert svc.search.search("patineta", drafts=True).total == 0
    assert svc.search.search("monociclo", drafts=True).total == 1
    assert svc.search.index.generation == generation   # incremental, not rebuilt

    second, _ = _draft_with(svc, uris["reglamento"],
                            "Se prohíbe el monociclo los domingos.", title="Otra reforma")
    assert svc.search.search("monociclo", drafts=True).total == 2
    svc.projects.withdraw(second.id)
    assert svc.search.search("monociclo", drafts=True).total == 1

    svc.projects.publish(project.id, GazetteReference(number="30", date=date(2025, 5, 2)))
    # Published: no longer a draft, now the text in force (from the day after).
    assert svc.search.search("monociclo", drafts=True).total == 1
    hit = svc.search.search("monociclo", drafts=True).hits[0]
    assert not hit.is_draft and hit.valid_from == date(2025, 5, 3)
    assert svc.search.search("monociclo").total == 1


def test_drafts_saved_by_another_program_are_found(svc, uris, sqlite_url, index_dir, tmp_path):
    svc.search.ensure_ready()
    other = open_services(sqlite_url, index_dir=tmp_path / "otro")
    try:
        _draft_with(other, uris["reglamento"], "Prohibido el triciclo.")
    finally:
        other.close()
    assert svc.search.search("triciclo", drafts=True).total == 1


def test_rebuild_keeps_the_drafts(svc, uris):
    _draft_with(svc, uris["reglamento"], "Se prohíbe circular en patineta.")
    svc.search.reindex()
    assert svc.search.search("patineta", drafts=True).total == 1
    assert svc.search.search("patineta").total == 0


def test_this_regulation_scope_includes_its_drafts(svc, uris):
    _draft_with(svc, uris["reglamento"], "Se prohíbe circular en patineta por la vía.")
    only = svc.search.search("vía", regulation_uris=[uris["reglamento"]], drafts=True)
    assert {h.uri for h in only.hits} == {uris["reglamento"]}
    assert any(h.is_draft for h in only.hits) and any(not h.is_draft for h in only.hits)
    assert svc.search.search("patineta", regulation_uris=[uris["bando"]], drafts=True).total == 0
    assert svc.search.search("patineta", regulation_uris=[uris["reglamento"]]).total == 0
