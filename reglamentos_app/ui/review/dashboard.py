"""The corpus health dashboard: charts, findings tables, near-duplicates side by side, rules.

«Resumen» paints three charts (regulations by age of last reform, pending findings by kind,
open projects) and the table of regulations; «Referencias obsoletas» lists the rules' hits
with filters and check boxes, and «Crear proyecto de reforma» turns the checked ones into an
omnibus project (then opened in its editor through ``sig_open_project``); «Citas» lists the
broken citations; «Homologación» shows near-duplicate articles and differing definitions side
by side; «Homologar con un modelo» measures instruments against a model
(``homologation_panel``); «Reglas» edits the rules file. Every list exports to .csv, and the whole review to
.docx. All work runs through ``Op`` on the services, never on the GUI thread.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout, QInputDialog, QLabel, QListWidget, QMessageBox, QPushButton,
    QScrollArea, QSplitter, QTabWidget, QTextBrowser,
    QVBoxLayout, QWidget,
)

from ...domain import plural
from ...domain.changes import SegmentKind
from ...services import word_diff
from .. import file_dialogs
from ..ops import Op, OpRunner
from ..saved_notice import confirm_saved
from .charts import BarChart
from .findings_table import FindingsTable
from .homologation_panel import HomologationPanel
from .rules_editor import RulesEditor

HIT_COLUMNS = ["Reglamento", "Disposición", "Categoría", "Texto encontrado",
               "Reemplazo propuesto", "Contexto"]
CITATION_COLUMNS = ["Reglamento", "Disposición", "Tipo", "Cita", "Problema"]
PAIR_COLUMNS = ["Tipo", "Parecido", "Reglamento A", "Disposición A", "Reglamento B",
                "Disposición B", "Observación"]
REGULATION_COLUMNS = ["Reglamento", "Última reforma", "Antigüedad", "Referencias obsoletas",
                      "Citas rotas"]
CSV_FILTER = "CSV (*.csv)"
DOCX_FILTER = "Documento de Word (*.docx)"


class ReviewDashboard(QWidget):
    """The «Revisión del corpus» tab (see the module docstring)."""

    sig_open_project = Signal(int)

    def __init__(self, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.health = None
        self.tabs = QTabWidget()
        self.status = QLabel("Cargando la revisión del corpus…")
        self.refresh_button = QPushButton("&Actualizar")
        self.docx_button = QPushButton("Exportar reporte &Word…")
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.docx_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self._build_summary()
        self._build_hits()
        self._build_citations()
        self._build_pairs()
        self.homologation_panel = HomologationPanel(runner)
        self.homologation_panel.sig_open_project.connect(self.sig_open_project)
        self.tabs.addTab(self.homologation_panel, "Homologar con un modelo")
        self.rules_editor = RulesEditor(runner)
        self.tabs.addTab(self.rules_editor, "Reglas")
        self.rules_editor.sig_saved.connect(self.load)
        self.refresh_button.clicked.connect(self.load)
        self.docx_button.clicked.connect(self.export_docx)

    # -- construction ---------------------------------------------------------------------------
    def _build_summary(self) -> None:
        self.age_chart = BarChart("Reglamentos por antigüedad de su última reforma")
        self.findings_chart = BarChart("Hallazgos pendientes por tipo")
        self.projects_chart = BarChart("Proyectos de reforma por estado")
        self.projects_list = QListWidget()
        self.projects_list.setMaximumHeight(120)
        self.projects_list.itemActivated.connect(
            lambda item: self.sig_open_project.emit(int(item.data(Qt.ItemDataRole.UserRole))))
        self.regulations = FindingsTable(REGULATION_COLUMNS, "Antigüedad")
        inner = QWidget()
        column = QVBoxLayout(inner)
        charts = QHBoxLayout()
        charts.addWidget(self.age_chart)
        charts.addWidget(self.findings_chart)
        column.addLayout(charts)
        column.addWidget(self.projects_chart)
        column.addWidget(QLabel("Proyectos abiertos (doble clic para abrir):"))
        column.addWidget(self.projects_list)
        self.check_draft_button = QPushButton("Revisar las &citas del borrador")
        self.check_draft_button.setToolTip("Citas que el borrador del proyecto elegido deja sin "
                                           "destino (artículos que deroga o suprime)")
        self.check_draft_button.clicked.connect(self.check_selected_draft)
        self.draft_results = QListWidget()
        self.draft_results.setMaximumHeight(100)
        column.addWidget(self.check_draft_button)
        column.addWidget(self.draft_results)
        column.addWidget(self.regulations, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.tabs.addTab(scroll, "Resumen")

    def _csv_button(self, table: FindingsTable, name: str) -> QPushButton:
        button = QPushButton("Exportar &CSV…")
        button.clicked.connect(lambda: self.export_csv(table, name))
        return button

    def _build_hits(self) -> None:
        self.hits_table = FindingsTable(HIT_COLUMNS, "Categoría", checkable=True)
        self.select_all = QPushButton("Marcar los visibles")
        self.select_none = QPushButton("Desmarcar todo")
        self.create_button = QPushButton("Crear &proyecto de reforma…")
        self.create_button.setToolTip("Un proyecto de reforma (ómnibus) con los reemplazos de "
                                      "los hallazgos marcados ya redactados")
        self.select_all.clicked.connect(
            lambda: self.hits_table.set_checked(self.hits_table.visible_indices()))
        self.select_none.clicked.connect(
            lambda: self.hits_table.set_checked(range(len(self.hits_table.rows)), False))
        self.create_button.clicked.connect(self.create_project)
        bar = QHBoxLayout()
        for widget in (self.select_all, self.select_none, self.create_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self._csv_button(self.hits_table, "referencias_obsoletas.csv"))
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.hits_table, 1)
        layout.addLayout(bar)
        self.tabs.addTab(page, "Referencias obsoletas")

    def _build_citations(self) -> None:
        self.citations_table = FindingsTable(CITATION_COLUMNS, "Tipo")
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.citations_table, 1)
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self._csv_button(self.citations_table, "citas.csv"))
        layout.addLayout(bar)
        self.tabs.addTab(page, "Citas")

    def _build_pairs(self) -> None:
        self.pairs_table = FindingsTable(PAIR_COLUMNS, "Tipo")
        self.pairs_table.regulation_filter.setToolTip("Reglamento A")
        self.left_text = QTextBrowser()
        self.right_text = QTextBrowser()
        self.left_title = QLabel()
        self.right_title = QLabel()
        for label in (self.left_title, self.right_title):
            label.setWordWrap(True)
        sides = QSplitter()
        for title, text in ((self.left_title, self.left_text), (self.right_title, self.right_text)):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.addWidget(title)
            box_layout.addWidget(text, 1)
            sides.addWidget(box)
        self.pairs_table.sig_current_changed.connect(self.show_pair)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.pairs_table)
        splitter.addWidget(sides)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(splitter, 1)
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self._csv_button(self.pairs_table, "homologacion.csv"))
        layout.addLayout(bar)
        self.tabs.addTab(page, "Homologación")

    # -- data -------------------------------------------------------------------------------------
    def load(self) -> None:
        self.status.setText("Revisando el corpus…")
        self.rules_editor.load()
        self.homologation_panel.load()
        Op(self.runner, parent=self, op=lambda svc: svc.review.health(),
           success=self.show_health).run_in_background()

    def show_health(self, health) -> None:
        self.health = health
        scan, citations, pairs = health.scan, health.citations, health.duplicates
        counts = [plural.count(len(health.regulations), "reglamento"),
                  plural.count(len(scan.hits), "referencia obsoleta"),
                  plural.count(len(citations), "cita con problemas", "citas con problemas"),
                  plural.count(len(pairs), "par por homologar", "pares por homologar")]
        self.status.setText(" · ".join(counts))
        self.age_chart.set_data(list(health.ages.items()))
        self.findings_chart.set_data(list(health.findings.items()))
        self.projects_chart.set_data(list(health.projects_by_status.items()))
        self.projects_list.clear()
        for project_id, title in health.open_projects:
            self.projects_list.addItem(f"{project_id} — {title}")
            self.projects_list.item(self.projects_list.count() - 1).setData(
                Qt.ItemDataRole.UserRole, project_id)
        self.regulations.set_rows(health.regulations)
        self.hits_table.set_rows([h.to_row() for h in scan.hits])
        self.citations_table.set_rows([c.to_row() for c in citations])
        self.pairs_table.set_rows([p.to_row() for p in pairs], regulation_column="Reglamento A")
        self.show_pair(0 if pairs else -1)

    def show_pair(self, index: int) -> None:
        pairs = self.health.duplicates if self.health else []
        if not 0 <= index < len(pairs):
            for widget in (self.left_text, self.right_text, self.left_title, self.right_title):
                widget.setText("")
            return
        pair = pairs[index]
        self.left_title.setText(f"<b>{pair.title_a}</b><br>{pair.label_a}")
        self.right_title.setText(f"<b>{pair.title_b}</b><br>{pair.label_b}"
                                 + (f"<br><i>{pair.note}</i>" if pair.note else ""))
        left, right = _marked_html(pair.text_a, pair.text_b)
        self.left_text.setHtml(left)
        self.right_text.setHtml(right)

    # -- actions ----------------------------------------------------------------------------------
    def check_selected_draft(self) -> None:
        item = self.projects_list.currentItem()
        if item is None:
            QMessageBox.information(self, "Revisar borrador", "Elija primero un proyecto abierto.")
            return
        project_id = int(item.data(Qt.ItemDataRole.UserRole))

        def show(findings) -> None:
            self.draft_results.clear()
            if not findings:
                self.draft_results.addItem(f"El borrador del proyecto {project_id} no rompe "
                                           "ninguna cita.")
            for finding in findings:
                self.draft_results.addItem(f"{finding.label}: {finding.message}")

        Op(self.runner, parent=self, op=lambda svc: svc.review.check_draft(project_id),
           success=show).run_in_background()

    def checked_hits(self) -> list:
        hits = self.health.scan.hits if self.health else []
        return [hits[i] for i in self.hits_table.checked_indices()]

    def create_project(self, title: str | None = None) -> None:
        hits = self.checked_hits()
        if not hits:
            QMessageBox.information(self, "Crear proyecto de reforma",
                                    "Marque primero los hallazgos que el proyecto debe corregir.")
            return
        if title is None:
            title, ok = QInputDialog.getText(self, "Crear proyecto de reforma",
                                             "Título del proyecto (vacío: uno automático):")
            if not ok:
                return

        def created(result) -> None:
            lines = [f"Se creó el proyecto {result.project.id}, «{result.project.title}», con "
                     f"{plural.count(result.applied, 'reemplazo')} en "
                     f"{plural.count(len(result.project.targets), 'reglamento')}."]
            if result.skipped:
                lines.append(f"{len(result.skipped)} hallazgos no tienen reemplazo automático y "
                             "quedan para revisarse caso por caso.")
            QMessageBox.information(self, "Crear proyecto de reforma", "\n\n".join(lines))
            self.sig_open_project.emit(result.project.id)
            self.load()

        Op(self.runner, parent=self, op=lambda svc: svc.review.create_project(hits, title),
           success=created).run_in_background()

    def export_csv(self, table: FindingsTable, name: str, path: str | None = None) -> None:
        if path is None:
            path = file_dialogs.save_file(self, "Exportar CSV", name, CSV_FILTER)
            if not path:
                return
        rows = [table.rows[i] for i in table.visible_indices()]
        Op(self.runner, parent=self, op=lambda svc: svc.review.export_csv(rows, Path(path)),
           success=lambda _r: self._exported(path, "La tabla")).run_in_background()

    def _exported(self, path: str, what: str) -> None:
        self.status.setText(f"Exportado: {path}")
        confirm_saved(self, path, what)

    def export_docx(self, path: str | None = None) -> None:
        if self.health is None:
            return
        if path is None:
            path = file_dialogs.save_file(self, "Exportar reporte", "revision.docx",
                                          DOCX_FILTER)
            if not path:
                return
        health = self.health
        Op(self.runner, parent=self,
           op=lambda svc: svc.review.export_docx(Path(path), scan=health.scan,
                                                 citations=health.citations,
                                                 duplicates=health.duplicates),
           success=lambda _r: self._exported(path, "El reporte de revisión")
           ).run_in_background()


def _marked_html(a: str, b: str) -> tuple[str, str]:
    """Both texts as HTML with the words only one of them has marked (red left, green right)."""
    left, right = [], []
    for segment in word_diff(a, b):
        text = html.escape(segment.text)
        if segment.kind is SegmentKind.EQUAL:
            left.append(text)
            right.append(text)
        elif segment.kind is SegmentKind.DELETE:
            left.append(f'<span style="background:#f8d0d0">{text}</span>')
        else:
            right.append(f'<span style="background:#cdeccd">{text}</span>')
    return "".join(left), "".join(right)
