"""Reading what one view of the map draws, before the whole project is in memory.

Opening a city project reads about 1.5 million rows (members and organizations
are most of them); a view of one grid needs a few grids and a few dozen
buildings. The app therefore reads the view first -- every map layer through
the GeoPackage R-tree (``rtree_<table>_<geom>``, one indexed range query),
kept to the features that really meet the box -- and draws it while the full
model loads behind it. Nothing before that first frame depends on a whole
layer:

* the metric CRS is the one the full model will choose (the Gauss-Krüger
  zone of the whole project's extent, read from the R-tree's boxes alone), so
  the preview and the full map share one coordinate system;
* stations are read as far out as their largest service radius reaches, so a
  service area entering the view is drawn;
* grid colours come from the grids read (:mod:`gui.map.scene_snapshot`): the
  full colouring later keeps them and colours the rest around them.

No Qt here.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyproj
import shapely

from . import gpkg, gpkg_read
from .project import EXTENT_LAYERS, Project
from .store import ProjectError, read_layer

#: The map layers, read through the R-tree when a view box is given (else whole).
BOX_LAYERS = ("communities", "grids", "stations", "compounds", "buildings")


@dataclass(frozen=True)
class ViewRead:
    """What :func:`read_view` read: the layers as a Project, and which of them are whole."""

    project: object  # geo.project.Project, without a store
    whole: frozenset
    frames: dict  # name -> the frame as read (before the Project indexed it)
    #: a geo.metric_prefetch.MetricPrefetch of the layers read (``read_view(prefetch=...)``),
    #: for geo.project metric layers to take; whoever takes them closes it
    prefetched: object = None

    def whole_frames(self) -> dict:
        """The layers read whole, for :func:`geo.store.read_layers` to take as they are."""
        return {name: self.frames[name] for name in self.whole}


def read_view(path, bbox=None, widen=None, leave_out=(), prefetch=()) -> ViewRead:
    """The map layers of ``path`` that a view of ``bbox`` draws.

    Parameters
    ----------
    path : path-like
        A project GeoPackage, or a ``postgresql://`` URL (:mod:`geo.postgis.view_read`).
    bbox : tuple of float, optional
        (minx, miny, maxx, maxy) in the project's CRS; None reads the map layers whole.
    widen : callable, optional
        ``widen(project, bbox) -> bbox``: the box the screen will really show
        (a view fits ``bbox`` into a window of its own shape, with a margin),
        given the features meeting ``bbox`` and the project's metric CRS; the
        layers are read in the box it returns.
    leave_out : collection of str, optional
        Map layers not read at all (empty in ``project``, not ``whole``): those the
        view will not draw (see :func:`median_sizes`). A file's only; a server reads all.
    prefetch : collection of str, optional
        Layers projected to the project's metric CRS on a thread of their own as soon
        as each is read, while the next are read (``prefetched`` of the result). A
        file's only.

    Returns
    -------
    ViewRead
        ``project`` has no store (nothing can be written through it), holds
        exactly the features meeting the (widened) box -- stations: whose
        service area may reach into it -- and the other layers empty; its
        ``metric_crs`` is the full project's. ``whole`` names the layers read
        whole (every map layer without a box), which the full read may take as
        they are (:func:`geo.store.read_layers` ``reuse``).

    Raises
    ------
    geo.store.ProjectError
        The file is not a readable GeoPackage.

    Examples
    --------
    >>> view = read_view("street.gpkg", (117.0, 36.64, 117.01, 36.65))  # doctest: +SKIP
    >>> len(view.project["grids"]), sorted(view.whole)  # doctest: +SKIP
    (2, [])
    """
    from .store_api import is_server_url

    if is_server_url(path):  # the same reads on the server, through the GiST index (geo.postgis)
        from .postgis.view_read import read_server_view

        return read_server_view(str(path), bbox, widen)
    path = Path(path)
    try:
        con = gpkg.connect(path, readonly=True)
    except gpkg.NotAGeoPackage as exc:
        raise ProjectError(str(exc)) from None
    try:
        return view_from(_FileLayers(con, path, leave_out), bbox, widen, prefetch)
    finally:
        con.close()


def view_from(layers, bbox, widen, prefetch=()) -> ViewRead:
    """:func:`read_view` from ``layers``: a GeoPackage's (:class:`_FileLayers`) or a server's
    (:class:`geo.postgis.view_read._LayerSet`).

    ``layers`` has ``names`` (the :data:`BOX_LAYERS` it holds, in that order),
    ``crs``, ``extent()`` (of the first of :data:`EXTENT_LAYERS` with features),
    ``max_radius()`` (the stations' largest service radius, metres),
    ``read(name, bbox=None)`` and ``indexed(name)``: whether ``read`` keeps to
    the box (else it reads the layer whole).
    """
    prefetched = _prefetch(layers, prefetch)
    try:
        return _read_view(layers, bbox, widen, prefetched)
    except BaseException:
        if prefetched is not None:
            prefetched.close()  # nobody takes what it projects: its queue is dropped
        raise


def _read_view(layers, bbox, widen, prefetched) -> ViewRead:
    def read(name, box=None):
        frame = layers.read(name) if box is None else layers.read(name, box)
        if prefetched is not None:
            prefetched(name, frame)
        return frame

    if bbox is None:
        frames = {name: read(name) for name in layers.names}
        # a layer left out must not move the metric CRS: the full model's comes from the extent
        extent = layers.extent() if getattr(layers, "left_out", ()) else None
        return ViewRead(view_project(frames, extent), frozenset(frames), frames, prefetched)
    extent, first = layers.extent(), None
    if widen is not None:  # the communities there are enough to know the CRS and where the view is
        first = view_project({n: layers.read(n, bbox) for n in layers.names if n == "communities"}, extent)
        bbox = widen(first, bbox)
    reach = station_box(bbox, layers.max_radius(), layers.crs)
    frames = {name: read(name, reach if name == "stations" else bbox) for name in layers.names}
    whole = frozenset(name for name in frames if not layers.indexed(name))
    return ViewRead(view_project(frames, extent, like=first), whole, frames, prefetched)


def _prefetch(layers, names):
    """A MetricPrefetch of ``names`` to the metric CRS the view's project will have (that of the
    extent of its layers), or None. A wrong guess only costs the projection: the prefetch gives
    its result only for the pair of CRSs it projected between."""
    if not names or layers.crs is None:
        return None
    extent = layers.extent()
    if extent is None:
        return None
    from .crs import metric_crs_for
    from .metric_prefetch import MetricPrefetch

    return MetricPrefetch(layers.crs, metric_crs_for(layers.crs, extent), names, threads=None)


class _FileLayers:
    """The map layers of an open GeoPackage, each read through its R-tree when it has one."""

    def __init__(self, con, path: Path, leave_out=()):
        self.con, self.path = con, path
        self.info = gpkg.layer_info(con)
        self.left_out = [name for name in BOX_LAYERS if name in self.info and name in leave_out]
        self.names = [name for name in BOX_LAYERS if name in self.info and name not in leave_out]
        self.index = {name: _box_index(con, name, self.info[name]["geom_column"]) for name in self.names}
        # the layers of a project share one CRS: the first that names one is enough
        self.crs = next((c for c in (_layer_crs(con, self.info[n]) for n in self.names) if c is not None), None)

    def indexed(self, name: str) -> bool:
        return self.index[name] is not None

    def read(self, name: str, bbox=None):
        """Layer ``name`` whole, or (``bbox``) its features meeting ``bbox``."""
        sql = _box_sql(name, self.index[name], bbox)
        frame = read_layer(self.con, self.path, name, self.info[name], sql)
        crs = _layer_crs(self.con, self.info[name]) if frame.crs is None else None
        if crs is not None:  # GDAL names no CRS for a query that found nothing
            frame = frame.set_crs(crs)
        return frame if sql is None else features_meeting(frame, bbox)

    def extent(self):
        """The extent of the first non-empty layer of :data:`EXTENT_LAYERS`, from its R-tree boxes."""
        for name in EXTENT_LAYERS:
            rtree = _rtree(self.con, name, self.info.get(name, {}).get("geom_column"))
            if rtree is None:
                continue
            row = self.con.execute("SELECT min(minx), min(miny), max(maxx), max(maxy) FROM "
                                   f"{gpkg_read.quoted(rtree)}").fetchone()
            if row and row[0] is not None:
                return tuple(float(v) for v in row)
        return None

    def max_radius(self) -> float:
        """The largest service radius of any station (metres; 0 without stations or radii)."""
        if "stations" not in self.info:
            return 0.0
        columns = {r[1] for r in self.con.execute(f"PRAGMA table_info({gpkg_read.quoted('stations')})")}
        if "service_radius_m" not in columns:
            return 0.0
        value = self.con.execute('SELECT max(CAST(service_radius_m AS REAL)) FROM "stations"').fetchone()[0]
        return float(value) if value is not None and np.isfinite(value) else 0.0


def median_sizes(path, extent_of, sized, every: int = 64) -> tuple:
    """``(extent, {name: metres})`` of a GeoPackage, from its R-trees alone (nothing is read).

    ``extent``: (width, height) in metres of the layers ``extent_of`` together;
    for each of ``sized``, the median feature's larger side in metres, over every
    ``every``-th id. A geographic CRS is turned to metres at the extent's middle
    latitude: enough to judge what a view shows (the boxes are rounded outwards,
    so sizes err large). Layers without an R-tree count in neither; ``(None, {})``
    when no layer of ``extent_of`` has a box.
    """
    con = gpkg.connect(Path(path), readonly=True)
    try:
        info = gpkg.layer_info(con)
        names = [n for n in dict.fromkeys([*extent_of, *sized]) if n in info]
        crs = next((c for c in (_layer_crs(con, info[n]) for n in names) if c is not None), None)
        boxes, sizes = [], {}
        for name in names:
            rtree = _rtree(con, name, info[name]["geom_column"])
            if rtree is None:
                continue
            q = gpkg_read.quoted(rtree)
            if name in extent_of:
                row = con.execute(f"SELECT min(minx), min(miny), max(maxx), max(maxy) FROM {q}").fetchone()
                if row is not None and row[0] is not None:
                    boxes.append(row)
            if name in sized:
                sample = con.execute(f"SELECT maxx - minx, maxy - miny FROM {q} WHERE id % {int(every)} = 0"
                                     ).fetchall()
                if len(sample) < 32:  # a small layer: all of it
                    sample = con.execute(f"SELECT maxx - minx, maxy - miny FROM {q}").fetchall()
                if sample:
                    sizes[name] = np.array(sample, dtype=float)
    finally:
        con.close()
    if not boxes:
        return None, {}
    b = np.array(boxes, dtype=float)
    minx, miny, maxx, maxy = b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max()
    kx = ky = 1.0
    if crs is None or pyproj.CRS.from_user_input(crs).is_geographic:
        ky = 110_574.0
        kx = 111_320.0 * math.cos(math.radians(max(min((miny + maxy) / 2, 89.0), -89.0)))
    medians = {name: float(np.median(np.maximum(s[:, 0] * kx, s[:, 1] * ky))) for name, s in sizes.items()}
    return ((maxx - minx) * kx, (maxy - miny) * ky), medians


def features_meeting(frame, bbox):
    """The rows of ``frame`` whose geometry meets ``bbox`` (an index's boxes find a few more)."""
    if not len(frame):
        return frame
    area = shapely.box(*bbox)
    shapely.prepare(area)
    return frame[shapely.intersects(area, frame.geometry.to_numpy())]


def station_box(bbox, max_radius: float, crs) -> tuple:
    """``bbox`` widened by ``max_radius`` metres: stations there may reach into ``bbox``.

    In a geographic CRS the metres become degrees on the generous side (a degree
    of latitude is at least 110.5 km; of longitude, at the box's far latitude).
    """
    minx, miny, maxx, maxy = (float(v) for v in bbox)
    if max_radius <= 0:
        return minx, miny, maxx, maxy
    geographic = crs is None or pyproj.CRS.from_user_input(crs).is_geographic
    if not geographic:
        return minx - max_radius, miny - max_radius, maxx + max_radius, maxy + max_radius
    dy = max_radius / 110_000.0
    far = min(max(abs(miny), abs(maxy)) + dy, 89.0)
    dx = max_radius / (111_000.0 * math.cos(math.radians(far)))
    return minx - dx, miny - dy, maxx + dx, maxy + dy


def view_project(frames, extent=None, like=None):
    """A storeless Project of ``frames`` whose metric CRS is that of ``extent`` (the whole project's).

    ``like``: a Project made before whose (empty) other layers are taken as they are,
    since making the empty frames of every other layer again costs more than the reading.
    """
    from .schema import LAYERS

    if like is not None:
        frames = {**{name: like[name] for name in LAYERS if name not in frames}, **frames}
    # the features of one view would choose the zone of their own centre; a preview in
    # another zone than the full model's would jump when the model arrives
    return Project(frames, metric_extent=extent)


def _layer_crs(con, layer_info):
    """The CRS a GeoPackage layer is stored in (None when it names none)."""
    found = gpkg.srs_definition(con, layer_info["srs_id"]) if layer_info.get("srs_id") is not None else None
    if found is None:
        return None
    organization, code, definition = found
    if str(organization).upper() == "EPSG" and code is not None and int(code) > 0:
        return f"EPSG:{int(code)}"
    return definition if definition and definition != "undefined" else None


def _rtree(con, name: str, geom_column: str | None) -> str | None:
    if geom_column is None:
        return None
    rtree = f"rtree_{name}_{geom_column}"
    if con.execute("SELECT 1 FROM sqlite_master WHERE name=?", (rtree,)).fetchone() is None:
        return None
    return rtree


def _box_index(con, name: str, geom_column: str | None) -> tuple[str, str] | None:
    """(R-tree, primary key) of ``name`` when a box can be read through them, else None."""
    rtree = _rtree(con, name, geom_column)
    if rtree is None:
        return None
    pk = [c for _cid, c, _t, _nn, _d, is_pk in con.execute(f"PRAGMA table_info({gpkg_read.quoted(name)})")
          if is_pk]
    return (rtree, pk[0]) if len(pk) == 1 else None


def _box_sql(name: str, index, bbox) -> str | None:
    """SQL selecting the rows of ``name`` whose R-tree box meets ``bbox`` (None: read it whole).

    ``index``: :func:`_box_index`'s. The R-tree holds boxes rounded outwards to
    single precision, so the rows found are all those meeting ``bbox`` and
    perhaps a few just outside it (:func:`features_meeting` keeps those that
    really meet it).
    """
    if index is None or bbox is None:
        return None
    rtree, pk = index
    minx, miny, maxx, maxy = (float(v) for v in bbox)
    return (f"SELECT t.* FROM {gpkg_read.quoted(name)} t WHERE t.{gpkg_read.quoted(pk)} IN "
            f"(SELECT id FROM {gpkg_read.quoted(rtree)} WHERE maxx >= {minx!r} AND minx <= {maxx!r}"
            f" AND maxy >= {miny!r} AND miny <= {maxy!r})")
