"""Write a redline .docx: every change a real Word revision (ECOSYSTEM.md §1).

Inside a paragraph, unchanged text is an ordinary run, a deletion a ``w:del`` holding runs
with ``w:delText``, an insertion a ``w:ins`` holding runs with ``w:t`` — deletion first, as
Word writes them. A provision added or removed whole also has its paragraph mark revised
(``w:pPr/w:rPr/w:ins|w:del``) so that accepting or rejecting removes the paragraph cleanly.
Every revision carries the drafter as ``w:author`` and the draft's time as ``w:date``; one
counter numbers every revision and bookmark, so ids are unique in the document. Each
provision's paragraph holds a hidden bookmark (``_rl…``) naming it, and the custom document
properties hold the export's identity (``RedlineMeta``), for reading the file back.
"""

from __future__ import annotations

import io
from datetime import datetime, timezone
from itertools import count
from xml.sax.saxutils import escape

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from .layout import LABEL, RedlineTarget, UnitKind
from .model import RedlineMeta
from .validate import check

_CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
# Children of w:settings that come before w:trackRevisions in the schema (ECMA-376 §17.15.1.78).
_BEFORE_TRACK = {qn(f"w:{n}") for n in (
    "writeProtection view zoom removePersonalInformation removeDateAndTime "
    "doNotDisplayPageBoundaries displayBackgroundShape printPostScriptOverText "
    "printFractionalCharacterWidth printFormsData embedTrueTypeFonts embedSystemFonts "
    "saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges "
    "bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors "
    "hideGrammaticalErrors activeWritingStyle proofState formsDesign attachedTemplate "
    "linkStyles stylePaneFormatFilter stylePaneSortMethod documentType mailMerge "
    "revisionView").split()}


def iso_utc(when: datetime) -> str:
    """``w:date`` form: ISO 8601 in UTC, seconds, ``Z``."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class _Writer:
    def __init__(self, meta: RedlineMeta) -> None:
        self.meta = meta
        self.date = iso_utc(meta.date)
        self.ids = count(1)
        self.doc = Document()

    # -- low-level pieces ----------------------------------------------------------------------
    def _run(self, text: str, deleted: bool, bold: bool) -> OxmlElement:
        run = OxmlElement("w:r")
        if bold:
            rpr = OxmlElement("w:rPr")
            rpr.append(OxmlElement("w:b"))
            run.append(rpr)  # w:rPr must be the first child of the run
        tag = "w:delText" if deleted else "w:t"
        for i, line in enumerate(text.split("\n")):
            if i:
                run.append(OxmlElement("w:br"))
            if line:
                t = OxmlElement(tag)
                t.set(qn("xml:space"), "preserve")
                t.text = line
                run.append(t)
        return run

    def _revision(self, tag: str) -> OxmlElement:
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(next(self.ids)))
        element.set(qn("w:author"), self.meta.author)
        element.set(qn("w:date"), self.date)
        return element

    def _mark(self, paragraph, tag: str) -> None:
        """Revise the paragraph mark itself (whole provision added or removed)."""
        ppr = paragraph._p.get_or_add_pPr()
        rpr = OxmlElement("w:rPr")
        rpr.append(self._revision(tag))
        ppr.append(rpr)

    def _bookmark(self, paragraph, name: str) -> None:
        ident = str(next(self.ids))
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), ident)
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), ident)
        p = paragraph._p
        ppr = p.pPr
        p.insert(p.index(ppr) + 1 if ppr is not None else 0, start)
        p.append(end)

    # -- document ------------------------------------------------------------------------------
    def header(self, title: str, note: str) -> None:
        self.doc.core_properties.title = title
        self.doc.core_properties.author = self.meta.author
        heading = self.doc.add_paragraph(style="Title")
        heading._p.append(self._run(title, False, False))
        self._bookmark(heading, "_rlmeta_titulo")
        para = self.doc.add_paragraph()
        run = self._run(note, False, False)
        rpr = OxmlElement("w:rPr")
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), "18")  # 9 pt
        rpr.append(OxmlElement("w:i"))
        rpr.append(size)
        run.insert(0, rpr)
        para._p.append(run)
        self._bookmark(para, "_rlmeta_nota")

    def target(self, index: int, target: RedlineTarget) -> None:
        heading = self.doc.add_paragraph(style="Heading 1")
        heading._p.append(self._run(target.title, False, False))
        self._bookmark(heading, f"_rlmeta_reglamento{index}")
        for row in target.rows:
            level = row.heading_level
            paragraph = self.doc.add_paragraph(style=f"Heading {level}" if level else None)
            if level is None and row.depth:
                paragraph.paragraph_format.left_indent = Pt(18 * row.depth)
            whole = row.whole
            if whole is not None:
                self._mark(paragraph, "w:ins" if whole is UnitKind.INSERT else "w:del")
            p = paragraph._p
            for unit in row.units:
                bold = unit.field == LABEL and level is None
                if unit.kind is UnitKind.EQUAL:
                    p.append(self._run(unit.text, False, bold))
                else:
                    wrapper = self._revision("w:ins" if unit.kind is UnitKind.INSERT else "w:del")
                    wrapper.append(self._run(unit.text, unit.kind is UnitKind.DELETE, bold))
                    p.append(wrapper)
            self._bookmark(paragraph, row.bookmark)

    def finish(self) -> bytes:
        check(self.doc.element.body)
        self._track_revisions()
        self._custom_properties()
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()

    def _track_revisions(self) -> None:
        """Keep Track Changes on, so the síndico's own edits are tracked too."""
        settings = self.doc.settings.element
        if settings.find(qn("w:trackRevisions")) is not None:
            return
        position = 0
        for i, child in enumerate(settings):
            if child.tag in _BEFORE_TRACK:
                position = i + 1
        settings.insert(position, OxmlElement("w:trackRevisions"))

    def _custom_properties(self) -> None:
        values = {"reglamentos.formato": self.meta.fmt,
                  "reglamentos.proyecto": str(self.meta.project_id),
                  "reglamentos.autor": self.meta.author,
                  "reglamentos.fecha": self.date}
        for i, (uri, revision) in enumerate(sorted(self.meta.revisions.items())):
            values[f"reglamentos.destino.{i}"] = f"{revision} {uri}"
        props = "".join(
            f'<property fmtid="{_FMTID}" pid="{pid}" name="{escape(name)}">'
            f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
            for pid, (name, value) in enumerate(values.items(), start=2))
        xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
               'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
               f'2006/docPropsVTypes">{props}</Properties>').encode("utf-8")
        package = self.doc.part.package
        part = Part(PackURI("/docProps/custom.xml"), _CUSTOM_CT, xml, package)
        package.relate_to(part, RT.CUSTOM_PROPERTIES)


def write_redline(meta: RedlineMeta, title: str, note: str,
                  targets: list[RedlineTarget]) -> bytes:
    """The redline .docx as bytes (the service writes them atomically)."""
    writer = _Writer(meta)
    writer.header(title, note)
    for index, target in enumerate(targets):
        writer.target(index, target)
    return writer.finish()
