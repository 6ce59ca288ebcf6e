"""``check`` on stored values: what the typed reader would hide.

Reading a layer through GDAL turns a text 'abc' in an INTEGER column into 0
or NULL, and a blob into something else again, so these checks look at the
file itself with SQL, where each value still has its stored type
(``typeof``). SQLite does the scanning, one pass per layer, so a million
members cost one query, not a Python loop.

Found per layer, id, column and value:

- number columns (households, units, floors, residents, service_radius_m,
  linked_households, built_year …): text, blobs, infinities, negatives;
- text columns: blobs, and control or invisible characters (\\x00-\\x08,
  \\x0b, \\x0c, \\x0e-\\x1f, \\x7f, zero-width and direction marks) that break
  matching and cannot be written to an .xlsx report. Tabs and line breaks are
  allowed.

Examples
--------
>>> _shown(b"\\x00\\x01")
'<binary, 2 bytes>'
>>> _shown("a\\x07b")
"'a\\\\x07b'"
"""
from __future__ import annotations

import re

from . import gpkg
from .messages import Message, register
from .schema import LAYERS

register("check.not_a_number", "{column} 的值 {value} 不是数字",
         "{column} value {value} is not a number")
register("check.binary_number", "{column} 中存的是二进制数据 {value}，不是数字",
         "{column} holds binary data {value}, not a number")
register("check.not_finite", "{column} 的值 {value} 不是有限的数",
         "{column} value {value} is not a finite number")
register("check.negative", "{column} 的值 {value} 是负数",
         "{column} value {value} is negative")
register("check.binary_text", "{column} 中存的是二进制数据 {value}，不是文字",
         "{column} holds binary data {value}, not text")
register("check.control_chars", "{column} 的值 {value} 含有控制字符或不可见字符",
         "{column} value {value} contains control or invisible characters")

#: Characters a text cell should not hold (the import removes them too).
_CONTROL_GLOB = ("*[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e"
                 "\u2060-\u2064\ufeff]*")
_CONTROL = re.compile(f"[\x00{_CONTROL_GLOB[2:-2]}]")
_SHOWN_CHARS = 40


def value_problems(path, layers=None) -> list:
    """Bad stored values in the project at ``path`` (a list of ``validate.Problem``).

    Parameters
    ----------
    path : path-like
        The GeoPackage (read only).
    layers : iterable of str, optional
        Layers to look at; default all the schema's layers the file has.
    """
    con = gpkg.connect(path, readonly=True)
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM gpkg_contents")}
        out = []
        for name in layers or LAYERS:
            if name in tables:
                out += _layer_problems(con, name)
        return out
    finally:
        con.close()


def _layer_problems(con, name: str) -> list:
    """One scan of the layer's table; only rows with something wrong come back to Python."""
    spec = LAYERS[name]
    present = {r[1] for r in con.execute(f'PRAGMA table_info("{name}")')}
    columns = [c for c in spec.columns if c.name in present]
    if not columns:
        return []
    numbers = [c for c in columns if c.kind in ("int", "real")]
    texts = [c for c in columns if c.kind not in ("int", "real")]
    id_sql = f'"{spec.id_column}"' if spec.id_column in present else "NULL"
    kinds = [_NUMBER_KIND.format(col=f'"{c.name}"') for c in numbers]
    wanted = [f"({k}) IS NOT NULL" for k in kinds]
    if texts:
        # Control characters never occur in good data: test all text of a row at once
        # (one GLOB per row instead of one per cell) and sort out the column in Python.
        joined = " || ".join(f"""ifnull(CAST("{c.name}" AS TEXT), '')""" for c in texts)
        wanted += [f"""typeof("{c.name}") = 'blob'""" for c in texts]
        wanted += [f"({joined}) GLOB :glob", f"instr(CAST(({joined}) AS BLOB), x'00') > 0"]
    names = ", ".join(f'"{c.name}"' for c in numbers + texts)
    sql = (f'SELECT rowid, {id_sql}, {", ".join(kinds + [names])} FROM "{name}" WHERE '
           + " OR ".join(wanted))
    out = []
    for row in con.execute(sql, {"glob": _CONTROL_GLOB}):
        rowid, id_, found = row[0], row[1], list(row[2:2 + len(numbers)])
        values = row[2 + len(numbers):]
        found += [_text_kind(v) for v in values[len(numbers):]]
        label = id_ if isinstance(id_, (str, int, float)) else f"row {rowid}"
        out += [_problem(name, label, col.name, value, kind)
                for col, kind, value in zip(numbers + texts, found, values) if kind]
    return out


# What is wrong with one number, or NULL; SQLite compares text above every number.
_NUMBER_KIND = """CASE
    WHEN typeof({col}) = 'blob' THEN 'binary_number'
    WHEN typeof({col}) = 'text' THEN 'not_a_number'
    WHEN abs({col}) > 1.7976931348623157e308 THEN 'not_finite'
    WHEN {col} < 0 THEN 'negative' END"""


def _text_kind(value) -> str | None:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "binary_text"
    if isinstance(value, str) and _CONTROL.search(value):
        return "control_chars"
    return None


def _problem(layer: str, id_, column: str, value, kind: str):
    from .validate import Problem  # validate calls this module; keep the import lazy

    reason = Message(f"check.{kind}", column=column, value=_shown(value)).text()
    return Problem("bad_value", layer, str(id_), reason)


def _shown(value) -> str:
    """A value as the user can read it: escapes visible, long text and blobs shortened."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"<binary, {len(bytes(value))} bytes>"
    if isinstance(value, str) and len(value) > _SHOWN_CHARS:
        return repr(value[:_SHOWN_CHARS]) + "…"
    return repr(value)
