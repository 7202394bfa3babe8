"""Word .docx → plain text: body order, tables, list numbers and tracked changes resolved.

The file is read with ``zipfile`` and our own safe XML parser (``xmlsafe``), not through
python-docx's ``Paragraph.text``, which silently drops text inside ``w:ins`` (ECOSYSTEM.md
§1.2): every ``w:t`` is read, ``w:delText`` and moved-from text are skipped, so unaccepted
revisions come in as their accepted text (and the report says so). Automatic list numbers
("ARTÍCULO %1.-", "%1.", "a)") are computed from ``numbering.xml`` and the style chain and
written into the text. Headers, footers, footnotes and comments live in other parts and are
ignored. Tables are flattened row by row, cells separated by " | ".
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ...domain.errors import ImportFailed
from ...domain.numbering import int_to_roman
from ..limits import DEFAULT_LIMITS, Limits, check_zip, read_zip_member
from .xmlsafe import parse_xml

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_SKIP_SUBTREES = {w("delText"), w("del"), w("moveFrom"), w("instrText"), w("delInstrText"),
                  w("pPr"), w("rPr"), w("footnoteReference"), w("endnoteReference"),
                  w("commentReference"), f"{{{MC}}}Fallback"}


@dataclass(slots=True)
class DocxText:
    """Text of a .docx plus what the report must say about it."""

    text: str
    warnings: list[str] = field(default_factory=list)


def read_docx(path: Path, limits: Limits = DEFAULT_LIMITS) -> DocxText:
    """Text of ``path`` in the plain-text format (see the module docstring)."""
    check_zip(path, limits)
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                raise ImportFailed(f"«{path.name}» no es un documento de Word (.docx): le falta "
                                   "el cuerpo del documento.")

            def part(name: str) -> bytes | None:
                if name not in names:
                    return None
                return read_zip_member(archive, name, limits.max_unzipped_bytes)

            document = parse_xml(part("word/document.xml") or b"", path.name)
            numbering = part("word/numbering.xml")
            styles = part("word/styles.xml")
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise ImportFailed(f"«{path.name}» está dañado y no se pudo leer.", detail=str(exc)) from exc
    numbers = _Numbering(parse_xml(numbering, path.name) if numbering else None,
                         parse_xml(styles, path.name) if styles else None)
    body = document.find(w("body"))
    if body is None:
        raise ImportFailed(f"«{path.name}» no tiene cuerpo de documento.")
    paragraphs: list[str] = []
    _walk_blocks(body, numbers, paragraphs)
    result = DocxText("\n\n".join(p for p in paragraphs if p.strip()) + "\n")
    inserted = sum(1 for _ in body.iter(w("ins"), w("moveTo")))
    deleted = sum(1 for _ in body.iter(w("del"), w("moveFrom")))
    if inserted or deleted:
        result.warnings.append(
            f"El documento tenía cambios controlados sin aceptar ({inserted} inserciones, "
            f"{deleted} eliminaciones): se importó el texto con todos los cambios aceptados. "
            "Revíselo antes de confirmar.")
    return result


def _walk_blocks(container, numbers: _Numbering, out: list[str]) -> None:
    for child in container:
        tag = child.tag
        if tag == w("p"):
            out.extend(_paragraph(child, numbers).split("\n"))
        elif tag == w("tbl"):
            for row in child.iter(w("tr")):
                cells = []
                for cell in row.findall(w("tc")):
                    parts: list[str] = []
                    _walk_blocks(cell, numbers, parts)
                    text = " ".join(p.strip() for p in parts if p.strip())
                    if text:
                        cells.append(text)
                if cells:
                    out.append(" | ".join(cells))
        elif tag in (w("sdt"), w("customXml"), w("ins"), w("moveTo")):
            content = child.find(w("sdtContent")) if tag == w("sdt") else child
            if content is not None:
                _walk_blocks(content, numbers, out)


def _paragraph(p, numbers: _Numbering) -> str:
    pieces: list[str] = []
    _collect(p, pieces)
    text = "".join(pieces)
    text = "\n".join(" ".join(line.split()) for line in text.split("\n"))
    label = numbers.label_for(p)
    if label and text.strip():
        text = f"{label} {text.lstrip()}"
    return text


def _collect(element, pieces: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP_SUBTREES:
            continue
        if tag == w("t"):
            pieces.append(child.text or "")
        elif tag in (w("tab"), w("ptab")):
            pieces.append(" ")
        elif tag in (w("br"), w("cr")):
            pieces.append("\n")
        elif tag == w("noBreakHyphen"):
            pieces.append("-")
        elif tag == w("p"):  # paragraphs inside text boxes
            pieces.append("\n")
            _collect(child, pieces)
            pieces.append("\n")
        else:
            _collect(child, pieces)


# -- automatic numbering -----------------------------------------------------------------------

@dataclass(slots=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


class _Numbering:
    """Resolves ``w:numPr`` (on the paragraph or its style chain) into the visible label."""

    def __init__(self, numbering, styles) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.style_num: dict[str, tuple[str | None, int | None]] = {}
        self.style_based: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    def _read_numbering(self, root) -> None:
        for abstract in root.findall(w("abstractNum")):
            levels: dict[int, _Level] = {}
            for lvl in abstract.findall(w("lvl")):
                level = _Level()
                start, fmt, text = lvl.find(w("start")), lvl.find(w("numFmt")), lvl.find(w("lvlText"))
                if start is not None:
                    level.start = _int(start.get(w("val")), 1)
                if fmt is not None:
                    level.fmt = fmt.get(w("val"), "decimal")
                if text is not None:
                    level.text = text.get(w("val"), "")
                levels[_int(lvl.get(w("ilvl")), 0)] = level
            self.abstract[abstract.get(w("abstractNumId"), "")] = levels
        for num in root.findall(w("num")):
            ref = num.find(w("abstractNumId"))
            overrides: dict[int, int] = {}
            for override in num.findall(w("lvlOverride")):
                start = override.find(w("startOverride"))
                if start is not None:
                    overrides[_int(override.get(w("ilvl")), 0)] = _int(start.get(w("val")), 1)
            self.nums[num.get(w("numId"), "")] = (ref.get(w("val"), "") if ref is not None else "",
                                                  overrides)

    def _read_styles(self, root) -> None:
        for style in root.findall(w("style")):
            sid = style.get(w("styleId"), "")
            based = style.find(w("basedOn"))
            if based is not None:
                self.style_based[sid] = based.get(w("val"), "")
            num_pr = style.find(f"{w('pPr')}/{w('numPr')}")
            if num_pr is not None:
                self.style_num[sid] = _num_pr(num_pr)

    def _resolve(self, p) -> tuple[str | None, int]:
        num_id: str | None = None
        ilvl: int | None = None
        ppr = p.find(w("pPr"))
        if ppr is not None:
            num_pr = ppr.find(w("numPr"))
            if num_pr is not None:
                num_id, ilvl = _num_pr(num_pr)
            style = ppr.find(w("pStyle"))
            sid = style.get(w("val"), "") if style is not None else ""
            seen: set[str] = set()
            while sid and sid not in seen and (num_id is None or ilvl is None):
                seen.add(sid)
                s_num, s_lvl = self.style_num.get(sid, (None, None))
                num_id = num_id if num_id is not None else s_num
                ilvl = ilvl if ilvl is not None else s_lvl
                sid = self.style_based.get(sid, "")
        return num_id, ilvl or 0

    def label_for(self, p) -> str:
        num_id, ilvl = self._resolve(p)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        if ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = overrides.get(ilvl, levels[ilvl].start)
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = levels[ilvl].text
        if levels[ilvl].fmt in ("bullet", "none"):
            return ""
        for k in range(ilvl, -1, -1):
            level = levels.get(k, _Level())
            value = counters.get(k, overrides.get(k, level.start))
            text = text.replace(f"%{k + 1}", _format(value, level.fmt))
        return text.strip()


def _num_pr(num_pr) -> tuple[str | None, int | None]:
    num_id = num_pr.find(w("numId"))
    ilvl = num_pr.find(w("ilvl"))
    return (num_id.get(w("val")) if num_id is not None else None,
            _int(ilvl.get(w("val")), 0) if ilvl is not None else None)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _letters(n: int) -> str:
    # Word repeats the letter after z: a…z, aa…zz, aaa…
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format(value: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return _letters(value)
    if fmt == "upperLetter":
        return _letters(value).upper()
    if fmt == "upperRoman":
        return int_to_roman(value) if value > 0 else str(value)
    if fmt == "lowerRoman":
        return int_to_roman(value).lower() if value > 0 else str(value)
    if fmt == "ordinal":
        return f"{value}º"
    return str(value)
