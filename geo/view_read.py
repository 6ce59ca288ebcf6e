"""Reading what one view of the map draws, before the whole project is in memory.

Opening a city project reads about 1.5 million rows (members and organizations
are most of them); a view of one community needs a few hundred buildings. The
app therefore reads the view first -- the small layers whole, the big ones
through the GeoPackage R-tree (``rtree_<table>_<geom>``, one indexed range
query) -- and draws it while the full model loads behind it.

The layers read whole are those whose drawing depends on the whole layer:
grid colours come from the adjacency of every grid, grid labels from their
community's name, and the metric CRS from the extent of the communities. The
buildings and compounds of the view are all there is to draw of those layers.
No Qt here.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyogrio

from . import gpkg, gpkg_read
from .store import ProjectError, normalize_types

#: Read whole: their drawing depends on the whole layer (see the module doc).
WHOLE_LAYERS = ("communities", "grids", "stations")
#: Read through the R-tree when a view box is given.
BOX_LAYERS = ("compounds", "buildings")


@dataclass(frozen=True)
class ViewRead:
    """What :func:`read_view` read: the layers as a Project, and which of them are whole."""

    project: object  # geo.project.Project, without a store
    whole: frozenset
    frames: dict  # name -> the frame as read (before the Project indexed it)

    def whole_frames(self) -> dict:
        """The layers read whole, for :func:`geo.store.read_layers` to take as they are."""
        return {name: self.frames[name] for name in self.whole}


def read_view(path, bbox=None, widen=None) -> ViewRead:
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
        given the layers read whole; the buildings and compounds are read in it.

    Returns
    -------
    ViewRead
        ``project`` has no store (nothing can be written through it) and the
        other layers empty; ``whole`` names the layers read whole, which the
        full read may take as they are (:func:`geo.store.read_layers` ``reuse``).

    Raises
    ------
    geo.store.ProjectError
        The file is not a readable GeoPackage.

    Examples
    --------
    >>> view = read_view("street.gpkg", (117.0, 36.64, 117.01, 36.65))  # doctest: +SKIP
    >>> sorted(view.whole)  # doctest: +SKIP
    ['communities', 'grids', 'stations']
    """
    from .project import Project
    from .store_api import is_server_url

    if is_server_url(path):  # the same split on the server, through the GiST index (geo.postgis)
        from .postgis.view_read import read_server_view

        return read_server_view(str(path), bbox, widen)
    path = Path(path)
    try:
        con = gpkg.connect(path, readonly=True)
    except gpkg.NotAGeoPackage as exc:
        raise ProjectError(str(exc)) from None
    try:
        info = gpkg.layer_info(con)
        frames = {name: _read(con, path, name, None) for name in WHOLE_LAYERS if name in info}
        whole = set(frames)
        if bbox is not None and widen is not None:
            bbox = widen(Project(frames), bbox)
        for name in BOX_LAYERS:
            if name in info:
                sql = box_query(con, name, info[name]["geom_column"], bbox)
                frames[name] = _read(con, path, name, sql)
                whole |= {name} if sql is None else set()
    finally:
        con.close()
    return ViewRead(Project(frames), frozenset(whole), frames)


def _read(con, path: Path, name: str, sql: str | None):
    try:
        if sql is None and gpkg_read.arrow_is_safe(con, name):
            frame = pyogrio.read_dataframe(path, layer=name, use_arrow=True)
        else:
            frame = pyogrio.read_dataframe(path, sql=sql or gpkg_read.select_all(name), use_arrow=True)
    except Exception as exc:  # any reason a layer cannot be read is named, as geo.store does
        raise ProjectError(f"{path}: layer {name} cannot be read ({exc})") from None
    if frame.geometry.name != "geometry":
        frame = frame.rename_geometry("geometry")
    return normalize_types(name, frame)


def box_query(con, name: str, geom_column: str | None, bbox) -> str | None:
    """SQL selecting the rows of ``name`` whose R-tree box meets ``bbox`` (None: no R-tree).

    The R-tree holds boxes rounded outwards to single precision, so the rows
    found are all those meeting ``bbox`` and perhaps a few just outside it.
    """
    if geom_column is None or bbox is None:
        return None
    rtree = f"rtree_{name}_{geom_column}"
    if con.execute("SELECT 1 FROM sqlite_master WHERE name=?", (rtree,)).fetchone() is None:
        return None
    pk = [c for _cid, c, _t, _nn, _d, is_pk in con.execute(f"PRAGMA table_info({gpkg_read.quoted(name)})")
          if is_pk]
    if len(pk) != 1:
        return None
    minx, miny, maxx, maxy = (float(v) for v in bbox)
    return (f"SELECT t.* FROM {gpkg_read.quoted(name)} t WHERE t.{gpkg_read.quoted(pk[0])} IN "
            f"(SELECT id FROM {gpkg_read.quoted(rtree)} WHERE maxx >= {minx!r} AND minx <= {maxx!r}"
            f" AND maxy >= {miny!r} AND miny <= {maxy!r})")
