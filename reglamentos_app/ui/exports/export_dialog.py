"""The "Exportar…" dialog: what, format, date, house style, destination, preview, open when done.

Opened from the regulation viewer (texto vigente, paquete de publicación of the regulation
shown, at the version shown) or from a project editor (cuadro comparativo, proyecto de acuerdo,
iniciativa, paquete de publicación). The preview of the first pages is drawn in the background
exactly as the PDF prints it; the export itself runs in the background with a progress dialog,
and errors are shown in Spanish by the usual ``show_error``. Nothing here knows a file format:
the dialog builds an ``ExportRequest`` and ``run_export`` hands it to ``services.exports``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout,
    QHBoxLayout, QLabel, QLineEdit, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from ...domain.errors import ValidationError
from ...domain.provisions import NoteStyle
from ...services import Services
from ...services.exports import NOTE_STYLE_LABELS, ExportFormat
from .. import file_dialogs
from ..layout import fit_to_screen
from ..ops import Op, OpRunner
from ..saved_notice import confirm_saved, open_path


class ExportKind(str, Enum):
    """The documents the dialog can write."""

    CONSOLIDATED = "vigente"
    CUADRO = "cuadro"
    DECREE = "decreto"
    INITIATIVE = "iniciativa"
    PACKAGE = "paquete"

    @property
    def label(self) -> str:
        return {"vigente": "Texto vigente", "cuadro": "Cuadro comparativo",
                "decreto": "Proyecto de acuerdo (decreto)", "iniciativa": "Iniciativa",
                "paquete": "Paquete de publicación"}[self.value]


REGULATION_KINDS = [ExportKind.CONSOLIDATED, ExportKind.PACKAGE]
PROJECT_KINDS = [ExportKind.CUADRO, ExportKind.DECREE, ExportKind.INITIATIVE, ExportKind.PACKAGE]
_DOCUMENT_FORMATS = [ExportFormat.DOCX, ExportFormat.PDF, ExportFormat.HTML]
FORMATS = {ExportKind.CONSOLIDATED: list(ExportFormat), ExportKind.CUADRO: _DOCUMENT_FORMATS,
           # the decree also as an Akoma Ntoso amending act (mods with the quoted new text)
           ExportKind.DECREE: [*_DOCUMENT_FORMATS, ExportFormat.AKN],
           ExportKind.INITIATIVE: _DOCUMENT_FORMATS}
PACKAGE_FOLDER, PACKAGE_ZIP = "carpeta", "zip"


@dataclass(slots=True)
class ExportRequest:
    """Everything needed to write one export."""

    kind: ExportKind
    source: str                       # a regulation URI or a project number
    fmt: str                          # an ExportFormat value, or "carpeta" / "zip"
    dest: Path
    when: date | None = None
    note_style: NoteStyle | None = None
    observations: bool = False
    pdf_engine: str = "qt"


def run_export(services: Services, request: ExportRequest, report=None, _cancel=None) -> Path:
    """Runs on the worker: write the requested export, return where it went."""
    exports = services.exports
    if request.kind is ExportKind.PACKAGE:
        return exports.package(request.source, request.dest, as_zip=request.fmt == PACKAGE_ZIP,
                               note_style=request.note_style, progress=report).path
    if request.kind is ExportKind.CONSOLIDATED:
        return exports.export_consolidated(request.source, request.dest, request.fmt,
                                           when=request.when, note_style=request.note_style,
                                           pdf_engine=request.pdf_engine)
    project = int(request.source)
    engine = request.pdf_engine
    if request.kind is ExportKind.CUADRO:
        data = exports.cuadro(project, request.fmt, observations=request.observations,
                              pdf_engine=engine)
    elif request.kind is ExportKind.DECREE:
        data = exports.decree(project, request.fmt, when=request.when, pdf_engine=engine)
    else:
        data = exports.initiative(project, request.fmt, when=request.when, pdf_engine=engine)
    return exports.save(request.dest, data)


def preview_document(services: Services, request: ExportRequest) -> list[bytes]:
    """Runs on the worker: PNG of the first page of what the request will write."""
    exports = services.exports
    if request.kind in (ExportKind.CONSOLIDATED, ExportKind.PACKAGE) and not \
            request.source.isdigit():
        doc = exports.consolidated_document(request.source, request.when, request.note_style)
    elif request.kind is ExportKind.CUADRO:
        doc = exports.cuadro_document(int(request.source), observations=request.observations)
    elif request.kind is ExportKind.INITIATIVE:
        doc = exports.initiative_document(int(request.source), request.when)
    elif request.kind is ExportKind.DECREE:
        doc = exports.decree_document(int(request.source), request.when)
    else:
        return []  # a project's package: its texts exist only once it is published
    return exports.preview(doc, PREVIEW_PAGES)


PREVIEW_PAGES = 2
PREVIEW_MIN_WIDTH = 480


def _stacked(pages: list[bytes]) -> QPixmap:
    """The first pages one under the other, with a grey gap, as one picture."""
    images = [QPixmap() for _ in pages]
    for image, data in zip(images, pages):
        image.loadFromData(data, "PNG")
    gap = 12
    width = max(i.width() for i in images)
    result = QPixmap(width, sum(i.height() for i in images) + gap * (len(images) - 1))
    result.fill(QColor("#9a9a9a"))
    painter = QPainter(result)
    y = 0
    for image in images:
        painter.drawPixmap(0, y, image)
        y += image.height() + gap
    painter.end()
    return result


def _written_subject(kind: ExportKind) -> str:
    """"El cuadro comparativo", "La iniciativa"… (the subject of "… se guardó en")."""
    return {ExportKind.CONSOLIDATED: "El texto vigente",
            ExportKind.CUADRO: "El cuadro comparativo",
            ExportKind.DECREE: "El proyecto de acuerdo",
            ExportKind.INITIATIVE: "La iniciativa",
            ExportKind.PACKAGE: "El paquete de publicación"}[kind]


class ExportDialog(QDialog):
    """The export dialog (see the module docstring)."""

    sig_exported = Signal(str)  # the path written

    def __init__(self, runner: OpRunner, *, source: str, kinds: list[ExportKind],
                 base_name: str, when: date | None = None, kind: ExportKind | None = None,
                 libreoffice: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Exportar")
        self._runner = runner
        self._source = source
        self._base_name = base_name
        self._preview_seq = 0
        self._libreoffice = libreoffice
        self.written: Path | None = None
        self._build(kinds, when)
        if kind is not None and kind in kinds:
            self.kind_combo.setCurrentIndex(kinds.index(kind))
        self._on_kind_changed()

    # -- construction ---------------------------------------------------------------------------
    def _build(self, kinds: list[ExportKind], when: date | None) -> None:
        self.kind_combo = QComboBox()
        for kind in kinds:
            self.kind_combo.addItem(kind.label, kind)
        self.format_combo = QComboBox()
        self.date_check = QCheckBox("Texto vigente al")
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setDate(QDate(when) if when else QDate.currentDate())
        self.date_check.setChecked(when is not None)
        self.style_combo = QComboBox()
        for style, label in NOTE_STYLE_LABELS.items():
            self.style_combo.addItem(label, style)
        self.observations_check = QCheckBox("Agregar la columna OBSERVACIONES (las del trámite)")
        self.word_pdf_check = QCheckBox("PDF con el formato exacto de Word (LibreOffice)")
        self.word_pdf_check.setToolTip("" if self._libreoffice else
                                       "LibreOffice no está instalado: el PDF lo genera la "
                                       "aplicación")
        self.dest_edit = QLineEdit()
        self.browse_button = QPushButton("Examinar…")
        self.open_check = QCheckBox("Abrir al terminar")
        self.preview_label = QLabel("Vista previa…")
        self.preview_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.preview_label)
        scroll.setWidgetResizable(True)
        # Big enough to read a page's layout (margins, headings, notes); the dialog opens at
        # the size of a 1280×720 screen's work area at most.
        scroll.setMinimumSize(PREVIEW_MIN_WIDTH, 420)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.preview_scroll = scroll
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)

        form = QFormLayout()
        form.addRow("Qué exportar:", self.kind_combo)
        form.addRow("Formato:", self.format_combo)
        dates = QHBoxLayout()
        dates.addWidget(self.date_check)
        dates.addWidget(self.date_edit, 1)
        form.addRow("Fecha:", dates)
        form.addRow("Notas de reforma:", self.style_combo)
        form.addRow("", self.observations_check)
        form.addRow("", self.word_pdf_check)
        destination = QHBoxLayout()
        destination.addWidget(self.dest_edit, 1)
        destination.addWidget(self.browse_button)
        form.addRow("Guardar en:", destination)
        form.addRow("", self.open_check)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("Exportar",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.status_label)
        left.addStretch(1)
        left.addWidget(self.buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addWidget(scroll, 3)
        fit_to_screen(self, 1120, 720)

        self.kind_combo.currentIndexChanged.connect(lambda _i: self._on_kind_changed())
        self.format_combo.currentIndexChanged.connect(lambda _i: self._on_format_changed())
        self.date_check.toggled.connect(lambda _on: self._options_changed())
        self.date_edit.dateChanged.connect(lambda _d: self._options_changed())
        self.style_combo.currentIndexChanged.connect(lambda _i: self._options_changed())
        self.observations_check.toggled.connect(lambda _on: self._options_changed())
        self.browse_button.clicked.connect(self._browse)
        self.buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self.start_export)

    # -- state ----------------------------------------------------------------------------------
    @property
    def kind(self) -> ExportKind:
        # Qt hands str-based enums back as plain strings.
        return ExportKind(self.kind_combo.currentData())

    @property
    def note_style(self) -> NoteStyle | None:
        value = self.style_combo.currentData()
        return NoteStyle(value) if value else None

    def _on_kind_changed(self) -> None:
        kind = self.kind
        self.format_combo.blockSignals(True)
        self.format_combo.clear()
        if kind is ExportKind.PACKAGE:
            self.format_combo.addItem("Carpeta", PACKAGE_FOLDER)
            self.format_combo.addItem("Archivo .zip", PACKAGE_ZIP)
        else:
            for fmt in FORMATS[kind]:
                self.format_combo.addItem(fmt.label, fmt.value)
        self.format_combo.blockSignals(False)
        consolidated = kind is ExportKind.CONSOLIDATED
        self.date_check.setEnabled(consolidated)
        self.date_edit.setEnabled(consolidated or kind in (ExportKind.DECREE,
                                                           ExportKind.INITIATIVE))
        self.date_check.setText("Texto vigente al" if consolidated else "Fecha del documento")
        self.style_combo.setEnabled(kind in (ExportKind.CONSOLIDATED, ExportKind.PACKAGE))
        self.observations_check.setEnabled(kind is ExportKind.CUADRO)
        self._on_format_changed()

    def _on_format_changed(self) -> None:
        self.word_pdf_check.setEnabled(self._libreoffice and
                                       self.format_combo.currentData() == ExportFormat.PDF.value)
        self.dest_edit.setText(file_dialogs.start_path(self._default_name()))
        self._options_changed()

    def _default_name(self) -> str:
        fmt = self.format_combo.currentData()
        stem = self._base_name if self.kind in (ExportKind.CONSOLIDATED, ExportKind.PACKAGE) \
            else f"{self.kind.value}-{self._base_name}"
        if self.kind is ExportKind.PACKAGE:
            stem = f"paquete-{self._base_name}"
            return stem + (".zip" if fmt == PACKAGE_ZIP else "")
        return stem + ExportFormat.of(fmt).suffix

    def request(self) -> ExportRequest:
        text = self.dest_edit.text().strip()
        if not text:
            raise ValidationError("Indique dónde guardar la exportación.")
        kind = self.kind
        when = None
        if self.date_edit.isEnabled() and (self.date_check.isChecked() or
                                           kind is not ExportKind.CONSOLIDATED):
            when = self.date_edit.date().toPython()
        return ExportRequest(kind, self._source, self.format_combo.currentData(), Path(text),
                             when, self.note_style,
                             self.observations_check.isChecked(),
                             "libreoffice" if self.word_pdf_check.isEnabled()
                             and self.word_pdf_check.isChecked() else "qt")

    def _options_changed(self) -> None:
        self.refresh_preview()

    def _browse(self) -> None:
        current = self.dest_edit.text()
        title = "Carpeta del paquete" if (self.kind is ExportKind.PACKAGE and
                                          self.format_combo.currentData() == PACKAGE_FOLDER) \
            else "Guardar como"
        chosen = file_dialogs.save_file(self, title, current)
        if chosen:
            self.dest_edit.setText(chosen)

    # -- preview and export -------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        self._preview_seq += 1
        seq = self._preview_seq
        try:
            request = self.request()
        except ValidationError:
            return
        self.preview_label.setText("Preparando la vista previa…")
        Op(self._runner, parent=self, op=lambda svc: preview_document(svc, request),
           success=lambda pages: self._show_preview(seq, pages)) \
            .failure(lambda exc: self._preview_failed(seq, exc)).run_in_background()

    def _show_preview(self, seq: int, pages: list[bytes]) -> None:
        if seq != self._preview_seq:
            return  # the options changed again meanwhile
        if not pages:
            self.preview_label.setText("Sin vista previa: el paquete de un proyecto se arma con "
                                       "el texto publicado.")
            return
        self._preview_pixmap = _stacked(pages)
        self._fit_preview()

    def _fit_preview(self) -> None:
        """The pages at the preview's width (a whole line of the page in view, no sideways
        scrolling); never enlarged beyond their rendered size."""
        pixmap = getattr(self, "_preview_pixmap", None)
        if pixmap is None or pixmap.isNull():
            return
        width = self.preview_scroll.viewport().width() - 2
        if 0 < width < pixmap.width():
            pixmap = pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        self.preview_label.setPixmap(pixmap)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit_preview()

    def _preview_failed(self, seq: int, exc: BaseException) -> None:
        if seq == self._preview_seq:
            message = getattr(exc, "user_message", None) or "No se pudo preparar la vista previa."
            self.preview_label.setText(message)

    def start_export(self) -> None:
        try:
            request = self.request()
        except ValidationError as exc:
            self.status_label.setText(exc.user_message)
            return
        self.export_button.setEnabled(False)
        self.status_label.setText("Exportando…")
        Op(self._runner, parent=self,
           op=lambda svc, report, cancel: run_export(svc, request, report, cancel),
           success=self._on_exported).failure(self._on_failed) \
            .with_progress(f"Exportando {request.kind.label.lower()}…").run_in_background()

    def _on_exported(self, path: Path) -> None:
        self.written = path
        self.export_button.setEnabled(True)
        self.status_label.setText(f"Se guardó en {path}")
        self.sig_exported.emit(str(path))
        if self.open_check.isChecked():
            open_path(path)
        else:  # the dialog closes: say what was written, where, and offer to open it
            confirm_saved(self.parentWidget() or self, path, _written_subject(self.kind))
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        from ..errors import show_error

        self.export_button.setEnabled(True)
        self.status_label.setText("La exportación no se completó.")
        show_error(self, exc)
