"""Provable record of a reform: canonical text hashes and a tamper-evident chain of its acts.

Every act on a project (a stage change, a validation, a publication) becomes an ``AuditRecord``
that carries the SHA-256 of the canonical form of the text it concerns and the hash of the
previous record, so ``verify_chain`` can tell when a record was edited, deleted, moved or
inserted after it was written. The canonical form of a text is NFC Unicode with LF line endings
and no whitespace at the end of any line; everything else (a zero-width space, a homoglyph, a
blank line) is significant. A chain proves nothing against someone who rewrites it whole and
re-hashes it: for that, ``chain_head`` is meant to be anchored outside the database (a printed
acta, a NOM-151 constancia) and passed back to ``verify_chain`` as ``anchors``.
``approved_text_hash`` returns the hash of the text Cabildo approved last, which publication must
match.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from enum import Enum
from typing import Any

from .errors import ValidationError

GENESIS_HASH = "0" * 64          # prev_hash of the first record of a chain
APPROVAL_STAGE = "council_approved"


class AuditError(ValidationError):
    """A record that cannot be written (a naive timestamp, data that is not plain JSON)."""

    default_message = "No se pudo escribir el registro de auditoría."


# ---------------------------------------------------------------------------------------------
# Canonical text
# ---------------------------------------------------------------------------------------------

def canonical_text(text: str) -> str:
    """NFC, LF line endings, no trailing whitespace (``str.isspace``) at the end of any line.

    These are the only differences that do not change the text a reader sees; a final newline
    and blank lines are kept because they are part of the text as written.
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def canonical_text_hash(text: str) -> str:
    """SHA-256 (hex) of the UTF-8 canonical form of ``text``."""
    return hashlib.sha256(canonical_text(text).encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One act in the chain; ``hash`` covers every other field (see ``record_hash``)."""

    seq: int
    project_id: int | str | None
    action: str
    stage_from: str
    stage_to: str
    actor: str
    role: str
    at: str                      # ISO 8601 UTC, "2025-05-20T10:30:00Z"
    comment: str
    data: dict[str, Any] = field(default_factory=dict)
    text_hash: str = ""
    prev_hash: str = GENESIS_HASH
    hash: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AuditRecord:
        return cls(**{name: data[name] for name in cls.__dataclass_fields__})


def _canonical_json(payload: Mapping[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def record_hash(record: AuditRecord) -> str:
    """SHA-256 of the canonical JSON (sorted keys, UTF-8) of every field except ``hash``."""
    payload = record.to_dict()
    del payload["hash"]
    return hashlib.sha256(_canonical_json(payload)).hexdigest()


def _plain(value: Any) -> Any:
    """``value`` in plain JSON types, so the stored data is exactly the hashed data."""
    if isinstance(value, Enum):
        return _plain(value.value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise AuditError(f"El dato de tipo {type(value).__name__} no puede guardarse en el registro.")


def utc_timestamp(when: datetime | str | None = None) -> str:
    """ISO 8601 UTC with second precision and a "Z"; a naive datetime is refused."""
    if when is None:
        when = datetime.now(timezone.utc)
    elif isinstance(when, str):
        try:
            when = datetime.fromisoformat(when)
        except ValueError as exc:
            raise AuditError(f"La hora «{when}» no es una fecha y hora ISO 8601.") from exc
    if when.tzinfo is None:
        # Guessing the zone of a legal act's timestamp would make the record unprovable.
        raise AuditError("La hora del registro debe indicar su zona horaria.")
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def chain_head(chain: Iterable[AuditRecord]) -> str:
    """Hash of the last record (what to anchor outside the database); the genesis if empty."""
    records = sorted(chain, key=lambda r: r.seq)
    return records[-1].hash if records else GENESIS_HASH


@dataclass(frozen=True, slots=True)
class RecordAnchor:
    """The head of the record kept outside the database: how many records and the last hash.

    Written as ``"N:hash"`` (``text``) after each act, into exported documents and publication
    packages; ``verify_chain(records, anchor.as_mapping())`` then tells a chain cut short or
    re-hashed from one that only grew.
    """

    count: int
    head: str

    @property
    def text(self) -> str:
        return f"{self.count}:{self.head}"

    def as_mapping(self) -> dict[int, str]:
        return {self.count: self.head} if self.count > 0 else {}

    @classmethod
    def parse(cls, text: str) -> RecordAnchor:
        """``"12:ab34…"`` (64 hex digits) → anchor; a Spanish ``ValidationError`` otherwise."""
        count, sep, head = text.strip().partition(":")
        head = head.strip().lower()
        if not sep or not count.strip().isdigit() or len(head) != 64 or any(
                c not in "0123456789abcdef" for c in head):
            raise ValidationError(f"«{text}» no es un ancla del registro: se escribe como "
                                  "NÚMERO:HUELLA (la huella tiene 64 caracteres hexadecimales), "
                                  "tal como la muestra el programa después de cada acto.")
        return cls(int(count), head)


def record_anchor(chain: Iterable[AuditRecord]) -> RecordAnchor:
    """The anchor of a whole record (all projects): its last record's number and hash."""
    records = sorted(chain, key=lambda r: r.seq)
    return RecordAnchor(records[-1].seq, records[-1].hash) if records else \
        RecordAnchor(0, GENESIS_HASH)


def append(chain: list[AuditRecord], *, project_id: int | str | None, action: str,
           actor: str, role: str, stage_from: str = "", stage_to: str = "", comment: str = "",
           data: Mapping[str, Any] | None = None, text_hash: str = "",
           at: datetime | str | None = None) -> AuditRecord:
    """Create the next record, append it to ``chain`` and return it."""
    last = max(chain, key=lambda r: r.seq) if chain else None
    draft = AuditRecord(
        seq=last.seq + 1 if last else 1, project_id=project_id, action=_plain(action),
        stage_from=_plain(stage_from), stage_to=_plain(stage_to), actor=actor, role=_plain(role),
        at=utc_timestamp(at), comment=comment, data=_plain(dict(data or {})),
        text_hash=text_hash, prev_hash=last.hash if last else GENESIS_HASH)
    record = AuditRecord(**{**draft.to_dict(), "hash": record_hash(draft)})
    chain.append(record)
    return record


# ---------------------------------------------------------------------------------------------
# Verification
# ---------------------------------------------------------------------------------------------

class ProblemKind(str, Enum):
    EDITED = "edited"
    DELETED = "deleted"
    REORDERED = "reordered"
    INSERTED = "inserted"
    BROKEN_LINK = "broken_link"
    ANCHOR_MISMATCH = "anchor_mismatch"

    @property
    def label(self) -> str:
        return {ProblemKind.EDITED: "modificado", ProblemKind.DELETED: "borrado",
                ProblemKind.REORDERED: "fuera de orden", ProblemKind.INSERTED: "insertado",
                ProblemKind.BROKEN_LINK: "enlace roto",
                ProblemKind.ANCHOR_MISMATCH: "no coincide con la huella publicada"}[self]


@dataclass(frozen=True, slots=True)
class AuditProblem:
    """A sign of tampering found by ``verify_chain``."""

    seq: int
    kind: ProblemKind
    description: str


def _edited(records: list[AuditRecord]) -> list[AuditProblem]:
    return [AuditProblem(r.seq, ProblemKind.EDITED,
                         f"El registro {r.seq} fue modificado después de escrito.")
            for r in records if r.hash != record_hash(r)]


def _out_of_order(records: list[AuditRecord]) -> list[AuditProblem]:
    problems, highest = [], None
    for r in records:
        if highest is not None and r.seq < highest:
            problems.append(AuditProblem(
                r.seq, ProblemKind.REORDERED,
                f"El registro {r.seq} está fuera de orden: aparece después del registro "
                f"{highest}."))
        highest = r.seq if highest is None else max(highest, r.seq)
    return problems


def _genuineness(record: AuditRecord, by_seq: dict[int, list[AuditRecord]]) -> int:
    """How well a record fits the chain; the successor's link weighs most (written later)."""
    score = int(record.hash == record_hash(record))
    if any(r.prev_hash == record.hash for r in by_seq.get(record.seq + 1, ())):
        score += 2
    before = by_seq.get(record.seq - 1, ())
    if any(record.prev_hash == r.hash for r in before) or (
            record.seq == 1 and record.prev_hash == GENESIS_HASH):
        score += 1
    return score


def _split_duplicates(records: list[AuditRecord]) -> tuple[dict[int, AuditRecord],
                                                            list[AuditProblem]]:
    """One record per number; the others sharing a number were inserted."""
    by_seq: dict[int, list[AuditRecord]] = {}
    for r in records:
        by_seq.setdefault(r.seq, []).append(r)
    kept: dict[int, AuditRecord] = {}
    problems: list[AuditProblem] = []
    for seq, group in by_seq.items():
        best = max(group, key=lambda r: _genuineness(r, by_seq))   # first one wins ties
        kept[seq] = best
        problems.extend(AuditProblem(
            seq, ProblemKind.INSERTED,
            f"Hay {len(group)} registros con el número {seq}: el de «{r.action}» "
            f"({r.at}) fue insertado.") for r in group if r is not best)
    return kept, problems


def _missing(first: int, last: int) -> AuditProblem:
    if first == last:
        text = f"Falta el registro {first}: fue borrado."
    else:
        text = f"Faltan los registros {first} a {last}: fueron borrados."
    return AuditProblem(first, ProblemKind.DELETED, text)


def _gaps(seqs: list[int]) -> list[AuditProblem]:
    problems, expected = [], 1
    for seq in seqs:
        if seq > expected:
            problems.append(_missing(expected, seq - 1))
        expected = seq + 1
    return problems


def _links(kept: dict[int, AuditRecord], edited: set[int]) -> list[AuditProblem]:
    problems = []
    first = kept.get(1)
    if first and 1 not in edited and first.prev_hash != GENESIS_HASH:
        problems.append(AuditProblem(1, ProblemKind.BROKEN_LINK,
                                     "El registro 1 no es el inicio de la cadena: algo se "
                                     "insertó o se borró antes de él."))
    for seq in sorted(kept):
        before, record = kept.get(seq - 1), kept[seq]
        # An edited record is already reported; its link then says nothing more.
        if before is None or seq in edited or record.prev_hash == before.hash:
            continue
        problems.append(AuditProblem(
            seq - 1, ProblemKind.BROKEN_LINK,
            f"El registro {seq - 1} fue modificado o sustituido: el registro {seq} no enlaza "
            "con él."))
    return problems


def _anchor_problems(kept: dict[int, AuditRecord],
                     anchors: Mapping[int, str]) -> list[AuditProblem]:
    problems = []
    for seq, digest in sorted(anchors.items()):
        record = kept.get(seq)
        if record is None:
            problems.append(AuditProblem(
                seq, ProblemKind.DELETED,
                f"Falta el registro {seq}, cuya huella se publicó fuera del sistema: fue borrado."))
        elif record.hash != digest:
            problems.append(AuditProblem(
                seq, ProblemKind.ANCHOR_MISMATCH,
                f"El registro {seq} no coincide con la huella publicada fuera del sistema: la "
                "cadena fue reescrita."))
    return problems


_KIND_ORDER = {kind: i for i, kind in enumerate(ProblemKind)}


def verify_chain(records: Iterable[AuditRecord],
                 anchors: Mapping[int, str] | None = None) -> list[AuditProblem]:
    """Every sign of tampering in ``records`` (in stored order), sorted by record number.

    ``anchors`` maps record numbers to hashes kept outside the database (see ``chain_head``);
    without them, deleting the last records or re-hashing the whole chain goes unnoticed.
    """
    records = list(records)
    edited = _edited(records)
    kept, inserted = _split_duplicates(records)
    problems = (edited + _out_of_order(records) + inserted + _gaps(sorted(kept))
                + _links(kept, {p.seq for p in edited}) + _anchor_problems(kept, anchors or {}))
    return sorted(problems, key=lambda p: (p.seq, _KIND_ORDER[p.kind]))


def approved_text_hash(records: Iterable[AuditRecord],
                       approval_stage: str = APPROVAL_STAGE) -> str | None:
    """Text hash of the latest record that moved the project to the Cabildo approval stage."""
    approvals = [r for r in records if r.stage_to == approval_stage and r.text_hash]
    return max(approvals, key=lambda r: r.seq).text_hash if approvals else None


def text_matches_approval(records: Iterable[AuditRecord], text: str) -> bool:
    """Whether ``text`` is, canonically, the text Cabildo approved last."""
    approved = approved_text_hash(records)
    return approved is not None and approved == canonical_text_hash(text)
