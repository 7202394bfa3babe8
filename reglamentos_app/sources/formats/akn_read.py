"""Reading Akoma Ntoso 3.0: ours back into the same tree, and AKN written by other tools.

Our own files carry ``rg:`` attributes (kind, permanent id, status, parsed gazette references)
and give back exactly the tree that was exported. A file made by another tool (for instance
Laws.Africa's ``bluebell``) is read from its element names: ``book``/``part``/``title``/
``chapter``/``section``/``article``/``paragraph``/``point``/``list``, a ``transitional`` block,
``blockList`` items inside content, notes in ``meta/notes`` (through ``noteRef``) and inline
``authorialNote``. Whatever has no place in our model (tables, a preamble, attachments, an
unknown container) is listed in the import report with its line — never dropped silently.

The file is untrusted: ``xmlsafe`` refuses a DOCTYPE or entities and never touches the
network; the size and the number of elements are limited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from lxml import etree

from ...domain.errors import ImportFailed
from ...domain.gazette import GazetteReference
from ...domain.numbering import fold, is_roman
from ...domain.provisions import (
    NoteAction, NoteStyle, Provision, ProvisionKind, ProvisionStatus, ReformNote, assign_eids,
)
from ...domain.report import ImportReport, WarningKind, count_provisions
from ..document import ParsedDocument
from ..text.builder import make_note
from .xmlsafe import parse_xml

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
RG = "https://reglamentos.mexicali.gob.mx/ns/akn-extension/1.0"
MAX_AKN_BYTES = 50 * 1024 * 1024
# Far above a real text (our AKN of the 450-page Ley Federal del Trabajo: 29,342 elements),
# low enough that a file of empty tags cannot make the parser build a huge tree.
MAX_ELEMENTS = 1_000_000


def a(tag: str) -> str:
    return f"{{{AKN}}}{tag}"


def rg(name: str) -> str:
    return f"{{{RG}}}{name}"


_BY_ELEMENT = {
    "book": ProvisionKind.BOOK, "part": ProvisionKind.BOOK, "tome": ProvisionKind.BOOK,
    "title": ProvisionKind.TITLE, "subtitle": ProvisionKind.TITLE,
    "chapter": ProvisionKind.CHAPTER, "subchapter": ProvisionKind.CHAPTER,
    "section": ProvisionKind.SECTION, "subsection": ProvisionKind.SECTION,
    "division": ProvisionKind.SECTION, "subdivision": ProvisionKind.SECTION,
    "subpart": ProvisionKind.SECTION, "article": ProvisionKind.ARTICLE,
    "paragraph": ProvisionKind.PARAGRAPH, "subparagraph": ProvisionKind.PARAGRAPH,
    "alinea": ProvisionKind.PARAGRAPH, "list": ProvisionKind.PARAGRAPH,
    "point": ProvisionKind.CLAUSE, "item": ProvisionKind.CLAUSE, "indent": ProvisionKind.CLAUSE,
    "transitional": ProvisionKind.TRANSITIONAL_GROUP,
}
_OWN_PARTS = ("num", "heading", "subheading", "intro", "content", "wrapUp")
_IGNORED_PARTS = ("meta", "coverPage")
_SKIPPED_TEXT = ("authorialNote",)


@dataclass
class AknIdentity:
    """What an AKN file says about itself: work URI, version date, kind, publications."""

    uri: str = ""
    when: date | None = None
    name: str = "reglamento"
    reforms: list[GazetteReference] = field(default_factory=list)


# -- entry points ------------------------------------------------------------------------------

def read_akn(path: Path) -> ParsedDocument:
    """Parse an AKN 3.0 file into a ``ParsedDocument`` (see the module docstring)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(f"No se pudo leer «{path.name}»: {exc.strerror}.") from exc
    return akn_to_document(data, path.name)


def parse_akn(data: bytes, name: str):
    """The ``act`` (or other document) element of untrusted AKN bytes, checked and limited."""
    if len(data) > MAX_AKN_BYTES:
        raise ImportFailed(f"«{name}» es demasiado grande para importarse "
                           f"(más de {MAX_AKN_BYTES // (1024 * 1024)} MB).")
    if data.count(b"<") > 2 * MAX_ELEMENTS:  # counted before parsing, which would build it all
        raise ImportFailed(f"«{name}» tiene demasiados elementos XML para importarse.")
    root = parse_xml(data, name)
    if root.tag != a("akomaNtoso"):
        raise ImportFailed(f"«{name}» no es un documento Akoma Ntoso 3.0 (el elemento raíz es "
                           f"«{etree.QName(root).localname}»).")
    count = 0
    for _ in root.iter():
        count += 1
        if count > MAX_ELEMENTS:
            raise ImportFailed(f"«{name}» tiene demasiados elementos XML para importarse.")
    act = next((c for c in root if isinstance(c.tag, str)), None)
    if act is None:
        raise ImportFailed(f"«{name}» no contiene ningún documento Akoma Ntoso.")
    return act


def akn_identity(data: bytes, name: str = "documento.xml") -> AknIdentity:
    """Work URI (ours when we wrote it), version date, kind and reform publications."""
    act = parse_akn(data, name)
    ident = AknIdentity(name=act.get("name", "reglamento"))
    work = act.find(f"{a('meta')}/{a('identification')}/{a('FRBRWork')}")
    if work is not None:
        alias = next((e for e in work.findall(a("FRBRalias")) if e.get("name") == "reglamentos"),
                     None)
        uri = work.find(a("FRBRuri"))
        ident.uri = (alias if alias is not None else uri).get("value", "") if (
            alias is not None or uri is not None) else ""
    expr_date = act.find(f"{a('meta')}/{a('identification')}/{a('FRBRExpression')}/{a('FRBRdate')}")
    if expr_date is not None:
        ident.when = _date(expr_date.get("date", ""))
    for ref in act.iterfind(f"{a('meta')}/{a('references')}/{a('TLCReference')}"):
        if ref.get(rg("evento")) == "amendment":
            gazette = get_gazette(ref)
            if gazette is not None:
                ident.reforms.append(gazette)
    return ident


def akn_to_document(data: bytes, name: str = "documento.xml") -> ParsedDocument:
    act = parse_akn(data, name)
    if act.find(f"{a('meta')}/{a('analysis')}/{a('activeModifications')}") is not None:
        # Importing the decree as if it were a regulation would store its instructions and
        # quoted fragments as provisions: say what it is and how to use it instead.
        raise ImportFailed(f"«{name}» es un acuerdo de reforma (acto modificatorio Akoma "
                           "Ntoso), no el texto de un reglamento. Para ver el texto vigente que "
                           "resulta de aplicarlo use «reglamentos exportar aplicado».")
    doc = ParsedDocument(report=ImportReport(name))
    reader = _Reader(doc.report, _meta_notes(act))
    for child in act:
        if not isinstance(child.tag, str):
            continue
        local = etree.QName(child).localname
        if local == "preface":
            _preface(child, doc)
        elif local in ("body", "mainBody"):
            doc.root.children.extend(reader.children(child))
        elif local not in _IGNORED_PARTS:
            reader.unknown(child, "no se importó (el programa no guarda esa parte)")
    if act.find(a("body")) is None and act.find(a("mainBody")) is None:
        raise ImportFailed(f"«{name}» no tiene cuerpo (body) con disposiciones.")
    doc.version_date = _own_version_date(act)
    doc.report.counts = count_provisions(doc.root)
    if not doc.root.children:
        doc.report.warn(0, "No se encontraron artículos ni divisiones en el documento.")
    for eid in assign_eids(doc.root):
        doc.report.warn(0, f"Identificador repetido «{eid}».")
    return doc


# -- parts ---------------------------------------------------------------------------------------

def _date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw[:10]) if raw else None
    except ValueError:
        return None


def _own_version_date(act) -> date | None:
    """The version date of an AKN we wrote (its FRBRExpression date named «version»). Other
    tools often put the date the file was generated there, so theirs is not taken."""
    path = f"{a('meta')}/{a('identification')}/{a('FRBRExpression')}/{a('FRBRdate')}"
    el = act.find(path)
    return _date(el.get("date", "")) if el is not None and el.get("name") == "version" else None


def get_gazette(el, prefix: str = "po-") -> GazetteReference | None:
    if el.get(rg(prefix + "fecha")) is None:
        return None
    def attr(name: str) -> str:
        return el.get(rg(prefix + name), "")

    return GazetteReference(attr("numero"), attr("seccion"), attr("tomo"), _date(attr("fecha")),
                            attr("texto"))


def text_of(el) -> str:
    """Whitespace-normalised text of ``el``, without the text of inline notes."""
    if el is None:
        return ""
    parts: list[str] = []

    def walk(node) -> None:
        if isinstance(node.tag, str) and etree.QName(node).localname in _SKIPPED_TEXT:
            return
        if node.text and isinstance(node.tag, str):
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return " ".join("".join(parts).split())


def _note_from(el) -> ReformNote:
    """A ``note``/``authorialNote``/``remark``: ours from ``rg:``, a foreign one from its words."""
    text = text_of_blocks(el)
    if el.get(rg("nota")) is None:
        return make_note(NoteStyle.EDITOR, text)
    try:
        style = NoteStyle(el.get(rg("nota"), "editor"))
        action = NoteAction(el.get(rg("accion"), "other"))
    except ValueError:
        return make_note(NoteStyle.EDITOR, text)
    return ReformNote(style, text, action, get_gazette(el))


def text_of_blocks(el) -> str:
    blocks = [text_of(p) for p in el if isinstance(p.tag, str)]
    return "\n".join(b for b in blocks if b) if blocks else text_of(el)


def _meta_notes(act) -> dict[str, ReformNote]:
    notes = {}
    for note in act.iterfind(f"{a('meta')}/{a('notes')}/{a('note')}"):
        if note.get("eId"):
            notes[note.get("eId")] = _note_from(note)
    return notes


def _preface(preface, doc: ParsedDocument) -> None:
    for p in preface:
        if not isinstance(p.tag, str):
            continue
        cls = p.get("class", "")
        text = text_of(p)
        title = p.find(f".//{a('docTitle')}")
        if cls == "titulo" or title is not None or (p.tag == a("longTitle") and not doc.title):
            doc.title = text_of(title) or text
        elif cls == "publicacion":
            doc.publication_line, doc.original_publication = text, get_gazette(p)
        elif cls == "ultima_reforma":
            doc.last_reform_line, doc.last_reform = text, get_gazette(p)
        elif text:
            doc.header_notes.append(text)


def _kind(el, num: str) -> ProvisionKind | None:
    tipo = el.get(rg("tipo"))
    if tipo:
        try:
            return ProvisionKind(tipo)
        except ValueError:
            return None
    local = etree.QName(el).localname
    if local == "hcontainer" and "transitori" in (el.get("name", "") + el.get("class", "")).lower():
        return ProvisionKind.TRANSITIONAL_GROUP
    kind = _BY_ELEMENT.get(local)
    if kind is ProvisionKind.CLAUSE and num:
        return point_kind(num)
    return kind


def point_kind(num: str) -> ProvisionKind:
    """Fracción (Roman), inciso (letter) or numeral (digits), from how a point is numbered."""
    token = num.strip(" .-)(").split()[0] if num.strip(" .-)(") else ""
    if token.isdigit():
        return ProvisionKind.NUMERAL
    if token and (not is_roman(token.upper()) or token.islower()):
        return ProvisionKind.ITEM
    return ProvisionKind.CLAUSE


_NUM_WORDS = ("articulo", "art.", "capitulo", "titulo", "seccion", "libro", "fraccion",
              "inciso", "numeral", "transitorio")


def foreign_num(num: str) -> str:
    """A number as we store it: "Artículo 5.-" → "5", "I." → "I", "a)" → "a"."""
    words = num.split()
    if len(words) > 1 and fold(words[0]) in _NUM_WORDS:
        words = words[1:]
    return " ".join(words).strip(" .-–—:)(")


class _Reader:
    """Walks the body; reports what it cannot place."""

    def __init__(self, report: ImportReport, notes: dict[str, ReformNote]) -> None:
        self.report = report
        self.notes = notes

    def unknown(self, el, what: str) -> None:
        local = etree.QName(el).localname
        excerpt = text_of(el)[:80]
        self.report.warn(el.sourceline or 0, f"Elemento Akoma Ntoso «{local}» {what}"
                         + (f": «{excerpt}»" if excerpt else "") + ".", WarningKind.STRUCTURE)

    def children(self, parent, in_transitional: bool = False) -> list[Provision]:
        out = []
        for child in parent:
            if not isinstance(child.tag, str):
                continue
            if etree.QName(child).namespace != AKN:
                self.unknown(child, "de otro espacio de nombres no se importó")
                continue
            if child.tag == a("hcontainer") and child.get("name") == "vacio":
                continue
            node = self.node(child, in_transitional)
            if node is not None:
                out.append(node)
        return out

    def node(self, el, in_transitional: bool) -> Provision | None:
        num = text_of(el.find(a("num")))
        if el.get(rg("tipo")) is None:
            num = foreign_num(num)
        kind = _kind(el, num)
        local = etree.QName(el).localname
        if kind is None or kind is ProvisionKind.ROOT:
            if local in ("hcontainer", "level", "clause", "subclause", "rule", "subrule",
                         "proviso", "sublist"):
                kind = ProvisionKind.PARAGRAPH
                self.unknown(el, "sin equivalente se importó como párrafo")
            else:
                self.unknown(el, "no se reconoce y no se importó")
                return None
        if in_transitional and kind is ProvisionKind.ARTICLE and el.get(rg("tipo")) is None:
            kind = ProvisionKind.TRANSITIONAL
        node = Provision(kind, num=num, heading=text_of(el.find(a("heading"))),
                         pid=el.get(rg("pid"), ""))
        if el.get(rg("estado")) == ProvisionStatus.REPEALED.value:
            node.status = ProvisionStatus.REPEALED
        node.decree = get_gazette(el, "decreto-")
        texts: list[str] = []
        inside = in_transitional or kind is ProvisionKind.TRANSITIONAL_GROUP
        for child in el:
            if not isinstance(child.tag, str):
                continue
            part = etree.QName(child).localname
            if part in _OWN_PARTS:
                self._collect_notes(child, node)
                if part in ("intro", "content", "wrapUp"):
                    texts.extend(self._blocks(child, node))
            elif part == "remark":  # notes as our exports before 3.0 validity wrote them
                node.notes.append(_note_from(child))
            else:
                node.children.extend(self._child(child, inside))
        node.text = "\n".join(t for t in texts if t)
        return node

    def _child(self, el, inside: bool) -> list[Provision]:
        """The provision of a nested element (none when it is reported instead)."""
        if etree.QName(el).namespace != AKN:
            self.unknown(el, "de otro espacio de nombres no se importó")
            return []
        node = self.node(el, inside)
        return [node] if node is not None else []

    def _collect_notes(self, part, node: Provision) -> None:
        """Notes referenced in ``part`` but not inside a nested list item (that item's own)."""
        for el in _iter_pruned(part):
            if el.tag == a("authorialNote"):
                node.notes.append(_note_from(el))
            elif el.tag == a("noteRef"):
                target = el.get("href", "").lstrip("#")
                if target in self.notes:
                    node.notes.append(self.notes[target])
                else:
                    self.report.warn(el.sourceline or 0,
                                     f"Referencia a una nota inexistente «{target}».")

    def _blocks(self, block, node: Provision) -> list[str]:
        """Text lines of an ``intro``/``content`` (or a list of elements); a ``blockList``
        becomes child points of ``node``."""
        lines = []
        for child in block:
            if not isinstance(child.tag, str):
                continue
            local = etree.QName(child).localname
            if local == "blockList":
                for item in child:
                    if not isinstance(item.tag, str):
                        continue
                    if etree.QName(item).localname == "listIntroduction":
                        lines.append(text_of(item))
                    elif etree.QName(item).localname == "item":
                        node.children.append(self._item(item))
                    else:
                        self.unknown(item, "dentro de una lista no se importó")
            elif local in ("p", "block", "blockContainer", "listIntroduction", "listWrapUp"):
                lines.append(text_of(child))
            else:
                self.unknown(child, "dentro del texto se importó solo como texto")
                lines.append(text_of(child))
        return lines

    def _item(self, item) -> Provision:
        num = foreign_num(text_of(item.find(a("num"))))
        node = Provision(point_kind(num) if num else ProvisionKind.CLAUSE, num=num)
        self._collect_notes(item, node)
        texts = []
        for child in item:
            if not isinstance(child.tag, str) or child.tag == a("num"):
                continue
            if child.tag == a("blockList"):
                texts.extend(self._blocks([child], node))  # a nested list: sub-points
            else:
                texts.append(text_of(child))
        node.text = "\n".join(t for t in texts if t)
        return node


def _iter_pruned(el):
    """``el`` and its descendants, without entering list items or inline notes' bodies."""
    for child in el:
        if not isinstance(child.tag, str):
            continue
        yield child
        if child.tag not in (a("item"), a("authorialNote")):
            yield from _iter_pruned(child)
