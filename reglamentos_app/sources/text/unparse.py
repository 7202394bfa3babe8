"""Provision tree → canonical plain text (the inverse of ``parse_text``).

The canonical form is the one described in docs/formato-texto.md: one line per paragraph,
a blank line between lines, "ARTÍCULO n.- Epígrafe.- texto", notes in their own house style
right after the provision they belong to ("Fue reformado…" lines right before the article).
Parsing the output gives back the same tree; the round-trip tests check this for every file.
"""

from __future__ import annotations

from ...domain.provisions import NoteStyle, Provision, ProvisionKind
from ..document import ParsedDocument

_DIVISION_WORDS = {
    ProvisionKind.BOOK: "LIBRO", ProvisionKind.TITLE: "TÍTULO",
    ProvisionKind.CHAPTER: "CAPÍTULO", ProvisionKind.SECTION: "SECCIÓN",
}


def unparse(doc: ParsedDocument) -> str:
    """Canonical text of a whole document, header included."""
    blocks: list[str] = []
    if doc.title:
        blocks.append(doc.title)
    blocks.extend(line for line in (doc.publication_line, doc.last_reform_line) if line)
    blocks.extend(doc.header_notes)
    for child in doc.root.children:
        blocks.extend(_node(child))
    return "\n\n".join(blocks) + "\n"


def unparse_tree(root: Provision) -> str:
    """Canonical text of a provision tree alone (no header)."""
    blocks: list[str] = []
    for child in root.children:
        blocks.extend(_node(child))
    return "\n\n".join(blocks) + "\n"


def _node(node: Provision) -> list[str]:
    out: list[str] = []
    kind = node.kind
    if kind.is_division:
        out.append(f"{_DIVISION_WORDS[kind]} {node.num}".strip())
        if node.heading:
            out.append(node.heading)
    elif kind is ProvisionKind.TRANSITIONAL_GROUP:
        out.append("TRANSITORIOS")
        if node.heading:
            out.append(f"({node.heading})")
    else:
        out.extend(f"ARTÍCULO {node.num}.- {n.text}" for n in node.notes
                   if n.style is NoteStyle.PREAMBLE)
        out.append(_own_line(node))
    out.extend(n.text for n in node.notes if n.style is not NoteStyle.PREAMBLE)
    for child in node.children:
        out.extend(_node(child))
    return out


def _own_line(node: Provision) -> str:
    body = f"{node.heading}.- {node.text}" if node.heading else node.text
    if node.kind is ProvisionKind.ARTICLE:
        return f"ARTÍCULO {node.num}.- {body}".rstrip()
    if node.kind is ProvisionKind.TRANSITIONAL:
        if not node.num:
            return body
        label = f"ARTÍCULO {node.num}" if node.num[:1].isdigit() else node.num
        return f"{label}.- {body}".rstrip()
    if node.kind is ProvisionKind.CLAUSE:
        return f"{node.num}.- {body}".rstrip()
    if node.kind is ProvisionKind.ITEM:
        return f"{node.num}) {body}".rstrip()
    if node.kind is ProvisionKind.NUMERAL:
        return f"{node.num}.- {body}".rstrip()
    return body
