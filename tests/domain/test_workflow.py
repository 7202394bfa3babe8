"""Reform workflow: the default procedure, every allowed and forbidden move, guards, round trip."""

import copy
import json
from datetime import date

import pytest

from reglamentos_app.domain.regulation import ReformQuorum
from reglamentos_app.domain.workflow import (
    Action, FieldType, InvalidWorkflow, Role, TransitionRefused, UserProfile, WorkflowContext,
    WorkflowDefinition, WorkflowEngine, available_transitions, can, can_add_observation,
    can_edit_draft, guard_names, register_guard, strictest_quorum, unregister_guard,
)
from reglamentos_app.domain.workflow_default import (
    VoteTally, default_workflow, quorum_problems, two_thirds_of,
)

SIMPLE, QUALIFIED = ReformQuorum.SIMPLE, ReformQuorum.QUALIFIED
WF = default_workflow()
STAGES = [s.id for s in WF.stages]
ROLES = [r.id for r in WF.roles]
TRANSITIONS = [t.id for t in WF.transitions]
SAME_HASH = "a" * 64

# What the default procedure must be, written independently of workflow_default.
EXPECTED_TABLE = {
    "submit_to_trustee": ({"draft", "returned"}, "trustee_review", {"redactor"}),
    "start_public_consultation": ({"draft", "returned"}, "public_consultation", {"redactor"}),
    "finish_public_consultation": ({"public_consultation"}, "draft", {"redactor"}),
    "return_with_observations": ({"trustee_review"}, "returned", {"sindicatura"}),
    "trustee_approve": ({"trustee_review"}, "trustee_approved", {"sindicatura"}),
    "file": ({"trustee_approved"}, "filed", {"redactor", "secretaria"}),
    "file_without_trustee_approval": ({"trustee_review", "returned"}, "filed", {"secretaria"}),
    "turn_to_committee": ({"filed"}, "in_committee", {"secretaria"}),
    "register_committee_report": ({"in_committee"}, "committee_report", {"secretaria"}),
    "return_to_committee": ({"committee_report"}, "in_committee", {"secretaria"}),
    "waive_committee": ({"filed"}, "committee_report", {"secretaria"}),
    "council_approve": ({"committee_report"}, "council_approved", {"secretaria"}),
    "approve_with_waiver": ({"filed"}, "council_approved", {"secretaria"}),
    "council_reject": ({"committee_report"}, "rejected", {"secretaria"}),
    "certify": ({"council_approved"}, "certified", {"secretaria"}),
    "send_to_gazette": ({"certified"}, "sent_to_gazette", {"secretaria"}),
    "publish": ({"sent_to_gazette"}, "published", {"secretaria"}),
    "enter_into_force": ({"published"}, "in_force", {"secretaria"}),
    "withdraw": ({"draft", "returned", "public_consultation", "trustee_review",
                  "trustee_approved", "filed", "in_committee", "committee_report"}, "withdrawn",
                 {"redactor", "secretaria"}),
    # An administrator only records a publication made outside the program, with its reason.
    "direct_publication": ({"draft", "returned", "public_consultation", "trustee_review",
                            "trustee_approved", "filed", "in_committee", "committee_report",
                            "council_approved", "certified", "sent_to_gazette"}, "published",
                           {"administrador"}),
}

SAMPLE_OVERRIDES = {"gazette_tome": "CXXXII", "votes_for": 15, "votes_against": 2,
                    "abstentions": 1}


def valid_data(transition):
    """Valid data for every declared field, generated from the definition itself."""
    samples = {FieldType.TEXT: "Texto de prueba", FieldType.DATE: "2025-06-13",
               FieldType.VOTES: {"Regidora A": "for", "Regidor B": "for", "Regidor C": "against"}}
    data = {}
    for spec in transition.fields:
        if spec.name in SAMPLE_OVERRIDES:
            data[spec.name] = SAMPLE_OVERRIDES[spec.name]
        elif spec.type is FieldType.INT:
            data[spec.name] = max(spec.minimum or 0, 1)
        elif spec.type is FieldType.CHOICE:
            data[spec.name] = spec.choices[0].value
        else:
            data[spec.name] = samples[spec.type]
    return data


def context(**changes):
    """A context in which every guard of the default procedure passes."""
    base = dict(target_quorums=(SIMPLE,), council_members=18, open_observations=0,
                committee_sense="favorable", approved_text_hash=SAME_HASH,
                current_text_hash=SAME_HASH, published_on=date(2025, 6, 13))
    base.update(changes)
    return WorkflowContext(**base)


def ctx_for(transition_id):
    """Returning with observations needs one open; everything else passes with none."""
    return context(open_observations=int(transition_id == "return_with_observations"))


def check(stage, transition_id, role, data=None, ctx=None):
    transition = WF.transition(transition_id)
    data = valid_data(transition) if data is None else data
    return WorkflowEngine.check(WF, stage, transition_id, role, data, ctx or ctx_for(transition_id))


def with_data(transition_id, **changes):
    data = valid_data(WF.transition(transition_id))
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


# --- the default procedure ---------------------------------------------------------------------

def test_default_stages_are_the_documented_ones():
    assert set(STAGES) == {"draft", "trustee_review", "trustee_approved", "filed", "in_committee", "committee_report",
                           "council_approved", "certified", "sent_to_gazette", "published",
                           "in_force", "returned", "rejected", "withdrawn",
                           "public_consultation"}
    assert WF.initial_stage == "draft"
    assert set(WF.final_stages) == {"in_force", "rejected", "withdrawn"}
    assert WF.stage("trustee_review").label == "Revisión de la Sindicatura"
    assert WF.stage("filed").label == "Presentada ante la Secretaría del Ayuntamiento"
    assert WF.stage("public_consultation").optional


def test_default_transitions_match_the_expected_table():
    actual = {t.id: (set(t.from_stages), t.to, set(t.roles)) for t in WF.transitions}
    assert actual == EXPECTED_TABLE
    assert WF.transition("submit_to_trustee").label == "Enviar a revisión de la Sindicatura"


def test_administrator_takes_no_ordinary_step_of_the_procedure():
    for stage in STAGES:
        ids = [t.id for t in available_transitions(WF, stage, Role.ADMIN)]
        assert ids in ([], ["direct_publication"])
    assert "direct_publication_reason" in [f.name for f in
                                           WF.transition("direct_publication").fields]


def test_drafter_cannot_skip_the_sindicatura_nor_publish():
    reachable = {t.to for s in STAGES for t in available_transitions(WF, s, Role.DRAFTER)}
    assert reachable == {"trustee_review", "public_consultation", "draft", "filed", "withdrawn"}
    # Filing is open to the drafter only after the visto bueno.
    assert [t.from_stages for t in available_transitions(WF, "trustee_approved", "redactor")
            if t.to == "filed"] == [("trustee_approved",)]
    assert not any(t.to == "filed" for s in ("trustee_review", "returned")
                   for t in available_transitions(WF, s, "redactor"))


def test_final_stages_have_no_way_out_and_others_do():
    for stage in WF.stages:
        assert bool(WF.transitions_from(stage.id)) is not stage.final


def test_every_field_has_spanish_labels_and_known_types():
    for t in WF.transitions:
        assert t.label and t.label[0].isupper()
        for spec in t.fields:
            assert spec.label and spec.noun
            assert spec.missing().startswith(("Falta ", "La dispensa", "Presentar sin",
                                              "La publicación directa"))


# --- the cross product: every stage × transition × role ------------------------------------------

ALLOWED = [(s, t.id, r) for t in WF.transitions for s in t.from_stages for r in t.roles]


@pytest.mark.parametrize("stage, transition_id, role", ALLOWED)
def test_walk_every_allowed_transition(stage, transition_id, role):
    assert check(stage, transition_id, role) == []
    outcome = WorkflowEngine.apply(WF, stage, transition_id, role,
                                   valid_data(WF.transition(transition_id)), ctx_for(transition_id))
    assert (outcome.stage_from, outcome.stage_to) == (stage, EXPECTED_TABLE[transition_id][1])
    json.dumps(outcome.data)   # ready for the audit record


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("transition_id", TRANSITIONS)
@pytest.mark.parametrize("stage", STAGES)
def test_cross_product_of_stage_transition_and_role(stage, transition_id, role):
    transition = WF.transition(transition_id)
    stage_ok, role_ok = stage in transition.from_stages, role in transition.roles
    errors = check(stage, transition_id, role)
    if stage_ok and role_ok:
        assert errors == []
        return
    stage_message = f"«{transition.label}» no procede en la etapa «{WF.stage(stage).label}»."
    assert (stage_message in errors) is not stage_ok
    assert any("su rol es" in e for e in errors) is not role_ok
    assert len(errors) == (not stage_ok) + (not role_ok)   # no advice about data when forbidden
    with pytest.raises(TransitionRefused) as refused:
        WorkflowEngine.apply(WF, stage, transition_id, role, valid_data(transition),
                             ctx_for(transition_id))
    assert refused.value.messages == errors


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("role", ROLES)
def test_available_transitions_are_exactly_the_allowed_ones(stage, role):
    expected = {t for t, (sources, _, roles) in EXPECTED_TABLE.items()
                if stage in sources and role in roles}
    assert {t.id for t in available_transitions(WF, stage, role)} == expected


def test_available_transitions_examples():
    def ids(stage, role):
        return [t.id for t in WorkflowEngine.available_transitions(WF, stage, role)]

    assert ids("draft", "redactor") == ["submit_to_trustee", "start_public_consultation",
                                        "withdraw"]
    assert ids("trustee_review", "sindicatura") == ["return_with_observations", "trustee_approve"]
    assert ids("filed", "secretaria") == ["turn_to_committee", "waive_committee",
                                          "approve_with_waiver", "withdraw"]
    assert ids("council_approved", "redactor") == []


def test_role_error_names_the_allowed_roles_in_spanish():
    errors = check("council_approved", "certify", "sindicatura")
    assert errors == ["«Certificar el acuerdo» corresponde al rol «Secretaría del Ayuntamiento»; "
                      "su rol es «Sindicatura Municipal»."]


def test_unknown_transition_stage_and_role_are_reported():
    assert WorkflowEngine.check(WF, "draft", "fly", "redactor") == [
        "La acción «fly» no existe en el procedimiento."]
    assert WorkflowEngine.check(WF, "limbo", "certify", "nobody") == [
        "La etapa «limbo» no existe en el procedimiento.",
        "El rol «nobody» no existe en el procedimiento."]


def test_engine_accepts_enum_roles_and_instances():
    assert WorkflowEngine().check(WF, "draft", "submit_to_trustee", Role.DRAFTER) == []


# --- required and typed data ---------------------------------------------------------------------

def test_every_missing_required_field_has_its_own_message():
    errors = check("committee_report", "council_approve", "secretaria", data={})
    assert errors == ["Falta el tipo de sesión de Cabildo.",
                      "Falta la fecha de la sesión de Cabildo.",
                      "Falta el número de acta de la sesión de Cabildo.",
                      "Falta el punto del orden del día.",
                      "Falta el número de votos a favor.",
                      "Falta el número de votos en contra.",
                      "Falta el número de abstenciones."]


def test_refusal_carries_every_message():
    data = with_data("council_approve", act_number="  ", votes_for=5, votes_against=8)
    with pytest.raises(TransitionRefused) as refused:
        WorkflowEngine.apply(WF, "committee_report", "council_approve", "secretaria", data,
                             context())
    assert len(refused.value.messages) == 2
    assert refused.value.messages[0] == "Falta el número de acta de la sesión de Cabildo."
    assert "mayoría simple" in refused.value.messages[1]
    assert refused.value.user_message.startswith(
        "No se puede «Registrar la aprobación en Cabildo»:")


@pytest.mark.parametrize("value, ok", [
    ("2025-06-13", True), (date(2025, 6, 13), True), ("13/06/2025", False), ("ayer", False),
])
def test_date_fields(value, ok):
    errors = check("council_approved", "certify", "secretaria", data={"certification_date": value})
    assert (errors == []) is ok
    if not ok:
        assert errors == ["Revise la fecha de certificación del acuerdo: debe ser una fecha "
                          "válida (AAAA-MM-DD)."]


@pytest.mark.parametrize("value, message", [
    ("15", None), (15, None),
    ("quince", "Revise el número de votos a favor: debe ser un número entero."),
    (True, "Revise el número de votos a favor: debe ser un número entero."),
    (-1, "Revise el número de votos a favor: no puede ser menor que 0."),
])
def test_int_fields(value, message):
    errors = check("committee_report", "council_approve", "secretaria",
                   data=with_data("council_approve", votes_for=value))
    assert errors == ([] if message is None else [message])


def test_choice_field_lists_the_spanish_options():
    errors = check("committee_report", "council_approve", "secretaria",
                   data=with_data("council_approve", session_type="solemn"))
    assert errors == ["Revise el tipo de sesión de Cabildo: debe ser ordinaria o extraordinaria."]


def test_outcome_data_is_json_ready_and_only_declared():
    data = with_data("certify", certification_date=date(2025, 7, 1))
    data["unexpected"] = object()
    outcome = WorkflowEngine.apply(WF, "council_approved", "certify", "secretaria", data)
    assert outcome.data == {"certification_date": "2025-07-01"}


# --- committee report ----------------------------------------------------------------------------

def test_committee_report_needs_number_sense_and_votes():
    errors = check("in_committee", "register_committee_report", "secretaria",
                   data={"report_date": "2025-05-02", "member_votes": {}})
    assert errors == ["Falta el número de dictamen.", "Falta el sentido del dictamen.",
                      "Falta la votación de cada integrante de la comisión."]


FOR_2_1 = {"Regidora A": "for", "Regidor B": "for", "Regidor C": "against"}
AGAINST_1_2 = {"Regidora A": "for", "Regidor B": "against", "Regidor C": "against"}


@pytest.mark.parametrize("sense, votes", [("favorable", FOR_2_1), ("unfavorable", AGAINST_1_2),
                                          ("with_amendments", FOR_2_1)])
def test_committee_report_senses(sense, votes):
    data = with_data("register_committee_report", report_sense=sense, report_number="15/25",
                     member_votes=votes)
    assert check("in_committee", "register_committee_report", "secretaria", data=data) == []


def test_report_sense_must_agree_with_the_members_votes():
    data = with_data("register_committee_report", report_sense="favorable",
                     member_votes=AGAINST_1_2)
    assert check("in_committee", "register_committee_report", "secretaria", data=data) == [
        "El dictamen se registra como favorable, pero la comisión votó 1 voto a favor y 2 en "
        "contra: un dictamen favorable necesita más votos a favor que en contra."]
    data = with_data("register_committee_report", report_sense="unfavorable",
                     member_votes=FOR_2_1)
    assert "desfavorable" in check("in_committee", "register_committee_report", "secretaria",
                                   data=data)[0]
    tie = {"Regidora A": "for", "Regidor B": "against", "Regidor C": "absent"}
    assert check("in_committee", "register_committee_report", "secretaria",
                 data=with_data("register_committee_report", member_votes=tie))


def test_committee_report_rejects_unknown_sense_and_vote():
    data = with_data("register_committee_report", report_sense="maybe",
                     member_votes={"Regidora A": "for", "Regidor B": "sí"})
    errors = check("in_committee", "register_committee_report", "secretaria", data=data)
    assert errors == [
        "Revise el sentido del dictamen: debe ser favorable, desfavorable o con modificaciones.",
        "Revise la votación de cada integrante de la comisión: el voto de «Regidor B» debe ser "
        "a favor, en contra, abstención o ausente."]


def test_unfavorable_report_blocks_approval_but_not_rejection():
    ctx = context(committee_sense="unfavorable")
    errors = check("committee_report", "council_approve", "secretaria", ctx=ctx)
    assert errors and errors[0].startswith("El dictamen de la comisión es desfavorable")
    assert check("committee_report", "council_reject", "secretaria", ctx=ctx) == []


# --- quorum --------------------------------------------------------------------------------------

@pytest.mark.parametrize("members, needed", [(3, 2), (15, 10), (16, 11), (17, 12), (18, 12),
                                             (19, 13)])
def test_two_thirds_of_members(members, needed):
    assert two_thirds_of(members) == needed


def test_strictest_quorum():
    assert strictest_quorum([]) is None
    assert strictest_quorum([SIMPLE, SIMPLE]) is SIMPLE
    assert strictest_quorum([SIMPLE, QUALIFIED, SIMPLE]) is QUALIFIED
    assert strictest_quorum(["simple", "qualified"]) is QUALIFIED


# Mexicali (18 members): quorum = more than half attend (10); simple majority = more than half
# of those present; the examples of issue 16 (1-0-0 and 2-1-15) must not approve.
@pytest.mark.parametrize("tally, passes", [
    ((10, 8, 0), True), ((10, 0, 0), True), ((6, 3, 1), True), ((9, 8, 1), False),
    ((1, 0, 0), False), ((2, 1, 15), False), ((1, 0, 17), False),
    ((8, 8, 2), False), ((7, 8, 3), False), ((0, 0, 18), False), ((5, 4, 0), False),
])
def test_simple_majority_is_more_than_half_of_those_present(tally, passes):
    assert (quorum_problems(VoteTally(*tally), [SIMPLE], 18) == []) is passes


def test_attendance_quorum_is_more_than_half_of_the_members():
    assert quorum_problems(VoteTally(1, 0, 0), [SIMPLE], 18) == [
        "No hay quórum: la votación registra 1 integrantes presentes de 18; la sesión requiere "
        "la asistencia de más de la mitad de los integrantes (al menos 10)."]
    assert quorum_problems(VoteTally(9, 0, 0), [SIMPLE], 18)[0].startswith("No hay quórum")
    assert quorum_problems(VoteTally(9, 0, 0), [SIMPLE], 17) == []   # 9 of 17 is more than half


def test_simple_majority_failure_shows_the_numbers():
    assert quorum_problems(VoteTally(8, 8, 2), [SIMPLE], 18) == [
        "La votación no alcanza la mayoría simple: 8 votos a favor, 8 en contra y 2 "
        "abstenciones de 18 presentes; se requieren al menos 10 votos a favor (más de la mitad "
        "de los presentes)."]
    assert "1 voto a favor, 1 en contra y 8 abstenciones" in quorum_problems(
        VoteTally(1, 1, 8), [SIMPLE], 18)[0]


def test_quorum_rule_is_data():
    from reglamentos_app.domain.workflow_default import QuorumRule, Threshold
    rule = QuorumRule.from_dict(QuorumRule().to_dict())
    assert rule == QuorumRule()
    lenient = QuorumRule(simple=Threshold(1, 2, False))   # "at least half" of those present
    assert quorum_problems(VoteTally(5, 5, 0), [SIMPLE], 18) != []
    assert quorum_problems(VoteTally(5, 5, 0), [SIMPLE], 18, lenient) == []


@pytest.mark.parametrize("members, votes_for, passes", [
    (18, 12, True), (18, 11, False), (17, 12, True), (17, 11, False),
    (15, 10, True), (15, 9, False),
])
def test_qualified_majority_boundary(members, votes_for, passes):
    tally = VoteTally(votes_for, members - votes_for, 0)   # everyone present
    assert (quorum_problems(tally, [QUALIFIED], members) == []) is passes


def test_qualified_majority_counts_members_not_those_present():
    # 11 of 11 present is unanimous, but not two thirds of an 18-member Ayuntamiento.
    assert quorum_problems(VoteTally(11, 0, 0), [QUALIFIED], 18) == [
        "La votación no alcanza la mayoría calificada: 11 votos a favor de 18 integrantes del "
        "Cabildo; se requieren al menos 12 (las dos terceras partes de los integrantes)."]


def test_omnibus_reform_uses_the_strictest_quorum():
    tally = VoteTally(11, 5, 2)
    assert quorum_problems(tally, [SIMPLE, SIMPLE], 18) == []
    problems = quorum_problems(tally, [SIMPLE, QUALIFIED], 18)
    assert len(problems) == 1 and "se aplica la mayoría más estricta" in problems[0]
    assert quorum_problems(VoteTally(12, 4, 2), [SIMPLE, QUALIFIED], 18) == []


def test_impossible_or_incomplete_tallies():
    assert quorum_problems(VoteTally(15, 4, 1), [SIMPLE], 18) == [
        "La votación suma 20 votos (a favor, en contra y abstenciones), pero el Cabildo tiene "
        "18 integrantes."]
    assert "integrantes del Cabildo" in quorum_problems(VoteTally(10, 0, 0), [SIMPLE], None)[0]
    assert "qué mayoría" in quorum_problems(VoteTally(10, 0, 0), [], 18)[0]


@pytest.mark.parametrize("transition_id, stage", [("council_approve", "committee_report"),
                                                  ("approve_with_waiver", "filed")])
def test_council_approval_enforces_quorum_through_the_engine(transition_id, stage):
    ctx = context(target_quorums=(SIMPLE, QUALIFIED))
    assert check(stage, transition_id, "secretaria", ctx=ctx) == []   # 15 of 18
    data = with_data(transition_id, votes_for=11, votes_against=0, abstentions=0)
    errors = check(stage, transition_id, "secretaria", data=data, ctx=ctx)
    assert len(errors) == 1 and "mayoría calificada" in errors[0]


def test_rejection_records_any_consistent_tally():
    data = with_data("council_reject", votes_for=3, votes_against=14, abstentions=1)
    assert check("committee_report", "council_reject", "secretaria", data=data) == []
    data = with_data("council_reject", votes_for=3, votes_against=16, abstentions=1)
    assert "suma 20 votos" in check("committee_report", "council_reject", "secretaria",
                                    data=data)[0]


# --- observations of the Sindicatura -------------------------------------------------------------

@pytest.mark.parametrize("stage", ["trustee_review", "returned"])
def test_filing_without_the_visto_bueno_needs_the_secretaria_and_a_reason(stage):
    data = with_data("file_without_trustee_approval", observations_override_reason=None)
    assert check(stage, "file_without_trustee_approval", "secretaria", data=data) == [
        "Presentar sin el visto bueno de la Sindicatura requiere un motivo, que queda en el "
        "registro."]
    data = with_data("file_without_trustee_approval",
                     observations_override_reason="La Sindicatura opina; no es veto.")
    assert check(stage, "file_without_trustee_approval", "secretaria", data=data,
                 ctx=context(open_observations=3)) == []
    assert any("su rol es" in e for e in check(stage, "file_without_trustee_approval",
                                               "redactor", data=data))


def test_blank_override_reason_does_not_count():
    data = with_data("file_without_trustee_approval", observations_override_reason="   ")
    assert len(check("trustee_review", "file_without_trustee_approval", "secretaria",
                     data=data)) == 1


def test_visto_bueno_needs_every_observation_closed():
    errors = check("trustee_review", "trustee_approve", "sindicatura",
                   ctx=context(open_observations=2))
    assert errors == ["Hay 2 observaciones de la Sindicatura sin atender. Ciérrelas (atendidas "
                      "o rechazadas) antes de dar el visto bueno, o devuelva el proyecto con "
                      "observaciones."]
    assert check("trustee_review", "trustee_approve", "sindicatura",
                 ctx=context(open_observations=0)) == []


def test_returning_needs_at_least_one_observation():
    assert check("trustee_review", "return_with_observations", "sindicatura",
                 ctx=context(open_observations=0)) == [
        "Para devolver el proyecto con observaciones, registre al menos una observación."]


# --- dispensa de trámite -------------------------------------------------------------------------

@pytest.mark.parametrize("transition_id", ["waive_committee", "approve_with_waiver"])
@pytest.mark.parametrize("justification", [None, "", "   "])
def test_waiver_requires_a_justification(transition_id, justification):
    data = with_data(transition_id, waiver_justification=justification)
    assert check("filed", transition_id, "secretaria", data=data) == [
        "La dispensa de trámite requiere una justificación."]


@pytest.mark.parametrize("transition_id", ["waive_committee", "approve_with_waiver"])
def test_waiver_with_justification_skips_the_committee(transition_id):
    data = with_data(transition_id, waiver_justification="Urgencia por la temporada de calor.")
    outcome = WorkflowEngine.apply(WF, "filed", transition_id, "secretaria", data, context())
    assert outcome.stage_to in {"committee_report", "council_approved"}
    assert outcome.data["waiver_justification"] == "Urgencia por la temporada de calor."


# --- publication ---------------------------------------------------------------------------------

@pytest.mark.parametrize("field_name, message", [
    ("gazette_number", "Falta el número del Periódico Oficial."),
    ("gazette_tome", "Falta el tomo del Periódico Oficial."),
    ("publication_date", "Falta la fecha de publicación en el Periódico Oficial."),
])
def test_publication_data_is_required(field_name, message):
    data = with_data("publish", **{field_name: None})
    assert check("sent_to_gazette", "publish", "secretaria", data=data) == [message]


def test_the_gazette_section_is_optional():
    """An issue of the Periódico Oficial may have no section (DOMAIN.md §4)."""
    data = with_data("publish", gazette_section=None)
    assert check("sent_to_gazette", "publish", "secretaria", data=data) == []


def test_tome_must_be_roman():
    data = with_data("publish", gazette_tome="132")
    assert check("sent_to_gazette", "publish", "secretaria", data=data) == [
        "Revise el tomo del Periódico Oficial: debe escribirse en números romanos (por ejemplo, "
        "CXXXII)."]


@pytest.mark.parametrize("transition_id, stage", [("publish", "sent_to_gazette"),
                                                  ("send_to_gazette", "certified")])
def test_text_other_than_the_approved_one_is_refused(transition_id, stage):
    errors = check(stage, transition_id, "secretaria", ctx=context(current_text_hash="b" * 64))
    assert len(errors) == 1 and errors[0].startswith("El texto actual no es el que aprobó")
    errors = check(stage, transition_id, "secretaria", ctx=context(approved_text_hash=None))
    assert errors == ["No hay registro de qué texto aprobó el Cabildo; sin él no puede continuar."]
    errors = check(stage, transition_id, "secretaria", ctx=context(current_text_hash=None))
    assert len(errors) == 1 and "huella digital del texto actual" in errors[0]


def test_entry_into_force_not_before_publication():
    data = {"in_force_date": "2025-06-01"}
    assert check("published", "enter_into_force", "secretaria", data=data) == [
        "La fecha de entrada en vigor (1 de junio de 2025) es anterior a la publicación en el "
        "Periódico Oficial (13 de junio de 2025)."]
    assert check("published", "enter_into_force", "secretaria",
                 data={"in_force_date": "2025-08-12"}) == []


# --- roles and permissions -----------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("stage", STAGES)
def test_edit_permissions_cross_product(role, stage):
    assert can_edit_draft(role, stage) is (role == "redactor" and stage in {"draft", "returned"})
    assert can_add_observation(role, stage) is (role == "sindicatura"
                                                and stage == "trustee_review")
    assert can(role, Action.VALIDATE_PROJECT, stage) is (role == "sindicatura"
                                                         and stage == "trustee_review")
    assert can(role, Action.MANAGE_WORKFLOW, stage) is (role == "administrador")


def test_permissions_accept_enums_and_an_explicit_definition():
    assert can_edit_draft(Role.DRAFTER, "draft", WF)
    assert not can_edit_draft(Role.TRUSTEE, "draft", WF)


def test_user_profile():
    user = UserProfile("Lic. Ana Pérez", "Sindicatura Municipal", Role.TRUSTEE)
    assert user.role == "sindicatura"
    with pytest.raises(Exception, match="nombre"):
        UserProfile("  ", "Secretaría", Role.SECRETARY)


# --- the definition as data ----------------------------------------------------------------------

def _walk(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)
    else:
        yield value


def test_round_trip_through_json():
    data = WF.to_dict()
    again = WorkflowDefinition.from_dict(json.loads(json.dumps(data, ensure_ascii=False)))
    assert again == WF
    assert again.to_dict() == data


def test_dict_is_toml_ready():
    assert all(v is not None for v in _walk(WF.to_dict()))   # TOML has no null
    assert all(isinstance(v, (str, int, bool)) for v in _walk(WF.to_dict()))


def test_administrator_can_extend_the_procedure_without_code():
    data = copy.deepcopy(WF.to_dict())
    data["stages"].append({"id": "legal_opinion", "label": "Opinión de la Consejería Jurídica"})
    data["transitions"].append({
        "id": "request_opinion", "from": "filed", "to": "legal_opinion",
        "label": "Solicitar opinión jurídica", "roles": ["secretaria"],
        "fields": [{"name": "request_date", "label": "Fecha de solicitud", "type": "date",
                    "noun": "la fecha de solicitud"}]})
    data["transitions"].append({"id": "receive_opinion", "from": ["legal_opinion"],
                                "to": "filed", "label": "Recibir la opinión",
                                "roles": ["secretaria"]})
    edited = WorkflowDefinition.from_dict(data)
    assert check_with(edited, "filed", "request_opinion", {}) == ["Falta la fecha de solicitud."]
    assert check_with(edited, "filed", "request_opinion", {"request_date": "2025-03-03"}) == []


def check_with(definition, stage, transition_id, data):
    return WorkflowEngine.check(definition, stage, transition_id, "secretaria", data, context())


def _edited(change):
    data = copy.deepcopy(WF.to_dict())
    change(data)
    return data


def _transition(data, transition_id):
    return next(t for t in data["transitions"] if t["id"] == transition_id)


@pytest.mark.parametrize("change, message", [
    (lambda d: _transition(d, "certify")["guards"].append("magic"),
     "La acción «certify» usa la validación «magic», que no existe."),
    (lambda d: _transition(d, "certify").update(to="limbo"),
     "La acción «certify» lleva a la etapa «limbo», que no existe."),
    (lambda d: _transition(d, "certify").update(roles=["notario"]),
     "La acción «certify» menciona el rol «notario», que no existe."),
    (lambda d: _transition(d, "certify").update({"from": ["in_force"]}),
     "La acción «certify» parte de la etapa final «Vigente»."),
    (lambda d: d["stages"].append({"id": "draft", "label": "Otra"}),
     "El identificador «draft» se repite (etapa)."),
    (lambda d: d["stages"].append({"id": "island", "label": "Isla", "final": True}),
     "No hay forma de llegar a la etapa «Isla»."),
    (lambda d: d["permissions"].append({"action": "fly", "role": "redactor", "stages": ["*"]}),
     "El permiso «fly» no existe."),
    (lambda d: d.update(initial_stage="nowhere"), "La etapa inicial «nowhere» no existe."),
    (lambda d: d.update(version=99), "La versión de formato 99 no es compatible (se esperaba 1)."),
])
def test_inconsistent_definitions_are_refused_in_spanish(change, message):
    with pytest.raises(InvalidWorkflow) as refused:
        WorkflowDefinition.from_dict(_edited(change))
    assert message in refused.value.problems


def test_stage_without_exit_is_refused():
    def change(d):
        d["stages"].append({"id": "limbo", "label": "Limbo"})
        _transition(d, "certify")["to"] = "limbo"
    with pytest.raises(InvalidWorkflow) as refused:
        WorkflowDefinition.from_dict(_edited(change))
    assert "La etapa «Limbo» no es final y no tiene ninguna acción de salida." in (
        refused.value.problems)


@pytest.mark.parametrize("change, fragment", [
    (lambda d: d.pop("stages"), "Falta la clave «stages»"),
    (lambda d: _transition(d, "certify")["fields"][0].update(type="money"),
     "Tipo de dato desconocido"),
])
def test_malformed_definitions_are_refused_in_spanish(change, fragment):
    with pytest.raises(InvalidWorkflow, match=fragment):
        WorkflowDefinition.from_dict(_edited(change))


def test_quorum_guard_refuses_a_definition_that_records_no_tally():
    def change(d):
        t = _transition(d, "council_approve")
        t["fields"] = [f for f in t["fields"] if not f["name"].startswith("votes_")]
    edited = WorkflowDefinition.from_dict(_edited(change))
    data = with_data("council_approve")
    assert WorkflowEngine.check(edited, "committee_report", "council_approve", "secretaria", data,
                                context()) == [
        "La acción no registra la votación; no se puede comprobar la mayoría."]


def test_builtin_guards_are_registered_by_name():
    assert {"observations_resolved", "has_open_observations", "council_quorum",
            "tally_consistent", "favorable_committee_report", "text_matches_approval",
            "gazette_data_valid", "in_force_after_publication"} <= set(guard_names())


def test_custom_guard_registered_by_name():
    @register_guard("test_never")
    def never(transition, values, ctx):
        return ["Nunca en pruebas."]
    try:
        data = _edited(lambda d: _transition(d, "certify")["guards"].append("test_never"))
        custom = WorkflowDefinition.from_dict(data)
        assert WorkflowEngine.check(custom, "council_approved", "certify", "secretaria",
                                    {"certification_date": "2025-01-02"}) == ["Nunca en pruebas."]
        with pytest.raises(ValueError):
            register_guard("test_never")(never)
    finally:
        unregister_guard("test_never")


# --- order of the dates (issue 16) -------------------------------------------------------------

def test_a_turn_before_the_filing_is_refused_with_both_dates():
    ctx = context(recorded_dates={"filing_date": date(2025, 3, 10)})
    data = with_data("turn_to_committee", turn_date="2025-03-01")
    assert check("filed", "turn_to_committee", "secretaria", data=data, ctx=ctx) == [
        "La fecha del turno a comisión (1 de marzo de 2025) es anterior a la fecha de la "
        "presentación (10 de marzo de 2025)."]
    assert check("filed", "turn_to_committee", "secretaria", ctx=ctx,
                 data=with_data("turn_to_committee", turn_date="2025-03-10")) == []


@pytest.mark.parametrize("transition_id, stage, field, recorded", [
    ("register_committee_report", "in_committee", "report_date", "turn_date"),
    ("council_approve", "committee_report", "session_date", "report_date"),
    ("council_approve", "committee_report", "session_date", "filing_date"),
    ("certify", "council_approved", "certification_date", "session_date"),
    ("send_to_gazette", "certified", "sent_date", "certification_date"),
    ("publish", "sent_to_gazette", "publication_date", "session_date"),
    ("enter_into_force", "published", "in_force_date", "publication_date"),
    ("direct_publication", "draft", "publication_date", "filing_date"),
])
def test_every_dated_act_follows_the_acts_before_it(transition_id, stage, field, recorded):
    ctx = context(recorded_dates={recorded: date(2025, 7, 1)})
    data = with_data(transition_id, **{field: "2025-06-30"})
    errors = check(stage, transition_id, "administrador" if transition_id == "direct_publication"
                   else "secretaria", data=data, ctx=ctx)
    assert len(errors) == 1 and "(30 de junio de 2025) es anterior" in errors[0]
    assert "(1 de julio de 2025)" in errors[0]
