"""``Document`` → HTML: a standalone page for the web, or the subset Qt's PDF writer reads.

The standalone page (``to_html``) is UTF-8 HTML5 with its own style sheet, ``lang="es"``, the
document's title and description in ``<meta>``, and one ``id`` per heading so a link can point
at a capítulo. ``qt_html`` writes the same blocks in the HTML subset ``QTextDocument``
understands (attributes instead of most CSS, ``<thead>`` so tables repeat their header row on
every page).
"""

from __future__ import annotations

from html import escape

from .model import Document, Heading, PageBreak, Paragraph, Role, Run, Table

__all__ = ["qt_html", "to_html"]

_CSS = """
body { font-family: Arial, "Liberation Sans", sans-serif; font-size: 11pt; line-height: 1.4;
       max-width: 52em; margin: 2em auto; padding: 0 1em; color: #111; }
body.landscape { max-width: 80em; }
h1, h2, h3, h4 { text-align: center; font-size: 12pt; margin: 1.4em 0 .6em; }
p { text-align: justify; margin: 0 0 .5em; }
p.title { text-align: center; font-size: 14pt; font-weight: bold; }
p.meta, p.center, p.signature { text-align: center; }
p.meta { font-size: 10pt; }
p.notice { text-align: center; font-size: 9pt; font-style: italic; color: #444; }
p.note { font-size: 9pt; font-style: italic; color: #444; }
p.quote { margin-left: 2.5em; }
td p { text-align: left; }
p.indent1 { margin-left: 2em; } p.indent2 { margin-left: 4em; } p.indent3 { margin-left: 6em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #555; padding: .4em; vertical-align: top; }
th { background: #d9d9d9; }
del, s { color: #a00; }
ins { text-decoration: underline; font-weight: bold; color: inherit; }
.pagebreak { page-break-after: always; }
header.running { font-size: 8pt; color: #555; text-align: center; }
"""


def _run(run: Run, *, qt: bool) -> str:
    text = escape(run.text).replace("\n", "<br>\n")
    if run.bold and run.underline and not qt:
        text = f"<ins>{text}</ins>"
    else:
        if run.bold:
            text = f"<b>{text}</b>"
        if run.underline:
            text = f"<u>{text}</u>"
    if run.italic:
        text = f"<i>{text}</i>"
    if run.strike:
        text = (f'<s style="color:#a00000">{text}</s>' if qt else f"<del>{text}</del>")
    return text


_QT_PARAGRAPH = {
    Role.TITLE: ("center", "font-size:14pt; font-weight:bold"),
    Role.META: ("center", "font-size:10pt"),
    Role.NOTICE: ("center", "font-size:9pt; font-style:italic"),
    Role.NOTE: ("justify", "font-size:9pt; font-style:italic"),
    Role.CENTER: ("center", ""), Role.SIGNATURE: ("center", ""),
    Role.QUOTE: ("justify", ""), Role.BODY: ("justify", ""),
}
_QUOTE_MARGIN = 36


def _paragraph(block: Paragraph, *, qt: bool, in_table: bool = False) -> str:
    inner = "".join(_run(r, qt=qt) for r in block.runs)
    if qt:
        align, style = _QT_PARAGRAPH[block.role]
        if in_table and align == "justify":
            align = "left"  # justified text in narrow columns leaves wide gaps
        margin = 24 * block.indent + (_QUOTE_MARGIN if block.role is Role.QUOTE else 0)
        if margin:
            style = f"{style}; margin-left:{margin}px".lstrip("; ")
        style_attr = f' style="{style}"' if style else ""
        return f'<p align="{align}"{style_attr}>{inner}</p>'
    classes = [block.role.value] + ([f"indent{block.indent}"] if block.indent else [])
    return f'<p class="{" ".join(classes)}">{inner}</p>'


def _heading(block: Heading, index: int, *, qt: bool) -> str:
    level = min(max(block.level, 1), 6)
    text = escape(block.text).replace("\n", "<br>\n")
    if qt:
        return (f'<p align="center" style="font-size:12pt; font-weight:bold; margin-top:12px">'
                f"{text}</p>")
    return f'<h{level} id="h{index}">{text}</h{level}>'


def _table(block: Table, *, qt: bool) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in block.header)
    total = sum(block.widths) if block.widths else 0
    cols = ""
    if total:
        cols = "".join(f'<col width="{100 * w / total:.0f}%">' for w in block.widths)
    body = []
    for row in block.rows:
        cells = []
        for i, cell in enumerate(row):
            width = f' width="{100 * block.widths[i] / total:.0f}%"' if qt and total else ""
            cells.append(f"<td{width}>" + "".join(_paragraph(p, qt=qt, in_table=True) for p in cell) + "</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    if qt:
        return ('<table border="1" cellspacing="0" cellpadding="4" width="100%">'
                f'<thead><tr bgcolor="#d9d9d9">{head}</tr></thead>' + "".join(body) + "</table>")
    return f"<table>{cols}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _blocks(doc: Document, *, qt: bool) -> list[str]:
    out: list[str] = []
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph):
            out.append(_paragraph(block, qt=qt))
        elif isinstance(block, Heading):
            out.append(_heading(block, index, qt=qt))
        elif isinstance(block, Table):
            out.append(_table(block, qt=qt))
        elif isinstance(block, PageBreak):
            out.append('<p style="page-break-after:always"></p>' if qt
                       else '<div class="pagebreak"></div>')
    return out


def to_html(doc: Document) -> str:
    """A standalone UTF-8 HTML5 page (see the module docstring)."""
    body_class = ' class="landscape"' if doc.landscape else ""
    running = (f'<header class="running">{escape(doc.running_header)}</header>\n'
               if doc.running_header else "")
    return ("<!DOCTYPE html>\n<html lang=\"es\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{escape(doc.title)}</title>\n"
            f'<meta name="description" content="{escape(doc.subject)}">\n'
            f'<meta name="author" content="{escape(doc.author)}">\n'
            f'<meta name="keywords" content="{escape(doc.keywords)}">\n'
            + (f'<meta name="reglamentos-ancla-registro" content="{escape(doc.record_anchor)}">\n'
               if doc.record_anchor else "") +
            f"<style>{_CSS}</style>\n</head>\n<body{body_class}>\n{running}"
            + "\n".join(_blocks(doc, qt=False)) + "\n</body>\n</html>\n")


def qt_html(doc: Document) -> str:
    """The same blocks in the HTML subset of ``QTextDocument`` (for the PDF writer)."""
    return "<html><body>" + "".join(_blocks(doc, qt=True)) + "</body></html>"
