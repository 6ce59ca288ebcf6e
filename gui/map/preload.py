"""Map layers projected to metres off the GUI thread, for a scene to adopt.

No Qt. Projecting half a million buildings takes seconds; the project loader
does it in its own thread right after reading the file, so the canvas's first
snapshot on the GUI thread finds the layers ready (:meth:`MapScene.adopt`).
The snapshots are those :meth:`MapScene.snapshot` would take itself: the same
ids, metric geometry and :data:`~.layer_snapshot.MAP_COLUMNS`.
"""
from __future__ import annotations

import contextlib

import numpy as np
import pyproj

from .detail import HIDDEN_BELOW_PIXELS, SUBPIXEL_HIDDEN
from .layer_snapshot import MAP_COLUMNS, capture
from .scene import MAP_LAYERS
from .view import MapView

#: The margin :meth:`MapCanvas.zoom_to_bounds` leaves around a box.
ZOOM_MARGIN = 0.1
#: ... and :meth:`MapCanvas.zoom_full` (MapView.fit's default) around the project.
FULL_MARGIN = 0.03
#: A layer is left out of the whole project's first view only when its median feature is
#: estimated this much below the size at which the map stops drawing it: the estimate
#: comes from R-tree boxes and a rounder metric conversion than the map's.
UNSEEN_SAFETY = 0.8


def metric_layers(project, names=MAP_LAYERS, prefetched=None) -> dict:
    """Layer snapshots (name → LayerSnapshot) of ``names`` in the project's metric CRS.

    Call it on the thread that owns ``project`` while nothing edits it (the
    loader thread, before the project is handed over). Geometries the project
    already holds in metres are reused, and those projected here are left in the
    project for the coverage figures (:func:`share_layers`). ``prefetched``: a
    :class:`geo.metric_prefetch.MetricPrefetch` that projected layers while the file
    was read; what it holds for exactly these geometries is taken, not projected again.
    """
    from geo.crs import project_geoms

    crs, metric = project.crs or "EPSG:4490", project.metric_crs
    out = {}
    for name in names:
        frame = project[name]
        geoms = project.cached_metric(name)
        if geoms is None and prefetched is not None and len(frame):
            geoms = prefetched.take(name, frame.geometry.to_numpy(), crs, metric)
        if geoms is None:  # a whole layer in one pass over its vertices, sliced over the cores
            geoms = (project_geoms(frame.geometry.to_numpy(), crs, metric)
                     if len(frame) else np.empty(0, object))
        out[name] = capture(name, frame, geoms, set(MAP_COLUMNS.get(name, ())))
    share_layers(project, out)
    return out


def read_first(path, bbox=None, widen=None, leave_out=()) -> tuple:
    """``(view, layers)``: what a first view of ``bbox`` draws (:func:`geo.view_read.read_view`,
    same arguments) and its map layers in metres (:func:`metric_layers`), each layer projected
    on a thread of its own while the next is read."""
    from geo.view_read import read_view

    view = read_view(path, bbox, widen, leave_out=leave_out, prefetch=MAP_LAYERS)
    with view.prefetched or contextlib.nullcontext():
        return view, metric_layers(view.project, prefetched=view.prefetched)


def read_full(path, view, preview_layers, progress=None, overlap: bool = True) -> tuple:
    """``(project, layers)``: the whole project at ``path`` after its first ``view``
    (:func:`geo.view_read.read_view`) and the map layers in metres (name → LayerSnapshot).

    The layers ``view`` read whole are taken, with their snapshots ``preview_layers``
    (:func:`metric_layers` of the view); the others are read and projected. With
    ``overlap``, GDAL reads ahead and the map layers are projected while the rest of
    the file is read (:class:`geo.metric_prefetch.MetricPrefetch`): three threads, which
    a caller still drawing its first frame does without. ``progress``: as for
    :meth:`geo.project.Project.read`.
    """
    from geo.metric_prefetch import MetricPrefetch
    from geo.project import Project

    with MetricPrefetch(view.project.crs or "EPSG:4490", view.project.metric_crs,
                        [n for n in preview_layers if n not in view.whole] if overlap else []) as prefetch:
        project = Project.read(path, progress=progress, reuse=view.whole_frames(), on_layer=prefetch,
                               read_ahead=overlap)
        # the layers read whole are the very same rows: their snapshots (and caches) carry over
        kept = {n: s for n, s in preview_layers.items()
                if n in view.whole and same_rows(view.project[n], project[n])}
        layers = dict(kept)
        layers.update(metric_layers(project, [n for n in preview_layers if n not in kept], prefetch))
    share_layers(project, kept)  # the coverage figures take these, not a projection of their own
    return project, layers


def unseen_layers(path, size) -> tuple:
    """The map layers a view of the whole project at ``size`` (w, h) pixels would not draw
    (:func:`.detail.hidden_at`), judged from the file's R-trees before anything is read;
    the first view need not read them (:func:`geo.view_read.read_view` ``leave_out``)."""
    from geo.project import EXTENT_LAYERS
    from geo.store_api import is_server_url
    from geo.view_read import median_sizes

    if is_server_url(path):
        return ()
    try:
        # the map's extent is that of all of EXTENT_LAYERS; the first two hold the rest, and are small
        extent, medians = median_sizes(path, EXTENT_LAYERS[:2], ("grids", *SUBPIXEL_HIDDEN))
    except Exception:  # an unreadable file is said by the read itself
        return ()
    if extent is None or "grids" not in medians:  # only over grids are they left out
        return ()
    w, h = max(size[0], 1), max(size[1], 1)
    mpp = max(extent[0] / w, extent[1] / h) * (1 + 2 * FULL_MARGIN)
    if mpp <= 0:
        return ()
    return tuple(name for name in SUBPIXEL_HIDDEN
                 if name in medians and medians[name] / mpp < HIDDEN_BELOW_PIXELS * UNSEEN_SAFETY)


def share_layers(project, layers) -> None:
    """Give ``project`` the metric geometries of these snapshots of its own layers.

    The coverage figures then take the buildings in metres from the project
    (:meth:`geo.project.Project.metric_geoms`) instead of projecting them a
    second time. The transformer here and ``GeoSeries.to_crs`` give the same
    coordinates to the bit (tests/test_metric_cache.py).
    """
    for name, layer in layers.items():
        project.share_metric(name, layer.geoms)


def same_rows(a, b) -> bool:
    """Whether two frames hold the same ids in the same order (a preview's whole layer is reusable)."""
    return len(a) == len(b) and bool(np.array_equal(a.index.to_numpy(dtype=object), b.index.to_numpy(dtype=object)))


def screen_box(project, bbox, size, margin: float = ZOOM_MARGIN):
    """The box (project CRS) a canvas of ``size`` (w, h) shows after ``zoom_to_bounds(bbox)``.

    The view fits ``bbox`` with a margin, in the window's shape, so it shows
    more than ``bbox``: what :func:`geo.view_read.read_view` must read. The
    view's edges are sampled back into the project CRS (a projected straight
    edge may bow) and the result padded by a hundredth.
    """
    crs, metric = project.crs or "EPSG:4490", project.metric_crs
    to_metric = pyproj.Transformer.from_crs(crs, metric, always_xy=True)
    back = pyproj.Transformer.from_crs(metric, crs, always_xy=True)
    minx, miny, maxx, maxy = bbox
    xs, ys = to_metric.transform([minx, maxx, minx, maxx], [miny, miny, maxy, maxy])
    view = MapView.fit((min(xs), min(ys), max(xs), max(ys)), max(size[0], 1), max(size[1], 1), margin)
    x0, y0, x1, y1 = view.bbox
    t = np.linspace(0.0, 1.0, 17)
    ex = np.concatenate([x0 + (x1 - x0) * t, np.full(17, x1), x0 + (x1 - x0) * t, np.full(17, x0)])
    ey = np.concatenate([np.full(17, y0), y0 + (y1 - y0) * t, np.full(17, y1), y0 + (y1 - y0) * t])
    px, py = back.transform(ex, ey)
    pad_x, pad_y = (px.max() - px.min()) / 100, (py.max() - py.min()) / 100
    return (px.min() - pad_x, py.min() - pad_y, px.max() + pad_x, py.max() + pad_y)
