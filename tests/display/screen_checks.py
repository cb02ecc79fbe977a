"""Checks on a rendered window: every text fits its label, no two texts overlap."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QRect
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QWidget


def shown_labels(window: QWidget) -> list[QLabel]:
    """Labels with text that are visible on the current page."""
    return [w for w in window.findChildren(QLabel) if w.isVisibleTo(window) and w.text()]


def label_problems(window: QWidget) -> list[str]:
    """Texts wider or taller than their label, and labels whose texts overlap."""
    problems = []
    boxes: list[tuple[str, QRect]] = []
    for label in shown_labels(window):
        metrics = QFontMetrics(label.font())
        box = label.contentsRect()
        width = metrics.horizontalAdvance(label.text())
        if width > box.width():
            problems.append(f"{label.objectName()}: {label.text()!r} is {width} px wide "
                            f"in {box.width()}")
        if metrics.height() > box.height():
            problems.append(f"{label.objectName()}: {metrics.height()} px tall "
                            f"in {box.height()}")
        top_left = label.mapTo(window, box.topLeft())
        if top_left.x() < 0 or top_left.y() < 0 or top_left.x() + box.width() > window.width() \
                or top_left.y() + box.height() > window.height():
            problems.append(f"{label.objectName()}: outside the window")
        boxes.append((label.objectName(), QRect(top_left, box.size())))
    for (a, ra), (b, rb) in itertools.combinations(boxes, 2):
        if ra.intersects(rb):
            problems.append(f"{a} overlaps {b}")
    return problems
