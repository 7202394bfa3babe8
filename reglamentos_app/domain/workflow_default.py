"""Mexicali's reform procedure as data, with the guards and the quorum rule it relies on.

Borrador → Revisión de la Sindicatura → Presentada ante la Secretaría del Ayuntamiento →
Turnada a comisión → Dictaminada → Aprobada en Cabildo → Certificada → Enviada al Periódico
Oficial → Publicada → Vigente, with the side paths of DOMAIN.md §3 and §6: devolución con
observaciones, consulta pública / análisis de impacto regulatorio, dispensa de trámite, regreso
a comisión, rechazo en Cabildo and retiro. Withdrawal is offered only before the Cabildo vote:
from then on the acuerdo belongs to the Ayuntamiento and only a new acuerdo could undo it. The
administrator role takes no step of the procedure (separation of duties); it only manages the
definition and the users. The guards registered here (observations, quorum, dictamen,
publication) are usable by name from any definition, including one an administrator edited from
``default_workflow().to_dict()``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .gazette import format_long_date
from .numbering import is_roman
from .regulation import ReformQuorum
from .workflow import (
    ANY_STAGE, Action, Choice, FieldSpec, FieldType, Permission, Role, RoleSpec, Stage, Transition,
    WorkflowContext, WorkflowDefinition, register_guard, strictest_quorum,
)

DRAFT = "draft"
PUBLIC_CONSULTATION = "public_consultation"
TRUSTEE_REVIEW = "trustee_review"
RETURNED = "returned"
FILED = "filed"
IN_COMMITTEE = "in_committee"
COMMITTEE_REPORT = "committee_report"
COUNCIL_APPROVED = "council_approved"
CERTIFIED = "certified"
SENT_TO_GAZETTE = "sent_to_gazette"
PUBLISHED = "published"
IN_FORCE = "in_force"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"

# Stages where the iniciativa still belongs to its promoter and can be withdrawn.
WITHDRAWABLE = (DRAFT, RETURNED, PUBLIC_CONSULTATION, TRUSTEE_REVIEW, FILED, IN_COMMITTEE,
                COMMITTEE_REPORT)

_R, _T, _S, _A = Role.DRAFTER.value, Role.TRUSTEE.value, Role.SECRETARY.value, Role.ADMIN.value

# Data fields the built-in guards read; the definition below declares them.
OVERRIDE_REASON_FIELD = "observations_override_reason"
VOTES_FOR_FIELD = "votes_for"
VOTES_AGAINST_FIELD = "votes_against"
ABSTENTIONS_FIELD = "abstentions"
GAZETTE_TOME_FIELD = "gazette_tome"
IN_FORCE_DATE_FIELD = "in_force_date"
UNFAVORABLE_SENSE = "unfavorable"


# ---------------------------------------------------------------------------------------------
# Votes and quorum
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class VoteTally:
    """Result of a vote in Cabildo (abstentions are present members who did not vote)."""

    votes_for: int
    votes_against: int
    abstentions: int = 0

    @property
    def present(self) -> int:
        return self.votes_for + self.votes_against + self.abstentions


def two_thirds_of(members: int) -> int:
    """Smallest whole number of votes that is at least two thirds of ``members``.

    Integer arithmetic on purpose: 2 * 18 / 3 must give exactly 12 (the San Felipe vote).
    """
    return -(-2 * members // 3)


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def _votes(n: int) -> str:
    return _count(n, "voto", "votos")


def _tally_text(t: VoteTally) -> str:
    return (f"{_votes(t.votes_for)} a favor, {t.votes_against} en contra y "
            f"{_count(t.abstentions, 'abstención', 'abstenciones')}")


def tally_problems(tally: VoteTally, members: int | None) -> list[str]:
    """A tally that cannot be true: negative counts, or more votes than members of Cabildo."""
    if min(tally.votes_for, tally.votes_against, tally.abstentions) < 0:
        return ["La votación no puede tener cantidades negativas."]
    if members is not None and tally.present > members:
        return [f"La votación suma {_votes(tally.present)} (a favor, en contra y abstenciones), "
                f"pero el Cabildo tiene {members} integrantes."]
    return []


def quorum_problems(tally: VoteTally, quorums: Iterable[ReformQuorum | str],
                    members: int | None) -> list[str]:
    """Why a tally does not approve a reform needing ``quorums`` (empty when it does).

    Simple majority: more votes for than against among those present (abstentions count for
    neither side). Qualified majority: at least two thirds of the *members* of the Ayuntamiento,
    present or not, the measure the state Constitution (art. 81) uses. An omnibus reform uses
    the strictest quorum of its targets.
    """
    quorums = [ReformQuorum(q) for q in quorums]
    quorum = strictest_quorum(quorums)
    if quorum is None:
        return ["No se indicó qué mayoría exige el reglamento reformado (simple o calificada)."]
    if members is None or members <= 0:
        return ["Falta el número de integrantes del Cabildo; se necesita para comprobar la "
                "votación."]
    problems = tally_problems(tally, members)
    if problems:
        return problems
    if quorum is ReformQuorum.SIMPLE:
        if tally.votes_for > tally.votes_against:
            return []
        return [f"La votación no alcanza la mayoría simple: {_tally_text(tally)}; se requieren "
                "más votos a favor que en contra."]
    needed = two_thirds_of(members)
    if tally.votes_for >= needed:
        return []
    message = (f"La votación no alcanza la mayoría calificada: {_votes(tally.votes_for)} a favor "
               f"de {members} integrantes del Cabildo; se requieren al menos {needed} "
               "(las dos terceras partes de los integrantes).")
    if len(set(quorums)) > 1:
        message += (" La reforma modifica al menos un reglamento que exige mayoría calificada, "
                    "y se aplica la mayoría más estricta.")
    return [message]


# ---------------------------------------------------------------------------------------------
# Guards (registered by name for any definition)
# ---------------------------------------------------------------------------------------------

def _observations_phrase(count: int) -> str:
    return ("Hay 1 observación de la Sindicatura sin atender" if count == 1
            else f"Hay {count} observaciones de la Sindicatura sin atender")


@register_guard("observations_resolved")
def _observations_resolved(transition: Transition, values: Mapping[str, Any],
                           context: WorkflowContext) -> list[str]:
    # The Síndico's review is an opinion, not a veto: an explicit, recorded reason overrides it.
    if context.open_observations <= 0 or values.get(OVERRIDE_REASON_FIELD):
        return []
    one = context.open_observations == 1
    return [f"{_observations_phrase(context.open_observations)}. "
            f"{'Atiéndala' if one else 'Atiéndalas'} o indique el motivo para presentar el "
            f"proyecto sin {'atenderla' if one else 'atenderlas'}."]


@register_guard("has_open_observations")
def _has_open_observations(transition: Transition, values: Mapping[str, Any],
                           context: WorkflowContext) -> list[str]:
    if context.open_observations > 0:
        return []
    return ["Para devolver el proyecto con observaciones, registre al menos una observación."]


_TALLY_FIELDS = (VOTES_FOR_FIELD, VOTES_AGAINST_FIELD, ABSTENTIONS_FIELD)
_NO_TALLY = "La acción no registra la votación; no se puede comprobar la mayoría."


def _records_tally(transition: Transition) -> bool:
    return transition.field(VOTES_FOR_FIELD) is not None and (
        transition.field(VOTES_AGAINST_FIELD) is not None)


def _tally_from(transition: Transition, values: Mapping[str, Any]) -> VoteTally | None:
    """The tally, or None when a declared count is missing or invalid (already reported)."""
    if any(n not in values for n in _TALLY_FIELDS if transition.field(n) is not None):
        return None
    return VoteTally(values[VOTES_FOR_FIELD], values[VOTES_AGAINST_FIELD],
                     values.get(ABSTENTIONS_FIELD, 0))


@register_guard("council_quorum")
def _council_quorum(transition: Transition, values: Mapping[str, Any],
                    context: WorkflowContext) -> list[str]:
    if not _records_tally(transition):   # an edited definition must not approve unchecked
        return [_NO_TALLY]
    tally = _tally_from(transition, values)
    if tally is None:
        return []
    return quorum_problems(tally, context.target_quorums, context.council_members)


@register_guard("tally_consistent")
def _tally_consistent(transition: Transition, values: Mapping[str, Any],
                      context: WorkflowContext) -> list[str]:
    if not _records_tally(transition):
        return [_NO_TALLY]
    tally = _tally_from(transition, values)
    return tally_problems(tally, context.council_members) if tally else []


@register_guard("favorable_committee_report")
def _favorable_committee_report(transition: Transition, values: Mapping[str, Any],
                                context: WorkflowContext) -> list[str]:
    if context.committee_sense != UNFAVORABLE_SENSE:
        return []
    return ["El dictamen de la comisión es desfavorable: no puede registrarse la aprobación del "
            "proyecto con ese dictamen. Regréselo a comisión o registre el rechazo."]


def _short(digest: str) -> str:
    return digest[:12] + "…"


@register_guard("text_matches_approval")
def _text_matches_approval(transition: Transition, values: Mapping[str, Any],
                           context: WorkflowContext) -> list[str]:
    # The worst failure of the whole system is publishing a text other than the approved one.
    if not context.approved_text_hash:
        return ["No hay registro de qué texto aprobó el Cabildo; sin él no puede continuar."]
    if not context.current_text_hash:
        return ["No se conoce la huella digital del texto actual; sin ella no puede continuar."]
    if context.current_text_hash != context.approved_text_hash:
        return ["El texto actual no es el que aprobó el Cabildo (huella aprobada "
                f"{_short(context.approved_text_hash)}, huella actual "
                f"{_short(context.current_text_hash)}). Solo puede publicarse el texto aprobado."]
    return []


@register_guard("gazette_data_valid")
def _gazette_data_valid(transition: Transition, values: Mapping[str, Any],
                        context: WorkflowContext) -> list[str]:
    tome = values.get(GAZETTE_TOME_FIELD)
    if tome and not is_roman(tome.replace("Tomo", "").strip()):
        return ["Revise el tomo del Periódico Oficial: debe escribirse en números romanos "
                "(por ejemplo, CXXXII)."]
    return []


@register_guard("in_force_after_publication")
def _in_force_after_publication(transition: Transition, values: Mapping[str, Any],
                                context: WorkflowContext) -> list[str]:
    start = values.get(IN_FORCE_DATE_FIELD)
    if start is None or context.published_on is None or start >= context.published_on:
        return []
    return [f"La fecha de entrada en vigor ({format_long_date(start)}) es anterior a la "
            f"publicación en el Periódico Oficial ({format_long_date(context.published_on)})."]


# ---------------------------------------------------------------------------------------------
# The definition
# ---------------------------------------------------------------------------------------------



def _stages() -> tuple[Stage, ...]:
    return (
        Stage(DRAFT, "Borrador"),
        Stage(PUBLIC_CONSULTATION, "Consulta pública / análisis de impacto regulatorio",
              optional=True,
              description="Etapa opcional de mejora regulatoria antes de presentar el proyecto."),
        Stage(TRUSTEE_REVIEW, "Revisión de la Sindicatura",
              description="La Sindicatura hace observaciones o valida el proyecto."),
        Stage(RETURNED, "Devuelta con observaciones",
              description="Vuelve a borrador para atender las observaciones de la Sindicatura."),
        Stage(FILED, "Presentada ante la Secretaría del Ayuntamiento"),
        Stage(IN_COMMITTEE, "Turnada a comisión"),
        Stage(COMMITTEE_REPORT, "Dictaminada"),
        Stage(COUNCIL_APPROVED, "Aprobada en Cabildo"),
        Stage(CERTIFIED, "Certificada"),
        Stage(SENT_TO_GAZETTE, "Enviada al Periódico Oficial"),
        Stage(PUBLISHED, "Publicada"),
        Stage(IN_FORCE, "Vigente", final=True),
        Stage(REJECTED, "Rechazada", final=True),
        Stage(WITHDRAWN, "Retirada", final=True),
    )


def _roles() -> tuple[RoleSpec, ...]:
    return tuple(RoleSpec(r.value, r.label, d) for r, d in (
        (Role.DRAFTER, "Área jurídica o dependencia que redacta el proyecto."),
        (Role.TRUSTEE, "Síndico(a) Procurador(a) y personal de la Sindicatura Municipal."),
        (Role.SECRETARY, "Secretaría del Ayuntamiento: recibe, turna, registra y certifica."),
        (Role.ADMIN, "Administra el procedimiento y los usuarios; no interviene en el trámite."),
    ))


def _text(name: str, label: str, noun: str, *, required: bool = True,
          missing: str = "") -> FieldSpec:
    return FieldSpec(name, label, FieldType.TEXT, noun, required, missing_message=missing)


def _date(name: str, label: str, noun: str) -> FieldSpec:
    return FieldSpec(name, label, FieldType.DATE, noun)


def _int(name: str, label: str, noun: str, minimum: int) -> FieldSpec:
    return FieldSpec(name, label, FieldType.INT, noun, minimum=minimum)


def _choice(name: str, label: str, noun: str, *options: tuple[str, str]) -> FieldSpec:
    return FieldSpec(name, label, FieldType.CHOICE, noun,
                     choices=tuple(Choice(v, text) for v, text in options))


def _session_fields() -> tuple[FieldSpec, ...]:
    """What identifies a Cabildo vote in the acuerdo and its certification."""
    return (
        _choice("session_type", "Tipo de sesión", "el tipo de sesión de Cabildo",
                ("ordinary", "ordinaria"), ("extraordinary", "extraordinaria")),
        _date("session_date", "Fecha de la sesión", "la fecha de la sesión de Cabildo"),
        _text("act_number", "Número de acta", "el número de acta de la sesión de Cabildo"),
        _int("agenda_item", "Punto del orden del día", "el punto del orden del día", 1),
        _int(VOTES_FOR_FIELD, "Votos a favor", "el número de votos a favor", 0),
        _int(VOTES_AGAINST_FIELD, "Votos en contra", "el número de votos en contra", 0),
        _int(ABSTENTIONS_FIELD, "Abstenciones", "el número de abstenciones", 0),
    )


def _waiver_field() -> FieldSpec:
    return _text("waiver_justification", "Justificación de la dispensa de trámite",
                 "la justificación de la dispensa de trámite",
                 missing="La dispensa de trámite requiere una justificación.")


def _drafting_transitions() -> tuple[Transition, ...]:
    return (
        Transition("submit_to_trustee", (DRAFT, RETURNED), TRUSTEE_REVIEW,
                   "Enviar a revisión de la Sindicatura", (_R,)),
        Transition("start_public_consultation", (DRAFT, RETURNED), PUBLIC_CONSULTATION,
                   "Iniciar consulta pública / análisis de impacto regulatorio", (_R,),
                   (_date("consultation_start", "Inicio de la consulta",
                          "la fecha de inicio de la consulta pública"),
                    _int("consultation_business_days", "Plazo (días hábiles)",
                         "el plazo de la consulta en días hábiles", 1))),
        Transition("finish_public_consultation", (PUBLIC_CONSULTATION,), DRAFT,
                   "Concluir la consulta pública", (_R,),
                   (_date("consultation_end", "Conclusión de la consulta",
                          "la fecha de conclusión de la consulta pública"),
                    _text("consultation_summary", "Resultado de la consulta",
                          "el resultado de la consulta pública"))),
        Transition("return_with_observations", (TRUSTEE_REVIEW,), RETURNED,
                   "Devolver con observaciones", (_T,), guards=("has_open_observations",)),
        Transition("file", (TRUSTEE_REVIEW, RETURNED), FILED,
                   "Presentar ante la Secretaría del Ayuntamiento", (_R, _S),
                   (_text("folio", "Folio", "el folio de presentación"),
                    _date("filing_date", "Fecha de presentación", "la fecha de presentación"),
                    _text(OVERRIDE_REASON_FIELD, "Motivo para presentar sin atender observaciones",
                          "el motivo para presentar sin atender las observaciones",
                          required=False)),
                   ("observations_resolved",)),
    )


def _committee_transitions() -> tuple[Transition, ...]:
    return (
        Transition("turn_to_committee", (FILED,), IN_COMMITTEE, "Turnar a comisión", (_S,),
                   (_text("committee", "Comisión o comisiones", "la comisión a la que se turna"),
                    _choice("committee_kind", "Tipo de turno",
                            "el tipo de turno (a una comisión o a comisión conjunta)",
                            ("single", "una comisión"),
                            ("joint", "comisión conjunta")),
                    _date("turn_date", "Fecha del turno", "la fecha del turno a comisión"))),
        Transition("register_committee_report", (IN_COMMITTEE,), COMMITTEE_REPORT,
                   "Registrar el dictamen de la comisión", (_S,),
                   (_text("report_number", "Número de dictamen", "el número de dictamen"),
                    _choice("report_sense", "Sentido del dictamen", "el sentido del dictamen",
                            ("favorable", "favorable"), (UNFAVORABLE_SENSE, "desfavorable"),
                            ("with_amendments", "con modificaciones")),
                    FieldSpec("member_votes", "Votación de los integrantes", FieldType.VOTES,
                              "la votación de cada integrante de la comisión"),
                    _date("report_date", "Fecha del dictamen", "la fecha del dictamen"))),
        Transition("return_to_committee", (COMMITTEE_REPORT,), IN_COMMITTEE,
                   "Regresar a comisión", (_S,),
                   (_text("return_reason", "Motivo", "el motivo del regreso a comisión"),)),
        Transition("waive_committee", (FILED,), COMMITTEE_REPORT,
                   "Dispensa de trámite: pasar a votación de Cabildo sin dictamen", (_S,),
                   (_waiver_field(),)),
    )


def _council_transitions() -> tuple[Transition, ...]:
    return (
        Transition("council_approve", (COMMITTEE_REPORT,), COUNCIL_APPROVED,
                   "Registrar la aprobación en Cabildo", (_S,), _session_fields(),
                   ("favorable_committee_report", "council_quorum")),
        Transition("approve_with_waiver", (FILED,), COUNCIL_APPROVED,
                   "Aprobar en Cabildo con dispensa de trámite", (_S,),
                   (_waiver_field(),) + _session_fields(), ("council_quorum",)),
        Transition("council_reject", (COMMITTEE_REPORT,), REJECTED,
                   "Registrar el rechazo en Cabildo", (_S,), _session_fields(),
                   ("tally_consistent",)),
    )


def _publication_transitions() -> tuple[Transition, ...]:
    return (
        Transition("certify", (COUNCIL_APPROVED,), CERTIFIED, "Certificar el acuerdo", (_S,),
                   (_date("certification_date", "Fecha de certificación",
                          "la fecha de certificación del acuerdo"),)),
        Transition("send_to_gazette", (CERTIFIED,), SENT_TO_GAZETTE,
                   "Enviar al Periódico Oficial", (_S,),
                   (_date("sent_date", "Fecha de envío", "la fecha de envío al Periódico Oficial"),
                    _text("dispatch_number", "Número de oficio", "el número de oficio",
                          required=False)),
                   ("text_matches_approval",)),
        Transition("publish", (SENT_TO_GAZETTE,), PUBLISHED,
                   "Registrar la publicación en el Periódico Oficial", (_S,),
                   (_text("gazette_number", "Número", "el número del Periódico Oficial"),
                    _text("gazette_section", "Sección", "la sección del Periódico Oficial"),
                    _text(GAZETTE_TOME_FIELD, "Tomo", "el tomo del Periódico Oficial"),
                    _date("publication_date", "Fecha de publicación",
                          "la fecha de publicación en el Periódico Oficial")),
                   ("gazette_data_valid", "text_matches_approval")),
        Transition("enter_into_force", (PUBLISHED,), IN_FORCE, "Registrar la entrada en vigor",
                   (_S,), (_date(IN_FORCE_DATE_FIELD, "Fecha de entrada en vigor",
                                 "la fecha de entrada en vigor"),),
                   ("in_force_after_publication",)),
        Transition("withdraw", WITHDRAWABLE, WITHDRAWN, "Retirar el proyecto", (_R, _S),
                   (_text("withdrawal_reason", "Motivo del retiro", "el motivo del retiro"),)),
    )


def _permissions() -> tuple[Permission, ...]:
    return (
        Permission(Action.EDIT_DRAFT.value, _R, (DRAFT, RETURNED)),
        Permission(Action.ADD_OBSERVATION.value, _T, (TRUSTEE_REVIEW,)),
        Permission(Action.VALIDATE_PROJECT.value, _T, (TRUSTEE_REVIEW,)),
        Permission(Action.REOPEN_OBSERVATION.value, _T, (TRUSTEE_REVIEW,)),
        Permission(Action.ANSWER_OBSERVATION.value, _R, (DRAFT, RETURNED)),
        Permission(Action.MANAGE_WORKFLOW.value, _A, (ANY_STAGE,)),
        Permission(Action.MANAGE_USERS.value, _A, (ANY_STAGE,)),
    )


@lru_cache(maxsize=1)
def default_workflow() -> WorkflowDefinition:
    """Mexicali's procedure (immutable, so one shared instance is safe)."""
    return WorkflowDefinition(
        name="Procedimiento de reforma reglamentaria del Municipio de Mexicali",
        initial_stage=DRAFT, roles=_roles(), stages=_stages(),
        transitions=(_drafting_transitions() + _committee_transitions()
                     + _council_transitions() + _publication_transitions()),
        permissions=_permissions())
