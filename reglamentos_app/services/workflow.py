"""Workflow use cases: stages, transitions with guards, observations, the provable record.

The procedure is data (``WorkflowDefinition``): the one stored in the database, or Mexicali's
default. Taking a transition checks the role and the guards against a ``WorkflowContext``
built here from the project (quorum of every target regulation, open observations, the text
approved in Cabildo) and writes the new stage with its hash-chained audit record in one
transaction. The "publish" transition also consolidates the reform (``ProjectService.publish``)
in that same transaction, so a publication is never half-recorded. In local (SQLite) mode the
user picked their profile; the record says so in its data (``identity: "local"``). For the GUI
it also gathers, in one call each, what a project's "Trámite" panel shows (``view``) and what
awaits a user (``notices``: projects where their role must act, stale ones, and observations or
replies by others since they last looked).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from ..domain.audit import (
    AuditProblem, AuditRecord, RecordAnchor, canonical_text_hash, record_anchor, verify_chain,
)
from ..domain.errors import NotFoundError, ValidationError
from ..domain.gazette import GazetteReference
from ..domain.observations import (
    Observation, ObservationStatus, Reply, count_open, stale_notice,
)
from ..domain.reform import ProjectStatus, project_text
from ..domain.workflow import (
    Action, Role, Stage, Transition, TransitionOutcome, UserProfile, WorkflowContext,
    WorkflowDefinition, WorkflowEngine, available_transitions, can,
)
from ..domain.workflow_default import (
    DATE_FIELDS, MEXICALI_QUORUM, QuorumRule, default_workflow,
)
from ..storage import WorkflowRepository
from .projects import ProjectService, ProjectSummary

QUORUM_SETTING = "quorum_rule"   # shared_settings key, read by the server's guards too
COUNCIL_MEMBERS = 18  # munícipes of the Ayuntamiento de Mexicali: presidente, síndico, 16 regidores
EDITABLE_STAGES = ("draft", "returned")
STALE_DAYS = 30  # a project this long in one stage is "detenido" on the board and in the notices
# Ways out that anyone may take at almost any stage (withdrawal): they do not make a role "the
# one that must act" on the board.
ESCAPE_STAGES = ("withdrawn",)
# Exceptions, not anybody's turn: an administrator's record of a publication made outside the
# program, and the Secretaría receiving an iniciativa the Sindicatura has not cleared yet.
ESCAPE_TRANSITIONS = ("direct_publication", "file_without_trustee_approval")


def _utc(moment: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes; every instant here is UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=timezone.utc)


@dataclass(frozen=True, slots=True)
class BoardRow:
    """A project on the board: its summary, stage, how long it has been there, who must act."""

    project: ProjectSummary
    stage: Stage
    since: datetime | None
    acting_roles: tuple[str, ...] = ()

    def days_in_stage(self, today: date | None = None) -> int:
        since = _utc(self.since)
        if since is None:
            return 0
        return ((today or date.today()) - since.date()).days

    def is_stale(self, today: date | None = None) -> bool:
        return not self.stage.final and self.days_in_stage(today) >= STALE_DAYS


@dataclass(frozen=True, slots=True)
class WorkflowView:
    """Everything the "Trámite" panel of one project shows for one user (or none chosen)."""

    stage: Stage
    since: datetime | None
    available: tuple[Transition, ...]   # what this user's role may take now
    permitted: frozenset[str]           # ``Action`` values this user may do now
    editable: bool                      # whether this user may edit the draft now
    edit_notice: str                    # why not, in Spanish ("" when editable)
    open_observations: int
    acting_roles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Notice:
    """Something awaiting a user: ``kind`` is "turn", "stale" or "observation"."""

    project_id: int
    title: str
    kind: str
    message: str
    at: datetime | None
    new: bool   # happened after the user last looked


@dataclass(frozen=True, slots=True)
class ObservationView:
    """An observation with what the GUI shows beside the diff."""

    observation: Observation
    stale: str | None  # "El texto cambió desde la observación." or None


class WorkflowService:
    """Use cases of the procedure (see the module docstring)."""

    def __init__(self, repository: WorkflowRepository, projects: ProjectService, *,
                 shared: bool = False, council_members: int | None = None) -> None:
        self.repository = repository
        self.projects = projects
        self.shared = shared
        # True when a server authenticates people (a managed shared database sets it through
        # ``db.managed``); otherwise the profile is picked on each computer, also against a
        # shared database, and the record says so.
        self.server_identity = bool(getattr(repository.db, "managed", False))
        # None: the size the database records (the server checks quorums with the same number)
        self.council_members = council_members
        projects.edit_guard = self.require_editable
        projects.stage_of = lambda project_id: self.stage(project_id).id
        # Publication may not predate Cabildo's approval: the consolidation asks the record.
        projects.approval_of = self.approval_date
        # Other services add advice read before a draft leaves the drafter's hands (the
        # review's citation check: «esta reforma deroga el artículo 20, citado por…»). Advice
        # never refuses a transition: the guards do that; a broken citation may be intended.
        self.advisors: list[Callable[[int], list[str]]] = []

    # -- definition and users ----------------------------------------------------------------
    def definition(self) -> WorkflowDefinition:
        stored = self.repository.load_definition()
        return WorkflowDefinition.from_dict(stored) if stored else default_workflow()

    def save_definition(self, data: dict, user: UserProfile) -> WorkflowDefinition:
        """Replace the procedure (administrators only); invalid data is refused whole."""
        self._require(can(user.role, Action.MANAGE_WORKFLOW, "*", self.definition()),
                      "Solo un administrador puede cambiar el procedimiento.")
        definition = WorkflowDefinition.from_dict(data)  # raises InvalidWorkflow in Spanish
        self.repository.save_definition(definition.name, definition.to_dict())
        self.repository.append_record(self._record(None, "change_workflow", user,
                                                   comment=definition.name))
        return definition

    def users(self) -> list[tuple[int, UserProfile]]:
        return self.repository.users()

    def add_user(self, profile: UserProfile) -> int:
        return self.repository.add_user(profile)

    def user(self, user_id: int) -> UserProfile:
        return self.repository.user(user_id)

    # -- stages -----------------------------------------------------------------------------------
    def council_size(self) -> int:
        """How many munícipes vote in Cabildo (the quorum's base)."""
        if self.council_members is not None:
            return self.council_members
        return self.repository.council_members() or COUNCIL_MEMBERS

    def server_profile(self) -> tuple[int, UserProfile] | None:
        """The person a managed shared database maps this login to (``None``: the profile is
        picked on the computer). With one, nobody may act under another profile."""
        identity = getattr(self.repository.db, "identity", None)
        if identity is None:
            return None
        return identity.user_id, UserProfile(identity.name, identity.office, identity.role)

    def stage(self, project_id: int) -> Stage:
        return self._stage_in(self.definition(), project_id)

    def _stage_in(self, definition: WorkflowDefinition, project_id: int) -> Stage:
        found = self.repository.stage(project_id)
        return definition.stage(found[0] if found else definition.initial_stage)

    def available(self, project_id: int, user: UserProfile) -> list[Transition]:
        return available_transitions(self.definition(), self.stage(project_id).id, user.role)

    def require_editable(self, project_id: int) -> None:
        stage = self.stage(project_id)
        if stage.id not in EDITABLE_STAGES:
            raise ValidationError(_stage_lock(stage))

    def is_editable(self, project_id: int) -> bool:
        """Whether the stage lets the draft be edited (by whoever's role may edit)."""
        return self.stage(project_id).id in EDITABLE_STAGES

    def view(self, project_id: int, user: UserProfile | None) -> WorkflowView:
        """The project's stage and, for ``user``, the actions and edits open to them now.

        With no profile chosen nothing of the procedure is offered, and editing follows the
        stage alone (as before profiles existed), so the drafting screens keep working.
        """
        definition = self.definition()
        found = self.repository.stage(project_id)
        stage = definition.stage(found[0] if found else definition.initial_stage)
        since = _utc(found[1]) if found else None
        open_count = count_open(self.repository.observations(project_id))
        editable, notice = stage.id in EDITABLE_STAGES, ""
        if not editable:
            notice = _stage_lock(stage)
        elif user is not None and not can(user.role, Action.EDIT_DRAFT, stage.id, definition):
            editable = False
            notice = (f"Su perfil ({definition.role_label(user.role)}) no edita el borrador en "
                      f"la etapa «{stage.label}»; puede consultarlo.")
        project = self.projects.get(project_id)
        closed = _closed_outside(project, found[0] if found else None)
        available = tuple(available_transitions(definition, stage.id, user.role)) \
            if user and not closed else ()
        permitted = frozenset(a.value for a in Action if user is not None
                              and can(user.role, a, stage.id, definition))
        if since is None:
            since = _utc(project.updated_at)
        if closed:
            editable, notice, permitted = False, closed, frozenset()
        return WorkflowView(stage, since, available, permitted, editable, notice, open_count,
                            () if closed else _acting_roles(definition, stage.id))

    def approval_date(self, project_id: int) -> date | None:
        """The date of the Cabildo session that approved the project (None before that, or
        when it was published directly, without a session)."""
        records = self.repository.audit_records(project_id)
        if not any(r.stage_to == "council_approved" for r in records):
            return None
        return recorded_dates(records).get("session_date")

    def can_edit(self, project_id: int, user: UserProfile) -> bool:
        return can(user.role, Action.EDIT_DRAFT, self.stage(project_id).id, self.definition())

    def context(self, project_id: int) -> WorkflowContext:
        project = self.projects.get(project_id)
        records = self.repository.audit_records(project_id)
        quorums = tuple(self.projects.corpus.get_regulation(t.regulation_uri).reform_quorum
                        for t in project.targets if not t.is_new)
        approved = next((r.text_hash for r in reversed(records)
                         if r.stage_to == "council_approved"), None)
        sense = next((r.data.get("report_sense") for r in reversed(records)
                      if r.action == "register_committee_report"), None)
        dates = recorded_dates(records)
        return WorkflowContext(
            target_quorums=quorums, council_members=self.council_size(),
            open_observations=count_open(self.repository.observations(project_id)),
            committee_sense=sense, approved_text_hash=approved,
            current_text_hash=canonical_text_hash(project_text(project)),
            published_on=dates.get("publication_date"), quorum_rule=self.quorum_rule(),
            recorded_dates=dates)

    def quorum_rule(self) -> QuorumRule:
        """How Cabildo votes are counted: the rule the database stores (the server reads the
        same row), else Mexicali's."""
        stored = self.repository.setting(QUORUM_SETTING)
        if not stored:
            return MEXICALI_QUORUM
        try:
            return QuorumRule.from_dict(json.loads(stored))
        except (ValueError, ValidationError):
            return MEXICALI_QUORUM

    def set_quorum_rule(self, rule: QuorumRule, user: UserProfile) -> None:
        """Replace the counting rule (administrators only); recorded like any act."""
        self._require(can(user.role, Action.MANAGE_WORKFLOW, "*", self.definition()),
                      "Solo un administrador puede cambiar la regla de quórum.")
        self.repository.set_setting(QUORUM_SETTING, json.dumps(rule.to_dict(), sort_keys=True))
        self.repository.append_record(self._record(None, "change_workflow", user,
                                                   comment="Regla de quórum"))

    def check(self, project_id: int, transition_id: str, user: UserProfile,
              data: dict[str, Any] | None = None) -> list[str]:
        """The Spanish reasons the transition would be refused (empty: it is allowed)."""
        return WorkflowEngine.check(self.definition(), self.stage(project_id).id, transition_id,
                                    user.role, data or {}, self.context(project_id))

    def advice(self, project_id: int, transition_id: str) -> list[str]:
        """Warnings worth reading before ``transition_id`` takes the draft out of the editable
        stages (empty for any other transition, or when no advisor finds anything)."""
        definition = self.definition()
        transition = definition.find_transition(transition_id)
        if (transition is None or self._stage_in(definition, project_id).id not in EDITABLE_STAGES
                or transition.to in EDITABLE_STAGES or definition.stage(transition.to).final):
            return []   # the draft stays with its drafter, or the project ends here
        return [message for advisor in self.advisors for message in advisor(project_id)]

    def advance(self, project_id: int, transition_id: str, user: UserProfile,
                data: dict[str, Any] | None = None, comment: str = "", *,
                publish_options: dict[str, Any] | None = None) -> AuditRecord:
        """Take a transition (raises ``TransitionRefused`` with every reason when refused).

        ``publish_options`` reach the consolidation of a transition to "published"
        (``ProjectService.publish``: ``note_style``, ``entry_override``, ``confirm_review``).
        """
        definition = self.definition()
        found = self.repository.stage(project_id)
        expected_id = found[0] if found else None  # None: never moved, still the initial stage
        closed = _closed_outside(self.projects.get(project_id), expected_id)
        if closed:
            raise ValidationError(closed)
        context = self.context(project_id)
        outcome = WorkflowEngine.apply(definition, expected_id or definition.initial_stage,
                                       transition_id, user.role, data or {}, context)
        record = self._record(project_id, outcome.transition_id, user, outcome, comment,
                              context.current_text_hash or "")
        publishes = outcome.stage_to == "published"   # "publish" or an admin's direct one
        if publishes or outcome.stage_to in ("withdrawn", "rejected"):
            # The stage change rides in the transaction that publishes or closes the project.
            written: list[AuditRecord] = []

            def also(session) -> None:
                written.append(self.repository.transition_in(
                    session, project_id, expected_id, outcome.stage_to, record))

            if publishes:
                self.projects.publish(project_id, _gazette(outcome.data), also=also,
                                      **(publish_options or {}))
            else:
                self.projects.close(project_id, outcome.stage_to, also)
            return written[0]
        result = self.repository.record_transition(project_id, expected_id, outcome.stage_to,
                                                   record)
        self.projects._notify(project_id)
        return result

    def _record(self, project_id: int | None, action: str, user: UserProfile,
                outcome: TransitionOutcome | None = None, comment: str = "",
                text_hash: str = "") -> dict[str, Any]:
        data = dict(outcome.data) if outcome else {}
        data["identity"] = "server" if self.server_identity else "local"
        data["office"] = user.office
        return {"project_id": project_id, "action": action, "actor": user.name,
                "role": user.role, "stage_from": outcome.stage_from if outcome else "",
                "stage_to": outcome.stage_to if outcome else "", "comment": comment,
                "data": data, "text_hash": text_hash}

    # -- record -----------------------------------------------------------------------------------
    def timeline(self, project_id: int) -> list[AuditRecord]:
        return self.repository.audit_records(project_id)

    def verify_record(self, anchors: Iterable[RecordAnchor] = ()) -> list[AuditProblem]:
        """Check the whole chain: any edit, deletion, reordering or insertion is reported.

        ``anchors`` (``verify-record --ancla``, a package's or a document's anchor) and, in
        shared mode, the heads the server kept in ``record_anchors`` also reveal a chain cut
        short or re-hashed as a whole, which the links alone cannot.
        """
        kept = dict(self.repository.server_anchors())
        for anchor in anchors:
            kept.update(anchor.as_mapping())
        return verify_chain(self.repository.audit_records(), kept)

    def anchor(self) -> RecordAnchor:
        """The record's head now: shown after each act and written into what is exported."""
        return record_anchor(self.repository.audit_records())

    def board(self) -> list[BoardRow]:
        definition = self.definition()
        stages = self.repository.stages()
        rows = []
        for summary in self.projects.list():
            stage_id, since = stages.get(summary.id, (definition.initial_stage, summary.updated_at))
            acting = () if _closed_outside(summary, stages.get(summary.id, (None,))[0]) \
                else _acting_roles(definition, stage_id)
            rows.append(BoardRow(summary, definition.stage(stage_id), _utc(since), acting))
        return rows

    # -- notices ----------------------------------------------------------------------------------
    def notices(self, user: UserProfile, since: datetime | None = None,
                today: date | None = None) -> list[Notice]:
        """What awaits ``user``: turns of their role, stale projects, others' observations.

        Every open project where the user's role must act is listed (``new`` when it arrived
        after ``since``, the moment the user last looked); a project waiting there for
        ``STALE_DAYS`` or more says so. Observations and replies written by someone else after
        ``since`` are listed for the projects the user is involved in: promoted by their
        office, or where they wrote a record, an observation or a reply.
        """
        since = _utc(since)
        rows = [r for r in self.board() if _active(r)]
        out = [n for r in rows if user.role in r.acting_roles
               for n in [_turn_notice(r, since, today)]]
        acted = {r.project_id for r in self.repository.audit_records() if r.actor == user.name}
        for row in rows:
            observations = self.repository.observations(row.project.id)
            involved = (row.project.id in acted or row.project.promoter == user.office
                        or any(_written_by(o, user.name) for o in observations))
            if involved:
                out.extend(_observation_notices(row.project, observations, user, since))
        return sorted(out, key=lambda n: (not n.new, -(n.at.timestamp() if n.at else 0)))

    # -- observations ---------------------------------------------------------------------------
    def observe(self, project_id: int, uri: str, pid: str, text: str, user: UserProfile, *,
                span: tuple[int, int] | None = None) -> Observation:
        """The Sindicatura's observation on one provision of the current draft revision."""
        stage = self.stage(project_id)
        self._require(can(user.role, Action.ADD_OBSERVATION, stage.id, self.definition()),
                      f"Su perfil no puede hacer observaciones en la etapa «{stage.label}».")
        observation = self._store_observation(project_id, uri, pid, text, span, user.name,
                                              user.role, datetime.now(timezone.utc))
        self.repository.append_record(self._record(project_id, "add_observation", user,
                                                   comment=text))
        self.projects._notify(project_id)
        return observation

    def transcribe_observation(self, project_id: int, uri: str, pid: str, text: str, *,
                               author: str, created_at: datetime,
                               span: tuple[int, int] | None, entered_by: UserProfile,
                               source: str) -> Observation:
        """An observation the Sindicatura wrote outside the program (a comment in a returned
        Word redline), entered by ``entered_by``: it keeps its author and the Sindicatura's
        role, and the record names who entered it and from where."""
        observation = self._store_observation(project_id, uri, pid, text, span, author,
                                              Role.TRUSTEE.value, created_at)
        self.log(project_id, "add_observation", entered_by, text, source=source,
                 word_author=author)
        return observation

    def log(self, project_id: int, action: str, user: UserProfile, comment: str = "",
            **data: Any) -> AuditRecord:
        """Append an act that is not a stage change to the record (with the identity)."""
        record = self._record(project_id, action, user, comment=comment)
        record["data"].update(data)
        return self.repository.append_record(record)

    def _store_observation(self, project_id: int, uri: str, pid: str, text: str,
                           span: tuple[int, int] | None, author: str, role: str,
                           created_at: datetime) -> Observation:
        target = self.projects.get(project_id).target(uri)
        node = _find_pid(target.draft, pid)
        quoted = node.text[span[0]:span[1]] if span else node.text
        observation = Observation(
            id=None, project_id=project_id, regulation_uri=uri, pid=pid, span=span,
            quoted_text=quoted, draft_revision=target.revision, author=author, role=role,
            created_at=created_at, text=text)
        observation.id = self.repository.add_observation(observation)
        return observation

    def answer(self, project_id: int, observation_id: int, status: ObservationStatus,
               reply: str, user: UserProfile) -> Observation:
        """Mark an observation atendida or rechazada (or reopen it), with a reply."""
        stage = self.stage(project_id)
        action = Action.REOPEN_OBSERVATION if status is ObservationStatus.OPEN \
            else Action.ANSWER_OBSERVATION
        self._require(can(user.role, action, stage.id, self.definition()),
                      f"Su perfil no puede cerrar ni reabrir observaciones en la etapa "
                      f"«{stage.label}»; solo la Sindicatura las cierra. Puede contestarlas.")
        observation = next((o for o in self.repository.observations(project_id)
                            if o.id == observation_id), None)
        if observation is None:
            raise NotFoundError("La observación ya no existe.")
        self._require(observation.author == user.name or user.role == Role.TRUSTEE.value,
                      "Solo quien hizo la observación o la Sindicatura puede cerrarla o "
                      "reabrirla; usted puede contestarla.")
        answer = Reply(user.name, user.role, datetime.now(timezone.utc), reply)
        if status is ObservationStatus.OPEN:
            observation.reopen(answer)
        else:
            observation.close(status, answer)
        self.repository.update_observation(observation)
        self.repository.append_record(self._record(project_id, f"observation_{status.value}",
                                                   user, comment=reply))
        self.projects._notify(project_id)
        return observation

    def reply(self, project_id: int, observation_id: int, text: str,
              user: UserProfile) -> Observation:
        """A reply in an observation's thread that leaves its state as it is.

        Whoever may observe, answer or reopen observations at this stage may also just reply.
        """
        stage, definition = self.stage(project_id), self.definition()
        self._require(any(can(user.role, a, stage.id, definition) for a in (
            Action.ADD_OBSERVATION, Action.ANSWER_OBSERVATION, Action.REOPEN_OBSERVATION,
            Action.REPLY_OBSERVATION)),
            f"Su perfil no puede responder observaciones en la etapa «{stage.label}».")
        observation = next((o for o in self.repository.observations(project_id)
                            if o.id == observation_id), None)
        if observation is None:
            raise NotFoundError("La observación ya no existe.")
        observation.add_reply(Reply(user.name, user.role, datetime.now(timezone.utc), text))
        self.repository.update_observation(observation)
        self.repository.append_record(self._record(project_id, "observation_reply", user,
                                                   comment=text))
        self.projects._notify(project_id)
        return observation

    def observations(self, project_id: int) -> list[ObservationView]:
        project = self.projects.get(project_id)
        texts = {(t.regulation_uri, n.pid): n.text for t in project.targets
                 for n in t.draft.walk()}
        return [ObservationView(o, stale_notice(o, texts.get((o.regulation_uri, o.pid), "")))
                for o in self.repository.observations(project_id)]

    @staticmethod
    def _require(condition: bool, message: str) -> None:
        if not condition:
            raise ValidationError(message)


def recorded_dates(records: list[AuditRecord]) -> dict[str, date]:
    """The latest date the record holds for each dated act of the procedure."""
    found: dict[str, date] = {}
    for record in records:
        for name in DATE_FIELDS:
            value = record.data.get(name)
            if isinstance(value, str):
                try:
                    found[name] = date.fromisoformat(value)
                except ValueError:
                    continue
    return found


def _closed_outside(project, stage_id: str | None) -> str:
    """Why a project closed without the procedure (withdrawn or published from the list or
    by ``project publish`` while in Borrador) has no more steps; "" when it still has."""
    if project.status is ProjectStatus.OPEN:
        return ""
    if project.status is ProjectStatus.WITHDRAWN and stage_id not in (None, *EDITABLE_STAGES):
        return ""   # withdrawn through the procedure: its final stage says so
    if project.status is ProjectStatus.PUBLISHED and stage_id not in (None, *EDITABLE_STAGES):
        return ""   # published through the procedure: "Vigente" is still to be recorded
    how = "retirado" if project.status is ProjectStatus.WITHDRAWN else "publicado"
    return (f"El proyecto «{project.title}» fue {how} fuera del trámite; ya no tiene pasos "
            "del procedimiento.")


def _stage_lock(stage: Stage) -> str:
    return (f"El proyecto está en la etapa «{stage.label}»: el borrador solo se modifica en "
            "Borrador o cuando fue devuelto con observaciones.")


def _acting_roles(definition: WorkflowDefinition, stage_id: str) -> tuple[str, ...]:
    """Roles that can move the project on from ``stage_id`` (withdrawal does not count)."""
    roles: list[str] = []
    for transition in definition.transitions_from(stage_id):
        if transition.to not in ESCAPE_STAGES and transition.id not in ESCAPE_TRANSITIONS:
            roles.extend(r for r in transition.roles if r not in roles)
    return tuple(roles)


def _active(row: BoardRow) -> bool:
    """Still moving through the procedure (a project published outside it is not)."""
    if row.stage.final or row.project.status is ProjectStatus.WITHDRAWN:
        return False
    return row.project.status is ProjectStatus.OPEN or row.stage.id not in EDITABLE_STAGES


def _turn_notice(row: BoardRow, since: datetime | None, today: date | None) -> Notice:
    new = since is None or row.since is None or row.since > since
    days = row.days_in_stage(today)
    if not new and row.is_stale(today):
        return Notice(row.project.id, row.project.title, "stale",
                      f"Lleva {days} días en «{row.stage.label}» esperando su trámite.",
                      row.since, False)
    return Notice(row.project.id, row.project.title, "turn",
                  f"Está en «{row.stage.label}»: le corresponde actuar.", row.since, new)


def _written_by(observation: Observation, name: str) -> bool:
    return observation.author == name or any(r.author == name for r in observation.replies)


def _observation_notices(project: ProjectSummary, observations: list[Observation],
                         user: UserProfile, since: datetime | None) -> list[Notice]:
    out = []
    for o in observations:
        created = _utc(o.created_at)
        if o.author != user.name and (since is None or created > since):
            out.append(Notice(project.id, project.title, "observation",
                              f"Observación nueva de {o.author}: {_clip(o.text)}", created, True))
        for r in o.replies:
            at = _utc(r.created_at)
            if r.author != user.name and (since is None or at > since):
                out.append(Notice(project.id, project.title, "observation",
                                  f"Respuesta de {r.author}: {_clip(r.text)}", at, True))
    return out


def _clip(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _gazette(data: dict[str, Any]) -> GazetteReference:
    """The Periódico Oficial reference recorded by the "publish" transition."""
    return GazetteReference(number=str(data["gazette_number"]),
                            section=str(data.get("gazette_section", "")),
                            tome=str(data.get("gazette_tome", "")),
                            date=date.fromisoformat(str(data["publication_date"])))


def _find_pid(root, pid: str):
    node = next((n for n in root.walk() if n.pid == pid), None)
    if node is None:
        raise NotFoundError("La disposición observada ya no existe en el borrador.")
    return node
