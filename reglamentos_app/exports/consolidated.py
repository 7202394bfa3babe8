"""Texto vigente: the consolidated text of a regulation as a ``Document`` (DOMAIN.md §7, §9.6).

The header gives the title, the original publication, "Última reforma publicada …", the
version's date and a notice that a consolidation is informative (only the Periódico Oficial is
official). The body follows the provision tree: divisions become navigable headings (libro,
título, capítulo, sección, then the transitorios blocks), each provision is one paragraph
worded exactly as the canonical text (``docs/formato-texto.md``) with the article number in
bold, derogated provisions keep their placeholder, and reform notes are printed in the house
style the user chose (``restyle_notes``): "Fue reformado…" lines before the article, the
parenthetical and editor styles after the provision. The original transitorios come first,
then each reform's under its publication data, as the tree already orders them.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import date

from ..domain.consolidation import note_for
from ..domain.gazette import GazetteReference, format_long_date
from ..domain.numbering import canonical_token, ordinal_to_int
from ..domain.provisions import (
    DIVISION_RANK, NoteAction, NoteStyle, Provision, ProvisionKind, ProvisionStatus, ReformNote,
)
from ..domain.regulation import Expression, Regulation, short_title
from .model import Document, Heading, Paragraph, Role, Run

__all__ = ["INFORMATIVE_NOTICE", "ConsolidatedOptions", "consolidated_document",
           "last_reform_line", "publication_line", "restyle_notes"]

INFORMATIVE_NOTICE = ("NOTA: Esta compilación del texto vigente es de carácter informativo. "
                      "El único texto oficial es el publicado en el Periódico Oficial del Estado "
                      "de Baja California.")

_DIVISION_WORDS = {ProvisionKind.BOOK: "LIBRO", ProvisionKind.TITLE: "TÍTULO",
                   ProvisionKind.CHAPTER: "CAPÍTULO", ProvisionKind.SECTION: "SECCIÓN"}
_PREAMBLE_HOSTS = (ProvisionKind.ARTICLE, ProvisionKind.TRANSITIONAL)


@dataclass(frozen=True, slots=True)
class ConsolidatedOptions:
    """What the user chose: the house style of the notes (None: as stored) and the date."""

    note_style: NoteStyle | None = None
    when: date | None = None
    upcoming: date | None = None   # a published version that starts later ("próxima versión")


# -- reform notes in the chosen house style -------------------------------------------------------
def restyle_notes(root: Provision, style: NoteStyle | None) -> Provision:
    """A copy of the tree whose reform notes are worded in ``style`` (None: unchanged).

    A note is reworded from what it records (action and Periódico Oficial data) with
    ``note_for``, the same wording consolidation writes; a note that records neither (a bare
    "(Reforma)") keeps its text. "Fue reformado…" notes only fit before an article or a
    transitorio, so other units get the parenthetical style, as consolidation does.
    """
    tree = copy.deepcopy(root)
    if style is None:
        return tree
    for node in list(tree.walk()):
        kept = []
        for note in node.notes:
            target = _note_target(node, note) if style is not NoteStyle.PREAMBLE else None
            if target is not None:
                # "Fue derogada la fracción VII…" on article 9 becomes "(Derogada, …)" on
                # the fracción: on the article it would read as if the article were derogated.
                target.notes.append(note_for(style, note.action, target.kind,
                                             _bare(note.gazette)))
            else:
                kept.append(note)
        node.notes = kept
    for node in tree.walk():
        node.notes = [_restyled(node, note, style) for note in node.notes]
        # Preamble notes print before the provision: keep them first, as the importer orders them.
        node.notes.sort(key=lambda n: n.style is not NoteStyle.PREAMBLE)
    return tree


_TARGET_RE = re.compile(r"^\s*Fue\s+(?:reformad|adicionad|derogad|modificad)[oa]s?\s+(.+?)\s+por\s",
                        re.IGNORECASE)
_PIECE_RE = re.compile(r"^(?:el|la)\s+(fracción|inciso|párrafo|numeral)\s+(.+)$", re.IGNORECASE)
_PIECE_KINDS = {"fracción": ProvisionKind.CLAUSE, "inciso": ProvisionKind.ITEM,
                "párrafo": ProvisionKind.PARAGRAPH, "numeral": ProvisionKind.NUMERAL}


def _note_target(host: Provision, note: ReformNote) -> Provision | None:
    """The unit below ``host`` that a "Fue reformada la fracción II…" note names (or None)."""
    if note.style is not NoteStyle.PREAMBLE:
        return None
    match = _TARGET_RE.match(note.text)
    if match is None:
        return None
    node = host
    for piece in reversed(match.group(1).split(" de ")):
        found = _PIECE_RE.match(piece.strip())
        if found is None:
            return None
        node = _child_named(node, _PIECE_KINDS[found.group(1).lower()], found.group(2))
        if node is None:
            return None
    return node if node is not host else None


def _child_named(parent: Provision, kind: ProvisionKind, num: str) -> Provision | None:
    if kind is ProvisionKind.PARAGRAPH:
        position = ordinal_to_int(num) or 0
        paragraphs = [c for c in parent.children if c.kind is kind]
        # The parent's own text is its párrafo primero, as the decree counted them.
        index = position - (2 if parent.text.strip() else 1)
        return paragraphs[index] if 0 <= index < len(paragraphs) else None
    token = canonical_token(num.rstrip(")"))
    return next((c for c in parent.children
                 if c.kind is kind and canonical_token(c.num.rstrip(")")) == token), None)


def _restyled(node: Provision, note: ReformNote, style: NoteStyle) -> ReformNote:
    if note.style is style or (note.action is NoteAction.OTHER and note.gazette is None):
        return note
    wanted = style
    if style is NoteStyle.PREAMBLE and node.kind not in _PREAMBLE_HOSTS:
        wanted = NoteStyle.PARENTHETICAL
    if note.style is wanted:
        return note
    return note_for(wanted, note.action, node.kind, _bare(note.gazette))


def _bare(ref: GazetteReference | None) -> GazetteReference | None:
    return GazetteReference(ref.number, ref.section, ref.tome, ref.date) if ref else None


# -- header ------------------------------------------------------------------------------------------
def publication_line(regulation: Regulation) -> str:
    ref = regulation.original_publication
    if ref is None:
        return ""
    return ref.source_text or f"Publicado en el {ref.describe()}."


def last_reform_line(expression: Expression, regulation: Regulation) -> str:
    """"Última reforma publicada en el Periódico Oficial No. 40, de fecha …" of this version."""
    act = expression.amending_act
    original = regulation.original_publication
    if act is None or (original is not None and act.sort_key() == original.sort_key()):
        return "Sin reformas publicadas."
    return f"Última reforma publicada en el {GazetteReference(act.number, act.section, act.tome, act.date).describe()}."


def _running_header(regulation: Regulation, expression: Expression) -> str:
    act = expression.amending_act
    tail = ""
    if act is not None and act.date:
        number = f" No. {act.number}" if act.number else ""
        tail = f" — Última reforma P.O.{number}, {act.date:%d-%m-%Y}"
    return short_title(regulation.title) + tail


def _header(doc: Document, regulation: Regulation, expression: Expression,
            options: ConsolidatedOptions) -> None:
    doc.para(regulation.title, Role.TITLE, bold=True)
    for line in (publication_line(regulation), last_reform_line(expression, regulation)):
        if line:
            doc.para(line, Role.META)
    when = options.when or expression.valid_from
    if when:
        doc.para(f"Texto vigente al {format_long_date(when)}.", Role.META)
    if options.upcoming:
        doc.para(f"Próxima versión: entra en vigor el {format_long_date(options.upcoming)}.",
                 Role.META)
    for note in regulation.header_notes:
        doc.para(note, Role.NOTICE, italic=True)
    doc.para(INFORMATIVE_NOTICE, Role.NOTICE, italic=True)


# -- body --------------------------------------------------------------------------------------------
def _heading_levels(root: Provision) -> dict[ProvisionKind, int]:
    """Word heading level of each division kind present (the highest present is level 1)."""
    present = sorted({n.kind for n in root.walk() if n.kind.is_division},
                     key=lambda k: DIVISION_RANK[k])
    return {kind: level for level, kind in enumerate(present, 1)}


def _label(node: Provision) -> str:
    num = node.num.strip()
    kind = node.kind
    if kind is ProvisionKind.ARTICLE:
        return f"ARTÍCULO {num}.-"
    if kind is ProvisionKind.TRANSITIONAL:
        if not num:
            return ""
        return f"ARTÍCULO {num}.-" if num[:1].isdigit() else f"{num}.-"
    if kind in (ProvisionKind.CLAUSE, ProvisionKind.NUMERAL):
        return f"{num}.-"
    if kind is ProvisionKind.ITEM:
        return f"{num})"
    return ""


_INDENT = {ProvisionKind.CLAUSE: 1, ProvisionKind.ITEM: 2, ProvisionKind.NUMERAL: 3}


def provision_paragraph(node: Provision) -> Paragraph:
    """One provision's own line: bold label, heading, text (the canonical wording)."""
    label = _label(node)
    body = f"{node.heading}.- {node.text}" if node.heading else node.text
    runs: list[Run] = []
    if label:
        runs.append(Run(label, bold=True))
        if body:
            runs.append(Run(" "))
    repealed = node.status is ProvisionStatus.REPEALED
    if body:
        runs.append(Run(body, italic=repealed))
    return Paragraph(runs or [Run("")], Role.BODY, _INDENT.get(node.kind, 0))


def _transitional_caption(node: Provision) -> str:
    if node.heading:
        return f"TRANSITORIOS\n({node.heading})"
    if node.decree is not None:
        return f"TRANSITORIOS\n(Del Acuerdo de Cabildo publicado en el {node.decree.describe()})"
    return "TRANSITORIOS"


def _body(doc: Document, node: Provision, levels: dict[ProvisionKind, int]) -> None:
    kind = node.kind
    if kind.is_division:
        text = f"{_DIVISION_WORDS[kind]} {node.num}".strip()
        doc.add(Heading(levels[kind], text + (f"\n{node.heading}" if node.heading else "")))
    elif kind is ProvisionKind.TRANSITIONAL_GROUP:
        doc.add(Heading(1, _transitional_caption(node)))
    else:
        for note in node.notes:
            if note.style is NoteStyle.PREAMBLE:
                doc.add(Paragraph([Run(f"ARTÍCULO {node.num}.- {note.text}", italic=True)],
                                  Role.NOTE))
        doc.add(provision_paragraph(node))
    for note in node.notes:
        if note.style is not NoteStyle.PREAMBLE:
            doc.add(Paragraph([Run(note.text, italic=True)], Role.NOTE, _INDENT.get(kind, 0)))
    for child in node.children:
        _body(doc, child, levels)


def consolidated_document(regulation: Regulation, expression: Expression,
                          options: ConsolidatedOptions = ConsolidatedOptions()) -> Document:
    """The texto vigente of ``expression`` as a ``Document`` (see the module docstring)."""
    root = restyle_notes(expression.root, options.note_style)
    doc = Document(title=regulation.title,
                   running_header=_running_header(regulation, expression),
                   subject="Texto vigente (compilación informativa)",
                   keywords=str(regulation.uri))
    _header(doc, regulation, expression, options)
    levels = _heading_levels(root)
    for child in root.children:
        _body(doc, child, levels)
    return doc
