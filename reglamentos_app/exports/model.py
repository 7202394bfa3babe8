"""A small, format-neutral document model that every writer (docx, html, pdf, txt) renders.

The builders (texto vigente, cuadro comparativo, decree, iniciativa) describe *what* a document
says — headings with their level, paragraphs made of formatted runs, tables, page breaks, the
running header — and the writers decide *how* each format shows it. Keeping one model means the
.docx, the .html and the .pdf of the same export carry exactly the same words, which the tests
check by reading each file back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Role(str, Enum):
    """What a paragraph is, so each writer picks its style (Word style, CSS class…)."""

    TITLE = "title"            # the regulation's or document's title
    META = "meta"              # header lines: publication data, última reforma
    NOTICE = "notice"          # the "informative consolidation" notice, cover notes
    BODY = "body"              # ordinary text (article, fracción…)
    NOTE = "note"              # a reform note (italic, smaller)
    CENTER = "center"          # centred text (cover page, "TRANSITORIOS" captions)
    QUOTE = "quote"            # a provision quoted inside a decree (indented)
    SIGNATURE = "signature"    # closing lines, right-aligned or centred


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    strike: bool = False


@dataclass(slots=True)
class Paragraph:
    """A paragraph: its runs, its role and its indentation level (0 = margin)."""

    runs: list[Run]
    role: Role = Role.BODY
    indent: int = 0

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(slots=True)
class Heading:
    """A navigable heading (Word "Heading n", HTML ``<hn>``, PDF bookmark-sized title)."""

    level: int
    text: str


@dataclass(slots=True)
class Table:
    """A table with a repeated header row; each cell is a list of paragraphs."""

    header: list[str]
    rows: list[list[list[Paragraph]]]
    widths: list[float] = field(default_factory=list)  # relative widths of the columns


@dataclass(frozen=True, slots=True)
class PageBreak:
    """Start a new page (after a cover page)."""


Block = Paragraph | Heading | Table | PageBreak


@dataclass(slots=True)
class Document:
    """A whole document: metadata, page set-up and its blocks in order."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    running_header: str = ""      # printed at the top of every page
    landscape: bool = False
    subject: str = ""
    author: str = "H. Ayuntamiento de Mexicali"
    keywords: str = ""
    # The procedure record's head when the document was made ("N:hash", issue 16): a reader
    # of the file can ask `verify-record --ancla` whether the record still holds it.
    record_anchor: str = ""

    def add(self, block: Block) -> None:
        self.blocks.append(block)

    def para(self, text: str, role: Role = Role.BODY, *, bold: bool = False,
             italic: bool = False, indent: int = 0) -> Paragraph:
        paragraph = Paragraph([Run(text, bold=bold, italic=italic)], role, indent)
        self.blocks.append(paragraph)
        return paragraph

    def plain_text(self) -> str:
        """The document's words, one block per line (what the tests compare across formats)."""
        lines: list[str] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                lines.append(block.text)
            elif isinstance(block, Heading):
                lines.append(block.text)
            elif isinstance(block, Table):
                lines.append(" | ".join(block.header))
                for row in block.rows:
                    lines.append(" | ".join("\n".join(p.text for p in cell) for cell in row))
        return "\n".join(lines)
