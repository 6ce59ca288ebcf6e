"""A canvas with many thousands of features builds, draws and exits cleanly.

This is the PySide6/pyqtgraph version-coupling guard (see STYLE.md): a
crash here after an upgrade means the pinned combination must not move.
"""
import geopandas as gpd
import numpy as np
import shapely

from geo.selection import Selection
from tests.factories import tiny_frames


class BigProject:
    """The tiny project with 20,000 extra buildings over its two grids."""

    def __init__(self):
        from geo.events import Event

        frames = tiny_frames()
        metric = frames["buildings"].to_crs("EPSG:4548")
        x0, y0 = metric.total_bounds[:2]
        xs, ys = np.meshgrid(np.arange(200) * 1.0, np.arange(100) * 1.0)
        geoms = shapely.box(x0 + xs.ravel(), y0 + ys.ravel(), x0 + xs.ravel() + 0.7, y0 + ys.ravel() + 0.7)
        extra = gpd.GeoDataFrame({"grid_id": np.where(xs.ravel() < 100, "G1", "G2"), "name": "楼"},
                                 geometry=geoms, crs="EPSG:4548").to_crs("EPSG:4490")
        extra.index = [f"X{i}" for i in range(len(extra))]
        self.frames = dict(frames)
        self.frames["buildings"] = extra
        for name, frame in self.frames.items():
            if "geometry" in frame and name != "buildings":
                id_col = {"communities": "community_id", "grids": "grid_id", "compounds": "compound_id",
                          "stations": "station_id"}[name]
                self.frames[name] = frame.set_index(frame[id_col].to_numpy())
        self.crs = self.frames["grids"].crs
        self.metric_crs = "EPSG:4548"
        self.changed = Event()

    def __getitem__(self, name):
        return self.frames[name]


def test_canvas_with_20000_buildings_draws_and_closes(qtbot):
    from gui.app import create_app
    from gui.map.canvas import MapCanvas
    from gui.map.layer_style import LayerStack

    create_app(["smoke"])
    canvas = MapCanvas(BigProject(), Selection(), LayerStack.default())
    qtbot.addWidget(canvas)
    canvas.resize(1000, 700)
    canvas.show()
    with qtbot.waitSignal(canvas.renderFinished, timeout=60000):
        canvas.refresh()
    for factor in (4.0, 4.0, 0.25):
        with qtbot.waitSignal(canvas.renderFinished, timeout=60000):
            canvas.zoom_at(500, 350, factor)
    canvas.selection.select("buildings", [f"X{i}" for i in range(0, 20000, 7)])
    qtbot.waitSignal(canvas.renderFinished, timeout=60000).wait()
    canvas.close()
    assert canvas.scene.cache("buildings").ids.size == 20000
