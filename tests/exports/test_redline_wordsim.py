"""What Word does to a redline, as XML transformations, for the redline tests.

``decide`` applies Accept or Reject to each revision of a .docx: accepting an insertion
unwraps it, rejecting it removes it; accepting a deletion removes it, rejecting it unwraps
it and turns ``w:delText`` back into ``w:t``. A paragraph whose mark is revised goes when
its insertion is rejected or its deletion accepted. ``comment`` anchors a Word comment on a
span of a paragraph, as Word writes it (comments.xml, its relationship and content type).
The tests of this module check the simulator itself on a hand-made document.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def pack(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def document(data: bytes) -> etree._Element:
    return etree.fromstring(parts(data)["word/document.xml"])


def _in_mark(element) -> bool:
    parent = element.getparent()
    return parent is not None and parent.tag == w("rPr")


def _unwrap(element) -> None:
    parent = element.getparent()
    index = parent.index(element)
    for child in list(element):
        parent.insert(index, child)
        index += 1
    parent.remove(element)


Decider = Callable[[etree._Element, str], str]  # (revision, paragraph text as sent) -> verdict


def decide(data: bytes, decider: Decider) -> bytes:
    """Apply "accept", "reject" or "pending" (leave) to every revision of the document."""
    files = parts(data)
    root = etree.fromstring(files["word/document.xml"])
    for p in list(root.iter(w("p"))):
        mark = next((m for m in p.findall("w:pPr/w:rPr/*", NS) if m.tag in (w("ins"), w("del"))),
                    None)
        sent = paragraph_text(p)  # decisions look at the paragraph as it arrived
        for revision in [e for e in p.iter(w("ins"), w("del")) if not _in_mark(e)]:
            verdict = decider(revision, sent)
            if verdict == "pending":
                continue
            keep = (revision.tag == w("ins")) == (verdict == "accept")
            if keep:
                for text in revision.iter(w("delText")):
                    text.tag = w("t")
                _unwrap(revision)
            else:
                revision.getparent().remove(revision)
        if mark is not None:
            verdict = decider(mark, sent)
            if verdict == "pending":
                continue
            gone = (mark.tag == w("ins")) != (verdict == "accept")
            if gone:
                p.getparent().remove(p)
            else:
                mark.getparent().remove(mark)
    files["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                standalone=True)
    return pack(files)


def everything(verdict: str) -> Decider:
    return lambda _revision, _p: verdict


def paragraph_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(w("t"), w("delText")))


def comment(data: bytes, contains: str, span: str, text: str, author: str) -> bytes:
    """Anchor a comment on ``span`` (inside one plain run) of the paragraph containing it."""
    files = parts(data)
    root = etree.fromstring(files["word/document.xml"])
    existing = files.get("word/comments.xml")
    comments = etree.fromstring(existing) if existing else etree.Element(w("comments"),
                                                                         nsmap={"w": W})
    ident = str(900 + len(comments))
    run = next(r for p in root.iter(w("p")) if contains in paragraph_text(p)
               for r in p.iter(w("r")) if span in "".join(t.text or "" for t in r.iter(w("t"))))
    t = run.find(w("t"))
    before, after = t.text.split(span, 1)
    parent = run.getparent()
    index = parent.index(run)

    def make_run(value: str):
        r = etree.SubElement(parent, w("r"))
        parent.remove(r)
        node = etree.SubElement(r, w("t"))
        node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        node.text = value
        return r

    start = etree.Element(w("commentRangeStart"))
    start.set(w("id"), ident)
    end = etree.Element(w("commentRangeEnd"))
    end.set(w("id"), ident)
    ref = etree.Element(w("r"))
    etree.SubElement(ref, w("commentReference")).set(w("id"), ident)
    pieces = [make_run(before), start, make_run(span), end, ref, make_run(after)]
    parent.remove(run)
    for offset, piece in enumerate(pieces):
        parent.insert(index + offset, piece)
    c = etree.SubElement(comments, w("comment"))
    c.set(w("id"), ident)
    c.set(w("author"), author)
    c.set(w("date"), "2026-01-15T10:00:00Z")
    cp = etree.SubElement(c, w("p"))
    etree.SubElement(etree.SubElement(cp, w("r")), w("t")).text = text
    files["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    files["word/comments.xml"] = etree.tostring(comments, xml_declaration=True, encoding="UTF-8")
    if not existing:
        rels = files["word/_rels/document.xml.rels"].decode()
        rels = rels.replace("</Relationships>", (
            '<Relationship Id="rIdC1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/comments" Target="comments.xml"/></Relationships>'))
        files["word/_rels/document.xml.rels"] = rels.encode()
        types = files["[Content_Types].xml"].decode().replace("</Types>", (
            '<Override PartName="/word/comments.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>'))
        files["[Content_Types].xml"] = types.encode()
    return pack(files)


def own_revision(data: bytes, contains: str, old: str, new: str, author: str) -> bytes:
    """The reviewer replaces ``old`` by ``new`` with Track Changes on (a plain run's text)."""
    files = parts(data)
    root = etree.fromstring(files["word/document.xml"])
    run = next(r for p in root.iter(w("p")) if contains in paragraph_text(p)
               for r in p.findall("w:r", NS) if old in "".join(t.text or "" for t in r.iter(w("t"))))
    t = run.find(w("t"))
    before, after = t.text.split(old, 1)
    t.text = before
    parent = run.getparent()
    index = parent.index(run)
    d = etree.Element(w("del"), {w("id"): "801", w("author"): author,
                                 w("date"): "2026-01-15T10:00:00Z"})
    dt = etree.SubElement(etree.SubElement(d, w("r")), w("delText"))
    dt.text = old
    i = etree.Element(w("ins"), {w("id"): "802", w("author"): author,
                                 w("date"): "2026-01-15T10:00:00Z"})
    etree.SubElement(etree.SubElement(i, w("r")), w("t")).text = new
    tail = etree.Element(w("r"))
    etree.SubElement(tail, w("t")).text = after
    for offset, piece in enumerate((d, i, tail), start=1):
        parent.insert(index + offset, piece)
    files["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return pack(files)


# -- the simulator's own tests ------------------------------------------------------------------
_SAMPLE = (f'<w:document xmlns:w="{W}"><w:body>'
           '<w:p><w:r><w:t xml:space="preserve">será de </w:t></w:r>'
           '<w:del w:id="1" w:author="A" w:date="2025-01-01T00:00:00Z"><w:r><w:delText>10'
           '</w:delText></w:r></w:del><w:ins w:id="2" w:author="A" w:date="2025-01-01T00:00:00Z">'
           '<w:r><w:t>20</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> UMA.</w:t></w:r></w:p>'
           '<w:p><w:pPr><w:rPr><w:ins w:id="3" w:author="A" w:date="2025-01-01T00:00:00Z"/>'
           '</w:rPr></w:pPr><w:ins w:id="4" w:author="A" w:date="2025-01-01T00:00:00Z"><w:r>'
           '<w:t>Nuevo.</w:t></w:r></w:ins></w:p></w:body></w:document>')


def _sample() -> bytes:
    return pack({"word/document.xml": _SAMPLE.encode()})


def _texts(data: bytes) -> list[str]:
    return [paragraph_text(p) for p in document(data).iter(w("p"))]


def test_accept_all_unwraps_insertions_and_drops_deletions():
    assert _texts(decide(_sample(), everything("accept"))) == ["será de 20 UMA.", "Nuevo."]


def test_reject_all_restores_deletions_and_drops_inserted_paragraphs():
    assert _texts(decide(_sample(), everything("reject"))) == ["será de 10 UMA."]
    assert not document(decide(_sample(), everything("reject"))).findall(".//w:delText", NS)
