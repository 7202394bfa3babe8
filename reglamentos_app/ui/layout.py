"""Sizing rules shared by the windows and dialogs, so they work from a 1280×720 screen up.

``fit_to_screen`` opens a dialog at its preferred size but never larger than the screen's
work area (a 1366×768 office laptop leaves about 1366×728 under the task bar), so no dialog
opens with its buttons off-screen. ``min_width`` gives a widget a minimum width that a
splitter or a dock can never squeeze it below (a text column below ~40 characters breaks
words in the middle: "especialm/ente"); splitters using it are made non-collapsible with
``firm_splitter`` so a drag cannot hide a pane either.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QSplitter, QWidget

# Minimum widths, in pixels at 96 dpi, chosen so each column shows a full line of its content.
TEXT_COLUMN_MIN = 360      # a provision's text: about 50 characters of body text
TREE_COLUMN_MIN = 160      # a structure tree: "Artículo 23 Bis — …"
LIST_COLUMN_MIN = 220      # the corpus list: title + state
SIDE_PANEL_MIN = 300       # the search panel, the observations panel
WORK_AREA_MARGIN = 40      # room for the window frame and title bar


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width``×``height`` or to the screen's work area, if smaller."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        area = screen.availableGeometry()
        width = min(width, area.width() - WORK_AREA_MARGIN)
        height = min(height, area.height() - WORK_AREA_MARGIN)
    widget.resize(max(width, widget.minimumSizeHint().width()),
                  max(height, widget.minimumSizeHint().height()))


def min_width(widget: QWidget, pixels: int) -> QWidget:
    widget.setMinimumWidth(pixels)
    return widget


def firm_splitter(splitter: QSplitter) -> QSplitter:
    """No pane of ``splitter`` can be dragged below its minimum size or collapsed."""
    splitter.setChildrenCollapsible(False)
    return splitter
