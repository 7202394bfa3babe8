"""Gazette references: where and when a text was published in the Periódico Oficial.

A ``GazetteReference`` records the issue number, section, tome (in Roman numerals) and date of
a publication in the Periódico Oficial del Estado de Baja California, plus the text it was read
from. Real headers contain errors (a wrong tome), so nothing here rejects odd values: the
importer reports them as warnings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .numbering import int_to_roman, is_roman, roman_to_int

MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
          "septiembre", "octubre", "noviembre", "diciembre")


@dataclass(frozen=True, slots=True)
class GazetteReference:
    """Periódico Oficial reference: número, sección, tomo and fecha (each optional)."""

    number: str = ""
    section: str = ""
    tome: str = ""
    date: date | None = None
    source_text: str = ""

    def describe(self) -> str:
        """Spanish citation: "Periódico Oficial No. 34, Sección I, de fecha 17 de julio de 2015, Tomo CXXII"."""
        parts = ["Periódico Oficial"]
        if self.number:
            parts[0] += f" No. {self.number}"
        if self.section:
            parts.append(f"Sección {self.section}")
        if self.date:
            parts.append(f"de fecha {format_long_date(self.date)}")
        if self.tome:
            parts.append(f"Tomo {self.tome}")
        return ", ".join(parts)

    def expected_tome(self) -> str | None:
        """Tome suggested by the year (Tomo ≈ año − 1893), for plausibility warnings."""
        if not self.date or self.date.year <= 1893:
            return None
        return int_to_roman(self.date.year - 1893)

    def tome_is_plausible(self) -> bool:
        """False when the tome is far (more than one) from the one its year suggests."""
        expected = self.expected_tome()
        if not expected or not self.tome or not is_roman(self.tome):
            return True
        return abs(roman_to_int(self.tome) - roman_to_int(expected)) <= 1

    def sort_key(self) -> tuple:
        return (self.date or date.min, self.number)


def gazette_to_dict(ref: GazetteReference | None, *, with_source: bool = True) -> dict | None:
    """Plain-data form (for JSON, the database and the import worker); ``None`` stays None.

    ``with_source`` keeps the text the reference was read from; the public ``show --json``
    schema leaves it out.
    """
    if ref is None:
        return None
    data = {"number": ref.number, "section": ref.section, "tome": ref.tome,
            "date": ref.date.isoformat() if ref.date else None}
    if with_source:
        data["source_text"] = ref.source_text
    return data


def gazette_from_dict(data: dict | None) -> GazetteReference | None:
    """Inverse of ``gazette_to_dict`` (missing fields read as empty)."""
    if not data:
        return None
    when = date.fromisoformat(data["date"]) if data.get("date") else None
    return GazetteReference(str(data.get("number", "")), str(data.get("section", "")),
                            str(data.get("tome", "")), when, str(data.get("source_text", "")))


def format_long_date(value: date) -> str:
    """"17 de julio de 2015"."""
    return f"{value.day} de {MONTHS[value.month - 1]} de {value.year}"
