"""Layout of the regulation viewer: header, version selector and the two tabs.

Tab "Texto" is a splitter with the structure tree on the left and the formatted text on the
right; tab "Reporte de importación" lists the importer's warnings. Until a regulation is
chosen a placeholder asks the user to pick one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QSplitter, QStackedWidget, QTabWidget, QTextBrowser,
    QVBoxLayout, QWidget,
)

from ..import_report_panel import ImportReportPanel
from ..layout import TEXT_COLUMN_MIN, TREE_COLUMN_MIN, firm_splitter, min_width
from ..structure_tree import StructureTree

PLACEHOLDER = ("Seleccione un reglamento en la lista de la izquierda para ver su texto.\n\n"
               "Para agregar reglamentos use «Archivo › Importar archivo…».")
IMPORTING_PLACEHOLDER = ("Importando el corpus de muestra…\n\nLos reglamentos aparecen en la "
                         "lista de la izquierda en cuanto termina la importación.")


class RegulationViewerView(QWidget):
    """Widgets of the viewer, public so the controller can wire them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_label = QLabel()
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title_label.setFont(font)
        self.version_label = QLabel("Versión:")
        self.version_combo = QComboBox()
        self.version_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.version_label.setBuddy(self.version_combo)

        self.structure_tree = StructureTree()
        self.text_browser = QTextBrowser()
        self.text_browser.setOpenLinks(False)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("visor_splitter")
        self.splitter.addWidget(self.structure_tree)
        self.splitter.addWidget(self.text_browser)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([260, 640])
        # The text column never shrinks below a readable line (a dock or a drag cannot starve it).
        min_width(self.structure_tree, TREE_COLUMN_MIN)
        min_width(self.text_browser, TEXT_COLUMN_MIN)
        firm_splitter(self.splitter)

        self.report_panel = ImportReportPanel()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.splitter, "Texto")
        self.tabs.addTab(self.report_panel, "Reporte de importación")

        header = QHBoxLayout()
        header.addWidget(self.title_label, 1)
        header.addWidget(self.version_label)
        header.addWidget(self.version_combo)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(header)
        content_layout.addWidget(self.tabs, 1)

        self.placeholder = QLabel(PLACEHOLDER)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(content)
        self.content = content
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def set_importing(self, running: bool) -> None:
        """While the first-run import runs the placeholder says so (not "use Importar")."""
        self.placeholder.setText(IMPORTING_PLACEHOLDER if running else PLACEHOLDER)
