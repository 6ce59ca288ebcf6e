"""Taking in what other clients committed: reload the announced features, then announce.

Another client's commit arrives as a NOTIFY naming layers and ids
(:meth:`geo.postgis.store.PostgisStore.poll_remote_changes`). The features
are read again from the server and turned into the change list that brings
memory to the server's state (update what both have, insert what is new,
delete what is gone); :meth:`geo.project.Project.take_in` then updates memory
and emits the usual :class:`geo.events.LayerChanged` events, so the map,
figures, balance and gap list follow exactly as after a local edit.
"""
from __future__ import annotations

import pandas as pd
import shapely

from ..events import LayerChanged
from ..rules import Rules
from ..schema import LAYERS


def take_remote_changes(project, timeout: float = 0.0) -> list[LayerChanged]:
    """Read the announcements waiting for ``project`` and take their changes in."""
    store = project.store
    wanted: dict[str, list] = {}
    settings = False
    for payload in store.poll_remote_changes(timeout):
        settings = settings or bool(payload.get("settings"))
        for layer, ids in payload.get("layers", {}).items():
            if layer in LAYERS:
                wanted.setdefault(layer, []).extend(ids)
    if not wanted and not settings:
        return []
    return reload_features(project, wanted, settings)


def reload_features(project, wanted: dict[str, list], settings: bool = False) -> list[LayerChanged]:
    """Bring ``wanted`` features ({layer: ids}) of ``project`` to the server's state; announce."""
    store = project.store
    changes = []
    for layer, ids in wanted.items():
        ids = list(dict.fromkeys(ids))
        changes += _changes_for(project, store, layer, ids)
    rules = Rules.from_rows(store.read_settings()) if settings else None
    return project.take_in(changes, rules)


def _changes_for(project, store, layer: str, ids: list) -> list[tuple]:
    id_col = LAYERS[layer].id_column
    rows = store.read_rows(layer, ids)
    memory = project.layers[layer]
    present = set(rows[id_col].tolist()) if len(rows) else set()
    out = []
    for record in _records(rows):
        id_ = record[id_col]
        if id_ not in memory.index:
            out.append(("insert", layer, record))
            continue
        differing = _differing(memory.loc[id_], record)
        if differing:
            out.append(("update", layer, id_, differing))
    gone = [i for i in ids if i not in present and i in memory.index]
    store.forget(layer, gone)
    out += [("delete", layer, i) for i in gone]
    return out


def _differing(current: pd.Series, record: dict) -> dict:
    """The values of ``record`` that memory does not hold yet: at district scale every cell
    written costs a column copy, and the events then name only the columns that changed."""
    out = {}
    for column, value in record.items():
        if column not in current.index or not _same(current[column], value):
            out[column] = value
    return out


def _same(old, new) -> bool:
    if hasattr(new, "geom_type") or hasattr(old, "geom_type"):
        return old is not None and new is not None and hasattr(old, "geom_type") and hasattr(new, "geom_type") \
            and bool(shapely.equals_exact(old, new, tolerance=0))
    if new is None:
        return _blank(old)
    if _blank(old):
        return False
    try:
        return bool(old == new)
    except (TypeError, ValueError):
        return False


def _blank(value) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as {column: value} with None for blanks (what an edit would carry)."""
    records = frame.to_dict("records")
    for record in records:
        for key, value in record.items():
            if not hasattr(value, "geom_type") and not isinstance(value, str) and value is not None:
                try:
                    if pd.isna(value):
                        record[key] = None
                except (TypeError, ValueError):
                    pass
    return records
