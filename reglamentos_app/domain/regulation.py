"""Regulations as works and their texts as dated expressions.

``Regulation`` is the *work*: its identity and metadata (title, kind, issuing body, status,
the quorum its reform needs, the unit responsible for it, its original publication and later
reforms). ``Expression`` is one *version* of its text: the provision tree in force from
``valid_from`` until ``valid_until`` (exclusive), with the amending act that produced it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from .gazette import GazetteReference
from .ids import DEFAULT_LOCALITY, RegulationUri, slugify
from .numbering import fold
from .provisions import Provision


class RegulationKind(str, Enum):
    """Kind of normative instrument."""

    REGULATION = "reglamento"
    BYLAW = "bando"
    CREATION_AGREEMENT = "acuerdo_creacion"
    GUIDELINES = "lineamientos"
    MANUAL = "manual"
    CODE = "codigo"
    LAW = "ley"
    DECREE = "decreto"
    AGREEMENT = "acuerdo"
    TECHNICAL_STANDARD = "norma_tecnica"
    STATUTE = "estatuto"
    OTHER = "otro"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def plural_label(self) -> str:
        return _KIND_PLURALS[self]

    @property
    def uri_doctype(self) -> str:
        if self is RegulationKind.CREATION_AGREEMENT:
            return "acuerdo"
        return self.value.replace("_", "-")


_KIND_LABELS = {
    RegulationKind.REGULATION: "Reglamento", RegulationKind.BYLAW: "Bando",
    RegulationKind.CREATION_AGREEMENT: "Acuerdo de creación",
    RegulationKind.GUIDELINES: "Lineamientos", RegulationKind.MANUAL: "Manual",
    RegulationKind.CODE: "Código", RegulationKind.LAW: "Ley", RegulationKind.DECREE: "Decreto",
    RegulationKind.AGREEMENT: "Acuerdo", RegulationKind.TECHNICAL_STANDARD: "Norma técnica",
    RegulationKind.STATUTE: "Estatuto", RegulationKind.OTHER: "Otro",
}
_KIND_PLURALS = {
    RegulationKind.REGULATION: "Reglamentos", RegulationKind.BYLAW: "Bandos",
    RegulationKind.CREATION_AGREEMENT: "Acuerdos de creación",
    RegulationKind.GUIDELINES: "Lineamientos", RegulationKind.MANUAL: "Manuales",
    RegulationKind.CODE: "Códigos", RegulationKind.LAW: "Leyes", RegulationKind.DECREE: "Decretos",
    RegulationKind.AGREEMENT: "Acuerdos", RegulationKind.TECHNICAL_STANDARD: "Normas técnicas",
    RegulationKind.STATUTE: "Estatutos", RegulationKind.OTHER: "Otros",
}


class RegulationStatus(str, Enum):
    """Vigente or abrogado."""

    IN_FORCE = "in_force"
    ABROGATED = "abrogated"

    @property
    def label(self) -> str:
        return "Vigente" if self is RegulationStatus.IN_FORCE else "Abrogado"


class ReformQuorum(str, Enum):
    """Majority of Cabildo a reform of the regulation needs."""

    SIMPLE = "simple"
    QUALIFIED = "qualified"  # mayoría calificada (dos terceras partes)

    @property
    def label(self) -> str:
        return "Mayoría simple" if self is ReformQuorum.SIMPLE else "Mayoría calificada"


_SMALL_WORDS = {"de", "del", "la", "las", "el", "los", "y", "e", "para", "en", "a", "al", "por",
                "o", "u", "con", "sin", "que"}
_PLACE_TAIL = re.compile(
    r"[,\s]+(?:(?:para|del|de|en)\s+(?:el\s+|la\s+)?(?:gobierno\s+municipal|municipio)\s+de\s+|de\s+)?"
    r"mexicali(?:[,\s]+(?:baja\s+california|b\.\s*c\.))?\.?$", re.IGNORECASE)


def short_title(title: str) -> str:
    """Readable short title for lists: sentence-style case, without "…de Mexicali, B.C.".

    >>> short_title("REGLAMENTO DE ANUNCIOS PARA EL MUNICIPIO DE MEXICALI, BAJA CALIFORNIA")
    'Reglamento de Anuncios'
    >>> short_title("ACUERDO DE CREACIÓN DEL INSTITUTO MUNICIPAL DE PLANEACIÓN DE MEXICALI")
    'Acuerdo de Creación del Instituto Municipal de Planeación'
    """
    text = _PLACE_TAIL.sub("", title.strip()) or title.strip()
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return text  # already in mixed case: keep the author's capitals
    words = text.lower().split()
    return " ".join(w if i and w in _SMALL_WORDS else w[:1].upper() + w[1:]
                    for i, w in enumerate(words))


def formal_title(title: str) -> str:
    """Full title in the capitalisation a decree uses (all-capitals titles are converted).

    >>> formal_title("REGLAMENTO DE PARQUES PARA EL MUNICIPIO DE MEXICALI, BAJA CALIFORNIA")
    'Reglamento de Parques para el Municipio de Mexicali, Baja California'
    """
    text = " ".join(title.split())
    letters = [c for c in text if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return text
    words = text.lower().split()
    return " ".join(w if i and w in _SMALL_WORDS else
                    (w.upper() if re.fullmatch(r"(?:[a-z]\.)+,?", w) else w[:1].upper() + w[1:])
                    for i, w in enumerate(words))


def kind_from_title(title: str) -> RegulationKind:
    """Guess the kind of instrument from the first word(s) of its title."""
    t = fold(title).lstrip()
    if t.startswith("acuerdo") and ("crea" in t[:60]):
        return RegulationKind.CREATION_AGREEMENT
    for prefix, kind in (("reglamento", RegulationKind.REGULATION), ("bando", RegulationKind.BYLAW),
                         ("lineamiento", RegulationKind.GUIDELINES),
                         ("manual", RegulationKind.MANUAL), ("codigo", RegulationKind.CODE),
                         ("reglas", RegulationKind.REGULATION), ("ley ", RegulationKind.LAW),
                         ("constitucion", RegulationKind.LAW),
                         ("decreto", RegulationKind.DECREE), ("acuerdo", RegulationKind.AGREEMENT),
                         ("norma tecnica", RegulationKind.TECHNICAL_STANDARD),
                         ("normas tecnicas", RegulationKind.TECHNICAL_STANDARD),
                         ("estatuto", RegulationKind.STATUTE)):
        if t.startswith(prefix):
            return kind
    return RegulationKind.OTHER


@dataclass(slots=True)
class Regulation:
    """A regulation as a work (see the module docstring)."""

    uri: RegulationUri
    title: str
    kind: RegulationKind = RegulationKind.REGULATION
    issuing_body: str = "H. Ayuntamiento de Mexicali"
    status: RegulationStatus = RegulationStatus.IN_FORCE
    reform_quorum: ReformQuorum = ReformQuorum.SIMPLE
    responsible_unit: str = ""
    original_publication: GazetteReference | None = None
    reforms: list[GazetteReference] = field(default_factory=list)
    header_notes: list[str] = field(default_factory=list)

    @property
    def last_reform(self) -> GazetteReference | None:
        dated = [r for r in self.reforms if r.date]
        return max(dated, key=lambda r: r.sort_key()) if dated else None


@dataclass(slots=True)
class Expression:
    """One version of a regulation's text, in force from ``valid_from`` (see module docstring)."""

    regulation_uri: RegulationUri
    root: Provision
    valid_from: date | None = None
    valid_until: date | None = None
    amending_act: GazetteReference | None = None
    source_name: str = ""
    source_sha256: str = ""

    def in_force_on(self, when: date) -> bool:
        starts = self.valid_from is None or self.valid_from <= when
        return starts and (self.valid_until is None or when < self.valid_until)


def make_work_uri(title: str, kind: RegulationKind, year: int | None,
                  locality: str = DEFAULT_LOCALITY) -> RegulationUri:
    """Build the work URI of a regulation from its title, kind and year of publication."""
    return RegulationUri(locality, kind.uri_doctype, str(year) if year else "sf", slugify(title))
