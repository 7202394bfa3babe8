"""The draft decree (acuerdo de reforma) as an Akoma Ntoso amending act, and applying it.

``decree_to_akn`` writes an ``act`` named ``acuerdo`` that validates against the AKN 3.0
schema. Its body has one article per amended regulation ("ARTÍCULO ÚNICO.-", or PRIMERO,
SEGUNDO… in an omnibus reform) whose intro is the operative clause, and one paragraph per
reform operation holding a ``mod``: the Spanish instruction ("Se reforma: artículo 5,
fracción II") and, for a reform or an addition, the provision as it will read in a
``quotedStructure``. The decree's own transitorios close it as a ``transitional``.
``meta/analysis/activeModifications`` has one ``textualMod`` per operation (substitution,
insertion, repeal, renumbering) whose ``source`` is its ``mod`` and whose ``destination`` is
the provision of the regulation (work URI + ``!main#eId``; an insertion points at the sibling
it follows, ``pos="after"``, or at its parent, ``pos="start"``).

What consolidation needs beyond AKN's terms — permanent ids, the fingerprint of the text the
operation was drafted from, the citation — travels in ``rg:`` attributes, so that
``decree_operations`` gives back exactly the operations and ``apply_akn_decree`` replays them
on the base version with the consolidation of ``domain.consolidation`` (conflicts included).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from lxml import etree

from ...domain.changes import CitationPart, OperationKind, ReformOperation
from ...domain.consolidation import (
    ConsolidationResult, append_transitorios, consolidate_or_raise, describe_citation,
)
from ...domain.errors import ImportFailed
from ...domain.gazette import GazetteReference
from ...domain.numbering import ordinal_word
from ...domain.provisions import NoteStyle, Provision, ProvisionKind
from ...domain.report import ImportReport
from .akn import AUTHOR, NSMAP, SOURCE, _write, a, akn_work_uri, rg, xml_text
from .akn_read import _Reader, parse_akn

MOD_TYPE = {OperationKind.AMEND: "substitution", OperationKind.INSERT: "insertion",
            OperationKind.REPEAL: "repeal", OperationKind.RENUMBER: "renumbering"}
_VERB = {OperationKind.AMEND: "Se reforma", OperationKind.INSERT: "Se adiciona",
         OperationKind.REPEAL: "Se deroga", OperationKind.RENUMBER: "Se renumera"}


@dataclass
class DecreeTarget:
    """One regulation the decree amends: its operations and the base they were drafted on."""

    uri: str
    title: str
    clause: str
    operations: list[ReformOperation]
    base: Provision | None = None


@dataclass
class DecreeAct:
    """What the amending act says: identity, one target per regulation, transitorios."""

    title: str
    project_id: int
    when: date
    targets: list[DecreeTarget]
    transitorios: list[str] = field(default_factory=list)
    file_number: str = ""


# -- writing -------------------------------------------------------------------------------------

def decree_to_akn(act: DecreeAct) -> bytes:
    """AKN 3.0 XML of the draft decree (see the module docstring)."""
    root = etree.Element(a("akomaNtoso"), nsmap=NSMAP)
    doc = etree.SubElement(root, a("act"), name="acuerdo")
    meta = _meta(doc, act)
    preface = etree.SubElement(doc, a("preface"))
    p = etree.SubElement(preface, a("p"), {"class": "titulo"})
    etree.SubElement(p, a("docTitle")).text = xml_text(act.title)
    if act.file_number:
        etree.SubElement(preface, a("p"), {"class": "expediente"}).text = xml_text(
            f"Expediente {act.file_number}")
    body = etree.SubElement(doc, a("body"))
    mods = []
    omnibus = len(act.targets) > 1
    for i, target in enumerate(act.targets, 1):
        number = ordinal_word(i).upper() if omnibus else "ÚNICO"
        article = etree.SubElement(body, a("article"), eId=f"art_{i}")
        etree.SubElement(article, a("num")).text = f"ARTÍCULO {number}.-"
        intro = etree.SubElement(article, a("intro"))
        etree.SubElement(intro, a("p")).text = xml_text(target.clause)
        for op in target.operations:
            mods.append((target, op, _mod(article, op, len(mods) + 1)))
    if act.transitorios:
        _transitorios(body, act.transitorios)
    _active_modifications(meta, mods)
    _references(meta, act)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _meta(doc, act: DecreeAct):
    work = f"/akn/mx-bc-mxl/act/acuerdo/{act.when.year}/proyecto-{act.project_id}"
    expression = f"{work}/spa@{act.when.isoformat()}"
    day = act.when.isoformat()
    meta = etree.SubElement(doc, a("meta"))
    ident = etree.SubElement(meta, a("identification"), source=SOURCE)
    for level, this, uri in (("FRBRWork", f"{work}/!main", work),
                             ("FRBRExpression", f"{expression}/!main", expression),
                             ("FRBRManifestation", f"{expression}/!main.xml", f"{expression}.akn")):
        frbr = etree.SubElement(ident, a(level))
        etree.SubElement(frbr, a("FRBRthis"), value=this)
        etree.SubElement(frbr, a("FRBRuri"), value=uri)
        etree.SubElement(frbr, a("FRBRdate"), date=day, name="proyecto")
        etree.SubElement(frbr, a("FRBRauthor"), href=AUTHOR)
        if level == "FRBRWork":
            etree.SubElement(frbr, a("FRBRcountry"), value="mx")
            etree.SubElement(frbr, a("FRBRsubtype"), value="acuerdo")
            etree.SubElement(frbr, a("FRBRnumber"), value=str(act.project_id))
        elif level == "FRBRExpression":
            etree.SubElement(frbr, a("FRBRlanguage"), language="spa")
    lifecycle = etree.SubElement(meta, a("lifecycle"), source=SOURCE)
    etree.SubElement(lifecycle, a("eventRef"), eId="evt_1", date=day, source="#proyecto",
                     type="generation")
    return meta


def _references(meta, act: DecreeAct) -> None:
    refs = etree.SubElement(meta, a("references"), source=SOURCE)
    for target in act.targets:
        etree.SubElement(refs, a("activeRef"), eId=_target_eid(act.targets.index(target)),
                         href=akn_work_uri(target.uri, "reglamento"),
                         showAs=xml_text(target.title)).set(rg("uri"), target.uri)
    etree.SubElement(refs, a("TLCReference"), eId="proyecto", name="proyecto",
                     href=f"/akn/mx-bc-mxl/act/acuerdo/{act.when.year}/proyecto-{act.project_id}",
                     showAs=xml_text(act.title))
    etree.SubElement(refs, a("TLCOrganization"), eId="ayuntamiento",
                     href="/ontology/organization/mx/ayuntamiento.mexicali",
                     showAs="H. Ayuntamiento de Mexicali")
    etree.SubElement(refs, a("TLCOrganization"), eId="reglamentos",
                     href="/ontology/organization/mx/mexicali.reglamentos",
                     showAs="Reglamentos, Municipio de Mexicali")


def _target_eid(index: int) -> str:
    return f"reglamento_{index + 1}"


def _mod(article, op: ReformOperation, n: int):
    paragraph = etree.SubElement(article, a("paragraph"), eId=f"{article.get('eId')}__para_{n}")
    p = etree.SubElement(etree.SubElement(paragraph, a("content")), a("p"))
    mod = etree.SubElement(p, a("mod"), eId=f"mod_{n}")
    mod.text = xml_text(instruction(op))
    if op.new is not None:
        quoted = etree.SubElement(mod, a("quotedStructure"), eId=f"mod_{n}__qstr_1",
                                  startQuote="«", endQuote="»")
        notes: list = []
        _write(quoted, op.new, notes)
        for el in quoted.iter():
            if el.get("eId") and el is not quoted:  # ids inside a quote are the draft's own
                el.set(rg("eid"), el.attrib.pop("eId"))
        assert not notes, "drafts carry no reform notes"
    return mod


def instruction(op: ReformOperation) -> str:
    """The Spanish instruction of one change: "Se reforma el artículo 5, fracción II, para
    quedar como sigue:", "Se deroga el artículo 20."."""
    cited = describe_citation(op.citation, op.eid)  # "El artículo 5, fracción II"
    text = f"{_VERB[op.kind]} {cited[:1].lower()}{cited[1:]}"
    return text + (", para quedar como sigue:" if op.new is not None and
                   op.kind is not OperationKind.REPEAL else ".")


def _transitorios(body, texts: list[str]) -> None:
    block = etree.SubElement(body, a("transitional"), eId="trans_1")
    etree.SubElement(block, a("heading")).text = "TRANSITORIOS"
    texts = [t.strip() for t in texts if t.strip()]
    for i, text in enumerate(texts, 1):
        number = "ÚNICO" if len(texts) == 1 else ordinal_word(i).upper()
        art = etree.SubElement(block, a("article"), eId=f"trans_1__art_{i}")
        etree.SubElement(art, a("num")).text = f"{number}.-"
        etree.SubElement(etree.SubElement(art, a("content")), a("p")).text = xml_text(text)


def _destination(op: ReformOperation, base: Provision | None,
                 quoted: dict[str, str]) -> tuple[str, str]:
    """(eId, pos) of where the operation acts, as the base version names it."""
    if op.kind is not OperationKind.INSERT:
        return op.eid, ""
    by_pid = {n.pid: n.eid for n in base.walk() if n.pid} if base is not None else {}
    by_pid.update({k: v for k, v in quoted.items() if k not in by_pid})
    if op.after_pid and by_pid.get(op.after_pid):
        return by_pid[op.after_pid], "after"
    parent = by_pid.get(op.parent_pid) or (op.eid.rsplit("__", 1)[0] if "__" in op.eid else "")
    return parent, "start"


def _active_modifications(meta, mods) -> None:
    if not mods:
        return
    quoted = {}
    for _, op, _ in mods:
        if op.new is not None:
            quoted.update({n.pid: n.eid for n in op.new.walk() if n.pid})
    analysis = etree.SubElement(meta, a("analysis"), source=SOURCE)
    active = etree.SubElement(analysis, a("activeModifications"))
    for n, (target, op, mod) in enumerate(mods, 1):
        el = etree.SubElement(active, a("textualMod"), type=MOD_TYPE[op.kind], eId=f"amod_{n}")
        el.set(rg("operacion"), op.kind.value)
        el.set(rg("reglamento"), target.uri)
        el.set(rg("eid"), op.eid)
        el.set(rg("tipo"), op.provision_kind.value)
        el.set(rg("cita"), "|".join(f"{p.kind.value}:{p.num}" for p in op.citation))
        for attr, value in (("pid", op.pid), ("huella", op.old_hash), ("padre", op.parent_pid),
                            ("despues-de", op.after_pid), ("num-anterior", op.old_num)):
            if value:
                el.set(rg(attr), value)
        if op.needs_review:
            el.set(rg("revisar"), "1")
        if op.own_only:  # only the unit's own text (its proemio or denominación)
            el.set(rg("solo-propio"), "1")
        etree.SubElement(el, a("source"), href="#" + mod.get("eId"))
        eid, pos = _destination(op, target.base, quoted)
        work = akn_work_uri(target.uri, "reglamento")
        dest = etree.SubElement(el, a("destination"),
                                href=f"{work}/!main" + (f"#{eid}" if eid else ""))
        if pos:
            dest.set("pos", pos)
        if op.new is not None:
            etree.SubElement(el, a("new"), href=f"#{mod.get('eId')}__qstr_1")


# -- reading and applying ------------------------------------------------------------------------

def decree_operations(data: bytes, name: str = "acuerdo.xml") -> dict[str, list[ReformOperation]]:
    """The reform operations of an amending act written by ``decree_to_akn``, per regulation."""
    doc = parse_akn(data, name)
    mods = {m.get("eId"): m for m in doc.iter(a("mod")) if m.get("eId")}
    reader = _Reader(ImportReport(name), {})  # our own quoted structures: nothing to report
    out: dict[str, list[ReformOperation]] = {}
    path = f"{a('meta')}/{a('analysis')}/{a('activeModifications')}/{a('textualMod')}"
    found = doc.findall(path)
    if not found:
        raise ImportFailed(f"«{name}» no es un acuerdo de reforma: no tiene modificaciones "
                           "activas (activeModifications).")
    for el in found:
        if el.get(rg("operacion")) is None or el.get(rg("reglamento")) is None:
            raise ImportFailed(f"«{name}»: la modificación «{el.get('eId', '?')}» no trae los "
                               "datos de consolidación del programa; no se puede aplicar.")
        source = el.find(a("source"))
        mod = mods.get((source.get("href", "") if source is not None else "").lstrip("#"))
        new = None
        if mod is not None and mod.find(a("quotedStructure")) is not None:
            quoted = mod.find(a("quotedStructure"))
            nodes = reader.children(quoted)
            new = nodes[0] if nodes else None
            if new is not None:
                _restore_eids(quoted, new)
        try:
            kind = OperationKind(el.get(rg("operacion")))
            provision_kind = ProvisionKind(el.get(rg("tipo"), "article"))
            citation = tuple(_citation_part(part) for part in el.get(rg("cita"), "").split("|")
                             if part)
        except ValueError as exc:
            raise ImportFailed(f"«{name}»: la modificación «{el.get('eId', '?')}» está dañada.",
                               detail=str(exc)) from exc
        op = ReformOperation(kind, el.get(rg("reglamento")), el.get(rg("eid"), ""),
                             el.get(rg("pid"), ""), provision_kind, citation,
                             old_hash=el.get(rg("huella"), ""), new=new,
                             parent_pid=el.get(rg("padre"), ""),
                             after_pid=el.get(rg("despues-de"), ""),
                             old_num=el.get(rg("num-anterior"), ""),
                             needs_review=el.get(rg("revisar")) == "1",
                             own_only=el.get(rg("solo-propio")) == "1")
        out.setdefault(op.regulation_uri, []).append(op)
    return out


def decree_transitorios(data: bytes, name: str = "acuerdo.xml") -> list[str]:
    """The texts of the amending act's own transitorios (without their "PRIMERO.-")."""
    doc = parse_akn(data, name)
    path = "/".join(a(tag) for tag in ("body", "transitional", "article", "content", "p"))
    return [" ".join("".join(p.itertext()).split()) for p in doc.iterfind(path)]


def apply_akn_decree(data: bytes, base: Provision, regulation_uri: str, *,
                     act: GazetteReference | None, note_style: NoteStyle | None,
                     name: str = "acuerdo.xml") -> ConsolidationResult:
    """Replay the amending act's operations on ``regulation_uri`` on the ``base`` tree.

    Raises ``ConsolidationConflict`` when the base is not the text the decree was drafted on.
    """
    ops = decree_operations(data, name).get(regulation_uri)
    if not ops:
        raise ImportFailed(f"«{name}» no reforma «{regulation_uri}».")
    result = consolidate_or_raise(base, ops, act=act, note_style=note_style)
    append_decree_transitorios(result.root, decree_transitorios(data, name), act)
    return result


def append_decree_transitorios(root: Provision, texts: list[str],
                               act: GazetteReference | None) -> None:
    """The act's own transitorios after the text, under its Periódico Oficial data, exactly
    as publishing a reform leaves them (``consolidation.append_transitorios``)."""
    append_transitorios(root, texts, act)


def _citation_part(text: str) -> CitationPart:
    kind, _, num = text.partition(":")
    return CitationPart(ProvisionKind(kind), num)


def _restore_eids(quoted, new: Provision) -> None:
    elements = [e for e in quoted.iter() if e is not quoted and e.get(rg("tipo"))]
    for el, node in zip(elements, new.walk()):
        node.eid = el.get(rg("eid"), "")
