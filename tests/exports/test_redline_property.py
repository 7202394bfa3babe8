"""Property: for random drafts and random Word decisions, the imported text is exactly what
Word shows — accept all gives the draft, reject all the base, and deciding each paragraph one
way or the other gives, provision by provision, the draft's or the base's wording.

Hypothesis edits a small regulation (word replacements, insertions and deletions, doubled
spaces, accents and signs, new and removed articles, derogations, new headings), exports the
redline, decides in the XML as Word would (``test_redline_wordsim``) and reads it back.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from reglamentos_app.domain.errors import ValidationError
from reglamentos_app.domain.provisions import ProvisionKind as K
from reglamentos_app.services.redline import RedlineService  # noqa: F401  (the API under test)
from tests.exports.test_redline import tree_key
from tests.exports.test_redline_wordsim import decide, everything
from tests.services.test_projects import PARQUES

WORDS = ["municipio", "Ayuntamiento", "parques", "sanción", "niñas", "§ 3", "«vía pública»",
         "UMA", "20", "y", "o", ",", ";", "públicos", "  doble", "Dirección"]

edit = st.tuples(st.sampled_from(["replace", "insert", "delete"]), st.integers(0, 40),
                 st.sampled_from(WORDS))
provision_change = st.one_of(
    st.tuples(st.just("text"), st.integers(0, 30), st.lists(edit, min_size=1, max_size=4)),
    st.tuples(st.just("heading"), st.integers(0, 30), st.sampled_from(WORDS)),
    st.tuples(st.just("new_article"), st.integers(0, 30), st.sampled_from(WORDS)),
    st.tuples(st.just("remove"), st.integers(0, 30), st.just("")),
    st.tuples(st.just("derogate"), st.integers(0, 30), st.just("")),
)


def _apply_words(text: str, edits) -> str:
    words = text.split(" ")
    for verb, at, word in edits:
        i = at % (len(words) + 1)
        if verb == "insert":
            words.insert(i, word)
        elif words and verb == "replace":
            words[i % len(words)] = word
        elif len(words) > 1:
            del words[i % len(words)]
    return " ".join(words)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from reglamentos_app.services import open_services

    folder = tmp_path_factory.mktemp("prop")
    services = open_services(f"sqlite:///{folder / 'db.sqlite3'}")
    uri = services.corpus.import_text(PARQUES, "parques.txt").uri
    yield services, uri, folder, itertools.count()
    services.close()


def _draft(services, uri, changes) -> int:
    project = services.projects.create("Propiedad", [uri], promoter_office="Jurídico")
    session = services.projects.open_draft(project.id, uri)
    ed = session.editor
    for verb, at, value in changes:
        nodes = [n for n in ed.root.walk() if n.kind in (K.ARTICLE, K.CLAUSE)]
        if not nodes:
            break
        node = nodes[at % len(nodes)]
        try:
            _change(ed, node, verb, value)
        except ValidationError:  # e.g. a second "12 Bis" after the same article: not drafted
            pass
    session.save()
    return project.id


def _change(ed, node, verb: str, value) -> None:
    if verb == "text":
        ed.edit(node.pid, text=_apply_words(node.text, value) or "Texto.")
    elif verb == "heading":
        ed.edit(node.pid, heading=value.strip() or "Objeto")
    elif verb == "new_article" and node.kind is K.ARTICLE:
        ed.insert_after(node.pid, text=f"Los {value.strip()} se rigen por este Reglamento.")
    elif verb == "remove":
        ed.remove(node.pid)
    elif verb == "derogate":
        ed.derogate(node.pid)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(provision_change, min_size=1, max_size=6),
       choices=st.lists(st.booleans(), min_size=60, max_size=60))
def test_word_decisions_import_exactly(world, changes, choices):
    services, uri, folder, counter = world
    pid = _draft(services, uri, changes)
    target = services.projects.get(pid).targets[0]
    base = services.projects.base_tree(target)
    path = folder / f"r{next(counter)}.docx"
    services.redline.export(pid, path)
    data = path.read_bytes()

    def read(decided: bytes):
        out = folder / f"d{next(counter)}.docx"
        out.write_bytes(decided)
        return services.redline.read(pid, out).drafts[uri]

    assert tree_key(read(decide(data, everything("accept")))) == tree_key(target.draft)
    assert tree_key(read(decide(data, everything("reject")))) == tree_key(base)

    # one decision per paragraph, in document order
    verdict_of: dict[str, str] = {}
    order = iter(choices * 10)

    def per_paragraph(_revision, text):
        if text not in verdict_of:
            verdict_of[text] = "accept" if next(order) else "reject"
        return verdict_of[text]

    mixed = read(decide(data, per_paragraph))
    rows = services.redline._targets(services.projects.get(pid))[0].rows
    nodes = {n.pid: n for n in mixed.walk()}
    for row in rows:
        if row.row_kind.value == "equal":
            continue
        sent = "".join(u.text for u in row.units)
        accepted = verdict_of.get(sent) != "reject"
        expected = row.draft if accepted else row.base
        node = nodes.get(row.pid)
        if expected is None:
            assert node is None, row.label()
        else:
            assert node is not None, row.label()
            assert (node.num, node.heading, node.text, node.status) == (
                expected.num, expected.heading, expected.text, expected.status), row.label()
