"""Redline import in shared mode is one transaction with the server functions inside it.

The draft (``reg_save_draft``), the observations (``reg_observe``) and their audit records
(``reg_log_action``) run in the one transaction of ``Database.unit_of_work``: a refusal by the
server, or a failure while recording an observation, leaves draft and record as they were.
"""

from __future__ import annotations

import pytest

from reglamentos_app.domain.errors import ReglamentosError, StorageError
from tests.exports.test_redline import (
    comment, export, fail_second_observation, returned, tree_key,
)
from tests.services.test_workflow_service import DRAFTER, TRUSTEE

pytestmark = pytest.mark.postgres


def _with_comments(services, project, tmp_path):
    data = export(services, project, tmp_path).read_bytes()
    data = comment(data, "ARTÍCULO 3.-", "Texto de Ana", "Primera.", "Lic. Pedro Soto")
    data = comment(data, "ARTÍCULO 5.-", "Corresponde", "Segunda.", "Lic. Pedro Soto")
    return returned(tmp_path, data)


def _state(services, project):
    target = services.projects.get(project).targets[0]
    return (target.revision, tree_key(target.draft), len(services.workflow.timeline(project)),
            len(services.workflow.observations(project)))


def test_server_refusal_leaves_the_draft_as_it_was(office, project, tmp_path):
    """The redactor's login may not record observations: the server refuses, and the new
    draft revision saved earlier in the same import is undone with it."""
    ana = office.services("ana")
    path = _with_comments(ana, project, tmp_path)
    before = _state(ana, project)
    with pytest.raises(ReglamentosError):
        ana.redline.import_file(project, path, DRAFTER)
    assert _state(ana, project) == before


def test_failure_on_the_second_observation_undoes_the_first(office, project, tmp_path,
                                                             monkeypatch):
    ana, sin = office.services("ana"), office.services("sin")
    path = _with_comments(ana, project, tmp_path)
    ana.workflow.advance(project, "submit_to_trustee", DRAFTER)
    before = _state(sin, project)
    calls = fail_second_observation(monkeypatch, sin.workflow.repository)
    with pytest.raises(StorageError, match="Fallo inyectado"):
        sin.redline.import_file(project, path, TRUSTEE)
    assert len(calls) == 2 and _state(sin, project) == before
    monkeypatch.undo()
    sin.redline.import_file(project, path, TRUSTEE)
    observations = [o.observation for o in sin.workflow.observations(project)]
    assert [o.text for o in observations] == ["Primera.", "Segunda."]
    assert {o.author for o in observations} == {"Lic. Pedro Soto"}
    assert sin.workflow.verify_record() == []
