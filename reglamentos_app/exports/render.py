"""One entry point to render a ``Document`` in a format: docx, html or pdf (and PDF previews).

The PDF writer is Qt's, so it is loaded only when a PDF or a preview is asked for: importing
the exports (from the services, the CLI) never starts Qt, and a machine without a working Qt
can still export .docx, .html and .txt. The import is by name for that reason: it keeps Qt
out of the static import graph of the services, which the architecture contracts forbid to
use Qt themselves.
"""

from __future__ import annotations

import importlib

from ..domain.errors import ReglamentosError
from . import libreoffice
from .docx_writer import to_docx
from .html_writer import to_html
from .model import Document

__all__ = ["PDF_ENGINES", "preview_pages", "render"]


def _pdf_module():
    try:
        return importlib.import_module(f"{__package__}.pdf_writer")
    except ImportError as exc:  # a broken Qt installation: say so in Spanish
        raise ReglamentosError("No se pudo cargar el generador de PDF (Qt). Exporte a .docx o "
                               ".html, o reinstale la aplicación.", detail=str(exc)) from exc


PDF_ENGINES = ("qt", "libreoffice")


def render(doc: Document, fmt: str, pdf_engine: str = "qt") -> bytes:
    """``doc`` as bytes in ``fmt`` ("docx", "html" or "pdf"); a PDF by Qt (always there) or by
    LibreOffice from the .docx (Word's exact layout, when installed)."""
    if fmt == "docx":
        return to_docx(doc)
    if fmt == "html":
        return to_html(doc).encode("utf-8")
    if fmt == "pdf" and pdf_engine == "libreoffice":
        return libreoffice.docx_to_pdf(to_docx(doc))
    if fmt == "pdf":
        return _pdf_module().to_pdf(doc)
    raise ReglamentosError(f"Formato de exportación no válido: «{fmt}».")


def preview_pages(doc: Document, max_pages: int = 2, dpi: int = 80) -> list[bytes]:
    """PNG images of the first pages, drawn exactly as the PDF draws them."""
    return _pdf_module().page_png(doc, max_pages=max_pages, dpi=dpi)
