"""Sizing rules shared by the windows and dialogs, so they work from a 1280×720 screen up.

``fit_to_screen`` opens a dialog at its preferred size but never larger than the screen's
work area (a 1366×768 office laptop leaves about 1366×728 under the task bar), so no dialog
opens with its buttons off-screen. ``min_width`` gives a widget a minimum width that a
splitter or a dock can never squeeze it below (a text column below ~40 characters breaks
words in the middle: "especialm/ente"); splitters using it are made non-collapsible with
``firm_splitter`` so a drag cannot hide a pane either. ``starved_widgets`` and
``unreachable_actions`` are the checks the screenshot suite runs on every screen: a visible
widget drawn below its minimum size (a clipped label, a squeezed column) and a toolbar action
that no menu offers.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractScrollArea, QAbstractSpinBox, QDockWidget, QLineEdit, QHeaderView, QMainWindow, QMenu, QMenuBar, QScrollBar,
    QSplitter, QToolBar, QWidget,
)

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
    """At least ``pixels`` wide — and never less than what its own contents need (an explicit
    minimum replaces the size hint in Qt's layouts, so the hint is kept when larger)."""
    widget.setMinimumWidth(max(pixels, widget.minimumSizeHint().width()))
    return widget


def firm_splitter(splitter: QSplitter) -> QSplitter:
    """No pane of ``splitter`` can be dragged below its minimum size or collapsed."""
    splitter.setChildrenCollapsible(False)
    return splitter


# -- checks (the screenshot suite and the tests call these on real windows) --------------------
def _scrolled(widget: QWidget) -> bool:
    """Whether ``widget`` lives inside a scroll area or an item view (it may be cut by design)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            return True
        parent = parent.parentWidget()
    return False


def _describe(widget: QWidget) -> str:
    text = ""
    for attr in ("text", "title", "windowTitle"):
        getter = getattr(widget, attr, None)
        if callable(getter):
            try:
                text = str(getter())[:40]
            except TypeError:
                continue
            if text:
                break
    name = widget.objectName()
    return f"{type(widget).__name__}" + (f" «{name}»" if name else "") + \
        (f" ({text})" if text else "")


def starved_widgets(root: QWidget, slack: int = 1) -> list[str]:
    """Visible widgets of ``root`` drawn smaller than their minimum size hint (a clipped label,
    a squeezed column), outside scroll areas; plus ``root`` itself off the screen's work area."""
    problems = []
    screen = root.screen()
    if screen is not None and root.isWindow():
        area = screen.availableGeometry()
        frame = root.frameGeometry()
        if frame.width() > area.width() + slack or frame.height() > area.height() + slack:
            problems.append(f"{_describe(root)} mide {frame.width()}×{frame.height()}, más que "
                            f"la pantalla ({area.width()}×{area.height()})")
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow() or _scrolled(widget):
            continue
        if isinstance(widget, (QToolBar, QHeaderView, QScrollBar)):
            continue  # a toolbar overflows by design (``unreachable_actions`` checks it);
            # headers and scroll bars report a generic hint their views size on purpose
        if isinstance(widget.parentWidget(), (QToolBar, QDockWidget, QLineEdit,
                                              QAbstractSpinBox)):
            continue  # toolbar buttons; a dock's float/close buttons; a line edit's clear
            # button, a spin box's arrows (Qt sizes those internal parts itself)
        hint = widget.minimumSizeHint()
        explicit = widget.minimumSize()
        # An explicit minimum (setMinimumWidth, setFixedHeight) is what the layout honours.
        need_w = explicit.width() or hint.width()
        need_h = explicit.height() or hint.height()
        if isinstance(widget, QAbstractScrollArea):
            need_h = explicit.height()  # it scrolls: any height shows its content

        if widget.width() + slack < need_w or widget.height() + slack < need_h:
            problems.append(f"{_describe(widget)} mide {widget.width()}×{widget.height()}, "
                            f"necesita {need_w}×{need_h}")
    return problems


def menu_actions(menu_bar: QMenuBar) -> set[QAction]:
    """Every action reachable from the menu bar (menus filled when opened are filled first)."""
    found: set[QAction] = set()

    def walk(menu: QMenu) -> None:
        rebuild = getattr(menu, "rebuild", None)
        if callable(rebuild):
            rebuild()
        for action in menu.actions():
            found.add(action)
            if action.menu() is not None:
                walk(action.menu())

    for action in menu_bar.actions():
        if action.menu() is not None:
            walk(action.menu())
    return found


def unreachable_actions(window: QMainWindow) -> list[str]:
    """Toolbar actions of ``window`` (its own and its tabs') that no menu offers."""
    in_menus = menu_actions(window.menuBar())
    problems = []
    for toolbar in window.findChildren(QToolBar):
        if not toolbar.isVisible():
            continue
        for action in toolbar.actions():
            if action.isSeparator() or not action.isVisible():
                continue
            widget = toolbar.widgetForAction(action)
            button_menu = getattr(widget, "menu", lambda: None)() if widget else None
            if button_menu is not None:  # a button with a menu: its entries must be reachable
                missing = [a.text() for a in button_menu.actions()
                           if not a.isSeparator() and a not in in_menus]
                problems += [f"«{text}» ({toolbar.windowTitle()}) no está en ningún menú"
                             for text in missing]
            elif action not in in_menus:
                problems.append(f"«{action.text()}» ({toolbar.windowTitle()}) no está en "
                                "ningún menú")
    return problems
