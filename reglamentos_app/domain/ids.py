"""Identity of regulations: FRBR-style work and expression URIs.

A regulation (the *work*) is named ``/mx-bc-mxl/<tipo>/<año>/<nombre>``: the locality slot
holds the municipality (Mexicali, Baja California), as in cobalt's ``FrbrUri``. A version in
force from a date (the *expression*) appends ``@AAAA-MM-DD``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import NewType

from .errors import ValidationError
from .numbering import fold

RegulationId = NewType("RegulationId", int)
ExpressionId = NewType("ExpressionId", int)

DEFAULT_LOCALITY = "mx-bc-mxl"

_URI_RE = re.compile(
    r"^/(?P<locality>[a-z]{2}(?:-[a-z0-9]+)*)/(?P<doctype>[a-z\-]+)/(?P<year>\d{4}|sf)/"
    r"(?P<slug>[a-z0-9][a-z0-9\-]*)(?:@(?P<date>\d{4}-\d{2}-\d{2}))?$"
)
_STOPWORDS = {"de", "del", "la", "las", "el", "los", "y", "para", "en", "a", "al", "por", "e"}


@dataclass(frozen=True, slots=True)
class RegulationUri:
    """URI of a regulation (work), optionally pinned to the version in force on a date.

    >>> uri = RegulationUri.parse("/mx-bc-mxl/reglamento/2001/administracion-publica@2015-07-17")
    >>> uri.slug, uri.year, uri.expression_date
    ('administracion-publica', '2001', datetime.date(2015, 7, 17))
    >>> str(uri.work())
    '/mx-bc-mxl/reglamento/2001/administracion-publica'
    """

    locality: str
    doctype: str
    year: str
    slug: str
    expression_date: date | None = None

    @classmethod
    def parse(cls, text: str) -> RegulationUri:
        m = _URI_RE.match(text.strip())
        if not m:
            raise ValidationError(
                f"«{text}» no es un identificador de reglamento válido. "
                "Ejemplo: /mx-bc-mxl/reglamento/2001/administracion-publica"
            )
        try:
            when = date.fromisoformat(m["date"]) if m["date"] else None
        except ValueError as exc:  # 2026-13-01, 2026-02-30: the shape fits, the date does not
            raise ValidationError(
                f"«{m['date']}» en «{text.strip()}» no es una fecha que exista (AAAA-MM-DD: "
                "mes del 01 al 12 y un día que tenga ese mes)."
            ) from exc
        return cls(m["locality"], m["doctype"], m["year"], m["slug"], when)

    def work(self) -> RegulationUri:
        return RegulationUri(self.locality, self.doctype, self.year, self.slug)

    def at(self, when: date) -> RegulationUri:
        return RegulationUri(self.locality, self.doctype, self.year, self.slug, when)

    def __str__(self) -> str:
        base = f"/{self.locality}/{self.doctype}/{self.year}/{self.slug}"
        return f"{base}@{self.expression_date.isoformat()}" if self.expression_date else base


def slugify(text: str, max_length: int = 60) -> str:
    """Short URI name from a title: ascii words without stop words, joined by hyphens.

    >>> slugify("Reglamento de la Administración Pública del Municipio de Mexicali")
    'administracion-publica'
    """
    folded = fold(text).replace("ñ", "n")
    folded = re.sub(r"^(reglamento|bando|acuerdo|lineamientos|manual|codigo)\b", "", folded)
    folded = re.sub(
        r"\b(para|del|de|en)\s+(el\s+|la\s+)?(gobierno\s+municipal|municipio)\s+de\s+mexicali.*$",
        "", folded,
    )
    folded = re.sub(r"\b(de\s+)?mexicali\b.*$", "", folded)
    words = [w for w in re.findall(r"[a-z0-9]+", folded) if w not in _STOPWORDS]
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or "sin-titulo"
