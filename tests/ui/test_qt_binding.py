"""The Qt binding itself: calls returning None must not leak or steal references to None.

PySide6 6.12.0 on Python 3.11 dropped one reference to ``None`` per such call, and the
interpreter aborted after a few thousand ("none_dealloc") — opening a 1,000-article project
did it. pyproject excludes that version; this test fails if a future one does the same.
"""

import sys

from PySide6.QtWidgets import QTreeWidgetItem


def test_calls_returning_none_keep_none_alive(qapp):
    item = QTreeWidgetItem(["a"])
    before = sys.getrefcount(None)
    for _ in range(5000):
        item.setText(0, "x")
    assert abs(before - sys.getrefcount(None)) < 100
