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
"""
from __future__ import annotations

import sqlite3


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
