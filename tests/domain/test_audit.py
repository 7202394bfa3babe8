"""Provable record: canonical text hashes, the hash chain and its tamper detection."""

import dataclasses
import hashlib
import json
from datetime import date, datetime, timedelta, timezone

import pytest

from reglamentos_app.domain.audit import (
    GENESIS_HASH, AuditError, AuditRecord, ProblemKind, append, approved_text_hash,
    canonical_text, canonical_text_hash, chain_head, record_hash, text_matches_approval,
    utc_timestamp, verify_chain,
)
from reglamentos_app.domain.regulation import ReformQuorum
from reglamentos_app.domain.workflow import (
    TransitionRefused, WorkflowContext, WorkflowEngine, default_workflow,
)

TEXT = "ARTÍCULO 5.- Queda prohibido tirar basura en la vía pública.\nTRANSITORIOS\nÚNICO.- …"
T0 = datetime(2025, 5, 20, 10, 30, tzinfo=timezone.utc)


def build_chain(n=6):
    chain = []
    for i in range(n):
        append(chain, project_id=7, action=f"accion_{i + 1}", actor="Lic. Ana Pérez",
               role="secretaria", stage_from="a", stage_to="b", comment=f"paso {i + 1}",
               data={"i": i}, text_hash=canonical_text_hash(TEXT), at=T0 + timedelta(hours=i))
    return chain


def kinds(problems):
    return [(p.seq, p.kind) for p in problems]


def forged(record, **changes):
    """A record changed by someone who also recomputed its own hash."""
    draft = dataclasses.replace(record, **changes)
    return dataclasses.replace(draft, hash=record_hash(draft))


# --- canonical text ------------------------------------------------------------------------------

def test_canonical_hash_is_sha256_of_utf8():
    assert canonical_text_hash("") == hashlib.sha256(b"").hexdigest()
    assert canonical_text_hash("Artículo") == hashlib.sha256("Artículo".encode()).hexdigest()


@pytest.mark.parametrize("variant", [
    TEXT.replace("Í", "I\u0301"),                 # NFD
    TEXT.replace("\n", "\r\n"),                   # Windows line endings
    TEXT.replace("\n", "\r"),                     # old Mac line endings
    TEXT.replace("\n", "  \n"),                   # trailing spaces
    TEXT.replace("\n", "\t\u00a0\n"),             # trailing tab and no-break space
])
def test_equivalent_forms_hash_the_same(variant):
    assert canonical_text_hash(variant) == canonical_text_hash(TEXT)


@pytest.mark.parametrize("mutation", [
    TEXT.replace("basura", "basuras"),            # one changed character
    TEXT.replace("vía", "vi\u200ba"),             # zero-width space
    TEXT.replace("a", "\u0430", 1),               # Cyrillic homoglyph
    TEXT.replace("ARTÍCULO", "  ARTÍCULO"),       # indentation is kept
    "\n".join(reversed(TEXT.split("\n"))),        # reordered paragraphs
    TEXT.split("\nTRANSITORIOS")[0],              # dropped transitorio
    TEXT + "\n",                                  # a final newline is part of the text
    TEXT.replace(" la vía", "  la vía"),          # inner spacing is kept
])
def test_real_changes_hash_differently(mutation):
    assert canonical_text_hash(mutation) != canonical_text_hash(TEXT)


def test_canonical_text_form():
    assert canonical_text("a  \r\nb\t\rc") == "a\nb\nc"


# --- records and the chain -----------------------------------------------------------------------

def test_append_links_numbers_and_hashes():
    chain = build_chain(3)
    assert [r.seq for r in chain] == [1, 2, 3]
    assert chain[0].prev_hash == GENESIS_HASH
    assert chain[1].prev_hash == chain[0].hash and chain[2].prev_hash == chain[1].hash
    assert all(r.hash == record_hash(r) for r in chain)
    assert chain[0].at == "2025-05-20T10:30:00Z"
    assert chain_head(chain) == chain[-1].hash
    assert chain_head([]) == GENESIS_HASH


def test_record_hash_is_canonical_json_of_every_field_but_hash():
    record = build_chain(1)[0]
    payload = {f.name: getattr(record, f.name) for f in dataclasses.fields(record)
               if f.name != "hash"}
    expected = hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False,
                                         separators=(",", ":")).encode("utf-8")).hexdigest()
    assert record.hash == expected


@pytest.mark.parametrize("name, value", [
    ("seq", 99), ("project_id", 8), ("action", "otra"), ("stage_from", "x"), ("stage_to", "y"),
    ("actor", "Otra persona"), ("role", "sindicatura"), ("at", "2030-01-01T00:00:00Z"),
    ("comment", "otro"), ("data", {"i": 1}), ("text_hash", "f" * 64), ("prev_hash", "e" * 64),
])
def test_every_field_is_covered_by_the_hash(name, value):
    record = build_chain(1)[0]
    assert record_hash(dataclasses.replace(record, **{name: value})) != record.hash


def test_data_is_stored_as_plain_json():
    chain = []
    record = append(chain, project_id=1, action="publish", actor="A", role="secretaria",
                    data={"publication_date": date(2025, 6, 13), "tags": ("a", "b"),
                          "quorum": ReformQuorum.QUALIFIED}, at=T0)
    assert record.data == {"publication_date": "2025-06-13", "tags": ["a", "b"],
                           "quorum": "qualified"}
    assert verify_chain(chain) == []


def test_unwritable_records_are_refused():
    with pytest.raises(AuditError, match="zona horaria"):
        append([], project_id=1, action="x", actor="A", role="r", at=datetime(2025, 1, 1))
    with pytest.raises(AuditError, match="no puede guardarse"):
        append([], project_id=1, action="x", actor="A", role="r", data={"o": object()})


def test_timestamps_are_utc():
    mexicali = timezone(timedelta(hours=-7))
    assert utc_timestamp(datetime(2025, 5, 20, 3, 30, tzinfo=mexicali)) == "2025-05-20T10:30:00Z"
    assert utc_timestamp("2025-05-20T10:30:00+00:00") == "2025-05-20T10:30:00Z"
    assert utc_timestamp().endswith("Z")


def test_dict_and_json_round_trip_keeps_the_chain_valid():
    chain = build_chain(4)
    stored = [AuditRecord.from_dict(json.loads(json.dumps(r.to_dict()))) for r in chain]
    assert stored == chain
    assert verify_chain(stored) == []


# --- tamper detection ----------------------------------------------------------------------------

def test_intact_chain_has_no_problems():
    assert verify_chain(build_chain()) == []
    assert verify_chain([]) == []


def test_edit_is_detected():
    chain = build_chain()
    chain[3] = dataclasses.replace(chain[3], actor="Alguien más")
    problems = verify_chain(chain)
    assert kinds(problems) == [(4, ProblemKind.EDITED)]
    assert problems[0].description == "El registro 4 fue modificado después de escrito."


def test_edit_with_recomputed_hash_breaks_the_next_link():
    chain = build_chain()
    chain[3] = forged(chain[3], comment="aprobado por unanimidad")
    problems = verify_chain(chain)
    assert kinds(problems) == [(4, ProblemKind.BROKEN_LINK)]
    assert problems[0].description == ("El registro 4 fue modificado o sustituido: el registro 5 "
                                       "no enlaza con él.")


def test_deletion_in_the_middle_is_detected():
    chain = build_chain()
    del chain[3]
    problems = verify_chain(chain)
    assert kinds(problems) == [(4, ProblemKind.DELETED)]
    assert problems[0].description == "Falta el registro 4: fue borrado."


def test_deletion_of_several_and_of_the_first():
    chain = build_chain()
    del chain[2:5]
    assert [p.description for p in verify_chain(chain)] == [
        "Faltan los registros 3 a 5: fueron borrados."]
    chain = build_chain()
    del chain[0]
    assert kinds(verify_chain(chain)) == [(1, ProblemKind.DELETED)]


def test_deletion_of_the_last_record_needs_an_anchor():
    chain = build_chain()
    anchors = {6: chain_head(chain)}
    del chain[-1]
    assert verify_chain(chain) == []      # a shorter chain is internally consistent
    problems = verify_chain(chain, anchors)
    assert kinds(problems) == [(6, ProblemKind.DELETED)]
    assert "se publicó fuera del sistema" in problems[0].description


def test_reordering_is_detected():
    chain = build_chain()
    chain[2], chain[3] = chain[3], chain[2]
    problems = verify_chain(chain)
    assert kinds(problems) == [(3, ProblemKind.REORDERED)]
    assert problems[0].description == ("El registro 3 está fuera de orden: aparece después del "
                                       "registro 4.")


def test_insertion_with_a_repeated_number_is_detected():
    chain = build_chain()
    intruder = forged(chain[3], action="aprobacion_falsa", prev_hash=chain[2].hash)
    chain.insert(3, intruder)
    problems = verify_chain(chain)
    assert kinds(problems) == [(4, ProblemKind.INSERTED)]
    assert "«aprobacion_falsa»" in problems[0].description
    assert problems[0].description.startswith("Hay 2 registros con el número 4")


def test_insertion_with_renumbering_is_detected():
    chain = build_chain()
    intruder = forged(chain[3], action="aprobacion_falsa", prev_hash=chain[2].hash)
    shifted = [dataclasses.replace(r, seq=r.seq + 1) for r in chain[3:]]
    problems = verify_chain(chain[:3] + [intruder] + shifted)
    assert {p.kind for p in problems} == {ProblemKind.EDITED}
    assert [p.seq for p in problems] == [5, 6, 7]


def test_insertion_with_renumbering_and_rehashing_breaks_a_link():
    chain = build_chain()
    intruder = forged(chain[3], action="aprobacion_falsa", prev_hash=chain[2].hash)
    shifted = [forged(r, seq=r.seq + 1) for r in chain[3:]]
    problems = verify_chain(chain[:3] + [intruder] + shifted)
    # Each re-hashed record changed its own hash, so no successor links to it any more.
    assert kinds(problems) == [(4, ProblemKind.BROKEN_LINK), (5, ProblemKind.BROKEN_LINK),
                               (6, ProblemKind.BROKEN_LINK)]


def test_full_rewrite_is_caught_only_by_an_anchor():
    chain = build_chain()
    anchors = {3: chain[2].hash, 6: chain_head(chain)}
    rewritten = []
    for r in chain:
        append(rewritten, project_id=r.project_id, action=r.action, actor="Otro",
               role=r.role, stage_from=r.stage_from, stage_to=r.stage_to, comment=r.comment,
               data=r.data, text_hash=r.text_hash, at=r.at)
    assert verify_chain(rewritten) == []
    assert kinds(verify_chain(rewritten, anchors)) == [(3, ProblemKind.ANCHOR_MISMATCH),
                                                       (6, ProblemKind.ANCHOR_MISMATCH)]


def test_first_record_must_start_the_chain():
    chain = build_chain()
    chain[0] = forged(chain[0], prev_hash="1" * 64)
    kinds_found = kinds(verify_chain(chain))
    assert (1, ProblemKind.BROKEN_LINK) in kinds_found


# --- the approved text ---------------------------------------------------------------------------

def _act(chain, action, stage_to, text, seconds):
    return append(chain, project_id=1, action=action, actor="Secretario", role="secretaria",
                  stage_to=stage_to, text_hash=canonical_text_hash(text),
                  at=T0 + timedelta(seconds=seconds))


def test_approved_text_hash_is_the_latest_cabildo_approval():
    chain = []
    assert approved_text_hash(chain) is None
    _act(chain, "submit_to_trustee", "trustee_review", "borrador", 1)
    assert approved_text_hash(chain) is None
    _act(chain, "council_approve", "council_approved", "primera versión", 2)
    _act(chain, "approve_with_waiver", "council_approved", "segunda versión", 3)
    _act(chain, "certify", "certified", "otra cosa", 4)
    assert approved_text_hash(reversed(chain)) == canonical_text_hash("segunda versión")
    assert text_matches_approval(chain, "segunda versión\r\n".rstrip("\n").replace("\r", ""))
    assert not text_matches_approval(chain, "primera versión")


def test_full_procedure_recorded_and_publication_refused_for_a_changed_text():
    wf, chain, stage = default_workflow(), [], "draft"
    steps = [
        ("submit_to_trustee", "redactor", {}),
        ("trustee_approve", "sindicatura", {}),
        ("file", "secretaria", {"folio": "SA/123/2025", "filing_date": "2025-03-03"}),
        ("turn_to_committee", "secretaria", {"committee": "Comisión de Gobernación y Legislación",
                                             "committee_kind": "single",
                                             "turn_date": "2025-03-10"}),
        ("register_committee_report", "secretaria", {
            "report_number": "15/25", "report_sense": "favorable", "report_date": "2025-04-02",
            "member_votes": {"Regidora A": "for", "Regidor B": "for", "Regidora C": "absent"}}),
        ("council_approve", "secretaria", {
            "session_type": "ordinary", "session_date": "2025-04-24", "act_number": "79",
            "agenda_item": 6, "votes_for": 13, "votes_against": 1, "abstentions": 1}),
        ("certify", "secretaria", {"certification_date": "2025-04-28"}),
        ("send_to_gazette", "secretaria", {"sent_date": "2025-05-02"}),
        ("publish", "secretaria", {"gazette_number": "27", "gazette_section": "I",
                                   "gazette_tome": "CXXXII", "publication_date": "2025-06-13"}),
        ("enter_into_force", "secretaria", {"in_force_date": "2025-06-14"}),
    ]
    for i, (transition_id, role, data) in enumerate(steps):
        ctx = WorkflowContext(target_quorums=(ReformQuorum.SIMPLE,), council_members=18,
                              approved_text_hash=approved_text_hash(chain),
                              current_text_hash=canonical_text_hash(TEXT),
                              published_on=date(2025, 6, 13))
        outcome = WorkflowEngine.apply(wf, stage, transition_id, role, data, ctx)
        append(chain, project_id=1, action=outcome.transition_id, actor="Usuario", role=role,
               stage_from=outcome.stage_from, stage_to=outcome.stage_to, data=outcome.data,
               text_hash=canonical_text_hash(TEXT), at=T0 + timedelta(days=i))
        stage = outcome.stage_to
        if transition_id == "send_to_gazette":
            changed = WorkflowContext(approved_text_hash=approved_text_hash(chain),
                                      current_text_hash=canonical_text_hash(TEXT + " (sic)"))
            with pytest.raises(TransitionRefused, match="no es el que aprobó"):
                WorkflowEngine.apply(wf, stage, "publish", "secretaria", steps[8][2], changed)
    assert stage == "in_force"
    assert verify_chain(chain) == []
    assert approved_text_hash(chain) == canonical_text_hash(TEXT)
