"""How a project table is read through GDAL's Arrow interface without crashing.

pyogrio's Arrow reader crashed the process at random: 4 of 8 runs of ``check``
on an edited district project died with SIGSEGV, 0 of 8 after this change. For
a table whose feature ids have holes (rows were deleted: any edited project)
GDAL 3.10's GeoPackage table layer reads on a helper thread,
``GetNextArrowArrayAsynchronous``, whose race was fixed only in GDAL 3.11.4
(OSGeo/gdal#12934, "GPKG: fix random crash in GetNextArrowArrayAsynchronous()").

* A table with ids 1..N and no holes takes GDAL's other, multi-threaded path
  (:func:`arrow_is_safe`): read by layer, as fast as before.
* Any other table is read through an SQL ``SELECT`` (:func:`select_all`): GDAL
  answers it with a result layer whose Arrow reader is synchronous, at the same
  speed and with the same columns, types and CRS. (pyogrio without Arrow would
  be about 3.5 times slower.)

Either way GDAL's Arrow table becomes a frame here (:func:`read_table`), column
by column, equal to what ``pyogrio.read_dataframe(use_arrow=True)`` gives but
with less work and memory: at city scale (a million members) pyarrow's own
conversion hashed every id and phone to find repeats that are not there.
"""
from __future__ import annotations

import sqlite3

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import shapely


def arrow_is_safe(con: sqlite3.Connection, name: str) -> bool:
    """Whether GDAL reads table ``name`` by layer without the crashing helper thread.

    True when its feature ids are 1..N without holes and GDAL's own feature
    count (``gpkg_ogr_contents``, from which GDAL decides) agrees.

    Parameters
    ----------
    con : sqlite3.Connection
        The open GeoPackage.
    name : str
        A table listed in ``gpkg_contents``.
    """
    pk = [c for _cid, c, _t, _nn, _d, is_pk in con.execute(f"PRAGMA table_info({quoted(name)})") if is_pk]
    if len(pk) != 1:
        return False
    count, top = con.execute(f"SELECT count(*), max({quoted(pk[0])}) FROM {quoted(name)}").fetchone()
    if count and top != count:
        return False
    try:
        row = con.execute("SELECT feature_count FROM gpkg_ogr_contents WHERE lower(table_name)=lower(?)",
                          (name,)).fetchone()
    except sqlite3.Error:  # no gpkg_ogr_contents: GDAL counts the rows itself
        return True
    return row is None or row[0] is None or row[0] == count


def select_all(name: str) -> str:
    """The SQL that reads every row of ``name`` through GDAL's synchronous result layer."""
    return f"SELECT * FROM {quoted(name)}"


def quoted(identifier: str) -> str:
    """An SQL identifier in double quotes (a name may hold any character)."""
    return '"' + identifier.replace('"', '""') + '"'


# ---------------------------------------------------------------- Arrow table to frame
#: Rows sampled to tell a column of distinct values (ids, phones) from one that repeats.
DISTINCT_SAMPLE = 4096
#: Above this share of distinct values in the sample, a column's strings are not shared:
#: looking each value up in a table of hundreds of thousands costs more than making its
#: string (a city's members' names, measured: 480 ms shared against 225 made one by one).
#: Below it sharing is kept: it saves time on few values (genders, kinds, addresses), and
#: memory on ids repeated a few times where the sample's runs of neighbouring rows show
#: it (members of one org or building lie together: made one by one, their ids took
#: ~90 ms less but 130 MB more). Repeats only far apart, of thousands of values, look distinct.
SHARED_BELOW = 0.5


def read_table(path, name: str, by_table: bool, read_geometry: bool = True, sql: str | None = None):
    """Table ``name`` as ``pyogrio.read_dataframe(..., use_arrow=True)`` gives it.

    ``by_table`` reads it by layer (only when :func:`arrow_is_safe`), else through
    ``sql`` (:func:`select_all` when None; a view's box query, :mod:`geo.view_read`).

    The same columns, dtypes, values and CRS, converted from Arrow column by
    column: each column's Arrow buffers are freed once converted, and repeated
    text (a member's org, gender, kind) shares one Python string per value
    while columns of distinct values (ids, phones) skip the hashing that would
    find no repeats -- at city scale that hashing cost more than reading.

    Returns
    -------
    (frame, text_columns)
        ``text_columns``: the columns read from Arrow strings, which hold
        ``str`` or ``None`` only.
    """
    return to_frame(*fetch_arrow(path, name, by_table, read_geometry, sql))


def fetch_arrow(path, name: str, by_table: bool, read_geometry: bool = True, sql: str | None = None):
    """``(meta, table)``: GDAL's Arrow table of ``name`` (see :func:`read_table`), not converted.

    GDAL does the reading outside Python's lock, so another thread may fetch the
    next table while this one's columns are converted (:func:`geo.store.read_layers`).
    """
    from .gdal_env import skip_vrt

    skip_vrt()  # before pyogrio loads GDAL (see geo.gdal_env)
    import pyogrio

    if by_table:
        return pyogrio.read_arrow(path, layer=name, read_geometry=read_geometry)
    return pyogrio.read_arrow(path, sql=sql or select_all(name))


def to_frame(meta: dict, table):
    """The frame and its text columns of an Arrow table from :func:`fetch_arrow` (see :func:`read_table`)."""
    geometry_name = meta["geometry_name"] or "wkb_geometry"
    rows, names, columns = table.num_rows, table.column_names, table.columns
    del table  # the columns alone hold the buffers now; each is dropped once converted
    fields = [n for n in names if n != geometry_name]
    text = [n for n, c in zip(names, columns) if n != geometry_name and _is_text(c.type)]
    # text goes straight into one 2-D block, as pandas would store it: no consolidating copy
    block, others, geometry = np.empty((len(text), rows), dtype=object), {}, None
    for i, name in enumerate(names):
        column, columns[i] = columns[i], None
        if name == geometry_name:
            geometry = shapely.from_wkb(_storage(column).to_numpy(zero_copy_only=False))
        elif name in text:
            block[text.index(name)] = column.to_pandas(deduplicate_objects=_repeats(column)).to_numpy()
        else:
            others[name] = column.to_pandas()
        del column
    frame = pd.DataFrame(block.T, columns=text, index=pd.RangeIndex(rows))
    for position, name in enumerate(fields):
        if name in others:
            frame.insert(position, name, others.pop(name).array)
    if geometry is None:
        return frame, text
    frame["geometry"] = geometry
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=meta["crs"]), text


def _is_text(arrow_type) -> bool:
    return pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type)


def _storage(column):
    """The plain binary of a WKB column (GDAL marks it as a ``geoarrow.wkb`` extension)."""
    if isinstance(column.type, pa.ExtensionType):
        return pa.chunked_array([c.storage for c in column.chunks], type=column.type.storage_type)
    return column


def _repeats(column) -> bool:
    """Whether values repeat often enough in a sample to share one string per value
    (fewer than :data:`SHARED_BELOW` distinct per value sampled).

    The sample is runs of neighbouring rows spread over the table: rows of one
    building or org often lie together, a spread of single rows catches values
    repeated far apart.
    """
    n = len(column)
    if n <= DISTINCT_SAMPLE:
        return True  # small: sharing costs nothing worth saving
    run = 64
    starts = np.linspace(0, n - run, DISTINCT_SAMPLE // run).astype(np.int64)
    values = column.take((starts[:, None] + np.arange(run)).ravel()).drop_null()
    return len(values) == 0 or pc.count_distinct(values).as_py() < SHARED_BELOW * len(values)
