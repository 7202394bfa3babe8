"""Reform-project use cases: create, draft, compare, derive operations, word, publish.

The service joins the pieces: the corpus gives the base version of each target regulation,
``diffing`` aligns base and draft, the domain derives the reform operations, writes the decree
and consolidates, and ``storage`` saves drafts (with optimistic revisions) and publishes every
target of an omnibus reform in one transaction. Drafting itself happens in a ``DraftSession``:
a ``DraftEditor`` (undoable commands) plus ``save()``, which the GUI calls a few seconds after
the last keystroke and the CLI after each command.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .. import diffing
from ..domain.changes import Alignment, OperationKind, ReformOperation, Segment
from ..domain.consolidation import append_transitorios, apply_operations, consolidate_or_raise
from ..domain.drafting import DraftEditor
from ..domain.entry_into_force import EntryIntoForce, entry_into_force
from ..domain.errors import ConflictError, NotFoundError, ValidationError
from ..domain.gazette import GazetteReference
from ..domain.numbering import canonical_token
from ..domain.operations import derive_operations, format_citation
from ..domain.provisions import NoteStyle, Provision, ProvisionKind, assign_eids, ensure_pids
from ..domain.reform import (
    DEFAULT_TRANSITORY, ProjectKind, ProjectStatus, ProjectTarget, PromoterKind, ReformProject,
    empty_draft,
)
from ..domain.ids import RegulationUri
from ..domain.regulation import (
    Expression, Regulation, RegulationKind, RegulationStatus, formal_title, kind_from_title,
    make_work_uri,
)
from ..domain.report import ImportReport
from ..domain.wording import WordingTarget, decree_text, summarize
from ..storage import ProjectRepository, ProjectSummary
from .backoff import Backoff
from ..storage.collab import CollabRepository
from .corpus import CorpusService
from .merge import (
    STRUCTURE, MergeConflict, MergeResult, ProvisionConflictError, apply_content,
    index_from_payload, keep_my_structure, merge_drafts, tree_from_payload,
)
from .merge import index as merge_index

__all__ = ["Comparison", "DraftSession", "ProjectConflict", "ProjectService", "ProjectSummary",
           "PublishResult", "RebaseResult", "StaleBase"]


@dataclass(slots=True)
class Comparison:
    """A base tree, a draft tree, their alignment and the reform operations they imply."""

    base: Provision
    draft: Provision
    alignment: Alignment
    operations: list[ReformOperation]
    base_label: str = ""
    draft_label: str = ""
    warning: str = ""   # e.g. two different regulations compared: not a reform

    def summary(self) -> str:
        return summarize(self.operations)


@dataclass(frozen=True, slots=True)
class ProjectConflict:
    """Another open project that touches the same provision."""

    other_id: int
    other_title: str
    regulation_uri: str
    citation: str


@dataclass(frozen=True, slots=True)
class StaleBase:
    """A target drafted from an older version than the newest one in the corpus."""

    regulation_uri: str
    regulation_title: str
    base_valid_from: date | None
    newest_valid_from: date | None
    newest_act: GazetteReference | None = None

    def describe(self) -> str:
        act = f" (reforma publicada en el {self.newest_act.describe()})" \
            if self.newest_act is not None and self.newest_act.date else ""
        since = f"{self.base_valid_from:%d/%m/%Y}" if self.base_valid_from else "sin fecha"
        newest = f"{self.newest_valid_from:%d/%m/%Y}" if self.newest_valid_from else "sin fecha"
        return (f"«{self.regulation_title}» tiene una versión más reciente que la del proyecto: "
                f"el proyecto parte del texto vigente desde {since} y hay otro desde "
                f"{newest}{act}. Actualice la base antes de publicar.")


@dataclass(slots=True)
class RebaseResult:
    """What a rebase did: the new base, how many changes were kept and what no longer applies."""

    regulation_uri: str
    base_valid_from: date | None
    kept: int
    dropped: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PublishResult:
    """What publishing a project stored: one or more new versions per regulation."""

    entry: dict[str, EntryIntoForce] = field(default_factory=dict)
    versions: list[tuple[str, date]] = field(default_factory=list)


def compare_trees(base: Provision, draft: Provision, uri: str = "") -> Comparison:
    """Align two trees and derive the operations (any two versions or regulations)."""
    alignment = diffing.align_trees(base, draft)
    operations = derive_operations(alignment, uri, changed_ratio=diffing.changed_ratio)
    return Comparison(base, draft, alignment, operations)


def word_diff(old: str, new: str, *, chars: bool = False) -> list[Segment]:
    """Word-level (or character-level) diff of two texts, for the diff views."""
    return diffing.word_diff(old, new, chars=chars)


class DraftSession:
    """One open draft: undoable edits plus ``save()`` (merged per provision at save).

    ``base`` is the tree this writer's edits start from and ``seen`` the version of each
    provision it saw (RELIABILITY.md §2: the version seen at open travels with the editor; a
    save never re-reads and overwrites). A save merges with whatever is stored
    (``merge.merge_drafts``): other people's edits to other provisions are kept, the same
    provision edited by both raises ``ProvisionConflictError`` after storing the rest, with the
    losing text kept as a conflict revision.
    """

    def __init__(self, service: ProjectService, project_id: int, target: ProjectTarget,
                 versions: dict[str, int] | None = None) -> None:
        self._service = service
        self.project_id = project_id
        self.target = target
        self.editor = DraftEditor(target.draft)
        self.saved_version: int | None = self.editor.version
        self.base = merge_index(target.draft)            # what my edits start from
        self.seen: dict[str, int] = dict(versions or {})  # the versions I saw, per provision
        self.stored_versions: dict[str, int] = dict(self.seen)  # the newest I know of
        self._base_is_stored = True   # the stored draft at target.revision is exactly base
        self.last_conflicts: list[MergeConflict] = []
        self._rng = random.Random()  # this writer's own jitter (not the process-wide state)

    @property
    def dirty(self) -> bool:
        return self.editor.version != self.saved_version

    def snapshot(self) -> tuple[int, Provision]:
        """(version, copy of the draft): take it on the thread that edits the tree."""
        return self.editor.version, copy.deepcopy(self.target.draft)

    def save(self, snapshot: tuple[int, Provision] | None = None) -> bool:
        """Save if changed; returns whether something was written.

        The GUI passes a ``snapshot`` taken on its own thread, so the worker that writes never
        reads a tree the user is still typing into; then others' changes are not put into the
        editor here (``refresh`` does it on the GUI thread). Raises ``ProvisionConflictError``
        when a provision was saved by someone else first (the rest is saved).
        """
        version, tree = snapshot if snapshot is not None else (self.editor.version,
                                                               self.target.draft)
        if version == self.saved_version:
            return False
        mine = tree  # never modified by the merge: the live tree is safe on this thread
        result, revision = self._merge_and_store(mine)
        self.saved_version = version
        self.target.revision = revision
        self.stored_versions = dict(result.versions)
        if snapshot is None:
            self._adopt(result.tree, result.versions, revision, result)
        else:
            self._stand_on(mine, result)
        self.last_conflicts = list(result.conflicts)
        if result.conflicts:
            raise ProvisionConflictError(result.conflicts)
        return True

    def _merge_and_store(self, mine: Provision) -> tuple[MergeResult, int]:
        repository = self._service.repository
        # Writers of one draft queue for their turn (fair: no writer starves), then merge.
        with repository.save_turn(self.project_id, self.target.regulation_uri):
            return self._merge_and_store_in_turn(mine)

    def _merge_and_store_in_turn(self, mine: Provision) -> tuple[MergeResult, int]:
        repository = self._service.repository
        uri = self.target.regulation_uri
        fast = self._unchanged_elsewhere(mine)
        if fast is not None:  # nobody else saved since: write mine if the revision still holds
            if not fast.writes:
                return fast, self.target.revision
            revision = repository.store_merged(
                self.project_id, uri, self.target.revision, fast.tree, fast.versions,
                fast.changed, [], self._service.author_name)
            if revision is not None:
                return fast, revision
        # Bounded exponential backoff with jitter: immediate retries made colliding writers
        # collide again, and one of 2–8 busy writers starved (issue 19).
        for _attempt in Backoff(rng=self._rng).attempts():
            state = repository.load_state(self.project_id, uri, with_eids=False)
            result = merge_drafts(self.base, mine, state.target.draft, self.seen, state.versions)
            if not result.writes:
                return result, state.target.revision
            revision = repository.store_merged(
                self.project_id, uri, state.target.revision, result.tree, result.versions,
                result.changed, [c.payload() for c in result.conflicts],
                self._service.author_name)
            if revision is not None:
                return result, revision
        raise ConflictError("El borrador está cambiando muy rápido en otros equipos; "
                            "vuelva a intentar guardar en unos segundos.")

    def _unchanged_elsewhere(self, mine: Provision) -> MergeResult | None:
        """The merge's result when the stored draft is still my base (the common case).

        Only valid while the stored draft at ``target.revision`` is exactly ``base``; the
        compare-and-swap on the revision proves it at write time, otherwise the full merge
        runs. Saves one read and two tree rebuilds per autosave.
        """
        if not self._base_is_stored:
            return None
        m = merge_index(mine)
        versions = dict(self.stored_versions)
        changed = [pid for pid, content in m.contents.items()
                   if self.base.contents.get(pid) != content]
        if m.skeleton != self.base.skeleton:
            changed.append(STRUCTURE)
        for pid in changed:
            versions[pid] = versions.get(pid, 0) + 1
        result = MergeResult(mine, versions, changed, [], set(m.contents))
        result.indexed = result.mine_indexed = m
        return result

    def _stand_on(self, mine: Provision, result: MergeResult) -> None:
        """After a save the editor cannot show yet: others' work stays "not seen" by me."""
        self.base = result.mine_indexed or merge_index(mine)
        merged = result.indexed or merge_index(result.tree)
        self._base_is_stored = not result.conflicts and merged == self.base
        merged_skeleton = merged.skeleton
        self.seen = {pid: result.versions.get(pid, 0) if pid in result.taken_from_mine
                     else self.seen.get(pid, 0)
                     for pid in set(result.versions) | set(self.seen)}
        if merged_skeleton == self.base.skeleton:
            self.seen[STRUCTURE] = result.versions.get(STRUCTURE, 0)

    def _adopt(self, tree: Provision, versions: dict[str, int], revision: int,
               merged: MergeResult | None = None) -> None:
        """Show the stored draft in the editor: contents in place, structure by replacement."""
        known = merged is not None and merged.indexed is not None
        if tree is self.target.draft:
            local = None
        else:
            local = merged.mine_indexed if known else merge_index(self.target.draft)
        stored = merged.indexed if known else merge_index(tree)
        if local is None:
            pass  # the tree just written is the one in the editor
        elif local.skeleton == stored.skeleton:
            renumbered = False
            for pid, content in stored.contents.items():
                if local.contents[pid] != content:
                    renumbered |= local.contents[pid]["num"] != content["num"]
                    apply_content(self.editor.node(pid), content)
            if renumbered:
                assign_eids(self.target.draft)
        else:
            self.editor.replace_tree(tree)
        self.saved_version = self.editor.version
        self.base = stored
        self._base_is_stored = True
        self.seen = dict(versions)
        self.stored_versions = dict(versions)
        self.target.revision = revision

    def fetch(self):
        """The stored draft now (run it off the GUI thread, then ``refresh(state)``)."""
        return self._service.repository.load_state(self.project_id, self.target.regulation_uri)

    def refresh(self, state=None) -> bool:
        """Show what others saved (only with no unsaved edits); True if the draft changed."""
        if self.dirty:
            return False
        state = state if state is not None else self.fetch()
        changed = merge_index(state.target.draft) != merge_index(self.target.draft)
        self._adopt(state.target.draft, state.versions, state.target.revision)
        return changed

    def resolve(self, conflict: MergeConflict, keep: str) -> None:
        """Settle one conflict: ``keep="mine"`` puts your text back (saved at the next save),
        ``"theirs"`` keeps the stored one. The conflict revision is marked resolved."""
        if keep not in ("mine", "theirs"):
            raise ValidationError("Elija «mine» (su texto) o «theirs» (el texto guardado).")
        stored = self.stored_versions
        if conflict.pid == STRUCTURE:
            self._resolve_structure(conflict, keep, stored)
        else:
            state = self.fetch()
            current = merge_index(state.target.draft).contents.get(conflict.pid)
            if keep == "mine" and current != conflict.theirs:
                raise ConflictError("Esa disposición volvió a cambiar después del conflicto; "
                                    "revise el texto guardado más reciente antes de elegir.")
            wanted = conflict.mine if keep == "mine" else current
            if wanted is not None and conflict.pid in self.base.contents:
                self._set_content(conflict.pid, wanted)
            # I have now seen the stored text: only a real difference from it is my change.
            if current is not None:
                self.base.contents[conflict.pid] = current
            self.seen[conflict.pid] = state.versions.get(conflict.pid, 0)
        if keep == "mine":
            self.saved_version = None   # dirty: the next (auto)save writes my text
        self._service.resolve_conflicts(self.project_id, self.target.regulation_uri,
                                        conflict.pid, f"resolved_{keep}")

    def _set_content(self, pid: str, content: dict) -> None:
        node = self.editor.node(pid)
        if (node.heading, node.text) != (content["heading"], content["text"]):
            self.editor.edit(pid, heading=content["heading"], text=content["text"])
        if node.num != content["num"]:
            self.editor.renumber(pid, content["num"])

    def _resolve_structure(self, conflict: MergeConflict, keep: str,
                           stored: dict[str, int]) -> None:
        state = self._service.repository.load_state(self.project_id, self.target.regulation_uri)
        if keep == "mine":
            tree = keep_my_structure(index_from_payload(conflict.base),
                                     tree_from_payload(conflict.mine), state.target.draft)
            self.editor.replace_tree(tree)
            self.base = merge_index(state.target.draft)
            self.seen = dict(state.versions)
            self.stored_versions = dict(state.versions)
        else:
            self._adopt(state.target.draft, state.versions, state.target.revision)


LOCAL_AUTHOR = "Usuario local"   # who saves on a local database before a profile is chosen


class ProjectService:
    """Use cases on reform projects (see the module docstring)."""

    def __init__(self, repository: ProjectRepository, corpus: CorpusService) -> None:
        self.repository = repository
        self.corpus = corpus
        self.collab = CollabRepository(repository.db)
        self.local_author = LOCAL_AUTHOR   # the GUI sets the chosen profile's name
        self._listeners: list[Callable[[int], None]] = []
        # Set by the workflow service: raises when the project's stage forbids editing.
        self.edit_guard: Callable[[int], None] | None = None
        # Set by the workflow service: ``publish`` outside the procedure only from Borrador.
        self.stage_of: Callable[[int], str] | None = None
        # Set by the workflow service: the date Cabildo approved the project (None: unknown).
        self.approval_of: Callable[[int], date | None] | None = None

    def add_listener(self, listener: Callable[[int], None]) -> None:
        self._listeners.append(listener)

    def _notify(self, project_id: int) -> None:
        for listener in list(self._listeners):
            listener(project_id)

    # -- creating -----------------------------------------------------------------------------
    def create(self, title: str, target_uris: list[str] = (), *,
               kind: ProjectKind = ProjectKind.PARTIAL_REFORM,
               promoter_kind: PromoterKind = PromoterKind.DEPARTMENT, promoter_office: str = "",
               motives: str = "", file_number: str = "",
               transitorios: list[str] | None = None) -> ReformProject:
        if not title.strip():
            raise ValidationError("El proyecto necesita un título.")
        project = ReformProject(
            title=title.strip(), kind=kind, promoter_kind=promoter_kind,
            promoter_office=promoter_office, motives=motives, file_number=file_number,
            transitorios=list(transitorios) if transitorios is not None else [DEFAULT_TRANSITORY],
            targets=[self._target_from_corpus(uri) for uri in target_uris])
        project.id = self.repository.create(project)
        self._notify(project.id)
        return self.get(project.id)

    def _target_from_corpus(self, uri: str) -> ProjectTarget:
        regulation = self.corpus.get_regulation(uri)
        expression = self.corpus.get_text(uri)  # the text in force now: the draft's base
        draft = copy.deepcopy(expression.root)
        for node in draft.walk():
            node.notes = []  # reform notes are added by consolidation, never drafted by hand
        return ProjectTarget(regulation_uri=str(regulation.uri.work()),
                             regulation_title=regulation.title, draft=draft,
                             base_valid_from=expression.valid_from)

    def add_target(self, project_id: int, uri: str) -> None:
        self._require_editable(project_id)
        self.repository.add_target(project_id, self._target_from_corpus(uri))
        self._notify(project_id)

    def add_new_regulation(self, project_id: int, title: str,
                           kind: RegulationKind = RegulationKind.REGULATION,
                           text: str | None = None) -> str:
        """Add a nueva expedición: drafted from empty, or from a text the user provides."""
        self._require_editable(project_id)
        draft = empty_draft()
        if text:
            from ..sources import load_text  # only for parsing the user's starting text

            draft = load_text(text, title).doc.root
        ensure_pids(draft)
        assign_eids(draft)
        uri = str(make_work_uri(title, kind or kind_from_title(title), date.today().year))
        self.repository.add_target(project_id, ProjectTarget(
            regulation_uri=uri, regulation_title=title, draft=draft, is_new=True))
        self._notify(project_id)
        return uri

    def remove_target(self, project_id: int, uri: str) -> None:
        self._require_editable(project_id)
        self.repository.remove_target(project_id, uri)
        self._notify(project_id)

    def update(self, project: ReformProject) -> ReformProject:
        """Save the project's data (title, promoter, motives, transitorios…)."""
        if not project.title.strip():
            raise ValidationError("El proyecto necesita un título.")
        self._require_editable(project.id)
        project.revision = self.repository.update_meta(project)
        self._notify(project.id)
        return project

    def withdraw(self, project_id: int) -> None:
        self.close(project_id, "withdrawn")

    def close(self, project_id: int, stage: str, also: Callable[[Any], None] | None = None
              ) -> None:
        """Withdraw or reject a project (``also`` runs in the same transaction)."""
        self._require_open(project_id)
        self.repository.set_status(project_id, ProjectStatus.WITHDRAWN, also)
        self._notify(project_id)

    def delete(self, project_id: int) -> None:
        self.repository.delete(project_id)
        self._notify(project_id)

    # -- reading ------------------------------------------------------------------------------
    def list(self) -> list[ProjectSummary]:
        return self.repository.list()

    def get(self, project_id: int) -> ReformProject:
        return self.repository.get(project_id)

    def open_draft(self, project_id: int, uri: str) -> DraftSession:
        project = self._require_editable(project_id)
        project.target(uri)  # a Spanish NotFoundError for a regulation the project lacks
        state = self.repository.load_state(project_id, uri)
        return DraftSession(self, project_id, state.target, state.versions)

    @property
    def author_name(self) -> str:
        """Who saves, for the change log and conflict revisions (the server's in shared mode)."""
        identity = self.repository.db.identity
        return identity.name if identity is not None else self.local_author

    def set_local_author(self, name: str | None) -> None:
        """The profile chosen on this computer names its saves and leases (local databases:
        two windows on one machine see each other's "X está editando" by name)."""
        self.local_author = (name or "").strip() or LOCAL_AUTHOR

    def resolve_conflicts(self, project_id: int, uri: str, pid: str, status: str) -> None:
        """Mark the open conflict revisions of one provision as resolved."""
        for conflict in self.collab.conflicts(project_id, uri, only_open=True):
            if conflict.pid == pid:
                self.collab.resolve_conflict(conflict.id, status, self.author_name)

    def base_tree(self, target: ProjectTarget) -> Provision:
        """The version the draft was made from (empty for a nueva expedición)."""
        if target.is_new:
            return empty_draft()
        return self.corpus.repository.load_version(target.regulation_uri,
                                                   target.base_valid_from).root

    def compare(self, project_id: int, uri: str, draft: Provision | None = None) -> Comparison:
        """Base against draft for one target (``draft``: an unsaved tree being edited).

        The regulation a project issues to replace another (abrogación y expedición) is
        compared with the one it replaces, labelled as such, and gives no reform operations:
        nothing is reformed, one text replaces the other."""
        project = self.get(project_id)
        target = project.target(uri)
        replaced = _replaced_by(project, target)
        if replaced is not None:
            old = self.corpus.latest_text(replaced.regulation_uri).root
            comparison = compare_trees(old, draft or target.draft, target.regulation_uri)
            comparison.operations = []
            comparison.base_label = f"Reglamento que se abroga: {replaced.regulation_title}"
            comparison.draft_label = f"Reglamento que se expide: {target.regulation_title}"
            return comparison
        comparison = self._compare_target(target, draft)
        comparison.base_label = "Texto vigente"
        comparison.draft_label = "Proyecto"
        if _abrogates(project, target):
            comparison.operations = []
        return comparison

    def _compare_target(self, target: ProjectTarget,
                        draft: Provision | None = None) -> Comparison:
        """Base against draft (``draft``: an unsaved tree instead of the stored one)."""
        return compare_trees(self.base_tree(target), draft or target.draft,
                             target.regulation_uri)

    def operations(self, project_id: int) -> dict[str, list[ReformOperation]]:
        return self._operations_of(self.get(project_id))

    def _operations_of(self, project: ReformProject) -> dict[str, list[ReformOperation]]:
        # A regulation issued or abrogated whole is not reformed: it has no operations.
        return {t.regulation_uri: [] if t.is_new or _abrogates(project, t)
                else self._compare_target(t).operations for t in project.targets}

    def decree(self, project_id: int, drafts: dict[str, Provision] | None = None) -> str:
        """The draft decree: clause(s), touched units and the reform's transitorios."""
        project = self.get(project_id)
        return decree_text(self.wording_targets(project, drafts), project.transitorios)

    def wording_targets(self, project: ReformProject,
                        drafts: dict[str, Provision] | None = None) -> list[WordingTarget]:
        """What the decree says of each regulation: reformed (its operations), issued whole
        ("Se expide…") or abrogated ("Se abroga…, publicado en…"); issued ones first."""
        out = []
        for target in sorted(project.targets, key=lambda t: not t.is_new):
            draft = (drafts or {}).get(target.regulation_uri, target.draft)
            title = formal_title(target.regulation_title)
            if target.is_new:
                out.append(WordingTarget(title, [], draft, mode="issue"))
            elif _abrogates(project, target):
                original = self.corpus.get_regulation(target.regulation_uri).original_publication
                out.append(WordingTarget(title, [], None, mode="abrogate",
                                         published=_bare_citation(original)))
            else:
                ops = self._compare_target(target, draft).operations
                out.append(WordingTarget(title, ops, draft))
        return out

    def conflicts(self, project_id: int) -> list[ProjectConflict]:
        """Other open projects that touch a provision this one touches, or one that contains
        it or is contained in it (article 8 against article 8, fracción II, both ways)."""
        project = self.get(project_id)
        found: list[ProjectConflict] = []
        for target in project.targets:
            if target.is_new:
                continue
            uri = target.regulation_uri
            mine = _Scopes(self.base_tree(target), self._compare_target(target).operations)
            for other_id in self.repository.projects_touching(uri):
                if other_id == project.id:
                    continue
                other = self.get(other_id)
                if other.status is not ProjectStatus.OPEN:
                    continue
                other_target = other.target(uri)
                theirs = _Scopes(self.base_tree(other_target),
                                 self._compare_target(other_target).operations)
                seen: set[str] = set()
                for op in mine.overlapping(theirs):
                    citation = format_citation(op.citation)
                    if citation not in seen:
                        seen.add(citation)
                        found.append(ProjectConflict(other_id, other.title, uri, citation))
        return found

    # -- a base that another publication changed -------------------------------------------------
    def stale_targets(self, project_id: int) -> list[StaleBase]:
        """Targets drafted from a version older than the newest one (another reform was
        published meanwhile): the project must be put on the new text before publishing."""
        out = []
        for target in self.get(project_id).targets:
            if target.is_new:
                continue
            infos = self.corpus.versions(target.regulation_uri)
            newest = infos[-1].valid_from if infos else None
            if infos and newest != target.base_valid_from:
                out.append(StaleBase(target.regulation_uri, target.regulation_title,
                                     target.base_valid_from, newest, infos[-1].amending_act))
        return out

    def rebase(self, project_id: int, uri: str) -> RebaseResult:
        """Replay the project's changes on the newest version of ``uri``.

        Every operation that still fits the new text (its unit unchanged by the other reform)
        is applied to it and becomes the new draft; the ones that no longer apply are left
        out and listed, in Spanish, for the drafter to redo by hand.
        """
        project = self._require_editable(project_id)
        target = project.target(uri)
        if target.is_new:
            raise ValidationError("Una nueva expedición no parte de un texto vigente.")
        newest = self.corpus.latest_text(uri)
        ops = self._compare_target(target).operations
        kept = list(ops)
        dropped: list[str] = []
        for _round in range(len(ops) + 1):
            result = apply_operations(newest.root, kept, act=None, note_style=None)
            if result.ok:
                break
            bad = {id(c.operation) for c in result.conflicts}
            dropped += [c.reason for c in result.conflicts]
            kept = [op for op in kept if id(op) not in bad]
        else:  # pragma: no cover - each round removes at least one operation
            raise ValidationError("No se pudo actualizar la base del proyecto.")
        draft = result.root
        for node in draft.walk():
            node.notes = []
        assign_eids(draft)
        self.repository.rebase_target(project_id, uri, target.revision, draft, newest.valid_from)
        self._notify(project_id)
        return RebaseResult(uri, newest.valid_from, len(kept), dropped)

    # -- publishing -----------------------------------------------------------------------------
    def publish(self, project_id: int, gazette: GazetteReference, *,
                note_style: NoteStyle | None = NoteStyle.PREAMBLE,
                act_label: str = "Acuerdo de Cabildo",
                entry_override: date | None = None,
                approved_on: date | None = None, confirm_review: bool = False,
                also: Callable[[Any], None] | None = None) -> PublishResult:
        """Consolidate every target into new versions and mark the project published.

        Each operation's old text is verified against the version in force now; a provision
        changed by another reform published meanwhile stops everything with a report
        (``ConsolidationConflict``). Entry into force comes from the transitorios (or
        ``entry_override``); articles with their own date get a second version from then.
        The dates must follow the law (``check_publication_dates``) and the reform's own
        transitorios are appended to the consolidated text under its Periódico Oficial data.
        Operations flagged "(revisar)" publish only with ``confirm_review`` (a person read
        them: ``pending_review`` lists them).
        """
        project = self._require_open(project_id)
        if also is None and self.stage_of is not None and self.stage_of(project_id) != "draft":
            raise ValidationError("El proyecto está en trámite: su publicación se registra en la "
                                  "etapa «Enviada al Periódico Oficial» del procedimiento.")
        _check_gazette(gazette)
        if not confirm_review:
            self._check_reviewed(project)
        entry = entry_into_force(project.transitorios, gazette.date)
        if entry_override is not None:
            entry = EntryIntoForce(entry_override, {}, f"fecha indicada ({entry_override:%d/%m/%Y})",
                                   True)
        if approved_on is None and self.approval_of is not None:
            approved_on = self.approval_of(project_id)
        self.check_publication_dates(project, gazette, entry, approved_on)
        result = PublishResult()
        versions: list[tuple[Regulation, Expression, ImportReport]] = []
        replaced = [t.regulation_title for t in project.targets if _abrogates(project, t)]
        for target in project.targets:
            result.entry[target.regulation_uri] = entry
            versions.extend(self._consolidated_versions(
                target, gazette, entry, note_style, act_label, project.transitorios,
                abrogated=_abrogates(project, target),
                replaces=replaced if target.is_new else []))
        project.publication = gazette
        self.repository.publish(project, versions, also)
        result.versions = [(str(reg.uri.work()), expr.valid_from) for reg, expr, _r in versions]
        for uri, _when in result.versions:
            self.corpus._notify(uri)  # the corpus browser and the search index follow
        self._notify(project_id)
        return result

    def check_publication_dates(self, project: ReformProject, gazette: GazetteReference,
                                entry: EntryIntoForce, approved_on: date | None = None) -> None:
        """Refuse dates the law does not allow, with every reason in Spanish.

        A reform is published after the text it reforms was published and after Cabildo
        approved it; it binds only once published, so no entry into force (general or of a
        single article) precedes the publication; and a version cannot start before the
        version it is consolidated on, or the history of the text would run backwards.
        """
        published = gazette.date
        assert published is not None
        problems: list[str] = []
        if approved_on is not None and published < approved_on:
            problems.append(f"la publicación ({published:%d/%m/%Y}) es anterior a la aprobación "
                            f"del Cabildo ({approved_on:%d/%m/%Y})")
        starts = [("la entrada en vigor", entry.default),
                  *((f"la entrada en vigor del artículo {num}", when)
                    for num, when in sorted(entry.exceptions.items()))]
        for what, when in starts:
            if when < published:
                problems.append(f"{what} ({when:%d/%m/%Y}) es anterior a la publicación "
                                f"({published:%d/%m/%Y}); una reforma solo obliga una vez "
                                "publicada")
        for target in project.targets:
            if target.is_new:
                continue
            problems += self._dates_against_text(target, published, entry.default)
        if problems:
            raise ValidationError("No se puede registrar la publicación: "
                                  + "; ".join(problems) + ".")

    def _dates_against_text(self, target: ProjectTarget, published: date,
                            starts: date) -> list[str]:
        regulation = self.corpus.get_regulation(target.regulation_uri)
        title = regulation.title
        problems = []
        for label, expression in (("la versión de la que partió el proyecto",
                                   self._base_expression(target)),
                                  ("el texto más reciente", self.corpus.latest_text(
                                      target.regulation_uri))):
            if expression is None:
                continue
            act = expression.amending_act
            if act is not None and act.date is not None:
                text_published = act.date
            elif regulation.original_publication is not None \
                    and regulation.original_publication.date is not None:
                text_published = regulation.original_publication.date
            else:
                text_published = expression.valid_from
            if text_published is not None and published < text_published:
                problems.append(f"la fecha de publicación ({published:%d/%m/%Y}) es anterior a "
                                f"la publicación de {label} de «{title}» "
                                f"({text_published:%d/%m/%Y})")
                break
            if expression.valid_from is not None and starts < expression.valid_from:
                problems.append(f"la reforma entraría en vigor ({starts:%d/%m/%Y}) antes que "
                                f"{label} de «{title}» ({expression.valid_from:%d/%m/%Y}), "
                                "sobre el que se consolida")
                break
        return problems

    def _base_expression(self, target: ProjectTarget) -> Expression | None:
        try:
            return self.corpus.repository.load_version(target.regulation_uri,
                                                       target.base_valid_from)
        except NotFoundError:
            return None

    def pending_review(self, project_id: int) -> list[str]:
        """Citations of the operations flagged "(revisar)": a person confirms them first."""
        return _pending_review(self, self.get(project_id))

    def _check_reviewed(self, project: ReformProject) -> None:
        """Operations flagged "(revisar)" wait for a person's confirmation before publishing."""
        pending = _pending_review(self, project)
        if pending:
            listed = ", ".join(pending)
            raise ValidationError(
                f"Hay cambios marcados «(revisar)» sin confirmar: {listed}. Revise cómo se "
                "redactan en el decreto y confírmelos (o reescríbalos) antes de publicar.")

    def _consolidated_versions(self, target: ProjectTarget, gazette: GazetteReference,
                               entry: EntryIntoForce, note_style: NoteStyle | None,
                               act_label: str, transitorios: list[str] = (), *,
                               abrogated: bool = False, replaces: list[str] = ()
                               ) -> list[tuple[Regulation, Expression, ImportReport]]:
        if target.is_new:
            regulation = Regulation(uri=RegulationUri.parse(target.regulation_uri),
                                    title=target.regulation_title,
                                    kind=kind_from_title(target.regulation_title),
                                    original_publication=gazette,
                                    header_notes=[f"Abroga {_the_title(t)}." for t in replaces])
            root = copy.deepcopy(target.draft)
            append_transitorios(root, transitorios, gazette, act_label, original=True)
            return [(regulation, Expression(regulation.uri, root, valid_from=entry.default,
                                            amending_act=gazette,
                                            source_name="proyecto de reforma"), ImportReport())]
        if abrogated:
            return [self._abrogated_version(target, gazette, entry, act_label)]
        ops = self._compare_target(target).operations
        regulation = self.corpus.get_regulation(target.regulation_uri)
        regulation.reforms = [*regulation.reforms, gazette]
        current = self.corpus.latest_text(target.regulation_uri).root
        out = []
        # Articles with their own (later) date are left out of the first version.
        stages = sorted({d for d in entry.exceptions.values() if d > entry.default})
        for when in [entry.default, *stages]:
            pending = {num for num, d in entry.exceptions.items() if d > when}
            chosen = [op for op in ops if _article_key(op) not in pending]
            consolidated = consolidate_or_raise(current, chosen, act=gazette,
                                                note_style=note_style, act_label=act_label)
            append_transitorios(consolidated.root, transitorios, gazette, act_label)
            out.append((regulation, Expression(regulation.uri, consolidated.root,
                                               valid_from=when, amending_act=gazette,
                                               source_name="consolidación"), ImportReport()))
        return out

    def _abrogated_version(self, target: ProjectTarget, gazette: GazetteReference,
                           entry: EntryIntoForce, act_label: str
                           ) -> tuple[Regulation, Expression, ImportReport]:
        """The last version of an abrogated regulation: nothing in force from the entry into
        force of the abrogation; every earlier version stays readable at its dates."""
        regulation = self.corpus.get_regulation(target.regulation_uri)
        regulation.reforms = [*regulation.reforms, gazette]
        regulation.status = RegulationStatus.ABROGATED
        regulation.header_notes = [
            *regulation.header_notes,
            f"Abrogado por {act_label} publicado en el {_bare_citation(gazette)}; sin vigencia "
            f"a partir del {entry.default:%d/%m/%Y}."]
        root = Provision(ProvisionKind.ROOT)
        return (regulation, Expression(regulation.uri, root, valid_from=entry.default,
                                       amending_act=gazette, source_name="abrogación"),
                ImportReport())

    def _require_editable(self, project_id: int) -> ReformProject:
        project = self._require_open(project_id)
        if self.edit_guard is not None:
            self.edit_guard(project_id)
        return project

    def _require_open(self, project_id: int) -> ReformProject:
        project = self.get(project_id)
        if project.status is not ProjectStatus.OPEN:
            raise ValidationError(f"El proyecto «{project.title}» está {project.status.label}; "
                                  "ya no se puede modificar.")
        return project


class _Scopes:
    """Where each operation of a project acts, by permanent id, for containment tests.

    An operation on a unit covers the unit and, unless it reforms only its own text (a
    proemio, a denominación), everything below it; it also sits *inside* each ancestor. An
    insertion covers the number it adds under its parent. Two operations overlap when one
    covers the other's unit or they add the same number at the same place.
    """

    def __init__(self, base: Provision, operations: list[ReformOperation]) -> None:
        parents = {c.pid: n.pid for n in base.walk() for c in n.children if c.pid}
        self.items = []
        for op in operations:
            if op.kind is OperationKind.INSERT:
                point = ("insert", op.parent_pid, canonical_token(op.new.num) if op.new else "")
                chain = _chain(op.parent_pid, parents)
                self.items.append((op, point, chain, frozenset()))
            else:
                chain = _chain(op.pid, parents)
                covers = frozenset() if op.own_only else frozenset({op.pid})
                self.items.append((op, ("at", op.pid), chain, covers))

    def overlapping(self, other: _Scopes) -> list[ReformOperation]:
        out = []
        for op, point, chain, covers in self.items:
            for _o, o_point, o_chain, o_covers in other.items:
                if point == o_point or covers & o_chain or o_covers & chain:
                    out.append(op)
                    break
        return out


def _chain(pid: str, parents: dict[str, str]) -> frozenset[str]:
    """``pid`` and the pids of all its ancestors."""
    out = set()
    while pid and pid not in out:
        out.add(pid)
        pid = parents.get(pid, "")
    return frozenset(out)


def _article_key(op: ReformOperation) -> str:
    return canonical_token(op.article_num) if op.citation and \
        op.citation[0].kind is ProvisionKind.ARTICLE else ""




def _check_gazette(gazette: GazetteReference) -> None:
    """The Periódico Oficial data a publication cannot lack: its date and its number."""
    missing = []
    if gazette.date is None:
        missing.append("la fecha de publicación")
    if not (gazette.number or "").strip():
        missing.append("el número del Periódico Oficial")
    if missing:
        raise ValidationError(f"Indique {' y '.join(missing)}: sin ellos la publicación no se "
                              "puede citar en el texto vigente.")


def _pending_review(service: ProjectService, project: ReformProject) -> list[str]:
    return [format_citation(op.citation) for ops in service._operations_of(project).values()
            for op in ops if op.needs_review]


_ABROGATING = (ProjectKind.ABROGATION, ProjectKind.ABROGATION_AND_ISSUE)


def _abrogates(project: ReformProject, target: ProjectTarget) -> bool:
    """Whether the project abrogates this (existing) regulation."""
    return project.kind in _ABROGATING and not target.is_new


def _replaced_by(project: ReformProject, target: ProjectTarget) -> ProjectTarget | None:
    """The regulation a newly issued one replaces (abrogación y expedición), if any."""
    if project.kind is not ProjectKind.ABROGATION_AND_ISSUE or not target.is_new:
        return None
    return next((t for t in project.targets if not t.is_new), None)


def _bare_citation(ref: GazetteReference | None) -> str:
    if ref is None:
        return ""
    return GazetteReference(ref.number, ref.section, ref.tome, ref.date).describe()


def _the_title(title: str) -> str:
    """"el Reglamento …" for a header note."""
    formal = formal_title(title)
    return formal if formal[:3].lower() in ("el ", "la ") else f"el {formal}"
