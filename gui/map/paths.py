"""numpy coordinates → QPainterPath, fast.

A QPainterPath can be read from a QDataStream in one call; we lay the
stream out with numpy (the format pyqtgraph's ``arrayToQPath`` documents:
count, then (type, x, y) per element, then the fill rule) instead of calling
``moveTo``/``lineTo`` once per vertex from Python. The fill rule is Winding,
which with rings oriented by ``shapely.orient_polygons`` draws holes as holes
and overlapping features as filled.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QByteArray, QDataStream, QIODevice
from PySide6.QtGui import QPainterPath

_ELEMENT = np.dtype([("c", ">i4"), ("x", ">f8"), ("y", ">f8")])
MOVE_TO, LINE_TO = 0, 1
WINDING = 1


def polygons_path(x: np.ndarray, y: np.ndarray, ring_start: np.ndarray) -> QPainterPath:
    """One path of many rings; ``ring_start`` flags each ring's first vertex."""
    path = QPainterPath()
    n = len(x)
    if n == 0:
        return path
    buffer = np.empty(4 + n * _ELEMENT.itemsize + 8, dtype=np.uint8)
    buffer[:4] = np.frombuffer(np.array([n], ">i4").tobytes(), np.uint8)
    elements = buffer[4:4 + n * _ELEMENT.itemsize].view(_ELEMENT)
    elements["c"] = np.where(ring_start, MOVE_TO, LINE_TO)
    elements["x"] = x
    elements["y"] = y
    buffer[-8:] = np.frombuffer(np.array([0, WINDING], ">i4").tobytes(), np.uint8)
    data = QByteArray(buffer.tobytes())  # must outlive the stream reading it
    stream = QDataStream(data, QIODevice.OpenModeFlag.ReadOnly)
    stream >> path
    return path
