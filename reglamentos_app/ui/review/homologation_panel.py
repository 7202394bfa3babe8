"""«Homologar con un modelo»: the matrix of a model's principles × instruments, in the dashboard.

The clerk picks a model (or adds the sample one, imports a file, or takes a regulation of the
corpus) and the instruments (by default every acuerdo de creación); the table shows one row
per principle and one column per instrument, each cell «Igual» (green), «Distinta» (amber) or
«Falta» (red) with the article that regulates it, a last column with the counts per principle
and a last row with the counts per instrument. Status filters hide what is not wanted.
Selecting a cell shows why it matched and the word diff against the model's text (filled with
that body's names); «Corregir…» stores which articles regulate it (or that none does) and the
matrix is recomputed with it. Selected cells become one omnibus project with «Crear proyecto de
homologación…»; the matrix exports to Excel and Word. Work runs through ``Op``.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QInputDialog, QLabel,
    QListWidget, QListWidgetItem, QMessageBox, QPushButton, QSplitter, QTableWidget,
    QTableWidgetItem, QTextBrowser, QVBoxLayout, QWidget,
)

from ...domain.changes import SegmentKind
from ...domain.plural import count
from ...services import word_diff
from .. import file_dialogs
from ..ops import Op, OpRunner
from ..saved_notice import confirm_saved

COLOURS = {"igual": "#c6efce", "distinta": "#ffeb9c", "falta": "#ffc7ce"}
LABELS = {"igual": "Igual", "distinta": "Distinta", "falta": "Falta"}
XLSX_FILTER = "Libro de Excel (*.xlsx)"
DOCX_FILTER = "Documento de Word (*.docx)"
TEXT_FILTER = "Texto (*.txt)"
KEY_ROLE = Qt.ItemDataRole.UserRole


class HomologationPanel(QWidget):
    """The homologation tab (see the module docstring)."""

    sig_open_project = Signal(int)

    def __init__(self, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.matrix = None
        self.uris: list[str] | None = None   # None: the acuerdos de creación
        self.model_box = QComboBox()
        self.model_box.setMinimumWidth(320)
        self.sample_button = QPushButton("Agregar el modelo de &muestra")
        self.import_button = QPushButton("&Importar modelo…")
        self.from_corpus_button = QPushButton("Usar un reglamento como modelo…")
        self.instruments_button = QPushButton("&Instrumentos…")
        self.compute_button = QPushButton("&Calcular la matriz")
        self.filters = {s: QCheckBox(LABELS[s]) for s in LABELS}
        for box in self.filters.values():
            box.setChecked(True)
            box.toggled.connect(self.apply_filters)
        self.table = QTableWidget()
        self.table.setSelectionMode(QTableWidget.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.currentCellChanged.connect(lambda r, c, *_: self.show_cell(r, c))
        self.detail = QTextBrowser()
        self.correct_button = QPushButton("C&orregir…")
        self.forget_button = QPushButton("&Quitar la corrección")
        self.xlsx_button = QPushButton("Exportar &Excel…")
        self.docx_button = QPushButton("Exportar &Word…")
        self.project_button = QPushButton("Crear &proyecto de homologación…")
        self.project_button.setToolTip("Un proyecto ómnibus que adiciona lo que falta y reforma "
                                       "lo distinto en las celdas seleccionadas")
        self.status = QLabel("Elija un modelo y calcule la matriz.")
        self._layout()
        self.sample_button.clicked.connect(self.add_sample)
        self.import_button.clicked.connect(lambda: self.import_model())
        self.from_corpus_button.clicked.connect(lambda: self.model_from_corpus())
        self.instruments_button.clicked.connect(lambda: self.choose_instruments())
        self.compute_button.clicked.connect(self.compute)
        self.correct_button.clicked.connect(lambda: self.correct_current())
        self.forget_button.clicked.connect(self.forget_current)
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.docx_button.clicked.connect(lambda: self.export("docx"))
        self.project_button.clicked.connect(lambda: self.create_project())

    def _layout(self) -> None:
        models = QHBoxLayout()
        models.addWidget(QLabel("Modelo:"))
        models.addWidget(self.model_box, 1)
        for button in (self.sample_button, self.import_button, self.from_corpus_button):
            models.addWidget(button)
        filters = QHBoxLayout()
        filters.addWidget(self.instruments_button)
        filters.addWidget(self.compute_button)
        filters.addSpacing(20)
        filters.addWidget(QLabel("Mostrar:"))
        for box in self.filters.values():
            filters.addWidget(box)
        filters.addStretch(1)
        filters.addWidget(self.status)
        detail = QWidget()
        side = QVBoxLayout(detail)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.detail, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.correct_button)
        buttons.addWidget(self.forget_button)
        side.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        bottom = QHBoxLayout()
        bottom.addWidget(self.project_button)
        bottom.addStretch(1)
        bottom.addWidget(self.xlsx_button)
        bottom.addWidget(self.docx_button)
        layout = QVBoxLayout(self)
        layout.addLayout(models)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

    # -- models -----------------------------------------------------------------------------
    def load(self) -> None:
        """List the models; the first time one exists, compute its matrix right away."""
        def shown(models) -> None:
            self._show_models(models)
            if models and self.matrix is None:
                self.compute()

        Op(self.runner, parent=self, op=lambda svc: svc.homologation.models(),
           success=shown).run_in_background()

    def _show_models(self, models, select: int | None = None) -> None:
        current = select if select is not None else self.model_id()
        self.model_box.clear()
        for info in models:
            self.model_box.addItem(f"{info.name} ({info.principles} principios)", info.id)
        if current is not None and (index := self.model_box.findData(current)) >= 0:
            self.model_box.setCurrentIndex(index)
        elif models:
            self.model_box.setCurrentIndex(len(models) - 1)

    def model_id(self) -> int | None:
        data = self.model_box.currentData()
        return int(data) if data is not None else None

    def _added(self, info) -> None:
        def shown(models) -> None:
            self._show_models(models, info.id)
            self.compute()

        Op(self.runner, parent=self, op=lambda svc: svc.homologation.models(),
           success=shown).run_in_background()

    def add_sample(self) -> None:
        Op(self.runner, parent=self, op=lambda svc: svc.homologation.add_sample_model(),
           success=self._added).run_in_background()

    def import_model(self, path: str | None = None) -> None:
        if path is None:
            path = file_dialogs.open_file(self, "Importar modelo", TEXT_FILTER)
            if not path:
                return
        Op(self.runner, parent=self,
           op=lambda svc: svc.homologation.import_model(Path(path)),
           success=self._added).run_in_background()

    def model_from_corpus(self, uri: str | None = None) -> None:
        if uri is None:
            def ask(summaries) -> None:
                titles = [s.title for s in summaries]
                title, ok = QInputDialog.getItem(self, "Usar un reglamento como modelo",
                                                 "Reglamento:", titles, 0, False)
                if ok:
                    self.model_from_corpus(summaries[titles.index(title)].uri)

            Op(self.runner, parent=self, op=lambda svc: svc.corpus.list_regulations(),
               success=ask).run_in_background()
            return
        Op(self.runner, parent=self,
           op=lambda svc: svc.homologation.model_from_regulation(uri),
           success=self._added).run_in_background()

    def choose_instruments(self, uris: list[str] | None = None) -> None:
        """Pick the instruments (a check list of the corpus; none checked: the acuerdos)."""
        if uris is None:
            def ask(summaries) -> None:
                dialog = _InstrumentDialog(self, summaries, self.uris or self._current_uris())
                if dialog.exec() == QDialog.DialogCode.Accepted:
                    self.choose_instruments(dialog.checked())

            Op(self.runner, parent=self, op=lambda svc: svc.corpus.list_regulations(),
               success=ask).run_in_background()
            return
        self.uris = uris or None
        self.compute()

    def _current_uris(self) -> list[str]:
        return [c.uri for c in self.matrix.instruments] if self.matrix else []

    # -- the matrix -------------------------------------------------------------------------
    def compute(self) -> None:
        model_id = self.model_id()
        if model_id is None:
            QMessageBox.information(self, "Homologar", "Agregue primero un modelo: el de "
                                    "muestra, un archivo o un reglamento del corpus.")
            return
        uris = self.uris
        self.status.setText("Calculando la matriz…")
        Op(self.runner, parent=self, op=lambda svc: svc.homologation.matrix(model_id, uris),
           success=self.show_matrix).run_in_background()

    def show_matrix(self, matrix) -> None:
        self.matrix = matrix
        columns = [c.title for c in matrix.instruments] + ["Por principio"]
        rows = [label for _key, label in matrix.rows()] + ["Por instrumento"]
        self.table.clear()
        self.table.setColumnCount(len(columns))
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels(columns)
        self.table.setVerticalHeaderLabels(rows)
        for c, column in enumerate(matrix.instruments):
            names = "\n".join(f"{n.token} = {n.value} ({n.reason})" for n in column.names.values())
            self.table.horizontalHeaderItem(c).setToolTip(f"{column.uri}\n{names}".strip())
        for r, (key, _label) in enumerate(matrix.rows()):
            for c, column in enumerate(matrix.instruments):
                cell = matrix.cell(column.uri, key)
                text = LABELS[cell.status.value] + (f"\n{cell.where}" if cell.where else "")
                if cell.corrected:
                    text += "\n(corregido)"
                item = QTableWidgetItem(text)
                item.setData(KEY_ROLE, cell.key)
                item.setBackground(QBrush(QColor(COLOURS[cell.status.value])))
                item.setToolTip(cell.reason)
                self.table.setItem(r, c, item)
            counts = matrix.counts_by_principle()[key]
            self.table.setItem(r, len(matrix.instruments), _summary_item(counts))
        by_instrument = matrix.counts_by_instrument()
        for c, column in enumerate(matrix.instruments):
            self.table.setItem(len(rows) - 1, c, _summary_item(by_instrument[column.uri]))
        self.table.resizeRowsToContents()
        total = {s: sum(v[s] for v in by_instrument.values()) for s in LABELS}
        self.status.setText(
            f"{count(len(matrix.instruments), 'instrumento')} × "
            f"{count(len(matrix.model.provisions), 'principio')}: "
            f"{count(total['igual'], 'igual', 'iguales')}, "
            f"{count(total['distinta'], 'distinta')}, "
            f"{total['falta']} {'falta' if total['falta'] == 1 else 'faltan'}")
        self.apply_filters()
        self.show_cell(0, 0)

    def apply_filters(self) -> None:
        """Hide principles and instruments with no cell in a shown status."""
        if self.matrix is None:
            return
        shown = {s for s, box in self.filters.items() if box.isChecked()}
        keys = [k for k, _l in self.matrix.rows()]
        cols = self.matrix.instruments
        visible = {(r, c) for r, key in enumerate(keys) for c, col in enumerate(cols)
                   if self.matrix.cell(col.uri, key).status.value in shown}
        for r in range(len(keys)):
            self.table.setRowHidden(r, not any((r, c) in visible for c in range(len(cols))))
        for c in range(len(cols)):
            self.table.setColumnHidden(c, not any((r, c) in visible for r in range(len(keys))))

    def cell_at(self, row: int, column: int):
        item = self.table.item(row, column)
        key = item.data(KEY_ROLE) if item is not None else None
        if not key or self.matrix is None:
            return None
        uri, model_key = key.split("#", 1)
        return self.matrix.cell(uri, model_key)

    def show_cell(self, row: int, column: int) -> None:
        cell = self.cell_at(row, column)
        if cell is None:
            self.detail.setHtml("")
            return
        provision = self.matrix.provision(cell.model_key)
        parts = [f"<h3>{html.escape(provision.label)}</h3>",
                 f"<p><b>{html.escape(self.matrix.title_of(cell.uri))}</b><br>"
                 f"{LABELS[cell.status.value]}"
                 + (f" — {html.escape(cell.where)} ({cell.score:.0f} %)" if cell.where else "")
                 + f"</p><p><i>{html.escape(cell.reason)}</i></p>"]
        if cell.status.value == "distinta":
            parts.append("<p><b>Texto vigente → texto del modelo</b> (rojo: se quita; verde: "
                         "se agrega)</p><p>" + _diff_html(cell.instrument_text, cell.model_text)
                         + "</p>")
        elif cell.status.value == "falta":
            parts.append("<p><b>Texto del modelo para este instrumento</b></p><p>"
                         + html.escape(cell.model_text) + "</p>")
        else:
            parts.append("<p>" + html.escape(cell.instrument_text) + "</p>")
        self.detail.setHtml("".join(parts))

    def selected_cells(self) -> list:
        out = []
        for index in self.table.selectedIndexes():
            cell = self.cell_at(index.row(), index.column())
            if cell is not None and not self.table.isRowHidden(index.row()) \
                    and not self.table.isColumnHidden(index.column()):
                out.append(cell)
        return out

    # -- corrections ------------------------------------------------------------------------
    def correct_current(self, pids: list[str] | None = None) -> None:
        cell = self.cell_at(self.table.currentRow(), self.table.currentColumn())
        if cell is None:
            QMessageBox.information(self, "Corregir", "Elija primero una celda de la matriz.")
            return
        model_id = self.model_id()
        if pids is None:
            def ask(articles) -> None:
                dialog = _CorrectionDialog(self, articles, [m.pid for m in cell.matches])
                if dialog.exec() == QDialog.DialogCode.Accepted:
                    self.correct_current(dialog.checked())

            Op(self.runner, parent=self,
               op=lambda svc: svc.homologation.instrument_articles(cell.uri),
               success=ask).run_in_background()
            return
        Op(self.runner, parent=self,
           op=lambda svc: svc.homologation.correct(model_id, cell.uri, cell.model_key, pids),
           success=lambda _r: self.compute()).run_in_background()

    def forget_current(self) -> None:
        cell = self.cell_at(self.table.currentRow(), self.table.currentColumn())
        if cell is None or not cell.corrected:
            return
        model_id = self.model_id()
        Op(self.runner, parent=self,
           op=lambda svc: svc.homologation.forget_correction(model_id, cell.uri, cell.model_key),
           success=lambda _r: self.compute()).run_in_background()

    # -- exports and the project ------------------------------------------------------------
    def export(self, kind: str, path: str | None = None) -> None:
        if self.matrix is None:
            return
        if path is None:
            name, filt = (("homologacion.xlsx", XLSX_FILTER) if kind == "xlsx"
                          else ("homologacion.docx", DOCX_FILTER))
            path = file_dialogs.save_file(self, "Exportar la matriz", name, filt)
            if not path:
                return
        matrix = self.matrix
        op = ((lambda svc: svc.homologation.export_xlsx(matrix, Path(path))) if kind == "xlsx"
              else (lambda svc: svc.homologation.export_docx(matrix, Path(path))))

        def done(_r) -> None:
            self.status.setText(f"Exportado: {path}")
            confirm_saved(self, path, "La matriz de homologación")

        Op(self.runner, parent=self, op=op, success=done).run_in_background()

    def create_project(self, title: str | None = None) -> None:
        cells = [c for c in self.selected_cells() if c.status.value != "igual"]
        if not cells:
            QMessageBox.information(self, "Crear proyecto de homologación",
                                    "Seleccione en la matriz celdas que falten o sean distintas.")
            return
        if title is None:
            title, ok = QInputDialog.getText(self, "Crear proyecto de homologación",
                                             "Título del proyecto (vacío: uno automático):")
            if not ok:
                return
        model_id, matrix, keys = self.model_id(), self.matrix, [c.key for c in cells]

        def created(result) -> None:
            QMessageBox.information(
                self, "Crear proyecto de homologación",
                f"Se creó el {result.summary[0].lower()}{result.summary[1:]}")
            self.sig_open_project.emit(result.project.id)

        Op(self.runner, parent=self,
           op=lambda svc: svc.homologation.create_project(model_id, keys, title, matrix=matrix),
           success=created).run_in_background()


def _summary_item(counts) -> QTableWidgetItem:
    values = {getattr(s, "value", s): n for s, n in counts.items()}
    item = QTableWidgetItem(" · ".join(f"{values.get(s, 0)} {LABELS[s].lower()}"
                                       for s in LABELS))
    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
    return item


def _diff_html(old: str, new: str) -> str:
    out = []
    for segment in word_diff(old, new):
        text = html.escape(segment.text)
        if segment.kind is SegmentKind.EQUAL:
            out.append(text)
        elif segment.kind is SegmentKind.DELETE:
            out.append(f'<span style="background:#f8d0d0;text-decoration:line-through">'
                       f'{text}</span>')
        else:
            out.append(f'<span style="background:#cdeccd">{text}</span>')
    return "".join(out)


class _CheckListDialog(QDialog):
    """A list of check boxes with OK / Cancel."""

    def __init__(self, parent: QWidget, title: str, intro: str,
                 items: list[tuple[str, str]], checked: list[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.list = QListWidget()
        for value, label in items:
            item = QListWidgetItem(label)
            item.setData(KEY_ROLE, value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if value in checked
                               else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        label = QLabel(intro)
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(560, 480)

    def checked(self) -> list[str]:
        return [self.list.item(i).data(KEY_ROLE) for i in range(self.list.count())
                if self.list.item(i).checkState() is Qt.CheckState.Checked]


class _CorrectionDialog(_CheckListDialog):
    def __init__(self, parent: QWidget, articles: list[tuple[str, str]],
                 checked: list[str]) -> None:
        super().__init__(parent, "Corregir la celda",
                         "Marque los artículos del instrumento que regulan este principio. "
                         "Sin ninguno marcado, la celda queda como «Falta». La corrección se "
                         "guarda y se respeta cada vez que se recalcule la matriz.",
                         articles, checked)


class _InstrumentDialog(_CheckListDialog):
    def __init__(self, parent: QWidget, summaries, checked: list[str]) -> None:
        super().__init__(parent, "Instrumentos",
                         "Marque los reglamentos que se comparan con el modelo. Sin ninguno "
                         "marcado se usan todos los acuerdos de creación vigentes.",
                         [(s.uri, s.title) for s in summaries], checked)
