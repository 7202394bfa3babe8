"""Akoma Ntoso 3.0 XML of a regulation: schema-valid, with its reform history.

``export_akn`` writes an ``akomaNtoso/act`` that validates against the OASIS AKN 3.0 schema:

* ``meta/identification`` — FRBR Work / Expression (the version's date) / Manifestation;
* ``meta/publication`` — the original publication in the Periódico Oficial;
* ``meta/lifecycle`` — one ``eventRef`` per publication (the original one ``generation``, each
  reform ``amendment``) whose ``source`` is that publication's ``TLCReference`` entry in
  ``meta/references`` (the POE citation as ``showAs``);
* ``meta/analysis/passiveModifications`` — one ``textualMod`` (substitution / insertion /
  repeal) per reform note or decree's transitorios, from that publication to the eId of the
  provision it changed;
* ``meta/notes`` — the reform notes, each pointed at by a ``noteRef`` in the provision;
* the body — ``book``, ``title``, ``chapter``, ``section``, ``article``, ``paragraph``, ``point``
  (fracciones, incisos, numerales) and each decree's transitorios as a ``transitional``.

The history is read from the consolidated model (the notes on each changed unit and the
transitorios blocks), never recomputed here. What AKN has no slot for — the kind of a
``point``, derogated status, a note's house style, the parsed gazette reference, permanent
ids — travels in attributes of our own namespace (``rg:``), which the schema allows on its
elements (``anyAttribute namespace="##other"``), so import gives back exactly the same tree.
The reader is ``akn_read``; the decree as an amending act is ``akn_decree``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from lxml import etree

from ...domain.gazette import GazetteReference
from ...domain.provisions import NoteAction, Provision, ProvisionKind, ProvisionStatus
from ...domain.regulation import Expression, Regulation
from ..document import ParsedDocument

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
RG = "https://reglamentos.mexicali.gob.mx/ns/akn-extension/1.0"
NSMAP = {None: AKN, "rg": RG}
MAX_AKN_BYTES = 50 * 1024 * 1024
GAZETTE_NAME = "Periódico Oficial del Estado de Baja California"
AUTHOR = "#ayuntamiento"
SOURCE = "#reglamentos"


# Characters XML 1.0 cannot carry (control characters, U+FFFE/U+FFFF, lone surrogates): a PDF
# reader may leave some in the text; they are dropped rather than making the export fail.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot represent."""
    return _NOT_XML.sub("", text) if text else text


def a(tag: str) -> str:
    return f"{{{AKN}}}{tag}"


def rg(name: str) -> str:
    return f"{{{RG}}}{name}"


ELEMENT = {
    ProvisionKind.BOOK: "book", ProvisionKind.TITLE: "title", ProvisionKind.CHAPTER: "chapter",
    ProvisionKind.SECTION: "section", ProvisionKind.ARTICLE: "article",
    ProvisionKind.PARAGRAPH: "paragraph", ProvisionKind.CLAUSE: "point",
    ProvisionKind.ITEM: "point", ProvisionKind.NUMERAL: "point",
    ProvisionKind.TRANSITIONAL_GROUP: "transitional", ProvisionKind.TRANSITIONAL: "article",
}
# What each reform note's action is in AKN's vocabulary of textual modifications.
MOD_TYPE = {NoteAction.AMEND: "substitution", NoteAction.INSERT: "insertion",
            NoteAction.REPEAL: "repeal"}


def akn_work_uri(uri: str, name: str) -> str:
    """AKN naming-convention work URI of ours.

    ``/mx-bc-mxl/reglamento/2015/x`` → ``/akn/mx-bc-mxl/act/reglamento/2015/x``.
    """
    parts = [p for p in uri.split("@")[0].split("/") if p]
    if len(parts) >= 2:
        return "/akn/" + "/".join([parts[0], "act", *parts[1:]])
    return "/akn/mx-bc-mxl/act/" + (name or "reglamento") + "/" + "/".join(parts)


def gazette_key(ref: GazetteReference) -> tuple:
    """Identity of a publication: its date and number (the citation wording may vary)."""
    return (ref.date, ref.number.strip().lower())


def gazette_eid(ref: GazetteReference) -> str:
    day = ref.date.isoformat() if ref.date else "sin-fecha"
    number = "".join(ch for ch in ref.number if ch.isalnum()) or "0"
    return f"po_{day}_{number}"


def put_gazette(element, ref: GazetteReference | None, prefix: str = "po-") -> None:
    """Our parsed gazette reference as ``rg:`` attributes (read back by ``akn_read``)."""
    if ref is None:
        return
    element.set(rg(prefix + "numero"), xml_text(ref.number))
    element.set(rg(prefix + "seccion"), xml_text(ref.section))
    element.set(rg(prefix + "tomo"), xml_text(ref.tome))
    element.set(rg(prefix + "fecha"), ref.date.isoformat() if ref.date else "")
    if ref.source_text:
        element.set(rg(prefix + "texto"), xml_text(ref.source_text))


# -- export ------------------------------------------------------------------------------------

def export_akn(regulation: Regulation, expression: Expression) -> bytes:
    """AKN 3.0 XML of one version of a regulation (UTF-8 bytes with XML declaration)."""
    doc = ParsedDocument(title=regulation.title, header_notes=list(regulation.header_notes),
                         original_publication=regulation.original_publication,
                         last_reform=regulation.last_reform, root=expression.root)
    when = expression.valid_from
    reforms = [r for r in regulation.reforms if not (when and r.date and r.date > when)]
    return document_to_akn(doc, uri=str(regulation.uri.work()), when=when,
                           name=regulation.kind.value, reforms=reforms)


def document_to_akn(doc: ParsedDocument, uri: str = "/mx-bc-mxl/reglamento/sf/documento",
                    when: date | None = None, name: str = "reglamento",
                    reforms: list[GazetteReference] | None = None) -> bytes:
    """AKN 3.0 XML of a parsed document (header and provision tree).

    ``reforms`` are the reform publications of the regulation up to this version (default:
    every one the document cites); those cited by notes or transitorios are added anyway.
    """
    history = History.of(doc, reforms if reforms is not None else doc.reforms())
    if when is None:  # the texto vigente as of its latest publication
        dates = [r.date for _, r in history.publications() if r.date]
        when = max(dates) if dates else None
    root = etree.Element(a("akomaNtoso"), nsmap=NSMAP)
    act = etree.SubElement(root, a("act"), name=name)
    meta = _meta(act, uri, name, when, history)
    _preface(act, doc)
    body = etree.SubElement(act, a("body"))
    notes: list = []
    if not doc.root.children:
        etree.SubElement(body, a("hcontainer"), name="vacio")
    for child in doc.root.children:
        _write(body, child, notes)
    _analysis(meta, doc.root, history)
    _references(meta, history)
    if notes:
        container = etree.SubElement(meta, a("notes"), source=SOURCE)
        container.extend(notes)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@dataclass
class History:
    """The publications of a regulation, oldest first, each with its reference eId."""

    original: GazetteReference | None
    reforms: list[GazetteReference]

    @classmethod
    def of(cls, doc: ParsedDocument, reforms: list[GazetteReference]) -> History:
        known = {gazette_key(r): r for r in reforms}
        for node in doc.root.walk():
            cited = [n.gazette for n in node.notes] + [node.decree]
            for ref in cited:
                if ref is not None and ref.date and gazette_key(ref) not in known:
                    known[gazette_key(ref)] = ref
        original = doc.original_publication
        if original is not None:
            known.pop(gazette_key(original), None)
        return cls(original, sorted(known.values(), key=lambda r: r.sort_key()))

    def publications(self) -> list[tuple[str, GazetteReference]]:
        """(event type, reference) oldest first; the original publication is the generation."""
        events = [("generation", self.original)] if self.original else []
        return events + [("amendment", r) for r in self.reforms]

    def eid_of(self, ref: GazetteReference | None) -> str | None:
        if ref is None or not ref.date:
            return None
        key = gazette_key(ref)
        return next((gazette_eid(r) for _, r in self.publications() if gazette_key(r) == key), None)


def _meta(act, uri: str, name: str, when: date | None, history: History):
    original = history.original.date if history.original and history.original.date else None
    work_day = (original or when or date(1900, 1, 1)).isoformat()
    day = (when or original or date(1900, 1, 1)).isoformat()
    work = akn_work_uri(uri, name)
    expression = f"{work}/spa@{day}"
    meta = etree.SubElement(act, a("meta"))
    ident = etree.SubElement(meta, a("identification"), source=SOURCE)
    frbr = etree.SubElement(ident, a("FRBRWork"))
    etree.SubElement(frbr, a("FRBRthis"), value=f"{work}/!main")
    etree.SubElement(frbr, a("FRBRuri"), value=work)
    etree.SubElement(frbr, a("FRBRalias"), value=uri, name="reglamentos")
    etree.SubElement(frbr, a("FRBRdate"), date=work_day, name="publicacion")
    etree.SubElement(frbr, a("FRBRauthor"), href=AUTHOR)
    etree.SubElement(frbr, a("FRBRcountry"), value="mx")
    etree.SubElement(frbr, a("FRBRsubtype"), value=name)
    frbr = etree.SubElement(ident, a("FRBRExpression"))
    etree.SubElement(frbr, a("FRBRthis"), value=f"{expression}/!main")
    etree.SubElement(frbr, a("FRBRuri"), value=expression)
    etree.SubElement(frbr, a("FRBRdate"), date=day, name="version")
    etree.SubElement(frbr, a("FRBRauthor"), href=AUTHOR)
    etree.SubElement(frbr, a("FRBRlanguage"), language="spa")
    frbr = etree.SubElement(ident, a("FRBRManifestation"))
    etree.SubElement(frbr, a("FRBRthis"), value=f"{expression}/!main.xml")
    etree.SubElement(frbr, a("FRBRuri"), value=f"{expression}.akn")
    etree.SubElement(frbr, a("FRBRdate"), date=day, name="exportacion")
    etree.SubElement(frbr, a("FRBRauthor"), href=SOURCE)
    if history.original is not None and history.original.date:
        ref = history.original
        pub = etree.SubElement(meta, a("publication"), date=ref.date.isoformat(),
                               name="periodicoOficial", showAs=GAZETTE_NAME)
        if ref.number:
            pub.set("number", xml_text(ref.number))
    events = [(t, r) for t, r in history.publications() if r.date and not (when and r.date > when)]
    if events:
        lifecycle = etree.SubElement(meta, a("lifecycle"), source=SOURCE)
        for i, (kind, ref) in enumerate(events, 1):
            etree.SubElement(lifecycle, a("eventRef"), eId=f"evt_{i}", date=ref.date.isoformat(),
                             source="#" + gazette_eid(ref), type=kind)
    return meta


def _references(meta, history: History) -> None:
    refs = etree.SubElement(meta, a("references"), source=SOURCE)
    etree.SubElement(refs, a("TLCOrganization"), eId="ayuntamiento",
                     href="/ontology/organization/mx/ayuntamiento.mexicali",
                     showAs="H. Ayuntamiento de Mexicali")
    etree.SubElement(refs, a("TLCOrganization"), eId="reglamentos",
                     href="/ontology/organization/mx/mexicali.reglamentos",
                     showAs="Reglamentos, Municipio de Mexicali")
    for kind, ref in history.publications():
        day = ref.date.isoformat() if ref.date else "sin-fecha"
        el = etree.SubElement(refs, a("TLCReference"), eId=gazette_eid(ref),
                              href=f"/akn/mx-bc/officialGazette/{day}/{ref.number or '0'}",
                              showAs=xml_text(ref.describe()), name="periodicoOficial")
        el.set(rg("evento"), kind)
        put_gazette(el, ref)


def _analysis(meta, root: Provision, history: History) -> None:
    """``passiveModifications`` from the notes and decree blocks of the consolidated tree."""
    mods = []
    for node in root.walk():
        if not node.eid:
            continue
        changes = [(MOD_TYPE.get(n.action), n.gazette) for n in node.notes]
        if node.kind is ProvisionKind.TRANSITIONAL_GROUP and node.decree is not None:
            changes.append(("insertion", node.decree))
        for kind, ref in changes:
            source = history.eid_of(ref)
            if kind and source:
                mods.append((kind, source, node.eid))
    if not mods:
        return
    analysis = etree.SubElement(meta, a("analysis"), source=SOURCE)
    passive = etree.SubElement(analysis, a("passiveModifications"))
    for i, (kind, source, dest) in enumerate(mods, 1):
        mod = etree.SubElement(passive, a("textualMod"), type=kind, eId=f"pmod_{i}")
        etree.SubElement(mod, a("source"), href="#" + source)
        etree.SubElement(mod, a("destination"), href="#" + dest)


def _preface(act, doc: ParsedDocument) -> None:
    preface = etree.SubElement(act, a("preface"))
    title = etree.SubElement(etree.SubElement(preface, a("p"), {"class": "titulo"}), a("docTitle"))
    title.text = xml_text(doc.title)
    for cls, text, ref in (("publicacion", doc.publication_line, doc.original_publication),
                           ("ultima_reforma", doc.last_reform_line, doc.last_reform)):
        if text or ref:
            p = etree.SubElement(preface, a("p"), {"class": cls})
            p.text = xml_text(text)
            put_gazette(p, ref)
    for note in doc.header_notes:
        etree.SubElement(preface, a("p"), {"class": "nota"}).text = xml_text(note)


def _paragraphs(parent, tag: str, text: str):
    """``intro``/``content`` with one ``p`` per line of ``text``; returns the last ``p``."""
    block = etree.SubElement(parent, a(tag))
    p = None
    for line in text.split("\n") if text else [""]:
        p = etree.SubElement(block, a("p"))
        p.text = xml_text(line)
    return p


def _write(parent, node: Provision, notes: list) -> None:
    attrs = {"eId": node.eid} if node.eid else {}
    el = etree.SubElement(parent, a(ELEMENT[node.kind]), attrs)
    el.set(rg("tipo"), node.kind.value)
    if node.pid:
        el.set(rg("pid"), node.pid)
    if node.status is ProvisionStatus.REPEALED:
        el.set(rg("estado"), node.status.value)
    put_gazette(el, node.decree, "decreto-")
    num = heading = None
    if node.num or (node.notes and not node.heading and node.kind.is_division):
        num = etree.SubElement(el, a("num"))
        num.text = xml_text(node.num)
    if node.heading:
        heading = etree.SubElement(el, a("heading"))
        heading.text = xml_text(node.heading)
    anchor = None
    # Divisions and transitorios blocks show a text only when they have one; other units
    # always have a text block (possibly empty), as the schema's intro/content expect.
    has_text = bool(node.text) or not (node.kind.is_division
                                       or node.kind is ProvisionKind.TRANSITIONAL_GROUP)
    if node.children:
        if has_text:
            anchor = _paragraphs(el, "intro", node.text)
        for child in node.children:
            _write(el, child, notes)
    elif has_text:
        anchor = _paragraphs(el, "content", node.text)
    if anchor is None:
        anchor = heading if heading is not None else num
    if anchor is None and node.notes:  # unnumbered, untitled and empty: a bare num carries them
        anchor = etree.Element(a("num"))
        el.insert(0, anchor)
    for note in node.notes:
        _note(anchor, note, notes)


def _note(anchor, note, notes: list) -> None:
    """The note in ``meta/notes`` and a ``noteRef`` to it at the end of ``anchor``."""
    eid = f"nota_{len(notes) + 1}"
    el = etree.Element(a("note"), eId=eid, marker=str(len(notes) + 1), placement="bottom")
    el.set("class", "nota-de-reforma")
    el.set(rg("nota"), note.style.value)
    el.set(rg("accion"), note.action.value)
    put_gazette(el, note.gazette)
    etree.SubElement(el, a("p")).text = xml_text(note.text)
    notes.append(el)
    etree.SubElement(anchor, a("noteRef"), href="#" + eid, marker=str(len(notes)))


# The reader lives in akn_read; re-exported here so callers keep one import.
from .akn_read import akn_identity, akn_to_document, read_akn  # noqa: E402

__all__ = ["AKN", "RG", "akn_identity", "akn_to_document", "document_to_akn", "export_akn",
           "read_akn"]
