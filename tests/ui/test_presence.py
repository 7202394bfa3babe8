"""Presence ("X está editando este artículo") is never about one's own session and is cleared
when the editor closes or the project is published (issue 18, item 5)."""

from __future__ import annotations

from tests.shared.test_concurrent_saves import parques  # noqa: F401 - fixture
from tests.services.test_projects import PARQUES  # noqa: F401


def test_a_profile_chosen_after_start_does_not_see_its_earlier_lease(services, parques):
    project = services.projects.create("Presencia", [parques])
    sync = services.sync
    assert sync.acquire(project.id, parques, "p1").mine      # as "Usuario local"
    services.projects.set_local_author("Lic. Ana Ruiz")      # the profile loads later
    assert sync.acquire(project.id, parques, "p2").mine
    assert sync.editing_notices(project.id, parques) == {}
    # The lease on the article left behind was released, not left to expire in a minute.
    assert set(sync.collab.leases(project.id, parques)) == {"p2"}


def test_someone_else_is_still_named(services, parques):
    project = services.projects.create("Presencia", [parques])
    services.sync.acquire(project.id, parques, "p1")
    services.sync.collab.acquire_lease(project.id, parques, "p9", 60, "beto", "Beto Díaz")
    assert services.sync.editing_notices(project.id, parques) == {
        "p9": "Beto Díaz está editando este artículo."}


def test_release_project_gives_back_every_lease_of_this_program(services, parques):
    project = services.projects.create("Presencia", [parques])
    services.sync.acquire(project.id, parques, "p1")
    services.sync.collab.acquire_lease(project.id, parques, "p9", 60, "beto", "Beto Díaz")
    services.sync.release_project(project.id)
    assert set(services.sync.collab.leases(project.id, parques)) == {"p9"}  # not others'


def test_closing_the_editor_releases_its_lease(qtbot, window, imported, services):
    from .test_projects import create_from_dialog, select

    window.refresh()
    uri = imported["parques.txt"]
    editor = create_from_dialog(window, uri)
    select(editor, "4")
    editor.presence.tick()
    assert services.sync.collab.leases(editor.project_id, uri)
    window.projects.close_tab(editor)
    qtbot.waitUntil(lambda: not services.sync.collab.leases(editor.project_id, uri),
                    timeout=5000)
