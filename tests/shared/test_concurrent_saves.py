"""No lost work under concurrency: per-provision merge, conflict revisions (RELIABILITY C1–C3).

Two ``DraftSession`` objects on the same draft are two lawyers with the editor open; each
keeps the versions it saw from the moment it opened (a save never re-reads and overwrites).
Runs on SQLite and PostgreSQL (the direct path) and, in ``test_managed_*``, with two
PostgreSQL logins through the server's functions.
"""

from __future__ import annotations

import pytest

from reglamentos_app.domain.provisions import ProvisionKind as K
from reglamentos_app.services.merge import STRUCTURE, ProvisionConflictError
from tests.services.test_projects import art


@pytest.fixture
def two(services, parques):
    project = services.projects.create("Reforma concurrente", [parques])
    a = services.projects.open_draft(project.id, parques)
    b = services.projects.open_draft(project.id, parques)
    return services, project.id, parques, a, b


@pytest.fixture
def parques(services):
    from tests.services.test_projects import PARQUES

    return services.corpus.import_text(PARQUES, "parques.txt").uri


def stored(services, project_id, uri):
    return services.projects.get(project_id).target(uri).draft


def test_same_provision_second_save_gets_both_texts_and_keeps_its_own(two):
    services, pid, uri, a, b = two
    p3 = art(a.editor.root, "3").pid
    a.editor.edit(p3, text="Texto de Ana.")
    b.editor.edit(p3, text="Texto de Beto.")
    assert a.save()
    with pytest.raises(ProvisionConflictError) as err:
        b.save()
    (conflict,) = err.value.conflicts
    assert (conflict.mine["text"], conflict.theirs["text"]) == ("Texto de Beto.", "Texto de Ana.")
    assert "Artículo 3" in err.value.user_message
    assert art(stored(services, pid, uri), "3").text == "Texto de Ana."
    kept = services.sync.conflicts(pid, uri)
    assert [c.mine["text"] for c in kept] == ["Texto de Beto."]
    b.resolve(conflict, "mine")   # Beto looks at both and keeps his
    assert b.save()
    assert art(stored(services, pid, uri), "3").text == "Texto de Beto."
    assert services.sync.conflicts(pid, uri) == []            # resolved
    assert len(services.sync.conflicts(pid, uri, only_open=False)) == 1  # still in history


def test_different_provisions_both_succeed_and_each_sees_the_other(two):
    services, pid, uri, a, b = two
    a.editor.edit(art(a.editor.root, "3").pid, text="Ana en el 3.")
    b.editor.edit(art(b.editor.root, "7").pid, text="Beto en el 7.")
    assert a.save() and b.save()
    root = stored(services, pid, uri)
    assert (art(root, "3").text, art(root, "7").text) == ("Ana en el 3.", "Beto en el 7.")
    assert art(b.editor.root, "3").text == "Ana en el 3."   # Beto's editor shows Ana's work
    assert a.refresh() and art(a.editor.root, "7").text == "Beto en el 7."


def test_think_time_save_never_reloads_before_writing(two):
    """C3: open, another user saves, much later save: a conflict, not an overwrite."""
    services, pid, uri, a, b = two
    p7 = art(a.editor.root, "7").pid
    b.editor.edit(p7, text="Primero.")
    b.save()
    a.editor.edit(p7, text="Mucho después.")
    with pytest.raises(ProvisionConflictError):
        a.save()
    assert art(stored(services, pid, uri), "7").text == "Primero."


def test_structure_and_text_merge_and_double_structure_conflicts(two):
    services, pid, uri, a, b = two
    a.editor.insert_after(art(a.editor.root, "12").pid, text="Artículo nuevo de Ana.")
    b.editor.edit(art(b.editor.root, "3").pid, text="Beto en el 3.")
    assert a.save() and b.save()
    root = stored(services, pid, uri)
    assert art(root, "12 Bis").text == "Artículo nuevo de Ana." and art(root, "3").text == \
        "Beto en el 3."
    # Now both change the structure: the second keeps the stored one, and her tree is kept.
    a.editor.append_child(art(a.editor.root, "13").pid, K.PARAGRAPH, text="Párrafo de Ana.")
    b.editor.insert_after(art(b.editor.root, "13").pid, text="Artículo de Beto.")
    a.save()
    with pytest.raises(ProvisionConflictError) as err:
        b.save()
    assert [c.pid for c in err.value.conflicts] == [STRUCTURE]
    payload_texts = [row[2]["text"] for row in err.value.conflicts[0].mine["tree"]]
    assert "Artículo de Beto." in payload_texts
    b.resolve(err.value.conflicts[0], "mine")
    b.save()
    texts = [n.text for n in stored(services, pid, uri).walk()]
    assert "Artículo de Beto." in texts
    assert "Beto en el 3." in texts and "Artículo nuevo de Ana." in texts


def test_keeping_my_structure_keeps_others_texts(two):
    services, pid, uri, a, b = two
    a.editor.insert_after(art(a.editor.root, "3").pid, text="Nuevo de Ana.")
    a.editor.edit(art(a.editor.root, "7").pid, text="Ana en el 7.")
    a.save()
    b.editor.insert_after(art(b.editor.root, "13").pid, text="Nuevo de Beto.")
    b.editor.edit(art(b.editor.root, "20").pid, text="Beto en el 20.")
    with pytest.raises(ProvisionConflictError) as err:
        b.save()
    (structure,) = [c for c in err.value.conflicts if c.pid == STRUCTURE]
    b.resolve(structure, "mine")
    b.save()
    texts = [n.text for n in stored(services, pid, uri).walk()]
    assert "Nuevo de Beto." in texts and "Beto en el 20." in texts
    assert "Ana en el 7." in texts          # Ana's text survives Beto's structure
    assert "Nuevo de Ana." in texts         # and so does the article she added
    root = stored(services, pid, uri)
    nums = [a.num for a in root.articles()]
    assert [a.text for a in root.articles()][nums.index("3") + 1] == "Nuevo de Ana."


def test_delete_against_edit_keeps_the_edit(two):
    services, pid, uri, a, b = two
    p13 = art(a.editor.root, "13").pid
    a.editor.edit(p13, text="Ana mejora el 13.")
    a.save()
    b.editor.remove(p13)
    with pytest.raises(ProvisionConflictError):
        b.save()
    assert art(stored(services, pid, uri), "13").text == "Ana mejora el 13."


def test_changes_since_token_lists_others_saves(two):
    services, pid, uri, a, b = two
    token = services.sync.token()
    a.editor.edit(art(a.editor.root, "3").pid, text="Cambio visible.")
    a.save()
    batch = services.sync.changes_since(token, pid)
    assert [c.pid for c in batch.changes] == [art(a.editor.root, "3").pid]
    assert services.sync.changes_since(batch.token, pid).changes == []
    assert b.refresh() and art(b.editor.root, "3").text == "Cambio visible."


def test_leases_name_the_holder_and_expire(services, parques):
    project = services.projects.create("Leases", [parques])
    sync = services.sync
    lease = sync.acquire(project.id, parques, "p1", ttl=60)
    assert lease.mine
    other = services.sync.collab.acquire_lease(project.id, parques, "p1", 60, "beto", "Beto")
    assert not other.mine and other.holder == "Usuario local"
    assert services.sync.editing_notices(project.id, parques) == {}   # mine: no notice
    sync.release(project.id, parques, "p1")
    taken = services.sync.collab.acquire_lease(project.id, parques, "p1", 0, "beto", "Beto")
    assert taken.mine
    import time

    time.sleep(1.1)  # ttl 0: expired, anybody may take it
    assert sync.acquire(project.id, parques, "p1").mine
