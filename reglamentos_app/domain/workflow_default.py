"""Mexicali's reform procedure as data, with the guards and the quorum rule it relies on.

Borrador → Revisión de la Sindicatura → Con visto bueno de la Sindicatura → Presentada ante la Secretaría del Ayuntamiento →
Turnada a comisión → Dictaminada → Aprobada en Cabildo → Certificada → Enviada al Periódico
Oficial → Publicada → Vigente, with the side paths of DOMAIN.md §3 and §6: devolución con
observaciones, consulta pública / análisis de impacto regulatorio, dispensa de trámite, regreso
a comisión, rechazo en Cabildo and retiro. Withdrawal is offered only before the Cabildo vote:
from then on the acuerdo belongs to the Ayuntamiento and only a new acuerdo could undo it. The
administrator role takes no ordinary step of the procedure (separation of duties): it manages
the definition and the users, and may only record a «publicación directa» (a publication made
outside the program), with its reason and the gazette data, as an act of the record. The
Sindicatura's visto bueno is a transition; presenting without it is the Secretaría's call and
needs a recorded reason. The guards registered here (observations, quorum, dictamen,
publication) are usable by name from any definition, including one an administrator edited from
``default_workflow().to_dict()``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from datetime import date
from typing import Any

from .errors import ValidationError
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
TRUSTEE_APPROVED = "trustee_approved"
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
WITHDRAWABLE = (DRAFT, RETURNED, PUBLIC_CONSULTATION, TRUSTEE_REVIEW, TRUSTEE_APPROVED, FILED,
                IN_COMMITTEE, COMMITTEE_REPORT)
# Stages from which an administrator may record a publication made outside the program.
BEFORE_PUBLICATION = WITHDRAWABLE + (COUNCIL_APPROVED, CERTIFIED, SENT_TO_GAZETTE)

_R, _T, _S, _A = Role.DRAFTER.value, Role.TRUSTEE.value, Role.SECRETARY.value, Role.ADMIN.value

# Data fields the built-in guards read; the definition below declares them.
OVERRIDE_REASON_FIELD = "observations_override_reason"
VOTES_FOR_FIELD = "votes_for"
VOTES_AGAINST_FIELD = "votes_against"
ABSTENTIONS_FIELD = "abstentions"
GAZETTE_TOME_FIELD = "gazette_tome"
IN_FORCE_DATE_FIELD = "in_force_date"
UNFAVORABLE_SENSE = "unfavorable"
DIRECT_REASON_FIELD = "direct_publication_reason"

# The dated acts of the procedure, in the order the law puts them (DOMAIN.md §6): a later act
# cannot carry an earlier date than an act before it.
DATE_ORDER = (
    ("filing_date", "de la presentación"),
    ("turn_date", "del turno a comisión"),
    ("report_date", "del dictamen"),
    ("session_date", "de la sesión de Cabildo"),
    ("certification_date", "de la certificación"),
    ("sent_date", "del envío al Periódico Oficial"),
    ("publication_date", "de la publicación en el Periódico Oficial"),
    ("in_force_date", "de la entrada en vigor"),
)
DATE_FIELDS = tuple(name for name, _label in DATE_ORDER)


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


@dataclass(frozen=True, slots=True)
class Threshold:
    """A share of a base: "more than half" is (1, 2, strict), "two thirds" is (2, 3, not)."""

    numerator: int
    denominator: int
    strict: bool   # True: more than the share; False: at least the share

    def needed(self, base: int) -> int:
        """Smallest whole count that meets the share of ``base`` (integer arithmetic only, so
        two thirds of 18 is exactly 12, the San Felipe vote)."""
        if self.strict:
            return self.numerator * base // self.denominator + 1
        return -(-self.numerator * base // self.denominator)

    @property
    def share(self) -> str:
        return {(1, 2): "la mitad", (2, 3): "las dos terceras partes",
                (3, 4): "las tres cuartas partes"}.get(
            (self.numerator, self.denominator), f"{self.numerator}/{self.denominator}")

    def describe(self) -> str:
        """«más de la mitad», or just «las dos terceras partes» (reached by at least it)."""
        return f"más de {self.share}" if self.strict else self.share

    def to_dict(self) -> dict:
        return {"numerator": self.numerator, "denominator": self.denominator,
                "strict": self.strict}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Threshold:
        num, den = int(data["numerator"]), int(data["denominator"])
        if num <= 0 or den <= 0 or num > den:
            raise ValueError("fracción inválida")
        return cls(num, den, bool(data["strict"]))


@dataclass(frozen=True, slots=True)
class QuorumRule:
    """How a Cabildo vote is counted, as data (stored in ``shared_settings.quorum_rule``).

    Mexicali's default: the session needs the attendance of more than half of the members;
    a simple majority is more than half of those present; a qualified majority is two thirds
    of the members, present or not (state Constitution, art. 81). The server reads the same
    stored rule, so client and server count alike.
    """

    attendance: Threshold = Threshold(1, 2, True)
    simple: Threshold = Threshold(1, 2, True)
    qualified: Threshold = Threshold(2, 3, False)

    def to_dict(self) -> dict:
        return {"attendance": self.attendance.to_dict(), "simple": self.simple.to_dict(),
                "qualified": self.qualified.to_dict()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> QuorumRule:
        """Inverse of ``to_dict``; a malformed rule raises ``ValidationError`` in Spanish."""
        try:
            return cls(Threshold.from_dict(data["attendance"]), Threshold.from_dict(data["simple"]),
                       Threshold.from_dict(data["qualified"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError("La regla de quórum no es válida: cada parte (asistencia, "
                                  "mayoría simple, mayoría calificada) necesita numerador, "
                                  "denominador y si es «más de» o «al menos».") from exc


MEXICALI_QUORUM = QuorumRule()


def two_thirds_of(members: int) -> int:
    """Smallest whole number of votes that is at least two thirds of ``members``."""
    return Threshold(2, 3, False).needed(members)


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


def attendance_problems(tally: VoteTally, members: int,
                        rule: QuorumRule = MEXICALI_QUORUM) -> list[str]:
    """No session without quorum: those who voted or abstained are the members present."""
    needed = rule.attendance.needed(members)
    if tally.present >= needed:
        return []
    return [f"No hay quórum: la votación registra {tally.present} integrantes presentes de "
            f"{members}; la sesión requiere la asistencia de {rule.attendance.describe()} de "
            f"los integrantes (al menos {needed})."]


def quorum_problems(tally: VoteTally, quorums: Iterable[ReformQuorum | str],
                    members: int | None, rule: QuorumRule = MEXICALI_QUORUM) -> list[str]:
    """Why a tally does not approve a reform needing ``quorums`` (empty when it does).

    ``rule`` says how to count (Mexicali's by default): attendance quorum first, then the
    simple majority over those present or the qualified majority over all members. An omnibus
    reform uses the strictest quorum of its targets.
    """
    quorums = [ReformQuorum(q) for q in quorums]
    quorum = strictest_quorum(quorums)
    if quorum is None:
        return ["No se indicó qué mayoría exige el reglamento reformado (simple o calificada)."]
    if members is None or members <= 0:
        return ["Falta el número de integrantes del Cabildo; se necesita para comprobar la "
                "votación."]
    problems = tally_problems(tally, members) or attendance_problems(tally, members, rule)
    if problems:
        return problems
    if quorum is ReformQuorum.SIMPLE:
        needed = rule.simple.needed(tally.present)
        if tally.votes_for >= needed:
            return []
        return [f"La votación no alcanza la mayoría simple: {_tally_text(tally)} de "
                f"{tally.present} presentes; se requieren al menos {needed} votos a favor "
                f"({rule.simple.describe()} de los presentes)."]
    needed = rule.qualified.needed(members)
    if tally.votes_for >= needed:
        return []
    message = (f"La votación no alcanza la mayoría calificada: {_votes(tally.votes_for)} a favor "
               f"de {members} integrantes del Cabildo; se requieren al menos {needed} "
               f"({rule.qualified.describe()} de los integrantes).")
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
    return quorum_problems(tally, context.target_quorums, context.council_members,
                           context.quorum_rule or MEXICALI_QUORUM)


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


@register_guard("observations_closed")
def _observations_closed(transition: Transition, values: Mapping[str, Any],
                         context: WorkflowContext) -> list[str]:
    # The visto bueno means the Sindicatura found nothing left to object to.
    if context.open_observations <= 0:
        return []
    return [f"{_observations_phrase(context.open_observations)}. Ciérrelas (atendidas o "
            "rechazadas) antes de dar el visto bueno, o devuelva el proyecto con observaciones."]


def _member_votes_count(votes: Mapping[str, str]) -> tuple[int, int]:
    values = list(votes.values())
    return values.count("for"), values.count("against")


@register_guard("report_sense_matches_votes")
def _report_sense_matches_votes(transition: Transition, values: Mapping[str, Any],
                                context: WorkflowContext) -> list[str]:
    sense, votes = values.get("report_sense"), values.get("member_votes")
    if sense is None or not votes:
        return []
    in_favour, against = _member_votes_count(votes)
    counted = f"{_votes(in_favour)} a favor y {against} en contra"
    if sense == UNFAVORABLE_SENSE and in_favour > against:
        return [f"El dictamen se registra como desfavorable, pero la comisión votó {counted}: "
                "su sentido debe ser el de la mayoría de sus integrantes."]
    if sense != UNFAVORABLE_SENSE and in_favour <= against:
        return [f"El dictamen se registra como favorable, pero la comisión votó {counted}: "
                "un dictamen favorable necesita más votos a favor que en contra."]
    return []


@register_guard("dates_in_order")
def _dates_in_order(transition: Transition, values: Mapping[str, Any],
                    context: WorkflowContext) -> list[str]:
    """Each date of this act against the dates of the acts before it (recorded or in this
    same act), in the order of ``DATE_ORDER``."""
    known = dict(context.recorded_dates)
    problems = []
    for rank, (name, label) in enumerate(DATE_ORDER):
        when = values.get(name)
        if not isinstance(when, date):
            continue
        for earlier, earlier_label in DATE_ORDER[:rank]:
            before = values.get(earlier) if isinstance(values.get(earlier), date) \
                else known.get(earlier)
            if before is not None and when < before:
                problems.append(f"La fecha {label} ({format_long_date(when)}) es anterior a "
                                f"la fecha {earlier_label} ({format_long_date(before)}).")
    return problems


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
        Stage(TRUSTEE_APPROVED, "Con visto bueno de la Sindicatura",
              description="La Sindicatura revisó el proyecto y no tiene observaciones abiertas."),
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
        Transition("trustee_approve", (TRUSTEE_REVIEW,), TRUSTEE_APPROVED,
                   "Dar el visto bueno de la Sindicatura", (_T,),
                   (_text("trustee_opinion", "Opinión de la Sindicatura",
                          "la opinión de la Sindicatura", required=False),),
                   ("observations_closed",)),
        Transition("file", (TRUSTEE_APPROVED,), FILED,
                   "Presentar ante la Secretaría del Ayuntamiento", (_R, _S),
                   _filing_fields(), ("dates_in_order",)),
        # The Síndico's review is an opinion, not a veto (DOMAIN.md §2): the Secretaría may
        # receive the iniciativa without it, and the record keeps why. The drafter may not.
        Transition("file_without_trustee_approval", (TRUSTEE_REVIEW, RETURNED), FILED,
                   "Presentar sin el visto bueno de la Sindicatura", (_S,),
                   _filing_fields() + (
                       _text(OVERRIDE_REASON_FIELD,
                             "Motivo para presentar sin el visto bueno de la Sindicatura",
                             "el motivo para presentar sin el visto bueno de la Sindicatura",
                             missing="Presentar sin el visto bueno de la Sindicatura requiere "
                                     "un motivo, que queda en el registro."),),
                   ("dates_in_order",)),
    )


def _filing_fields() -> tuple[FieldSpec, ...]:
    return (_text("folio", "Folio", "el folio de presentación"),
            _date("filing_date", "Fecha de presentación", "la fecha de presentación"))


def _committee_transitions() -> tuple[Transition, ...]:
    return (
        Transition("turn_to_committee", (FILED,), IN_COMMITTEE, "Turnar a comisión", (_S,),
                   (_text("committee", "Comisión o comisiones", "la comisión a la que se turna"),
                    _choice("committee_kind", "Tipo de turno",
                            "el tipo de turno (a una comisión o a comisión conjunta)",
                            ("single", "una comisión"),
                            ("joint", "comisión conjunta")),
                    _date("turn_date", "Fecha del turno", "la fecha del turno a comisión")),
                   ("dates_in_order",)),
        Transition("register_committee_report", (IN_COMMITTEE,), COMMITTEE_REPORT,
                   "Registrar el dictamen de la comisión", (_S,),
                   (_text("report_number", "Número de dictamen", "el número de dictamen"),
                    _choice("report_sense", "Sentido del dictamen", "el sentido del dictamen",
                            ("favorable", "favorable"), (UNFAVORABLE_SENSE, "desfavorable"),
                            ("with_amendments", "con modificaciones")),
                    FieldSpec("member_votes", "Votación de los integrantes", FieldType.VOTES,
                              "la votación de cada integrante de la comisión"),
                    _date("report_date", "Fecha del dictamen", "la fecha del dictamen")),
                   ("report_sense_matches_votes", "dates_in_order")),
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
                   ("favorable_committee_report", "council_quorum", "dates_in_order")),
        Transition("approve_with_waiver", (FILED,), COUNCIL_APPROVED,
                   "Aprobar en Cabildo con dispensa de trámite", (_S,),
                   (_waiver_field(),) + _session_fields(), ("council_quorum", "dates_in_order")),
        Transition("council_reject", (COMMITTEE_REPORT,), REJECTED,
                   "Registrar el rechazo en Cabildo", (_S,), _session_fields(),
                   ("tally_consistent", "dates_in_order")),
    )


def _publication_transitions() -> tuple[Transition, ...]:
    return (
        Transition("certify", (COUNCIL_APPROVED,), CERTIFIED, "Certificar el acuerdo", (_S,),
                   (_date("certification_date", "Fecha de certificación",
                          "la fecha de certificación del acuerdo"),),
                   ("dates_in_order",)),
        Transition("send_to_gazette", (CERTIFIED,), SENT_TO_GAZETTE,
                   "Enviar al Periódico Oficial", (_S,),
                   (_date("sent_date", "Fecha de envío", "la fecha de envío al Periódico Oficial"),
                    _text("dispatch_number", "Número de oficio", "el número de oficio",
                          required=False)),
                   ("text_matches_approval", "dates_in_order")),
        Transition("publish", (SENT_TO_GAZETTE,), PUBLISHED,
                   "Registrar la publicación en el Periódico Oficial", (_S,),
                   _gazette_fields(),
                   ("gazette_data_valid", "text_matches_approval", "dates_in_order")),
        # A reform approved and published before the office used the program (or by another
        # means) is recorded, with the reason, by an administrator: the only publication that
        # skips stages, and it is an act of the record like any other.
        Transition("direct_publication", BEFORE_PUBLICATION, PUBLISHED,
                   "Publicación directa (registrar una publicación hecha fuera del trámite)",
                   (_A,),
                   (_text(DIRECT_REASON_FIELD, "Motivo de la publicación directa",
                          "el motivo de la publicación directa",
                          missing="La publicación directa requiere un motivo, que queda en el "
                                  "registro."),) + _gazette_fields(),
                   ("gazette_data_valid", "dates_in_order")),
        Transition("enter_into_force", (PUBLISHED,), IN_FORCE, "Registrar la entrada en vigor",
                   (_S,), (_date(IN_FORCE_DATE_FIELD, "Fecha de entrada en vigor",
                                 "la fecha de entrada en vigor"),),
                   ("in_force_after_publication", "dates_in_order")),
        Transition("withdraw", WITHDRAWABLE, WITHDRAWN, "Retirar el proyecto", (_R, _S),
                   (_text("withdrawal_reason", "Motivo del retiro", "el motivo del retiro"),)),
    )


def _gazette_fields() -> tuple[FieldSpec, ...]:
    return (_text("gazette_number", "Número", "el número del Periódico Oficial"),
            # Many issues have no section (DOMAIN.md §4: "optional Sección I/II/III").
            _text("gazette_section", "Sección", "la sección del Periódico Oficial",
                  required=False),
            _text(GAZETTE_TOME_FIELD, "Tomo", "el tomo del Periódico Oficial"),
            _date("publication_date", "Fecha de publicación",
                  "la fecha de publicación en el Periódico Oficial"))


def _permissions() -> tuple[Permission, ...]:
    return (
        Permission(Action.EDIT_DRAFT.value, _R, (DRAFT, RETURNED)),
        Permission(Action.ADD_OBSERVATION.value, _T, (TRUSTEE_REVIEW,)),
        Permission(Action.VALIDATE_PROJECT.value, _T, (TRUSTEE_REVIEW,)),
        Permission(Action.REOPEN_OBSERVATION.value, _T, (TRUSTEE_REVIEW,)),
        # Only the Sindicatura closes its observations (atendida / rechazada); the drafter
        # answers in the thread, and the answer is appended, never rewritten.
        Permission(Action.ANSWER_OBSERVATION.value, _T, (TRUSTEE_REVIEW,)),
        Permission(Action.REPLY_OBSERVATION.value, _R, (DRAFT, RETURNED)),
        Permission(Action.REPLY_OBSERVATION.value, _T, (TRUSTEE_REVIEW,)),
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
