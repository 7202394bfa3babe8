"""Layout of the project editor: header, notices, target selector, toolbar and work area.

The work area is the draft's structure tree on the left and, on the right, the unit editor
above a tab widget with "Comparación" (change list + diff), "Decreto" (live preview) and
"Datos del proyecto". The widgets are public so the controller (``editor.ProjectEditor``)
can wire them; nothing here talks to the core.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSplitter, QTabWidget,
    QToolBar, QVBoxLayout, QWidget,
)

from ..layout import TEXT_COLUMN_MIN, TREE_COLUMN_MIN, firm_splitter, min_width
from .article_editor import ArticleEditor
from .comparison_panel import ComparisonPanel
from .decree_preview import DecreePreview
from .draft_tree import DraftTree
from .project_data import ProjectDataTab

NOTICE_STYLE = "background:#fff3cd; color:#5c4400; padding:4px; border:1px solid #e0c36a;"


def notice_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(NOTICE_STYLE)
    label.hide()
    return label


class ProjectEditorView(QWidget):
    """Widgets of one open project (see the module docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_label = QLabel("Cargando el proyecto…")
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title_label.setFont(font)
        self.title_label.setWordWrap(True)
        self.save_label = QLabel()
        self.state_notice = notice_label()
        self.conflicts_notice = notice_label()
        # "Este proyecto parte de un texto que otra reforma ya cambió" + «Actualizar la base».
        self.stale_notice = notice_label()
        self.stale_notice.setTextFormat(Qt.TextFormat.RichText)
        self.target_combo = QComboBox()
        self.target_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.add_target_button = QPushButton("+ reglamento")
        self.add_target_button.setToolTip("Agregar otro reglamento a este proyecto (reforma "
                                          "de varios reglamentos) o uno nuevo")
        self.toolbar = QToolBar("Edición del proyecto")
        self.toolbar.setIconSize(QSize(16, 16))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)

        self.tree = DraftTree()
        self.article_editor = ArticleEditor()
        self.comparison = ComparisonPanel()
        self.decree = DecreePreview()
        self.data_tab = ProjectDataTab()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.comparison, "Comparación")
        self.tabs.addTab(self.decree, "Decreto")
        # The project's form is taller than a 720-pixel screen leaves here: it scrolls.
        data_scroll = QScrollArea()
        data_scroll.setWidgetResizable(True)
        data_scroll.setFrameShape(QFrame.Shape.NoFrame)
        data_scroll.setWidget(self.data_tab)
        self.tabs.addTab(data_scroll, "Datos del proyecto")
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.article_editor)
        right.addWidget(self.tabs)
        right.setStretchFactor(1, 3)
        right.setSizes([200, 480])
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([300, 900])
        min_width(self.tree, TREE_COLUMN_MIN)
        min_width(right, TEXT_COLUMN_MIN)
        firm_splitter(self.splitter)  # (the vertical one may fold: short screens need it)

        header = QHBoxLayout()
        header.addWidget(self.title_label, 1)
        header.addWidget(self.save_label)
        targets = QHBoxLayout()
        targets.addWidget(QLabel("Reglamento:"))
        targets.addWidget(self.target_combo, 1)
        targets.addWidget(self.add_target_button)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.state_notice)
        layout.addWidget(self.conflicts_notice)
        layout.addWidget(self.stale_notice)
        layout.addLayout(targets)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.splitter, 1)
