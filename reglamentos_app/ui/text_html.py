"""A regulation's text as HTML for the viewer (Qt's rich-text subset), plus date formatting.

This module is pure string building, so it is easy to test without widgets. It follows the
way the Periódico Oficial prints regulations: the title and publication data on top; títulos,
capítulos and other divisions centred and bold; the article number bold ("Artículo 5.-");
fracciones, incisos and numerales indented one step per level; repealed text grey. Reform
notes all look alike and say what they are: after the provision they belong to (also the
"Fue reformado por…" kind the gazette prints above it, which on screen read as a note of the
previous article), indented with it, labelled "Nota de reforma:" in small grey italics. Every provision starts with an ``<a name="EID">`` anchor so the
structure tree can ``scrollToAnchor(eid)``. Qt's HTML engine ignores most CSS, so only what it
honours is used (``align``, ``margin-left`` in px, ``color``, ``font-size``).
"""

from __future__ import annotations

from datetime import date
from html import escape

from ..domain.provisions import Provision, ProvisionKind, ProvisionStatus
from ..domain.regulation import Expression, Regulation

INDENT_PX = 28
GREY = "#7a7a7a"
NOTE_STYLE = f"color:{GREY}; font-size:small;"
NOTE_INDENT_PX = 12   # a note sits a little inside its provision, never under the next one
# The kinds that are indented one step deeper than their parent.
_NESTED = (ProvisionKind.CLAUSE, ProvisionKind.ITEM, ProvisionKind.NUMERAL)


def format_date(value: date | None) -> str:
    """dd/mm/aaaa, or an em dash when there is no date."""
    return value.strftime("%d/%m/%Y") if value else "—"


def regulation_html(regulation: Regulation, expression: Expression) -> str:
    """The whole document: header, then every provision in order."""
    parts = [_header(regulation, expression)]
    for child in expression.root.children:
        _provision(child, 0, parts)
    return "<html><body>" + "\n".join(parts) + "</body></html>"


def _header(regulation: Regulation, expression: Expression) -> str:
    lines = [f'<h2 align="center">{_text(regulation.title)}</h2>']
    info = []
    if regulation.original_publication:
        ref = regulation.original_publication
        info.append(ref.source_text or f"Publicado en el {ref.describe()}.")
    reform = expression.amending_act or regulation.last_reform
    if reform:
        info.append(reform.source_text or f"Última reforma publicada en el {reform.describe()}.")
    validity = f"Texto vigente desde el {format_date(expression.valid_from)}"
    if expression.valid_until:
        validity += f" hasta el {format_date(expression.valid_until)}"
    info.append(f"{validity}. Estado: {regulation.status.label}.")
    lines.extend(f'<p align="center">{_text(line)}</p>' for line in info)
    lines.extend(f'<p align="center" style="{NOTE_STYLE}"><i>{_text(note)}</i></p>'
                 for note in regulation.header_notes)
    lines.append("<hr/>")
    return "\n".join(lines)


def _provision(node: Provision, level: int, out: list[str]) -> None:
    anchor = f'<a name="{escape(node.eid, quote=True)}"></a>'
    if node.kind.is_division or node.kind is ProvisionKind.TRANSITIONAL_GROUP:
        out.append(_division(node, anchor))
        _notes(node, level, out, after=True)
        for child in node.children:
            _provision(child, 0, out)
        return
    out.append(_paragraph(node, level, anchor))
    _notes(node, level, out, after=True)
    for child in node.children:
        _provision(child, level + 1 if child.kind in _NESTED else level, out)


def _division(node: Provision, anchor: str) -> str:
    if node.kind is ProvisionKind.TRANSITIONAL_GROUP:
        heading = "TRANSITORIOS"
        sub = f'<br/><span style="font-size:small;">({_text(node.heading)})</span>' \
            if node.heading else ""
    else:
        heading = f"{node.kind.label.upper()} {node.num}".strip()
        sub = f"<br/>{_text(node.heading)}" if node.heading else ""
    return f'<p align="center" style="margin-top:14px;">{anchor}<b>{_text(heading)}{sub}</b></p>'


def _paragraph(node: Provision, level: int, anchor: str) -> str:
    label = _number_label(node)
    body = _text(node.text)
    if node.heading:
        body = f"<i>{_text(node.heading)}.-</i> {body}"
    if node.status is ProvisionStatus.REPEALED:
        body = f'<span style="color:{GREY};">{body}</span>'
    label_html = f"<b>{_text(label)}</b> " if label else ""
    return f'<p style="margin-left:{level * INDENT_PX}px;">{anchor}{label_html}{body}</p>'


def _number_label(node: Provision) -> str:
    """"Artículo 5 Bis.-", "III.-", "a)", "PRIMERO.-"; nothing for an unnumbered párrafo."""
    if not node.num:
        return ""
    if node.kind is ProvisionKind.ARTICLE:
        return f"{node.display_label()}.-"
    if node.kind is ProvisionKind.ITEM:
        return f"{node.num})"
    if node.kind is ProvisionKind.TRANSITIONAL and node.num[:1].isdigit():
        return f"Artículo {node.num}.-"
    return f"{node.num}.-"


def _notes(node: Provision, level: int, out: list[str], *, after: bool = True) -> None:
    """Every note of ``node`` right after it, one labelled style (see the module docstring);
    ``after`` is kept for the divisions' call and must be True."""
    for note in node.notes:
        # A note that already says "Nota…" is not labelled twice.
        prefix = "" if note.text.lstrip("( ").lower().startswith("nota") else \
            "<b>Nota de reforma:</b> "
        out.append(f'<p style="margin-left:{level * INDENT_PX + NOTE_INDENT_PX}px; '
                   f'{NOTE_STYLE}">{prefix}<i>{_text(note.text)}</i></p>')


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br/>")
