"""C2: a hypothesis state machine of users editing, saving and refreshing against a model.

Users open the same draft, edit articles with unique texts, save and refresh in any order. A
model predicts, for each save, which provisions are accepted and which conflict, from the
versions each user saw (the rule the product promises). After every step: the stored text of
each article equals the model's, versions equal the model's, every conflict the model predicts
is stored exactly once, and every text ever saved exists exactly once — accepted or as a
conflict revision. The same machine runs on SQLite and on PostgreSQL with two logins going
through the server's functions.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from reglamentos_app.services.merge import ProvisionConflictError
from tests.services.test_projects import PARQUES, art

ARTICLES = ("3", "7", "13", "20")
USERS = 3


def make_machine(projects_for_user, sync, uri, project_id_factory):
    """A machine class bound to ``projects_for_user(i)`` (the ProjectService of user i)."""
    counter = itertools.count()

    class Drafting(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.project_id = project_id_factory()
            self.sessions = [projects_for_user(i).open_draft(self.project_id, uri)
                             for i in range(USERS)]
            self.pids = {num: art(self.sessions[0].editor.root, num).pid for num in ARTICLES}
            first = self.sessions[0].editor.root
            self.stored = {num: art(first, num).text for num in ARTICLES}
            self.version = {num: 0 for num in ARTICLES}
            self.users = [{"local": dict(self.stored), "base": dict(self.stored),
                           "seen": dict(self.version), "dirty": False} for _ in range(USERS)]
            self.accepted: list[str] = []
            self.conflicts: list[tuple[str, str]] = []
            self.attempted: list[str] = []

        @rule(user=st.integers(0, USERS - 1), num=st.sampled_from(ARTICLES))
        def edit(self, user, num):
            text = f"Texto {next(counter)} del usuario {user}."
            self.sessions[user].editor.edit(self.pids[num], text=text)
            self.users[user]["local"][num] = text
            self.users[user]["dirty"] = True

        @rule(user=st.integers(0, USERS - 1))
        def save(self, user):
            self._save(user, snapshot=False)

        @rule(user=st.integers(0, USERS - 1))
        def autosave_from_the_gui(self, user):
            """The GUI saves a snapshot off its thread: the editor keeps showing its tree."""
            self._save(user, snapshot=True)

        def _save(self, user, snapshot):
            model = self.users[user]
            session = self.sessions[user]
            if not model["dirty"]:  # nothing to save: the editor keeps what it shows
                assert session.save() is False
                return
            expected_conflicts = []
            for num in ARTICLES:
                mine = model["local"][num]
                if mine == model["base"][num]:
                    continue
                self.attempted.append(mine)
                they = (self.version[num] != model["seen"][num]
                        or self.stored[num] != model["base"][num])
                if not they or mine == self.stored[num]:
                    if mine != self.stored[num]:
                        self.stored[num], self.version[num] = mine, self.version[num] + 1
                    self.accepted.append(mine)
                else:
                    expected_conflicts.append((num, mine))
            try:
                session.save(session.snapshot() if snapshot else None)
                got = []
            except ProvisionConflictError as exc:
                got = [(self._num(c.pid), c.mine["text"]) for c in exc.conflicts]
            assert sorted(got) == sorted(expected_conflicts)
            self.conflicts.extend(expected_conflicts)
            if not snapshot:
                self._adopt(user)
                return
            for num in ARTICLES:  # what the editor shows is now "seen" where it was kept
                if self.stored[num] == model["local"][num]:
                    model["seen"][num] = self.version[num]
            model["base"] = dict(model["local"])
            model["dirty"] = False

        @rule(user=st.integers(0, USERS - 1))
        def refresh(self, user):
            model = self.users[user]
            if model["dirty"]:
                assert self.sessions[user].refresh() is False
                return  # unsaved edits: refresh waits (the GUI saves first)
            self.sessions[user].refresh()
            self._adopt(user)

        def _adopt(self, user):
            self.users[user] = {"local": dict(self.stored), "base": dict(self.stored),
                                "seen": dict(self.version), "dirty": False}

        def _num(self, pid):
            return next(n for n, p in self.pids.items() if p == pid)

        @invariant()
        def stored_matches_model(self):
            state = projects_for_user(0).repository.load_state(self.project_id, uri)
            root = state.target.draft
            assert {num: art(root, num).text for num in ARTICLES} == self.stored
            assert {num: state.versions.get(self.pids[num], 0) for num in ARTICLES} == \
                self.version
            kept = [(self._num(c.pid), c.mine["text"])
                    for c in sync.conflicts(self.project_id, uri, only_open=False)]
            assert sorted(kept) == sorted(self.conflicts)

        @invariant()
        def every_saved_text_exists_exactly_once(self):
            conflict_texts = [t for _n, t in self.conflicts]
            for text in self.attempted:
                assert (self.accepted.count(text) + conflict_texts.count(text)) == \
                    self.attempted.count(text) == 1

    return Drafting


SETTINGS = dict(deadline=None, suppress_health_check=list(HealthCheck),
                stateful_step_count=25)


def test_save_model_on_sqlite(sqlite_url):
    from reglamentos_app.services import open_services

    with open_services(sqlite_url) as services:
        uri = services.corpus.import_text(PARQUES, "parques.txt").uri
        machine = make_machine(lambda _i: services.projects, services.sync, uri,
                               lambda: services.projects.create("Modelo", [uri]).id)
        run_state_machine_as_test(machine, settings=settings(max_examples=150, **SETTINGS))


@pytest.mark.postgres
def test_save_model_with_two_logins_through_the_server(office):
    ana, beto = office.services("ana"), office.services("beto")

    def new_project():
        project_id = ana.projects.create("Modelo", [office.uri]).id
        ana.projects.collab.add_member(project_id, office.login("beto"))
        return project_id

    people = [ana.projects, beto.projects, ana.projects]
    machine = make_machine(lambda i: people[i], ana.sync, office.uri, new_project)
    run_state_machine_as_test(machine, settings=settings(max_examples=30, **SETTINGS))
