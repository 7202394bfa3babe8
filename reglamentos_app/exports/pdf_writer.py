"""``Document`` → PDF with Qt (QTextDocument laid out on a QPdfWriter), no LibreOffice needed.

``QTextDocument.print_`` has no running header and adds its own margins, so the pages are
drawn here (ECOSYSTEM.md §3): the document is laid out at the writer's resolution with a page
height that leaves room for the running header and the "Página n de N" footer, then each page
is painted clipped to its slice. Tables keep their header row on every page (``<thead>``).
Without a Qt application (the CLI, a test, a script) one ``QGuiApplication`` is created, on the
``offscreen`` platform when there is no display, so the export also runs on a server. The
creation date Qt stamps is replaced by a fixed one of the same length, so the bytes of the same
export do not change from one run to the next.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import threading
import uuid

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt, QUuid
from PySide6.QtGui import (
    QFont, QGuiApplication, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument,
)

from .html_writer import qt_html
from .model import Document

__all__ = ["ensure_qt_app", "page_images", "page_png", "to_pdf"]

_APP: QGuiApplication | None = None
_LOCK = threading.Lock()
_RESOLUTION = 300
_FIXED_DATE = b"D:20000101000000"


def ensure_qt_app() -> None:
    """Create a ``QGuiApplication`` when there is none (offscreen without a display)."""
    global _APP
    with _LOCK:
        if QGuiApplication.instance() is not None:
            return
        headless = sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
        if headless and not os.environ.get("QT_QPA_PLATFORM"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        _APP = QGuiApplication(["reglamentos"])


def _writer(buffer: QBuffer, doc: Document) -> QPdfWriter:
    writer = QPdfWriter(buffer)
    writer.setResolution(_RESOLUTION)
    writer.setTitle(doc.title)
    creator = "Reglamentos — H. Ayuntamiento de Mexicali"
    if doc.record_anchor:   # PDF's info dictionary has no free field Qt writes but Creator
        creator += f" (ancla del registro del trámite: {doc.record_anchor})"
    writer.setCreator(creator)
    writer.setAuthor(doc.author)
    # A document id derived from the content, not a random one: same export, same bytes.
    seed = hashlib.sha256(qt_html(doc).encode("utf-8")).hexdigest()
    writer.setDocumentId(QUuid(str(uuid.UUID(seed[:32]))))
    return writer


def _layout(doc: Document, device, width: float, height: float) -> QTextDocument:
    text = QTextDocument()
    text.documentLayout().setPaintDevice(device)
    text.setDefaultFont(QFont("Arial", 11))
    text.setDocumentMargin(0)
    text.setHtml(qt_html(doc))
    text.setPageSize(QSizeF(width, height))
    return text


def _paint_page(painter: QPainter, text: QTextDocument, doc: Document, page: int, pages: int,
                width: float, band: float, body: float) -> None:
    """Page ``page`` (0-based): the running header, the body slice, "Página n de N"."""
    painter.save()
    painter.translate(0, band - page * body)
    text.drawContents(painter, QRectF(0, page * body, width, body))
    painter.restore()
    painter.setFont(QFont("Arial", 8))
    if doc.running_header:
        painter.drawText(QRectF(0, 0, width, band * 0.8),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                         doc.running_header)
    painter.drawText(QRectF(0, band + body, width, band),
                     Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                     f"Página {page + 1} de {pages}")


def _geometry(doc: Document, dpi: int) -> tuple[QPageLayout, float, float, float]:
    """The page layout and, in device pixels at ``dpi``: body width, band and body height."""
    orientation = QPageLayout.Orientation.Landscape if doc.landscape else \
        QPageLayout.Orientation.Portrait
    layout = QPageLayout(QPageSize(QPageSize.PageSizeId.Letter), orientation,
                         QMarginsF(20, 18, 20, 15), QPageLayout.Unit.Millimeter)
    rect = layout.paintRectPixels(dpi)
    band = dpi * 0.35  # header and footer bands: 0.35 inch each
    return layout, float(rect.width()), band, float(rect.height()) - 2 * band


def page_images(doc: Document, *, max_pages: int = 2, dpi: int = 80) -> list[QImage]:
    """The first pages exactly as the PDF draws them, as images (previews, screenshots)."""
    ensure_qt_app()
    layout, width, band, body = _geometry(doc, dpi)
    full = layout.fullRectPixels(dpi)
    margins = layout.marginsPixels(dpi)
    probe = _image(full.width(), full.height(), dpi)
    text = _layout(doc, probe, width, body)
    pages = max(1, text.pageCount())
    images = []
    for page in range(min(pages, max_pages)):
        image = _image(full.width(), full.height(), dpi)
        painter = QPainter(image)
        try:
            painter.translate(margins.left(), margins.top())
            _paint_page(painter, text, doc, page, pages, width, band, body)
        finally:
            painter.end()
        images.append(image)
    return images


def _image(width: int, height: int, dpi: int) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(per_metre)
    image.setDotsPerMeterY(per_metre)
    return image


def page_png(doc: Document, *, max_pages: int = 2, dpi: int = 80) -> list[bytes]:
    """``page_images`` encoded as PNG bytes."""
    out = []
    for image in page_images(doc, max_pages=max_pages, dpi=dpi):
        array = QByteArray()
        buffer = QBuffer(array)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        out.append(bytes(array.data()))
    return out


def _stable(data: bytes) -> bytes:
    """Fix the creation date Qt writes (same length, so the xref offsets stay valid)."""
    data = re.sub(rb"\(D:\d{14}", b"(" + _FIXED_DATE, data)
    # The XMP packet repeats the date in ISO form.
    return re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", b"2000-01-01T00:00:00", data)


def to_pdf(doc: Document) -> bytes:
    """Render ``doc`` as PDF bytes (see the module docstring)."""
    ensure_qt_app()
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = _writer(buffer, doc)
    layout, width, band, body = _geometry(doc, _RESOLUTION)
    writer.setPageLayout(layout)
    text = _layout(doc, writer, width, body)
    pages = max(1, text.pageCount())
    painter = QPainter(writer)
    try:
        for page in range(pages):
            if page:
                writer.newPage()
            _paint_page(painter, text, doc, page, pages, width, band, body)
    finally:
        painter.end()
    buffer.close()
    return _stable(bytes(array.data()))
