"""Loading one regulation of a project for the editor: draft, base and a first comparison.

Runs on the worker. An open project gets a ``DraftSession`` (undoable editing plus autosave);
a published or withdrawn one only its saved draft, to be read. The first comparison is made
on a deep copy, because from the moment the result reaches the GUI the live tree belongs to
the GUI thread alone and every later diff also works on a snapshot.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from ...domain.provisions import Provision
from ...domain.reform import ProjectStatus, ReformProject
from ...services import Comparison, DraftSession, Services, compare_trees


@dataclass(slots=True)
class OpenDraft:
    """One regulation of the project as the editor holds it."""

    uri: str
    root: Provision                  # the live draft tree (GUI thread only)
    base: Provision                  # the version it was drafted from (never modified)
    base_pids: frozenset[str]
    comparison: Comparison           # of a copy of ``root``; replaced after each re-diff
    session: DraftSession | None     # None when the project is no longer open
    is_new: bool = False             # a nueva expedición: nothing in force to compare with


def labelled(comparison: Comparison, is_new: bool = False) -> Comparison:
    comparison.base_label = "Sin texto anterior (nueva expedición)" if is_new else "Texto vigente"
    comparison.draft_label = "Proyecto"
    return comparison


def load_draft(services: Services, project: ReformProject, uri: str) -> OpenDraft:
    """Runs on the worker: the draft of ``uri``, its base and a first comparison."""
    session = None
    # A project past Borrador (or not returned) in the procedure is read, not drafted.
    if project.status is ProjectStatus.OPEN and services.workflow.is_editable(project.id):
        session = services.projects.open_draft(project.id, uri)
        target = session.target
        root = session.editor.root
    else:
        target = project.target(uri)
        root = target.draft
    base = services.projects.base_tree(target)
    # The comparison gets its own copy: once handed over, the live tree is the GUI's alone.
    comparison = labelled(compare_trees(base, copy.deepcopy(root), uri), target.is_new)
    return OpenDraft(uri, root, base, frozenset(n.pid for n in base.walk() if n.pid),
                     comparison, session, target.is_new)


def load_project(services: Services, project_id: int
                 ) -> tuple[ReformProject, OpenDraft | None]:
    project = services.projects.get(project_id)
    first = project.targets[0].regulation_uri if project.targets else None
    return project, load_draft(services, project, first) if first else None
