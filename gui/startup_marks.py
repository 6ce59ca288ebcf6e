"""Timing marks of an app start, for ``bench/bench_open.py``; nothing happens unless asked.

With ``GRIDATLAS_OPEN_MARKS=1`` in the environment the app writes one JSON
line per mark on stderr, ``{"mark": NAME, "t": SECONDS_SINCE_EPOCH}``, and
quits once it has them all:

* ``window``: the main window painted, its map area in place;
* ``first_frame``: the first complete frame of the first view drawn;
* ``full_model``: the whole project in memory (read, checked, open for writing);
* ``ready``: the window working on it: panels filled, editing on;
* ``peak_rss`` (``{"mark": "peak_rss", "kb": …}``): the process's peak memory, last.

``GRIDATLAS_OPEN_BBOX=minx,miny,maxx,maxy`` (project CRS) makes that first
view a box instead of the whole project. Wall-clock seconds, so the
benchmark can count from the moment it launched the process.
"""
from __future__ import annotations

import json
import os
import resource
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

ENV_MARKS = "GRIDATLAS_OPEN_MARKS"
ENV_BBOX = "GRIDATLAS_OPEN_BBOX"
MARKS = ("window", "first_frame", "full_model", "ready")


def mark(name: str) -> None:
    """One mark on stderr, with the memory the process holds at that moment (kB)."""
    print(json.dumps({"mark": name, "t": time.time(), "rss_kb": _rss_kb()}), file=sys.stderr, flush=True)


def _rss_kb() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, ValueError):  # not Linux
        return 0


class StartupMarks(QObject):
    """Watches one window's start and writes the marks (see the module doc)."""

    def __init__(self, window, bbox=None):
        super().__init__(window)
        self.window, self.bbox = window, bbox
        self.done: set[str] = set()
        window.installEventFilter(self)

    @classmethod
    def from_environment(cls, window):
        """The marks asked for by the environment, or None."""
        if not os.environ.get(ENV_MARKS):
            return None
        text = os.environ.get(ENV_BBOX, "")
        bbox = tuple(float(v) for v in text.split(",")) if text else None
        return cls(window, bbox)

    def follow(self, opening) -> None:
        opening.previewShown.connect(lambda: self._watch(opening.preview))
        opening.modelLoaded.connect(lambda: self._mark("full_model"))
        opening.finished.connect(self._model_arrived)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.window and event.type() == QEvent.Type.Paint:
            self._mark("window")
        return False

    def _watch(self, canvas) -> None:
        canvas.renderFinished.connect(lambda: self._mark("first_frame"))

    def _model_arrived(self, _project) -> None:
        self._watch(self.window.canvas)  # when the preview's frame had not come yet
        self._mark("ready")

    def _mark(self, name: str) -> None:
        if name in self.done:
            return
        self.done.add(name)
        mark(name)
        if self.done >= set(MARKS):
            peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # Linux: kilobytes
            print(json.dumps({"mark": "peak_rss", "kb": peak_kb}), file=sys.stderr, flush=True)
            QTimer.singleShot(0, QApplication.instance().quit)
