"""What happened to one feature: ``main.py history PROJECT --feature ID [--since T]``.

On a server the database records every feature change itself
(:func:`geo.postgis.ddl.create_feature_log`: role, time, operation, before and
after, whoever wrote it, GridAtlas or not); each change is tied to the
GridAtlas history entry of its transaction when there is one. In a GeoPackage
the same question is answered from the recorded history entries whose change
list touched the feature (their stored inverses name every id), without role.

Both give the same fields: ``time``, ``layer``, ``feature``, ``operation``
(insert/update/delete), ``columns`` (what an update changed), ``role`` (None
in a file), ``entry`` and ``command`` (the GridAtlas history entry, if any).
"""
from __future__ import annotations

from datetime import datetime

from .messages import CodedError, register
from .schema import LAYERS
from .store_api import is_server_url

BAD_TIME = register("history.bad_time", "不是有效的时间：{text}（例如 2026-12-01 或 2026-12-01T08:30）",
                    "Not a valid time: {text} (for example 2026-12-01 or 2026-12-01T08:30)")

_FORWARD = {"update": "update", "insert": "delete", "delete": "insert"}  # inverse op -> the change's op


def parse_since(text: str) -> datetime:
    """An ISO date or time; without an offset it is local time.

    >>> parse_since("2026-12-01").isoformat()[:19]
    '2026-12-01T00:00:00'
    """
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise CodedError(BAD_TIME, text=text) from None
    return moment if moment.tzinfo else moment.astimezone()


def feature_changes(location, feature: str | None = None, since: datetime | None = None,
                    limit: int | None = None) -> list[dict]:
    """Changes of ``feature`` (any layer; None: every feature) at or after ``since``, newest first.

    Parameters
    ----------
    location : path-like or str
        A project GeoPackage or a ``postgresql://`` URL.
    feature : str, optional
        A feature id (building, grid, member … ids are unique per layer).
    since : datetime, optional
        Only changes at or after this moment.
    limit : int, optional
        At most this many changes.
    """
    if is_server_url(location):
        from .postgis.history import read_feature_log

        return read_feature_log(str(location), feature, since, limit)
    return _file_changes(location, feature, since, limit)


def _file_changes(path, feature, since, limit) -> list[dict]:
    from . import gpkg
    from .history import file_entries, file_inverse

    out = []
    con = gpkg.connect(path, readonly=True)
    try:
        for entry in file_entries(con):
            when = datetime.fromisoformat(entry.time)
            if since is not None and when < since:
                break  # newest first: the rest are older
            for change in (file_inverse(con, entry.entry_id) or []):
                layer, fid = _layer_and_id(change)
                if layer is None or (feature is not None and str(fid) != feature):
                    continue
                out.append({"time": entry.time, "layer": layer, "feature": str(fid),
                            "operation": _FORWARD[change[0]],
                            "columns": sorted(change[3]) if change[0] == "update" else [],
                            "role": None, "entry": entry.entry_id, "command": entry.as_dict()["command"]})
            if limit is not None and len(out) >= limit:
                break
    finally:
        con.close()
    return out[:limit] if limit is not None else out


def _layer_and_id(change):
    if change[0] in ("update", "delete"):
        return change[1], change[2]
    if change[0] == "insert" and change[1] in LAYERS:
        return change[1], change[2].get(LAYERS[change[1]].id_column)
    return None, None


def change_line(change: dict) -> str:
    """``2026-12-01T08:30:00+08:00  root  update buildings B000001 (grid_id, households)  #12 …``."""
    columns = f" ({', '.join(change['columns'])})" if change["columns"] else ""
    entry = f"  #{change['entry']} {change['command']}" if change.get("entry") is not None else ""
    role = f"  {change['role']}" if change.get("role") else ""
    return f"{change['time']}{role}  {change['operation']} {change['layer']} {change['feature']}{columns}{entry}"
