"""The first view of a server project, read before the whole model: :func:`geo.view_read.read_view`
for a ``postgresql://`` URL.

The same reads as from a GeoPackage (:mod:`geo.view_read`): every map layer
only where it meets the view, with ``ST_Intersects(geom, ST_MakeEnvelope(…))``,
which the GiST index of each layer (:func:`geo.postgis.ddl.create_spatial_index`)
answers without a scan; stations as far out as the largest service radius
reaches; the metric CRS from the extent of the whole project. One short
read-only connection, one snapshot (REPEATABLE READ) for all layers; the
result is a storeless Project, as from a file.
"""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from psycopg import sql

from ..messages import CodedError
from ..project import EXTENT_LAYERS
from ..schema import LAYERS
from ..store import normalize_types
from ..view_read import BOX_LAYERS, view_from
from . import ddl


def read_server_view(url: str, bbox=None, widen=None, community: str | None = None):
    """The map layers of the project at ``url`` that a view of ``bbox`` draws.

    Parameters and result as :func:`geo.view_read.read_view` (a
    :class:`geo.view_read.ViewRead`); ``bbox`` is in the project's CRS.
    ``community`` (an id), without ``bbox``: the view of that community's extent.

    Raises
    ------
    geo.store.ProjectError
        The server cannot be reached or holds no such project (the message names the URL).
    """
    from ..store import ProjectError
    from .store import project_connection

    try:  # the connection's refusals name the URL; the app shows them as a file's
        with project_connection(url, "GridAtlas view") as (conn, server), conn.transaction():
            cur = conn.cursor(binary=True)
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            layer_set = _LayerSet(cur, server.schema)
            if bbox is None and community is not None and "communities" in layer_set.names:
                bbox = _community_box(layer_set, community)
            return view_from(layer_set, bbox, widen)
    except CodedError as exc:
        raise ProjectError(str(exc)) from None


def _community_box(layer_set, community: str):
    column = sql.Identifier(LAYERS["communities"].id_column)
    return layer_set.extent(("communities",), sql.SQL(" WHERE {}::text = %s").format(column), [str(community)])


class _LayerSet:
    """The project's layer tables as this role sees them (a viewer is not sent personal columns)."""

    def __init__(self, cur, schema: str):
        self.cur, self.schema = cur, schema
        cur.execute(sql.SQL("SELECT key, value FROM {}.{}").format(sql.Identifier(schema),
                                                                   sql.Identifier(ddl.META_TABLE)))
        meta = dict(cur.fetchall())
        self.srid = int(meta.get("srid", 0))
        self.crs = meta.get("crs") or (f"EPSG:{self.srid}" if self.srid else None)
        self.columns = {t: cols for t, cols in ddl.table_columns(cur, schema).items() if t in LAYERS}
        self.names = [name for name in BOX_LAYERS if name in self.columns]

    def indexed(self, name: str) -> bool:
        """Whether :meth:`read` keeps to a box (through the layer's GiST index)."""
        return LAYERS[name].is_spatial

    def extent(self, names=EXTENT_LAYERS, where=sql.SQL(""), params=None):
        """The extent (minx, miny, maxx, maxy) of the first of ``names`` with features, or None
        (as :meth:`geo.project.Project.bounds` takes it; ``where`` narrows the rows)."""
        for name in names:
            if name not in self.columns:
                continue
            self.cur.execute(sql.SQL("SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM "
                                     "(SELECT ST_Extent(geom) AS e FROM {}.{}{}) s").format(
                sql.Identifier(self.schema), sql.Identifier(name), where), params)
            row = self.cur.fetchone()
            if row and row[0] is not None:
                return tuple(float(v) for v in row)
        return None

    def max_radius(self) -> float:
        """The largest service radius of any station (metres; 0 without stations or radii)."""
        if "service_radius_m" not in {c for c, _ in self.columns.get("stations", ())}:
            return 0.0
        self.cur.execute(sql.SQL("SELECT max(service_radius_m::float8) FROM {}.stations").format(
            sql.Identifier(self.schema)))
        value = self.cur.fetchone()[0]
        return float(value) if value is not None and np.isfinite(value) else 0.0

    def read(self, name: str, bbox=None) -> pd.DataFrame:
        """Layer ``name`` whole, or (``bbox``) its features meeting ``bbox``, in file order."""
        from .store import _column_values, _with_withheld_columns

        layer = LAYERS[name]
        attrs = [(c, t) for c, t in self.columns[name] if c not in ddl.BOOKKEEPING]
        fields = [sql.Identifier(c) for c, _ in attrs]
        if layer.is_spatial:
            fields.append(sql.SQL("ST_AsBinary(geom)"))
        query = sql.SQL("SELECT {} FROM {}.{}").format(sql.SQL(", ").join(fields),
                                                      sql.Identifier(self.schema), sql.Identifier(name))
        params = None
        if bbox is not None and layer.is_spatial:  # the GiST index answers the box, GEOS the rest
            query += sql.SQL(" WHERE ST_Intersects(geom, ST_MakeEnvelope(%s, %s, %s, %s, %s))")
            params = [float(v) for v in bbox] + [self.srid]
        self.cur.execute(query + sql.SQL(" ORDER BY fid"), params)
        rows = self.cur.fetchall()
        values = list(zip(*rows)) if rows else [()] * len(fields)
        data = {c: _column_values(values[i], pg_type) for i, (c, pg_type) in enumerate(attrs)}
        data = _with_withheld_columns(name, data, len(rows))
        if not layer.is_spatial:
            return normalize_types(name, pd.DataFrame(data))
        geoms = shapely.from_wkb(np.array([None if v is None else bytes(v) for v in values[len(attrs)]],
                                          dtype=object))
        frame = gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(geoms, crs=self.crs), crs=self.crs)
        return normalize_types(name, frame)
