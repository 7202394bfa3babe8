"""Proyecto de acuerdo (decree) and iniciativa documents of a reform project (DOMAIN.md §9.1, §9.5).

The acuerdo has a cover page (the Ayuntamiento with its Roman-numeral label, the project, the
promoter by office, the expediente and the date), then the legal basis, "ACUERDO", the
resolutive text exactly as the decree wording writes it — the operative clause ("Se reforman
…, para quedar como sigue:"), the quoted provisions indented as the reform will read them, with
"…" for the untouched parts — and the reform's transitorios, then the signature block. The
iniciativa is addressed to the Ayuntamiento, carries the exposición de motivos, the cuadro
comparativo and the proposed acuerdo. The decree text is the one ``domain.wording`` produces;
this module only lays it out, line by line, and never rewords it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..domain.gazette import format_long_date
from ..domain.numbering import int_to_roman
from .model import Document, Heading, PageBreak, Paragraph, Role, Run, Table

__all__ = ["DecreeData", "ayuntamiento_label", "decree_document", "initiative_document"]

LEGAL_BASIS = ("El H. {ayuntamiento} de Mexicali, Baja California, con fundamento en lo dispuesto "
               "por los artículos 115, fracción II, de la Constitución Política de los Estados "
               "Unidos Mexicanos; 82, apartado A, fracción I, y 85 de la Constitución Política "
               "del Estado Libre y Soberano de Baja California; y 3 y 7 de la Ley del Régimen "
               "Municipal para el Estado de Baja California, tiene a bien aprobar el siguiente:")

_TERM_START = date(2024, 10, 1)   # the XXV Ayuntamiento was installed on 1 October 2024
_KNOWN_TERMS = ((date(2021, 10, 1), 24), (date(2019, 10, 1), 23), (date(2016, 10, 1), 22))


def ayuntamiento_label(on: date) -> str:
    """"XXV Ayuntamiento" for a date (DOMAIN.md §2.1); three-year terms from the XXV on."""
    if on >= _TERM_START:
        number = 25 + (on.year - _TERM_START.year - (on < date(on.year, 10, 1))) // 3
        return f"{int_to_roman(number)} Ayuntamiento"
    for start, number in _KNOWN_TERMS:
        if on >= start:
            return f"{int_to_roman(number)} Ayuntamiento"
    return "Ayuntamiento"


@dataclass(slots=True)
class DecreeData:
    """What the documents say about the project (given by the services)."""

    project_title: str
    promoter: str                    # "Sindicatura — Sindicatura Procuradora"
    file_number: str
    when: date
    clause_lines: list[str]          # the operative clause(s) of ``decree_clause``
    decree_lines: list[str]          # the whole ``decree_text``, one paragraph per line
    motives: str = ""
    regulation_titles: list[str] = field(default_factory=list)


def _split(data: DecreeData) -> tuple[list[str], list[str]]:
    """(resolutive lines, transitorio lines) of the decree text."""
    lines = list(data.decree_lines)
    if "TRANSITORIOS" in lines:
        cut = len(lines) - 1 - lines[::-1].index("TRANSITORIOS")
        return lines[:cut], lines[cut + 1:]
    return lines, []


_ROMAN = re.compile(r"^[IVXLCDM]+(?:\s+(?:Bis|Ter|Quáter|BIS|TER))?$")
_ITEM = re.compile(r"^[a-zñ]\)")


def _indent_of(line: str, head: str) -> int:
    """Quoted fracciones and incisos sit further in, as in the published texts."""
    if _ROMAN.match(head):
        return 1
    return 2 if _ITEM.match(line) else 0


def _labelled(line: str, role: Role) -> Paragraph:
    """A line with its leading label ("ARTÍCULO 5.-", "PRIMERO.-", "II.-") in bold."""
    head, sep, rest = line.partition(".- ")
    indent = _indent_of(line, head) if role is Role.QUOTE else 0
    if sep and len(head) <= 40:
        return Paragraph([Run(head + ".-", bold=True), Run(" " + rest)], role, indent)
    return Paragraph([Run(line)], role, indent)


def _cover(doc: Document, data: DecreeData, kind: str) -> None:
    label = ayuntamiento_label(data.when)
    doc.para(f"H. {label.upper()} DE MEXICALI, BAJA CALIFORNIA", Role.CENTER, bold=True)
    doc.para(kind, Role.TITLE, bold=True)
    doc.para(data.project_title, Role.CENTER, bold=True)
    for title in data.regulation_titles:
        doc.para(title, Role.CENTER)
    doc.para(f"Promovente: {data.promoter}", Role.CENTER)
    if data.file_number:
        doc.para(f"Expediente: {data.file_number}", Role.CENTER)
    doc.para(f"Mexicali, Baja California, a {format_long_date(data.when)}.", Role.CENTER)
    doc.add(PageBreak())


def _acuerdo(doc: Document, data: DecreeData) -> None:
    doc.para(LEGAL_BASIS.format(ayuntamiento=ayuntamiento_label(data.when)))
    doc.add(Heading(1, "ACUERDO"))
    resolutive, transitorios = _split(data)
    clauses = set(data.clause_lines)
    for line in resolutive:
        if line in clauses:
            doc.add(_labelled(line, Role.BODY) if line.startswith("ARTÍCULO ")
                    else Paragraph([Run(line)]))
        else:
            doc.add(_labelled(line, Role.QUOTE))
    if transitorios:
        doc.add(Heading(1, "TRANSITORIOS"))
        for line in transitorios:
            doc.add(_labelled(line, Role.BODY))


def _signature(doc: Document, data: DecreeData) -> None:
    doc.para(f"Dado en la ciudad de Mexicali, Baja California, a {format_long_date(data.when)}.")
    doc.para("ATENTAMENTE", Role.SIGNATURE, bold=True)
    doc.para("_______________________________", Role.SIGNATURE)
    doc.para(data.promoter, Role.SIGNATURE)


def decree_document(data: DecreeData) -> Document:
    """The proyecto de acuerdo (see the module docstring)."""
    doc = Document(title=f"Proyecto de acuerdo — {data.project_title}",
                   running_header=f"Proyecto de acuerdo · {data.project_title}",
                   subject="Proyecto de acuerdo de reforma")
    _cover(doc, data, "PROYECTO DE ACUERDO")
    _acuerdo(doc, data)
    _signature(doc, data)
    return doc


def initiative_document(data: DecreeData, cuadros: list[tuple[str, Table]]) -> Document:
    """The iniciativa: addressee, exposición de motivos, cuadro comparativo, proposed acuerdo."""
    doc = Document(title=f"Iniciativa — {data.project_title}", landscape=False,
                   running_header=f"Iniciativa · {data.project_title}",
                   subject="Iniciativa de reforma")
    _cover(doc, data, "INICIATIVA")
    label = ayuntamiento_label(data.when).upper()
    doc.para(f"H. {label} DE MEXICALI", bold=True)
    doc.para("P R E S E N T E", bold=True)
    doc.para(f"Quien suscribe, {data.promoter}, con fundamento en los artículos 115, fracción II, "
             "de la Constitución Política de los Estados Unidos Mexicanos, y en la Ley del "
             "Régimen Municipal para el Estado de Baja California, somete a la consideración de "
             f"este H. Cuerpo Colegiado la presente iniciativa: {data.project_title}, al tenor "
             "de la siguiente:")
    doc.add(Heading(1, "EXPOSICIÓN DE MOTIVOS"))
    motives = [p.strip() for p in data.motives.split("\n") if p.strip()]
    for paragraph in motives or ["(Exposición de motivos pendiente de redactar.)"]:
        doc.para(paragraph)
    doc.add(Heading(1, "CUADRO COMPARATIVO"))
    for title, table in cuadros:
        doc.add(Heading(2, title))
        doc.add(table)
    doc.para("Por lo anteriormente expuesto, se somete a la consideración de este H. "
             "Ayuntamiento el siguiente proyecto de:")
    doc.add(Heading(1, "PROYECTO DE ACUERDO"))
    _acuerdo(doc, data)
    _signature(doc, data)
    return doc
