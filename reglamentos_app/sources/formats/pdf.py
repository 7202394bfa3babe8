"""PDF with a text layer → plain text, without page furniture, with paragraphs rejoined.

pdfium (pypdfium2) extracts each page's lines, a blank line marking a paragraph gap. Then:

1. **Page furniture** — running headers, footers and page numbers — is removed by
   repetition (ECOSYSTEM.md §2.4): a line at the top or bottom edge of a page is furniture
   when the same line sits at the edge of at least 60 % of the pages (two pages at least).
   Digits count as wildcards only in short lines (page numbers such as "3 de 48"); long
   lines must repeat verbatim, so a real "Artículo 12. …" at a page edge is never removed.
   "Página N de M" and "N de M" at an edge are furniture even in a one-page file.
   Stripping stops at the first line of the page that is not furniture, and each furniture
   line is removed once per edge: the document's own title right after the header stays.
2. **Paragraphs** are rebuilt: a blank line or a line that starts a provision (artículo,
   fracción, inciso, división, transitorios, a federal reform note) starts a new paragraph;
   other lines are joined to the previous one, across page breaks too, and a word hyphenated
   at the end of a line is rejoined.

An encrypted PDF that cannot be opened, or one whose pages have no text (a scan), is an
``ImportFailed`` ("el PDF no tiene capa de texto"), never an empty regulation.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ...domain.errors import ImportFailed

MAX_PAGES = 3000
_EDGE_TOP = 10
_EDGE_BOTTOM = 4

_PAGE_NUMBER = re.compile(r"^(?:p[áa]gina|p[áa]g\.)?\s*\d{1,4}\s*(?:de|/)\s*\d{1,4}$|^-?\s*\d{1,4}\s*-?$",
                          re.IGNORECASE)
_STARTS = re.compile(
    r"^(?:ART[ÍI]CULO|Art[íi]culo|ART\.|Art\.)\s+\S"
    r"|^(?:LIBRO|T[ÍI]TULO|CAP[ÍI]TULO|SECCI[ÓO]N)\s+\S+\s*$"
    r"|^(?:LIBRO|T[ÍI]TULO|CAP[ÍI]TULO|SECCI[ÓO]N)\s+[IVXLCDM\d]+\b"
    r"|^(?:ART[ÍI]CULOS\s+)?TRANSITORIOS?\b"
    r"|^[IVXLCDM]{1,7}(?:\s+(?:Bis|Ter|Qu[áa]ter)\w*)?\s*(?:\.\s*[-–—]?|[-–—]|\))\s"
    r"|^[a-zñ]{1,2}\)\s|^[A-ZÑ]\)\s"
    r"|^\d{1,3}\s*(?:\.\s*[-–—]|[-–—]|\.)\s+[A-ZÁÉÍÓÚÑ]"
    r"|^(?i:PRIMER[OA]?|SEGUND[OA]|TERCER[OA]?|CUART[OA]|QUINT[OA]|SEXT[OA]|S[ÉE]PTIM[OA]|"
    r"OCTAV[OA]|NOVEN[OA]|D[ÉE]CIM[OA]|[ÚU]NIC[OA]|UND[ÉE]CIM[OA]|DUOD[ÉE]CIM[OA]|VIG[ÉE]SIM[OA]|"
    r"TRIG[ÉE]SIM[OA]|CUADRAG[ÉE]SIM[OA]|QUINCUAG[ÉE]SIM[OA]|SEXAG[ÉE]SIM[OA]|"
    r"SEPTUAG[ÉE]SIM[OA]|OCTOG[ÉE]SIM[OA]|NONAG[ÉE]SIM[OA])\b[\w\s]{0,30}?(?:\.\s*[-–—]|\.)\s"
    r"|^(?:Art[íi]culo|Fracci[óo]n|P[áa]rrafo|Inciso|Numeral|Apartado|Cap[íi]tulo|T[íi]tulo|"
    r"Secci[óo]n|Denominaci[óo]n|Fe de erratas|Reforma|Libro)s?\b[^.]{0,80}?"
    r"\b(?:reformad|adicionad|derogad|recorrid|DOF)"
    r"|^\(?(?:Reformad|Adicionad|Derogad)[oa]s?\b"
    r"|^\[?N\.\s*(?:DE|del)\s*E\.",
)
_NOTE = re.compile(r"\bDOF\s+\d{2}-\d{2}-\d{4}(?:,\s*\d{2}-\d{2}-\d{4})*\s*$")
_HYPHEN_END = re.compile(r"[A-Za-zÁÉÍÓÚáéíóúÑñü]-$")

@dataclass(slots=True)
class PdfText:
    """Text of a PDF, the furniture removed from it and the report's warnings."""

    text: str
    pages: int = 0
    removed: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)


def read_pdf(path: Path) -> PdfText:
    """Text of ``path`` in the plain-text format (see the module docstring)."""
    pages = extract_pages(path)
    cleaned, removed = strip_furniture(pages)
    if pages:
        cleaned[0] = recover_running_title(pages[0], cleaned[0])
    text = join_paragraphs(cleaned)
    if not text.strip():
        raise ImportFailed(f"«{path.name}»: el PDF no tiene capa de texto (¿es un documento "
                           "escaneado?). Conviértalo a texto con reconocimiento óptico (OCR) o "
                           "importe el documento original de Word.")
    result = PdfText(text, len(pages), removed)
    if removed:
        top = ", ".join(f"«{line}» ({n})" for line, n in removed.most_common(6))
        result.warnings.append(f"Se quitaron {sum(removed.values())} líneas de encabezado, pie "
                               f"y número de página del PDF: {top}.")
    return result


def extract_pages(path: Path) -> list[list[str]]:
    """Lines of each page, with a blank line where the vertical gap shows a paragraph break;
    ``ImportFailed`` for damaged, encrypted or empty PDFs.

    The engine is pdfium (pypdfium2): 25 times faster than pypdf on official PDFs
    (docs/benchmarks.md, "Motor de PDF") and installed by pip as a wheel, with no system
    package. pdfium gives the text of a page without blank lines, so the paragraph breaks
    are recovered from the position of the first character of each line.
    """
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text or "security" in text:
            raise ImportFailed(f"«{path.name}» está protegido con contraseña o cifrado: el PDF no "
                               "tiene capa de texto legible.", detail=str(exc)) from exc
        raise ImportFailed(f"«{path.name}» está dañado o no es un PDF válido; no se pudo leer.",
                           detail=str(exc)) from exc
    try:
        count = len(document)
        if count == 0:
            raise ImportFailed(f"«{path.name}»: el PDF no tiene páginas.")
        if count > MAX_PAGES:
            raise ImportFailed(f"«{path.name}» tiene {count} páginas; el máximo es {MAX_PAGES}.")
        return [_page_lines(document[i]) for i in range(count)]
    except ImportFailed:
        raise
    except (pdfium.PdfiumError, ValueError, IndexError, OSError) as exc:
        raise ImportFailed(f"«{path.name}» está dañado o no es un PDF válido; no se pudo leer.",
                           detail=f"{exc.__class__.__name__}: {exc}") from exc
    finally:
        document.close()


_GAP_FACTOR = 1.45  # a gap this many times the usual line spacing is a paragraph break


def _page_lines(page) -> list[str]:
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range() or ""
        chars = textpage.count_chars()
        rows: list[tuple[str, float | None]] = []
        index = 0
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            # pdfium's text and its character indices agree, the line breaks it generates
            # ("\r\n") included: the first visible character gives the line's height.
            first = next((k for k, ch in enumerate(line) if not ch.isspace()), None)
            bottom = None
            if first is not None and index + first < chars:
                bottom = textpage.get_charbox(index + first)[1]
            rows.append((line.strip(), bottom))
            index += len(line) + 2
    finally:
        textpage.close()
        page.close()
    return _with_paragraph_gaps(rows)


def _with_paragraph_gaps(rows: list[tuple[str, float | None]]) -> list[str]:
    steps = [a - b for (_, a), (_, b) in zip(rows, rows[1:])
             if a is not None and b is not None and a - b > 0]
    usual = sorted(steps)[len(steps) // 2] if steps else 0.0
    lines: list[str] = []
    previous = None
    for line, bottom in rows:
        if previous is not None and bottom is not None and usual and \
                previous - bottom > _GAP_FACTOR * usual:
            lines.append("")
        lines.append(line)
        if bottom is not None:
            previous = bottom
    return lines


_KIND_START = re.compile(r"^(?:LEY|REGLAMENTO|C[ÓO]DIGO|BANDO|LINEAMIENTOS|MANUAL|NORMA|ESTATUTO|"
                         r"ACUERDO|REGLAS)\b")


def recover_running_title(page: list[str], kept: list[str]) -> list[str]:
    """The first page's kept lines, with the title put back when the document names itself
    only in its running header (it was removed with the furniture of every page)."""
    content = [line for line in page if line]
    first_kept = next((line for line in kept if line), None)
    title: list[str] = []
    for line in content:
        if line == first_kept:
            break
        if title and not (line.isupper() and not line.endswith(".")):
            break
        if title or _KIND_START.match(line):
            title.append(line)
    if not title:
        return kept
    words = " ".join(" ".join(title).split())
    opening = " ".join(" ".join(line for line in kept[:40] if line).split())
    return kept if words in opening else [*title, "", *kept]


def _key(line: str) -> str:
    line = " ".join(line.split())
    return re.sub(r"\d+", "#", line) if len(line) < 40 else line


def _edges(lines: list[str]) -> tuple[list[int], list[int]]:
    content = [i for i, line in enumerate(lines) if line]
    return content[:_EDGE_TOP], content[-_EDGE_BOTTOM:][::-1]


def strip_furniture(pages: list[list[str]]) -> tuple[list[list[str]], Counter]:
    """Remove running headers, footers and page numbers (see the module docstring)."""
    counts: Counter = Counter()
    for lines in pages:
        top, bottom = _edges(lines)
        counts.update({_key(lines[i]) for i in top + bottom})
    threshold = max(2, int(0.6 * len(pages) + 0.999))
    furniture = {k for k, n in counts.items() if n >= threshold} if len(pages) >= 2 else set()
    removed: Counter = Counter()
    cleaned: list[list[str]] = []
    for lines in pages:
        drop: set[int] = set()
        top, bottom = _edges(lines)
        for edge in (top, bottom):
            seen: set[str] = set()
            for i in edge:
                key = _key(lines[i])
                is_number = bool(_PAGE_NUMBER.match(" ".join(lines[i].split())))
                if (key in furniture or is_number) and key not in seen:
                    seen.add(key)
                    drop.add(i)
                else:
                    break
        for i in sorted(drop):
            removed[_key(lines[i])] += 1
        cleaned.append([line for i, line in enumerate(lines) if i not in drop])
    return cleaned, removed


_DIVISION_ALONE = re.compile(r"^(?:LIBRO|T[ÍI]TULO|CAP[ÍI]TULO|SECCI[ÓO]N)\s+\S+(?:\s+(?:Bis|BIS))?$",
                             re.IGNORECASE)


def _standalone(line: str) -> bool:
    """Headings are paragraphs of their own: a division label, a short upper-case line."""
    if _DIVISION_ALONE.match(line) or line.upper().startswith("TEXTO VIGENTE"):
        return True
    letters = [c for c in line if c.isalpha()]
    return len(line) <= 90 and len(letters) >= 4 and all(c.isupper() for c in letters)


def join_paragraphs(pages: list[list[str]]) -> str:
    """Rebuild paragraphs from PDF lines (see the module docstring)."""
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            paragraphs.append(" ".join(" ".join(current).split()))
            current.clear()

    for lines in pages:
        new_page = True
        pending_break = False
        for raw in lines:
            line = " ".join(raw.split())
            if not line:
                # A blank line ends a paragraph, except right after a hyphenated word; blank
                # lines at a page edge are decided by the first line of the next page.
                if current and not _HYPHEN_END.search(current[-1]):
                    pending_break = True
                continue
            if new_page and current:
                # Across a page break, a paragraph goes on unless the previous one ended a
                # sentence and this line starts with a capital.
                if re.search(r"[.;:]$", current[-1]) and line[:1].isupper():
                    flush()
            elif pending_break:
                flush()
            new_page = pending_break = False
            if _STARTS.match(line) or _standalone(line) or (current and _standalone(current[-1])):
                flush()
            if current and _HYPHEN_END.search(current[-1]) and line[:1].islower():
                current[-1] = current[-1][:-1] + line.split(" ", 1)[0]
                rest = line.split(" ", 1)[1] if " " in line else ""
                if rest:
                    current.append(rest)
            else:
                current.append(line)
            if _NOTE.search(line) and _STARTS.match(line):
                flush()  # a federal reform note is a paragraph of its own
    flush()
    return "\n\n".join(paragraphs) + "\n" if paragraphs else ""
