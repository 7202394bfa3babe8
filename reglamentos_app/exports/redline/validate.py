"""Self-check of a written redline: the invariants Word and LibreOffice rely on.

Run on every document before it is saved (and by the tests): every revision and bookmark id
is unique, every ``w:ins``/``w:del`` has an author and a date, deletions hold only
``w:delText`` and insertions only ``w:t``, no run is empty, ``w:rPr`` comes first in a run,
and every text element keeps its spaces (``xml:space="preserve"``). A failure is a bug in the
writer, reported in Spanish rather than handing the síndico a file Word may "repair".
"""

from __future__ import annotations

from lxml import etree

from ...domain.errors import ReglamentosError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def problems(body: etree._Element) -> list[str]:
    """What is wrong with a document body (empty: nothing)."""
    found: list[str] = []
    seen: set[str] = set()
    for element in body.iter(_w("ins"), _w("del"), _w("bookmarkStart")):
        ident = element.get(_w("id"))
        if not ident or ident in seen:
            found.append(f"identificador repetido o vacío: {ident!r}")
        seen.add(ident or "")
        if element.tag != _w("bookmarkStart") and not (element.get(_w("author"))
                                                      and element.get(_w("date"))):
            found.append(f"revisión {ident} sin autor o sin fecha")
    for deletion in body.iter(_w("del")):
        if deletion.find(f".//{_w('t')}") is not None:
            found.append("texto normal dentro de una supresión")
    for insertion in body.iter(_w("ins")):
        if insertion.find(f".//{_w('delText')}") is not None:
            found.append("texto suprimido dentro de una inserción")
    for run in body.iter(_w("r")):
        content = [c for c in run if c.tag != _w("rPr")]
        if not content:
            found.append("ejecución (w:r) vacía")
        if run.find(_w("rPr")) is not None and run[0].tag != _w("rPr"):
            found.append("w:rPr no es el primer hijo de la ejecución")
    for text in body.iter(_w("t"), _w("delText")):
        if text.get(_SPACE) != "preserve":
            found.append("texto sin xml:space=\"preserve\"")
        if not text.text:
            found.append("elemento de texto vacío")
    return found


def check(body: etree._Element) -> None:
    found = problems(body)
    if found:
        raise ReglamentosError("No se pudo escribir el redline: el documento no quedó bien "
                               f"formado ({found[0]}).", detail="; ".join(found[:20]))
