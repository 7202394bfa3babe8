"""Reform workflow: the stage machine as data, the guard registry, roles and the engine.

A ``WorkflowDefinition`` lists the stages a reform project goes through, the roles of the people
who move it, the transitions between stages (who may take each one, which typed data it records
and which guards must pass) and which edits each role may make at each stage. It round-trips
through plain dicts (``to_dict`` / ``from_dict``, JSON- and TOML-ready) so an administrator can
adjust the procedure without touching code. Guards are pure functions registered by name; Mexicali's
procedure and the guards it uses live in ``workflow_default``. ``WorkflowEngine.check`` returns
every reason, in Spanish, why a transition cannot be taken now, and ``apply`` raises them all at
once as ``TransitionRefused``. The engine stores nothing: the services record its outcome in the
audit chain (``audit.append``) and the new stage in the project.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

from .errors import NotFoundError, ReglamentosError, ValidationError
from .regulation import ReformQuorum

FORMAT_VERSION = 1
ANY_STAGE = "*"   # in a permission: every stage of the procedure



# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------

class InvalidWorkflow(ValidationError):
    """A workflow definition that contradicts itself (unknown stage, role, guard…)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("La definición del procedimiento no es válida:\n"
                         + "\n".join(f"• {p}" for p in self.problems))


class TransitionRefused(ReglamentosError):
    """A transition that cannot be taken now; ``messages`` lists every reason."""

    def __init__(self, label: str, messages: list[str]) -> None:
        self.messages = list(messages)
        super().__init__(f"No se puede «{label}»:\n" + "\n".join(f"• {m}" for m in self.messages))


# ---------------------------------------------------------------------------------------------
# Vocabulary: roles, actions, field types, votes
# ---------------------------------------------------------------------------------------------

class Role(str, Enum):
    """The roles of the default procedure (a definition may declare others)."""

    DRAFTER = "redactor"          # área jurídica o dependencia que redacta
    TRUSTEE = "sindicatura"       # síndico(a) procurador(a) y su personal
    SECRETARY = "secretaria"      # Secretaría del Ayuntamiento
    ADMIN = "administrador"       # administra el sistema, no participa en el trámite

    @property
    def label(self) -> str:
        return {Role.DRAFTER: "Redacción (área jurídica o dependencia)",
                Role.TRUSTEE: "Sindicatura Municipal",
                Role.SECRETARY: "Secretaría del Ayuntamiento",
                Role.ADMIN: "Administración del sistema"}[self]


class Action(str, Enum):
    """Edits and other acts that are not stage changes, granted per role and stage."""

    EDIT_DRAFT = "edit_draft"
    ADD_OBSERVATION = "add_observation"
    ANSWER_OBSERVATION = "answer_observation"     # cerrar: atendida o rechazada (Sindicatura)
    REOPEN_OBSERVATION = "reopen_observation"
    VALIDATE_PROJECT = "validate_project"         # validación de la Sindicatura, sin observaciones
    REPLY_OBSERVATION = "reply_observation"       # responder en el hilo sin cerrar la observación
    MANAGE_WORKFLOW = "manage_workflow"
    MANAGE_USERS = "manage_users"

    @property
    def label(self) -> str:
        return {Action.EDIT_DRAFT: "Editar el borrador",
                Action.ADD_OBSERVATION: "Hacer observaciones",
                Action.ANSWER_OBSERVATION: "Responder observaciones",
                Action.REOPEN_OBSERVATION: "Reabrir observaciones",
                Action.VALIDATE_PROJECT: "Validar el proyecto",
                Action.REPLY_OBSERVATION: "Contestar observaciones",
                Action.MANAGE_WORKFLOW: "Administrar el procedimiento",
                Action.MANAGE_USERS: "Administrar usuarios y roles"}[self]


class FieldType(str, Enum):
    """Type of a datum a transition records."""

    TEXT = "text"
    DATE = "date"
    INT = "int"
    CHOICE = "choice"
    VOTES = "votes"      # voto de cada integrante: {"Regidora A": "for", …}


VOTE_LABELS = {"for": "a favor", "against": "en contra", "abstention": "abstención",
               "absent": "ausente"}


def _id(value: Any) -> str:
    """Plain string id of a role, stage or action given as a str-Enum or a str.

    Needed because a str-Enum member hashes by its *name*, so ``Role.DRAFTER in {"redactor"}``
    would be False.
    """
    return value.value if isinstance(value, Enum) else str(value)


# ---------------------------------------------------------------------------------------------
# The definition
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Choice:
    """One option of a choice field: stored value and Spanish label."""

    value: str
    label: str


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """A datum a transition records.

    ``label`` heads the form field ("Número de acta"); ``noun`` names it inside messages, with its
    article ("el número de acta de la sesión de Cabildo"), so the default missing message reads
    "Falta el número de acta de la sesión de Cabildo.".
    """

    name: str
    label: str
    type: FieldType
    noun: str = ""
    required: bool = True
    choices: tuple[Choice, ...] = ()
    minimum: int | None = None
    missing_message: str = ""

    @property
    def subject(self) -> str:
        return self.noun or f"el dato «{self.label}»"

    def missing(self) -> str:
        return self.missing_message or f"Falta {self.subject}."


@dataclass(frozen=True, slots=True)
class Stage:
    """A stage of the procedure; ``final`` stages have no way out."""

    id: str
    label: str
    final: bool = False
    optional: bool = False
    description: str = ""


@dataclass(frozen=True, slots=True)
class Transition:
    """A move from one of ``from_stages`` to ``to``, its roles, data and guards."""

    id: str
    from_stages: tuple[str, ...]
    to: str
    label: str
    roles: tuple[str, ...]
    fields: tuple[FieldSpec, ...] = ()
    guards: tuple[str, ...] = ()
    description: str = ""

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True, slots=True)
class RoleSpec:
    """A role as the definition declares it."""

    id: str
    label: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Permission:
    """``role`` may do ``action`` in ``stages`` ("*" for every stage)."""

    action: str
    role: str
    stages: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class WorkflowDefinition:
    """The whole procedure as data; construction validates it (``InvalidWorkflow``)."""

    name: str
    initial_stage: str
    roles: tuple[RoleSpec, ...]
    stages: tuple[Stage, ...]
    transitions: tuple[Transition, ...]
    permissions: tuple[Permission, ...] = ()
    version: int = FORMAT_VERSION

    def __post_init__(self) -> None:
        problems = definition_problems(self)
        if problems:
            raise InvalidWorkflow(problems)

    # -- look-ups ----------------------------------------------------------------------------

    def find_stage(self, stage_id: str) -> Stage | None:
        stage_id = _id(stage_id)
        return next((s for s in self.stages if s.id == stage_id), None)

    def stage(self, stage_id: str) -> Stage:
        found = self.find_stage(stage_id)
        if found is None:
            raise NotFoundError(f"La etapa «{_id(stage_id)}» no existe en el procedimiento.")
        return found

    def find_transition(self, transition_id: str) -> Transition | None:
        return next((t for t in self.transitions if t.id == transition_id), None)

    def transition(self, transition_id: str) -> Transition:
        found = self.find_transition(transition_id)
        if found is None:
            raise NotFoundError(f"La acción «{transition_id}» no existe en el procedimiento.")
        return found

    def find_role(self, role_id: str) -> RoleSpec | None:
        role_id = _id(role_id)
        return next((r for r in self.roles if r.id == role_id), None)

    def role_label(self, role_id: str) -> str:
        role = self.find_role(role_id)
        return role.label if role else _id(role_id)

    def transitions_from(self, stage_id: str) -> list[Transition]:
        stage_id = _id(stage_id)
        return [t for t in self.transitions if stage_id in t.from_stages]

    @property
    def final_stages(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.stages if s.final)

    def permits(self, role: str, action: str, stage: str) -> bool:
        role, action, stage = _id(role), _id(action), _id(stage)
        return any(p.action == action and p.role == role
                   and (ANY_STAGE in p.stages or stage in p.stages) for p in self.permissions)

    # -- plain data ----------------------------------------------------------------------------

    def to_dict(self) -> dict:
        """Plain dict with no ``None`` anywhere, so it dumps to JSON and to TOML alike."""
        return {"version": self.version, "name": self.name, "initial_stage": self.initial_stage,
                "roles": [_role_to_dict(r) for r in self.roles],
                "stages": [_stage_to_dict(s) for s in self.stages],
                "transitions": [_transition_to_dict(t) for t in self.transitions],
                "permissions": [_permission_to_dict(p) for p in self.permissions]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> WorkflowDefinition:
        """Inverse of ``to_dict``; raises ``InvalidWorkflow`` with Spanish messages."""
        try:
            return _definition_from_dict(data)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InvalidWorkflow([_structure_message(exc)]) from exc


# ---------------------------------------------------------------------------------------------
# Plain-dict conversion
# ---------------------------------------------------------------------------------------------

def _role_to_dict(role: RoleSpec) -> dict:
    return {"id": role.id, "label": role.label, "description": role.description}


def _stage_to_dict(stage: Stage) -> dict:
    return {"id": stage.id, "label": stage.label, "final": stage.final,
            "optional": stage.optional, "description": stage.description}


def _field_to_dict(spec: FieldSpec) -> dict:
    data = {"name": spec.name, "label": spec.label, "type": spec.type.value, "noun": spec.noun,
            "required": spec.required,
            "choices": [{"value": c.value, "label": c.label} for c in spec.choices],
            "missing_message": spec.missing_message}
    if spec.minimum is not None:   # TOML has no null: leave the key out instead
        data["minimum"] = spec.minimum
    return data


def _transition_to_dict(t: Transition) -> dict:
    return {"id": t.id, "from": list(t.from_stages), "to": t.to, "label": t.label,
            "roles": list(t.roles), "fields": [_field_to_dict(f) for f in t.fields],
            "guards": list(t.guards), "description": t.description}


def _permission_to_dict(p: Permission) -> dict:
    return {"action": p.action, "role": p.role, "stages": list(p.stages)}


def _strings(value: Any) -> tuple[str, ...]:
    """A list of ids, also accepting a single string (friendlier in a hand-written file)."""
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _field_from_dict(data: Mapping[str, Any]) -> FieldSpec:
    minimum = data.get("minimum")
    return FieldSpec(
        name=str(data["name"]), label=str(data["label"]), type=FieldType(data["type"]),
        noun=str(data.get("noun", "")), required=bool(data.get("required", True)),
        choices=tuple(Choice(str(c["value"]), str(c["label"])) for c in data.get("choices", ())),
        minimum=None if minimum is None else int(minimum),
        missing_message=str(data.get("missing_message", "")))


def _transition_from_dict(data: Mapping[str, Any]) -> Transition:
    return Transition(
        id=str(data["id"]), from_stages=_strings(data["from"]), to=str(data["to"]),
        label=str(data["label"]), roles=_strings(data["roles"]),
        fields=tuple(_field_from_dict(f) for f in data.get("fields", ())),
        guards=_strings(data.get("guards", ())), description=str(data.get("description", "")))


def _definition_from_dict(data: Mapping[str, Any]) -> WorkflowDefinition:
    return WorkflowDefinition(
        name=str(data["name"]), initial_stage=str(data["initial_stage"]),
        roles=tuple(RoleSpec(str(r["id"]), str(r["label"]), str(r.get("description", "")))
                    for r in data["roles"]),
        stages=tuple(Stage(str(s["id"]), str(s["label"]), bool(s.get("final", False)),
                           bool(s.get("optional", False)), str(s.get("description", "")))
                     for s in data["stages"]),
        transitions=tuple(_transition_from_dict(t) for t in data["transitions"]),
        permissions=tuple(Permission(str(p["action"]), str(p["role"]), _strings(p["stages"]))
                          for p in data.get("permissions", ())),
        version=int(data.get("version", FORMAT_VERSION)))


def _structure_message(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"Falta la clave «{exc.args[0]}» en la definición del procedimiento."
    if isinstance(exc, ValueError) and "FieldType" in str(exc):
        kinds = ", ".join(t.value for t in FieldType)
        return f"Tipo de dato desconocido ({exc}); los tipos válidos son: {kinds}."
    return f"La definición del procedimiento tiene una estructura inesperada ({exc})."


# ---------------------------------------------------------------------------------------------
# Validation of a definition
# ---------------------------------------------------------------------------------------------

def _duplicates(ids: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    repeated: list[str] = []
    for item in ids:
        if item in seen and item not in repeated:
            repeated.append(item)
        seen.add(item)
    return repeated


def _identity_problems(d: WorkflowDefinition) -> list[str]:
    problems = []
    if d.version != FORMAT_VERSION:
        problems.append(f"La versión de formato {d.version} no es compatible "
                        f"(se esperaba {FORMAT_VERSION}).")
    for what, ids in (("etapa", [s.id for s in d.stages]), ("rol", [r.id for r in d.roles]),
                      ("acción", [t.id for t in d.transitions])):
        if any(not i.strip() for i in ids):
            problems.append(f"Hay una {what} sin identificador." if what != "rol"
                            else "Hay un rol sin identificador.")
        problems.extend(f"El identificador «{i}» se repite ({what})." for i in _duplicates(ids))
    return problems


def _stage_problems(d: WorkflowDefinition) -> list[str]:
    problems = []
    initial = d.find_stage(d.initial_stage)
    if initial is None:
        problems.append(f"La etapa inicial «{d.initial_stage}» no existe.")
    elif initial.final:
        problems.append(f"La etapa inicial «{initial.label}» no puede ser final.")
    if not d.final_stages:
        problems.append("El procedimiento necesita al menos una etapa final.")
    return problems


def _field_problems(t: Transition) -> list[str]:
    problems = [f"El dato «{n}» se repite en la acción «{t.id}»."
                for n in _duplicates(f.name for f in t.fields)]
    for spec in t.fields:
        if not spec.name.strip():
            problems.append(f"La acción «{t.id}» tiene un dato sin nombre.")
        if spec.type is FieldType.CHOICE and not spec.choices:
            problems.append(f"El dato «{spec.name}» de la acción «{t.id}» es de opción múltiple "
                            "y no tiene opciones.")
    return problems


def _transition_problems(d: WorkflowDefinition, t: Transition) -> list[str]:
    problems = []
    if not t.from_stages:
        problems.append(f"La acción «{t.id}» no indica desde qué etapa procede.")
    for stage_id in t.from_stages:
        stage = d.find_stage(stage_id)
        if stage is None:
            problems.append(f"La acción «{t.id}» parte de la etapa «{stage_id}», que no existe.")
        elif stage.final:
            problems.append(f"La acción «{t.id}» parte de la etapa final «{stage.label}».")
    if d.find_stage(t.to) is None:
        problems.append(f"La acción «{t.id}» lleva a la etapa «{t.to}», que no existe.")
    if not t.roles:
        problems.append(f"La acción «{t.id}» no indica qué roles pueden realizarla.")
    problems.extend(f"La acción «{t.id}» menciona el rol «{r}», que no existe."
                    for r in t.roles if d.find_role(r) is None)
    problems.extend(f"La acción «{t.id}» usa la validación «{g}», que no existe."
                    for g in t.guards if g not in _builtin_guards())
    return problems + _field_problems(t)


def _permission_problems(d: WorkflowDefinition) -> list[str]:
    known_actions = {a.value for a in Action}
    problems = []
    for p in d.permissions:
        if p.action not in known_actions:
            problems.append(f"El permiso «{p.action}» no existe.")
        if d.find_role(p.role) is None:
            problems.append(f"El permiso «{p.action}» menciona el rol «{p.role}», que no existe.")
        problems.extend(f"El permiso «{p.action}» menciona la etapa «{s}», que no existe."
                        for s in p.stages if s != ANY_STAGE and d.find_stage(s) is None)
    return problems


def _reachable(d: WorkflowDefinition) -> set[str]:
    seen, queue = {d.initial_stage}, deque([d.initial_stage])
    while queue:
        for t in d.transitions_from(queue.popleft()):
            if t.to not in seen:
                seen.add(t.to)
                queue.append(t.to)
    return seen


def _shape_problems(d: WorkflowDefinition) -> list[str]:
    """Stages nobody can reach and non-final stages with no way out (a project would be stuck)."""
    reachable = _reachable(d)
    problems = [f"No hay forma de llegar a la etapa «{s.label}»." for s in d.stages
                if s.id not in reachable]
    problems.extend(f"La etapa «{s.label}» no es final y no tiene ninguna acción de salida."
                    for s in d.stages if not s.final and not d.transitions_from(s.id))
    return problems


def definition_problems(d: WorkflowDefinition) -> list[str]:
    """Every contradiction in a definition, in Spanish (empty when it is consistent)."""
    problems = _identity_problems(d) + _stage_problems(d)
    for t in d.transitions:
        problems.extend(_transition_problems(d, t))
    problems.extend(_permission_problems(d))
    if not problems:   # the shape checks assume the ids above are sound
        problems.extend(_shape_problems(d))
    return problems


# ---------------------------------------------------------------------------------------------
# Context
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class WorkflowContext:
    """What the guards need to know about the project beyond the transition's own data.

    ``target_quorums`` holds the reform quorum of every regulation the project amends (an
    omnibus reform has several); ``committee_sense`` is the sense of the latest dictamen, if any;
    the text hashes come from ``audit.canonical_text_hash`` and ``audit.approved_text_hash``.
    """

    target_quorums: tuple[ReformQuorum, ...] = ()
    council_members: int | None = None
    open_observations: int = 0
    committee_sense: str | None = None
    approved_text_hash: str | None = None
    current_text_hash: str | None = None
    published_on: date | None = None
    # How the vote is counted (``workflow_default.QuorumRule``; None: Mexicali's default).
    quorum_rule: Any = None
    # The latest date the record holds for each dated act (``filing_date``, ``turn_date``…),
    # so a new act cannot be dated before the acts it follows.
    recorded_dates: Mapping[str, date] = field(default_factory=dict)

    @property
    def quorum(self) -> ReformQuorum | None:
        return strictest_quorum(self.target_quorums)


def strictest_quorum(quorums: Iterable[ReformQuorum | str]) -> ReformQuorum | None:
    """The quorum an omnibus reform needs: qualified if any target requires it."""
    found = {ReformQuorum(q) for q in quorums}
    if not found:
        return None
    return ReformQuorum.QUALIFIED if ReformQuorum.QUALIFIED in found else ReformQuorum.SIMPLE


# ---------------------------------------------------------------------------------------------
# Data validation
# ---------------------------------------------------------------------------------------------

def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, Mapping) and not value


def _clean_text(spec: FieldSpec, value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, str):
        return None, f"Revise {spec.subject}: debe ser texto."
    return value.strip(), None


def _clean_date(spec: FieldSpec, value: Any) -> tuple[Any, str | None]:
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    try:
        return date.fromisoformat(str(value).strip()), None
    except ValueError:
        return None, f"Revise {spec.subject}: debe ser una fecha válida (AAAA-MM-DD)."


def _clean_int(spec: FieldSpec, value: Any) -> tuple[Any, str | None]:
    if isinstance(value, bool):   # True is an int in Python, never a vote count
        return None, f"Revise {spec.subject}: debe ser un número entero."
    try:
        number = value if isinstance(value, int) else int(str(value).strip())
    except ValueError:
        return None, f"Revise {spec.subject}: debe ser un número entero."
    if spec.minimum is not None and number < spec.minimum:
        return None, f"Revise {spec.subject}: no puede ser menor que {spec.minimum}."
    return number, None


def _clean_choice(spec: FieldSpec, value: Any) -> tuple[Any, str | None]:
    value = _id(value).strip()
    if any(c.value == value for c in spec.choices):
        return value, None
    options = _join_or([c.label for c in spec.choices])
    return None, f"Revise {spec.subject}: debe ser {options}."


def _clean_votes(spec: FieldSpec, value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, Mapping):
        return None, f"Revise {spec.subject}: indique el voto de cada integrante."
    votes: dict[str, str] = {}
    for member, vote in value.items():
        name, vote = str(member).strip(), _id(vote).strip()
        if not name:
            return None, f"Revise {spec.subject}: hay un voto sin el nombre del integrante."
        if vote not in VOTE_LABELS:
            return None, (f"Revise {spec.subject}: el voto de «{name}» debe ser "
                          f"{_join_or(list(VOTE_LABELS.values()))}.")
        votes[name] = vote
    return votes, None


_CLEANERS: dict[FieldType, Callable[[FieldSpec, Any], tuple[Any, str | None]]] = {
    FieldType.TEXT: _clean_text, FieldType.DATE: _clean_date, FieldType.INT: _clean_int,
    FieldType.CHOICE: _clean_choice, FieldType.VOTES: _clean_votes,
}


def clean_data(transition: Transition, data: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Typed values of the transition's declared fields, and one message per problem.

    Keys the transition does not declare are dropped: only declared data reaches the record.
    """
    values: dict[str, Any] = {}
    errors: list[str] = []
    for spec in transition.fields:
        raw = data.get(spec.name)
        if _is_missing(raw):
            if spec.required:
                errors.append(spec.missing())
            continue
        value, error = _CLEANERS[spec.type](spec, raw)
        if error:
            errors.append(error)
        else:
            values[spec.name] = value
    return values, errors


def jsonable_data(values: Mapping[str, Any]) -> dict[str, Any]:
    """Cleaned values in plain JSON types (dates as ISO strings) for the audit record."""
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


# ---------------------------------------------------------------------------------------------
# Guards
# ---------------------------------------------------------------------------------------------

Guard = Callable[[Transition, Mapping[str, Any], WorkflowContext], list[str]]
_GUARDS: dict[str, Guard] = {}


def register_guard(name: str, *, replace: bool = False) -> Callable[[Guard], Guard]:
    """Decorator: make ``guard`` usable by name in workflow definitions.

    A guard receives the transition, its *valid* typed data (fields that failed validation are
    absent and already reported) and the context; it returns Spanish messages, empty to allow.
    """
    def decorator(guard: Guard) -> Guard:
        if name in _GUARDS and not replace:
            raise ValueError(f"guard already registered: {name}")
        _GUARDS[name] = guard
        return guard
    return decorator


def unregister_guard(name: str) -> None:
    _GUARDS.pop(name, None)


def _builtin_guards() -> dict[str, Guard]:
    """The registry, with the guards of ``workflow_default`` loaded.

    They live next to the procedure they serve; importing that module registers them, and a
    definition read from a file must find them even if nobody asked for the default one.
    """
    from . import workflow_default  # noqa: F401  (local: that module imports this one)

    return _GUARDS


def guard_names() -> tuple[str, ...]:
    return tuple(sorted(_builtin_guards()))


# ---------------------------------------------------------------------------------------------
# The engine
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class TransitionOutcome:
    """A transition that was allowed: where the project goes and the data to record."""

    transition_id: str
    label: str
    stage_from: str
    stage_to: str
    data: dict[str, Any] = field(default_factory=dict)   # JSON-ready (dates as ISO strings)


def _join_or(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " o " + items[-1]


def _access_errors(definition: WorkflowDefinition, transition: Transition, stage: Stage,
                   role: str) -> list[str]:
    errors = []
    if stage.id not in transition.from_stages:
        errors.append(f"«{transition.label}» no procede en la etapa «{stage.label}».")
    if role not in transition.roles:
        allowed = _join_or([f"«{definition.role_label(r)}»" for r in transition.roles])
        whom = "al rol" if len(transition.roles) == 1 else "a los roles"
        errors.append(f"«{transition.label}» corresponde {whom} {allowed}; su rol es "
                      f"«{definition.role_label(role)}».")
    return errors


def _lookup_errors(definition: WorkflowDefinition, stage_id: str, transition_id: str,
                   role: str) -> list[str]:
    errors = []
    if definition.find_transition(transition_id) is None:
        errors.append(f"La acción «{transition_id}» no existe en el procedimiento.")
    if definition.find_stage(stage_id) is None:
        errors.append(f"La etapa «{stage_id}» no existe en el procedimiento.")
    if definition.find_role(role) is None:
        errors.append(f"El rol «{role}» no existe en el procedimiento.")
    return errors


def available_transitions(definition: WorkflowDefinition, stage: str,
                          role: str) -> list[Transition]:
    """Transitions ``role`` may take from ``stage`` (guards are checked only on ``check``)."""
    role = _id(role)
    return [t for t in definition.transitions_from(stage) if role in t.roles]


class WorkflowEngine:
    """Stateless: ``WorkflowEngine.check(...)`` and ``WorkflowEngine().check(...)`` both work."""

    @staticmethod
    def check(definition: WorkflowDefinition, current_stage: str, transition_id: str,
              role: str, data: Mapping[str, Any] | None = None,
              context: WorkflowContext | None = None) -> list[str]:
        """Every reason why the transition cannot be taken now; empty when it can."""
        return _evaluate(definition, _id(current_stage), transition_id, _id(role),
                         data or {}, context or WorkflowContext())[1]

    @staticmethod
    def apply(definition: WorkflowDefinition, current_stage: str, transition_id: str,
              role: str, data: Mapping[str, Any] | None = None,
              context: WorkflowContext | None = None) -> TransitionOutcome:
        """The outcome of an allowed transition; raises ``TransitionRefused`` otherwise."""
        current_stage, role = _id(current_stage), _id(role)
        values, errors = _evaluate(definition, current_stage, transition_id, role,
                                   data or {}, context or WorkflowContext())
        transition = definition.find_transition(transition_id)
        if errors:
            raise TransitionRefused(transition.label if transition else transition_id, errors)
        return TransitionOutcome(transition.id, transition.label, current_stage, transition.to,
                                 jsonable_data(values))

    available_transitions = staticmethod(available_transitions)


def _evaluate(definition: WorkflowDefinition, stage_id: str, transition_id: str, role: str,
              data: Mapping[str, Any], context: WorkflowContext) -> tuple[dict, list[str]]:
    errors = _lookup_errors(definition, stage_id, transition_id, role)
    if errors:
        return {}, errors
    transition = definition.transition(transition_id)
    errors = _access_errors(definition, transition, definition.stage(stage_id), role)
    if errors:   # a forbidden action gets no advice about its data
        return {}, errors
    values, errors = clean_data(transition, data)
    for name in transition.guards:
        errors.extend(_builtin_guards()[name](transition, values, context))
    return values, errors


# ---------------------------------------------------------------------------------------------
# Roles and permissions
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class UserProfile:
    """A person using the application: name, office (by title) and role."""

    name: str
    office: str
    role: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "role", _id(self.role))
        if not self.name.strip():
            raise ValidationError("El usuario necesita un nombre.")


def default_workflow() -> WorkflowDefinition:
    """Mexicali's procedure (see ``workflow_default``)."""
    from .workflow_default import default_workflow as build  # local: that module imports this one

    return build()


def can(role: str, action: Action | str, stage: str,
        definition: WorkflowDefinition | None = None) -> bool:
    """Whether ``role`` may do ``action`` (an edit, not a stage change) in ``stage``."""
    return (definition or default_workflow()).permits(role, action, stage)


def can_edit_draft(role: str, stage: str, definition: WorkflowDefinition | None = None) -> bool:
    return can(role, Action.EDIT_DRAFT, stage, definition)


def can_add_observation(role: str, stage: str,
                        definition: WorkflowDefinition | None = None) -> bool:
    return can(role, Action.ADD_OBSERVATION, stage, definition)


def can_answer_observation(role: str, stage: str,
                           definition: WorkflowDefinition | None = None) -> bool:
    return can(role, Action.ANSWER_OBSERVATION, stage, definition)
