"""Who issued an instrument and where it applies, read from its own header.

A municipal corpus also holds federal and state laws (the Ley de Amnistía, a state revenue
law): they are not the Ayuntamiento de Mexicali's, and their URI must say so. ``jurisdiction``
reads the gazette that published the text (Diario Oficial de la Federación, Gaceta Oficial
de la Ciudad de México, a state's Periódico Oficial, a Gaceta Municipal) and the names of
states and municipalities in the title and header; with nothing to go on, the instrument is
Mexicali's (the application's own corpus).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...domain.ids import DEFAULT_LOCALITY, slugify
from ...domain.numbering import fold
from ..document import ParsedDocument

MEXICALI_ISSUER = "H. Ayuntamiento de Mexicali"

# Abbreviations of the states (the locality's second part, after "mx").
STATES = {
    "baja california sur": "bcs", "baja california": "bc", "aguascalientes": "ags",
    "campeche": "camp", "chiapas": "chis", "chihuahua": "chih", "coahuila": "coah",
    "colima": "col", "durango": "dgo", "guanajuato": "gto", "guerrero": "gro", "hidalgo": "hgo",
    "jalisco": "jal", "michoacan": "mich", "morelos": "mor", "nayarit": "nay",
    "nuevo leon": "nl", "oaxaca": "oax", "puebla": "pue", "queretaro": "qro",
    "quintana roo": "qroo", "san luis potosi": "slp", "sinaloa": "sin", "sonora": "son",
    "tabasco": "tab", "tamaulipas": "tamps", "tlaxcala": "tlax", "veracruz": "ver",
    "yucatan": "yuc", "zacatecas": "zac", "estado de mexico": "mex",
}
_STATE_NAMES = {"baja california": "Baja California", "guanajuato": "Guanajuato",
                "jalisco": "Jalisco", "nuevo leon": "Nuevo León"}
# Municipalities whose state the text may not name.
MUNICIPALITIES = {"mexicali": "bc", "tijuana": "bc", "ensenada": "bc", "tecate": "bc",
                  "playas de rosarito": "bc", "guadalajara": "jal", "zapopan": "jal",
                  "monterrey": "nl"}
_MUNICIPAL_RE = re.compile(
    r"(?:ayuntamiento(?: constitucional)? de|gaceta municipal de|municipio de)\s+"
    r"([a-z]+(?: (?:de|del|la|los)? ?[a-z]+)?)")
_FEDERAL_RE = re.compile(r"diario oficial de la federacion|\bdof\b|congreso de la union|"
                         r"camara de diputados del h\. congreso")
_CDMX_RE = re.compile(r"gaceta oficial del distrito federal|gaceta oficial de la ciudad de mexico|"
                      r"g\.\s?o\.\s?cdmx|asamblea legislativa del distrito federal")
_STATE_LAW_KINDS = ("ley", "codigo", "constitucion", "decreto")


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    """Where an instrument applies (URI locality) and who issued it."""

    locality: str = DEFAULT_LOCALITY
    issuer: str = MEXICALI_ISSUER

    @property
    def is_mexicali(self) -> bool:
        return self.locality == DEFAULT_LOCALITY


def jurisdiction(doc: ParsedDocument) -> Jurisdiction:
    """The jurisdiction of ``doc`` read from its header (see the module docstring)."""
    title = fold(doc.title)
    dates = fold(f"{doc.publication_line} {doc.last_reform_line}")
    head = fold(" ".join([doc.title, doc.publication_line, doc.last_reform_line,
                          *doc.header_notes]))
    is_law = title.startswith(_STATE_LAW_KINDS)
    if _FEDERAL_RE.search(dates) or (_FEDERAL_RE.search(head) and is_law):
        if title.startswith("reglamento de la camara de diputados"):
            return Jurisdiction("mx", "Cámara de Diputados del H. Congreso de la Unión")
        if is_law:
            return Jurisdiction("mx", "Congreso de la Unión")
        return Jurisdiction("mx", "Autoridad federal (Diario Oficial de la Federación)")
    if _CDMX_RE.search(dates) or _CDMX_RE.search(head):
        issuer = "Congreso de la Ciudad de México" if is_law else "Gobierno de la Ciudad de México"
        return Jurisdiction("mx-cmx", issuer)
    state = _state(head)
    if is_law and state:
        name = _STATE_NAMES.get(state, state.title())
        return Jurisdiction(f"mx-{STATES[state]}", f"Congreso del Estado de {name}")
    municipality = _municipality(head) or _municipality(fold(doc.source_text[:4000]))
    if municipality and municipality != "mexicali":
        code = MUNICIPALITIES.get(municipality) or (STATES[state] if state else "")
        locality = "-".join(p for p in ("mx", code, slugify(municipality).replace("-", "")) if p)
        return Jurisdiction(locality, f"H. Ayuntamiento de {municipality.title()}")
    return Jurisdiction()


def _state(text: str) -> str:
    for name in STATES:  # "baja california sur" is tried before "baja california"
        if re.search(rf"\b{name}\b", text):
            return name
    return ""


def _municipality(text: str) -> str:
    for m in _MUNICIPAL_RE.finditer(text):
        name = m.group(1).strip()
        for known in MUNICIPALITIES:
            if name.startswith(known):
                return known
        return name.split(",")[0]
    for known in MUNICIPALITIES:
        if re.search(rf"\bde {known}\b", text):
            return known
    return ""
