"""Akoma Ntoso 3.0 XML: import into our provision tree and export from it, losslessly.

Export (``export_akn``) writes an ``akomaNtoso/act`` with FRBR identification, the header in
the ``preface`` and one AKN element per provision (``book``, ``title``, ``chapter``,
``section``, ``article``, ``paragraph``, ``point`` for fracciones/incisos/numerales,
``hcontainer name="transitorios"`` for each decree's transitorios). What AKN has no slot for —
the kind of a ``point``, derogated status, reform notes with their parsed gazette reference,
permanent ids — travels in attributes of our own namespace (``rg:``), so import gives back
exactly the same tree. Import also reads AKN written by others: without ``rg:`` attributes
the kind of a node comes from its element name and its number.

Parsing uses ``xmlsafe``: a DOCTYPE or entity declaration is rejected.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lxml import etree

from ...domain.errors import ImportFailed
from ...domain.gazette import GazetteReference
from ...domain.numbering import is_roman
from ...domain.provisions import (
    NoteAction, NoteStyle, Provision, ProvisionKind, ProvisionStatus, ReformNote, assign_eids,
)
from ...domain.regulation import Expression, Regulation
from ...domain.report import ImportReport
from ..document import ParsedDocument
from .xmlsafe import parse_xml

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
RG = "https://reglamentos.mexicali.gob.mx/ns/akn-extension/1.0"
NSMAP = {None: AKN, "rg": RG}
MAX_AKN_BYTES = 50 * 1024 * 1024


def a(tag: str) -> str:
    return f"{{{AKN}}}{tag}"


def rg(name: str) -> str:
    return f"{{{RG}}}{name}"


_ELEMENT = {
    ProvisionKind.BOOK: "book", ProvisionKind.TITLE: "title", ProvisionKind.CHAPTER: "chapter",
    ProvisionKind.SECTION: "section", ProvisionKind.ARTICLE: "article",
    ProvisionKind.PARAGRAPH: "paragraph", ProvisionKind.CLAUSE: "point",
    ProvisionKind.ITEM: "point", ProvisionKind.NUMERAL: "point",
    ProvisionKind.TRANSITIONAL_GROUP: "hcontainer", ProvisionKind.TRANSITIONAL: "article",
}
_BY_ELEMENT = {
    "book": ProvisionKind.BOOK, "part": ProvisionKind.BOOK, "title": ProvisionKind.TITLE,
    "chapter": ProvisionKind.CHAPTER, "section": ProvisionKind.SECTION,
    "subsection": ProvisionKind.SECTION, "article": ProvisionKind.ARTICLE,
    "paragraph": ProvisionKind.PARAGRAPH, "subparagraph": ProvisionKind.PARAGRAPH,
    "point": ProvisionKind.CLAUSE, "item": ProvisionKind.ITEM, "list": ProvisionKind.PARAGRAPH,
}


# -- export ------------------------------------------------------------------------------------

def export_akn(regulation: Regulation, expression: Expression) -> bytes:
    """AKN 3.0 XML of one version of a regulation (UTF-8 bytes with XML declaration)."""
    doc = ParsedDocument(title=regulation.title, header_notes=list(regulation.header_notes),
                         original_publication=regulation.original_publication,
                         last_reform=regulation.last_reform, root=expression.root)
    return document_to_akn(doc, uri=str(regulation.uri), when=expression.valid_from,
                           name=regulation.kind.value)


def document_to_akn(doc: ParsedDocument, uri: str = "/mx-bc-mxl/reglamento/sf/documento",
                    when: date | None = None, name: str = "reglamento") -> bytes:
    """AKN 3.0 XML of a parsed document (header and provision tree)."""
    root = etree.Element(a("akomaNtoso"), nsmap=NSMAP)
    act = etree.SubElement(root, a("act"), name=name)
    _meta(act, uri, when or (doc.original_publication.date if doc.original_publication else None))
    preface = etree.SubElement(act, a("preface"))
    title = etree.SubElement(etree.SubElement(preface, a("p"), {"class": "titulo"}), a("docTitle"))
    title.text = doc.title
    for cls, text, ref in (("publicacion", doc.publication_line, doc.original_publication),
                           ("ultima_reforma", doc.last_reform_line, doc.last_reform)):
        if text or ref:
            p = etree.SubElement(preface, a("p"), {"class": cls})
            p.text = text
            _put_gazette(p, ref)
    for note in doc.header_notes:
        etree.SubElement(preface, a("p"), {"class": "nota"}).text = note
    body = etree.SubElement(act, a("body"))
    if not doc.root.children:
        etree.SubElement(body, a("hcontainer"), name="vacio")
    for child in doc.root.children:
        _write(body, child)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _meta(act, uri: str, when: date | None) -> None:
    day = (when or date(1900, 1, 1)).isoformat()
    meta = etree.SubElement(act, a("meta"))
    ident = etree.SubElement(meta, a("identification"), source="#reglamentos")
    for level, this in (("FRBRWork", uri), ("FRBRExpression", f"{uri}/spa@{day}"),
                        ("FRBRManifestation", f"{uri}/spa@{day}/!main.xml")):
        frbr = etree.SubElement(ident, a(level))
        etree.SubElement(frbr, a("FRBRthis"), value=f"{this}" if level != "FRBRWork" else f"{uri}/!main")
        etree.SubElement(frbr, a("FRBRuri"), value=this)
        etree.SubElement(frbr, a("FRBRdate"), date=day, name="publicacion")
        etree.SubElement(frbr, a("FRBRauthor"), href="#ayuntamiento")
        if level == "FRBRWork":
            etree.SubElement(frbr, a("FRBRcountry"), value="mx")
        if level == "FRBRExpression":
            etree.SubElement(frbr, a("FRBRlanguage"), language="spa")


def _put_gazette(element, ref: GazetteReference | None, prefix: str = "po-") -> None:
    if ref is None:
        return
    element.set(rg(prefix + "numero"), ref.number)
    element.set(rg(prefix + "seccion"), ref.section)
    element.set(rg(prefix + "tomo"), ref.tome)
    element.set(rg(prefix + "fecha"), ref.date.isoformat() if ref.date else "")
    if ref.source_text:
        element.set(rg(prefix + "texto"), ref.source_text)


def _write(parent, node: Provision) -> None:
    attrs = {"eId": node.eid} if node.eid else {}
    if node.kind is ProvisionKind.TRANSITIONAL_GROUP:
        attrs["name"] = "transitorios"
    el = etree.SubElement(parent, a(_ELEMENT[node.kind]), attrs)
    el.set(rg("tipo"), node.kind.value)
    if node.pid:
        el.set(rg("pid"), node.pid)
    if node.status is ProvisionStatus.REPEALED:
        el.set(rg("estado"), node.status.value)
    _put_gazette(el, node.decree, "decreto-")
    if node.num:
        etree.SubElement(el, a("num")).text = node.num
    if node.heading:
        etree.SubElement(el, a("heading")).text = node.heading
    for i, note in enumerate(node.notes):
        n = etree.SubElement(el, a("remark"), {"status": "editorial"})
        n.set(rg("nota"), note.style.value)
        n.set(rg("accion"), note.action.value)
        n.set(rg("orden"), str(i))
        n.text = note.text
        _put_gazette(n, note.gazette)
    if node.children:
        if node.text or node.kind.is_division is False:
            intro = etree.SubElement(el, a("intro"))
            etree.SubElement(intro, a("p")).text = node.text
        for child in node.children:
            _write(el, child)
    elif not node.kind.is_division and node.kind is not ProvisionKind.TRANSITIONAL_GROUP:
        content = etree.SubElement(el, a("content"))
        etree.SubElement(content, a("p")).text = node.text


# -- import ------------------------------------------------------------------------------------

def read_akn(path: Path) -> ParsedDocument:
    """Parse an AKN 3.0 file into a ``ParsedDocument`` (see the module docstring)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(f"No se pudo leer «{path.name}»: {exc.strerror}.") from exc
    if len(data) > MAX_AKN_BYTES:
        raise ImportFailed(f"«{path.name}» es demasiado grande para importarse.")
    return akn_to_document(data, path.name)


def akn_to_document(data: bytes, name: str = "documento.xml") -> ParsedDocument:
    root = parse_xml(data, name)
    if root.tag != a("akomaNtoso"):
        raise ImportFailed(f"«{name}» no es un documento Akoma Ntoso 3.0 (el elemento raíz es "
                           f"«{etree.QName(root).localname}»).")
    act = next((c for c in root if isinstance(c.tag, str)), None)
    if act is None:
        raise ImportFailed(f"«{name}» no contiene ningún documento Akoma Ntoso.")
    doc = ParsedDocument(report=ImportReport(name))
    preface = act.find(a("preface"))
    if preface is not None:
        for p in preface.findall(a("p")):
            cls = p.get("class", "")
            text = _text(p)
            if cls == "titulo" or p.find(f".//{a('docTitle')}") is not None:
                doc.title = _text(p.find(f".//{a('docTitle')}")) or text
            elif cls == "publicacion":
                doc.publication_line, doc.original_publication = text, _get_gazette(p)
            elif cls == "ultima_reforma":
                doc.last_reform_line, doc.last_reform = text, _get_gazette(p)
            elif text:
                doc.header_notes.append(text)
    body = act.find(a("body"))
    if body is None:
        body = act.find(a("mainBody"))
    if body is None:
        raise ImportFailed(f"«{name}» no tiene cuerpo (body) con disposiciones.")
    for child in body:
        node = _read(child)
        if node is not None:
            doc.root.children.append(node)
    if not doc.root.children:
        doc.report.warn(0, "No se encontraron artículos ni divisiones en el documento.")
    for eid in assign_eids(doc.root):
        doc.report.warn(0, f"Identificador repetido «{eid}».")
    return doc


def _text(el) -> str:
    if el is None:
        return ""
    return " ".join("".join(el.itertext()).split())


def _get_gazette(el, prefix: str = "po-") -> GazetteReference | None:
    if el.get(rg(prefix + "fecha")) is None:
        return None
    raw = el.get(rg(prefix + "fecha"), "")
    try:
        when = date.fromisoformat(raw) if raw else None
    except ValueError:
        when = None
    return GazetteReference(el.get(rg(prefix + "numero"), ""), el.get(rg(prefix + "seccion"), ""),
                            el.get(rg(prefix + "tomo"), ""), when,
                            el.get(rg(prefix + "texto"), ""))


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
        token = num.strip(" .-)").split()[0] if num.strip(" .-)") else ""
        if token.isdigit():
            return ProvisionKind.NUMERAL
        if not is_roman(token.upper()) or token.islower():
            return ProvisionKind.ITEM
    return kind


def _read(el) -> Provision | None:
    if not isinstance(el.tag, str) or etree.QName(el).namespace != AKN:
        return None
    num = _text(el.find(a("num")))
    kind = _kind(el, num)
    if kind is None or kind is ProvisionKind.ROOT:
        return None
    node = Provision(kind, num=num, heading=_text(el.find(a("heading"))),
                     pid=el.get(rg("pid"), ""))
    if el.get(rg("estado")) == ProvisionStatus.REPEALED.value:
        node.status = ProvisionStatus.REPEALED
    node.decree = _get_gazette(el, "decreto-")
    texts: list[str] = []
    notes: list[tuple[int, ReformNote]] = []
    for child in el:
        if not isinstance(child.tag, str):
            continue
        local = etree.QName(child).localname
        if local in ("intro", "content", "wrapUp"):
            texts.extend(_text(p) for p in child if isinstance(p.tag, str))
        elif local == "remark":
            try:
                style = NoteStyle(child.get(rg("nota"), "editor"))
                action = NoteAction(child.get(rg("accion"), "other"))
            except ValueError:
                style, action = NoteStyle.EDITOR, NoteAction.OTHER
            order = int(child.get(rg("orden"), len(notes))) if child.get(rg("orden"), "").isdigit() else len(notes)
            notes.append((order, ReformNote(style, _text(child), action, _get_gazette(child))))
        elif local not in ("num", "heading", "subheading"):
            sub = _read(child)
            if sub is not None:
                node.children.append(sub)
    node.text = "\n".join(t for t in texts if t) if len(texts) > 1 else (texts[0] if texts else "")
    node.notes = [n for _, n in sorted(notes, key=lambda x: x[0])]
    return node
