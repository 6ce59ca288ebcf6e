"""A MapCanvas on a project file, shown offscreen with its first frame drawn (test helper)."""
from __future__ import annotations

from contextlib import contextmanager

from geo.project import Project
from geo.selection import Selection


@contextmanager
def shown_canvas(qtbot, path, size=(800, 400), zoom_full=False, timeout_ms=20_000):
    """Yield a shown MapCanvas over ``path`` (opened for the test), its first frame drawn."""
    from gui.app import create_app
    from gui.map.canvas import MapCanvas
    from gui.map.layer_style import LayerStack

    create_app(["test"])
    project = Project.open(path)
    widget = MapCanvas(project, Selection(), LayerStack.default())
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    if zoom_full:
        widget.zoom_full()
    with qtbot.waitSignal(widget.renderFinished, timeout=timeout_ms):
        widget.refresh()
    try:
        yield widget
    finally:
        widget.worker.shutdown()
        project.close()


def count_paints(canvas) -> list:
    """The frame serial of each paint of ``canvas`` from now on (its paintEvent wrapped)."""
    painted = []
    original = type(canvas).paintEvent

    def counting(event):
        painted.append(canvas._image_serial)
        original(canvas, event)

    canvas.paintEvent = counting
    return painted
