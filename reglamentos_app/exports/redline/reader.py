"""Read a redline the reviewer returns: paragraphs with their revisions, and the comments.

python-docx's ``Paragraph.text`` silently drops text inside ``w:ins`` (ECOSYSTEM.md §1.2), so
this reader walks the XML itself. Each paragraph becomes a list of atoms — plain text, text
inserted or deleted by a pending revision (with its author), comment starts and ends — plus
the hidden bookmarks that name the provision and the state of the paragraph mark. Revisions
the reviewer accepted are plain text by now and rejected ones are gone; the ``decisions``
module tells which was which by comparing with the units that were written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from .model import FORMAT_TAG, RedlineMeta, RedlineRejected
from .safezip import open_package, parse_xml, read_part

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CP = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_P, _PPR, _RPR = _w("p"), _w("pPr"), _w("rPr")
_INS = {_w("ins"), _w("moveTo")}
_DEL = {_w("del"), _w("moveFrom")}
_TEXT = {_w("t"): None, _w("delText"): None, _w("br"): "\n", _w("cr"): "\n", _w("tab"): "\t",
         _w("noBreakHyphen"): "-", _w("softHyphen"): ""}
# Private-use characters mark pending revisions in ``marked``; they never occur in legal text.
INS_OPEN, INS_CLOSE, DEL_OPEN, DEL_CLOSE = "\ue000", "\ue001", "\ue002", "\ue003"
_MARKERS = {ord(c): None for c in (INS_OPEN, INS_CLOSE, DEL_OPEN, DEL_CLOSE)}


@dataclass(frozen=True, slots=True)
class Atom:
    """A piece of a paragraph: ``state`` is plain, ins, del, cstart, cend or cref."""

    state: str
    text: str = ""
    author: str = ""
    date: str = ""


@dataclass(frozen=True, slots=True)
class ForeignRevision:
    """A pending revision made by someone other than the drafter (the reviewer's own edit)."""

    kind: str  # "ins" or "del"
    author: str
    date: str
    text: str


@dataclass(slots=True)
class ReturnedParagraph:
    """One paragraph of the returned file (see the module docstring)."""

    position: int
    atoms: list[Atom]
    bookmarks: list[str] = field(default_factory=list)
    mark: tuple[str, str] | None = None  # ("ins"|"del", author) of a pending paragraph mark

    def marked(self, drafter: str) -> str:
        """Text with the drafter's pending revisions wrapped in markers; others' undone."""
        out = []
        for atom in self.atoms:
            if atom.state == "plain":
                out.append(atom.text)
            elif atom.state == "ins":
                out.append(f"{INS_OPEN}{atom.text}{INS_CLOSE}" if atom.author == drafter else "")
            elif atom.state == "del":
                out.append(f"{DEL_OPEN}{atom.text}{DEL_CLOSE}" if atom.author == drafter
                           else atom.text)
        return "".join(out)

    def view(self, drafter: str) -> tuple[str, dict[str, list[int]]]:
        """The text as imported (drafter's pending accepted, others' undone) and the offsets
        of each comment's start and end in it."""
        out: list[str] = []
        length = 0
        anchors: dict[str, list[int]] = {}
        for atom in self.atoms:
            piece = ""
            if atom.state == "plain" or (atom.state == "ins" and atom.author == drafter) or (
                    atom.state == "del" and atom.author != drafter):
                piece = atom.text
            elif atom.state in ("cstart", "cref") and atom.text not in anchors:
                anchors[atom.text] = [length, length]
            elif atom.state == "cend":
                anchors.setdefault(atom.text, [length, length])[1] = length
            out.append(piece)
            length += len(piece)
        return "".join(out), anchors

    def foreign(self, drafter: str) -> list[ForeignRevision]:
        return [ForeignRevision(a.state, a.author, a.date, a.text) for a in self.atoms
                if a.state in ("ins", "del") and a.author != drafter and a.text.strip()]

    def pending_count(self, drafter: str) -> int:
        return sum(1 for a in self.atoms if a.state in ("ins", "del") and a.author == drafter)


@dataclass(frozen=True, slots=True)
class ReturnedComment:
    ident: str
    author: str
    date: str
    text: str


@dataclass(slots=True)
class ReturnedDocument:
    paragraphs: list[ReturnedParagraph]
    comments: dict[str, ReturnedComment]
    properties: dict[str, str]

    def meta(self) -> RedlineMeta | None:
        """The export's identity, when the custom properties survived the round trip."""
        props = self.properties
        if props.get("reglamentos.formato") != FORMAT_TAG:
            return None
        try:
            revisions = {}
            for key, value in props.items():
                if key.startswith("reglamentos.destino."):
                    revision, uri = value.split(" ", 1)
                    revisions[uri] = int(revision)
            return RedlineMeta(int(props["reglamentos.proyecto"]), "",
                               props.get("reglamentos.autor", ""),
                               datetime.fromisoformat(props["reglamentos.fecha"]
                                                      .replace("Z", "+00:00")), revisions)
        except (KeyError, ValueError) as exc:
            raise RedlineRejected("Los datos de identificación del redline están dañados.",
                                  detail=str(exc)) from exc


def read_redline(data: bytes, name: str = "redline.docx") -> ReturnedDocument:
    """Parse a returned .docx (untrusted: see ``safezip``)."""
    archive = open_package(data, name)
    body_xml = read_part(archive, "word/document.xml", name)
    assert body_xml is not None  # open_package checked it is there
    root = parse_xml(body_xml, "word/document.xml", name)
    body = root.find(_w("body"))
    if body is None:
        raise RedlineRejected(f"«{name}» no tiene cuerpo de documento.")
    paragraphs = [_paragraph(i, p) for i, p in enumerate(body.iter(_P))]
    comments: dict[str, ReturnedComment] = {}
    comments_xml = read_part(archive, "word/comments.xml", name)
    if comments_xml:
        for element in parse_xml(comments_xml, "word/comments.xml", name).iter(_w("comment")):
            ident = element.get(_w("id"), "")
            text = "\n".join("".join(t.text or "" for t in p.iter(_w("t")))
                             for p in element.iter(_P)).strip()
            comments[ident] = ReturnedComment(ident, element.get(_w("author"), ""),
                                              element.get(_w("date"), ""), text)
    properties: dict[str, str] = {}
    custom = read_part(archive, "docProps/custom.xml", name)
    if custom:
        for prop in parse_xml(custom, "docProps/custom.xml", name).iter(f"{{{_CP}}}property"):
            value = next((v.text or "" for v in prop), "")
            properties[prop.get("name", "")] = value
    return ReturnedDocument(paragraphs, comments, properties)


def _paragraph(position: int, p: etree._Element) -> ReturnedParagraph:
    atoms: list[Atom] = []
    bookmarks: list[str] = []
    mark = None
    ppr = p.find(_PPR)
    if ppr is not None:
        rpr = ppr.find(_RPR)
        if rpr is not None:
            for child in rpr:
                if child.tag in _INS or child.tag in _DEL:
                    mark = ("ins" if child.tag in _INS else "del", child.get(_w("author"), ""))
    for element in p.iter():
        tag = element.tag
        if tag == _w("bookmarkStart"):
            bookmarks.append(element.get(_w("name"), ""))
        elif tag == _w("commentRangeStart"):
            atoms.append(Atom("cstart", element.get(_w("id"), "")))
        elif tag == _w("commentRangeEnd"):
            atoms.append(Atom("cend", element.get(_w("id"), "")))
        elif tag == _w("commentReference"):
            atoms.append(Atom("cref", element.get(_w("id"), "")))
        elif tag in _TEXT:
            context = _context(element, p)
            if context is None:
                continue
            text = (element.text or "") if _TEXT[tag] is None else _TEXT[tag]
            text = text.translate(_MARKERS)
            if not text:
                continue
            state, revision = context
            author = revision.get(_w("author"), "") if revision is not None else ""
            date = revision.get(_w("date"), "") if revision is not None else ""
            if atoms and atoms[-1].state == state and atoms[-1].author == author \
                    and atoms[-1].date == date:
                atoms[-1] = Atom(state, atoms[-1].text + text, author, date)
            else:
                atoms.append(Atom(state, text, author, date))
    return ReturnedParagraph(position, atoms, bookmarks, mark)


def _context(element: etree._Element, p: etree._Element
             ) -> tuple[str, etree._Element | None] | None:
    """("plain"|"ins"|"del", revision element), or None for text that is not the paragraph's
    own (inside another paragraph, a text box, or run properties)."""
    node = element.getparent()
    while node is not None and node is not p:
        tag = node.tag
        if tag == _P or tag == _PPR or tag == _RPR:
            return None
        if tag in _INS:
            return "ins", node
        if tag in _DEL:
            return "del", node
        node = node.getparent()
    return "plain", None
