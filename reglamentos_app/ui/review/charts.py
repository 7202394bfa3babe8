"""Bar charts painted with QPainter (Qt Charts is not installed and not needed).

``BarChart`` draws one horizontal bar per (label, value) with the value at its end, scaled to
the largest value; it repaints when ``set_data`` is called and has a sensible minimum height
for the number of bars, so a layout can stack several charts.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR_HEIGHT = 22
GAP = 6
PALETTE = ["#2f6f9f", "#c0504d", "#9bbb59", "#8064a2", "#4bacc6", "#f79646", "#7f7f7f"]


class BarChart(QWidget):
    """A titled horizontal bar chart (see the module docstring)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.data: list[tuple[str, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.setAccessibleName(title)

    def set_data(self, data: list[tuple[str, int]]) -> None:
        self.data = list(data)
        self.setMinimumHeight(40 + max(1, len(self.data)) * (BAR_HEIGHT + GAP))
        self.setToolTip("\n".join(f"{label}: {value}" for label, value in self.data))
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(QRectF(8, 4, self.width() - 16, 24), Qt.AlignmentFlag.AlignLeft,
                         self.title)
        painter.setFont(self.font())
        if not self.data:
            painter.drawText(QRectF(8, 32, self.width() - 16, BAR_HEIGHT),
                             Qt.AlignmentFlag.AlignLeft, "Sin datos.")
            return
        label_width = min(270, max(painter.fontMetrics().horizontalAdvance(label)
                                   for label, _ in self.data) + 24)
        top, largest = 32, max(value for _, value in self.data) or 1
        room = max(10, self.width() - label_width - 70)
        for i, (label, value) in enumerate(self.data):
            y = top + i * (BAR_HEIGHT + GAP)
            painter.setPen(self.palette().windowText().color())
            painter.drawText(QRectF(8, y, label_width - 8, BAR_HEIGHT),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             painter.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight,
                                                              label_width - 10))
            width = room * value / largest
            painter.fillRect(QRectF(label_width, y + 3, width, BAR_HEIGHT - 6),
                             QColor(PALETTE[i % len(PALETTE)]))
            painter.drawText(QRectF(label_width + width + 6, y, 60, BAR_HEIGHT),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             str(value))
        painter.end()
