"""Saved views (书签) for presenting and for atlases: what to show, in what order.

A :class:`Bookmark` is a named extent in the project CRS, optionally naming
the features it is about (so a presenter can outline them). The built-in
ones are derived from the data each time (they follow edits); the ones a
user adds are kept in the project file's ``settings`` table under the key
:data:`SETTINGS_KEY` as a JSON list, so they travel with the file and need
no new layer (QGIS users see one readable text row).

The usual tour of a meeting (:func:`tour`): the whole street, each
community, the grids that changed (when a plan comparison or a set of grid
ids is given, or the project holds a proposal), then the user's own views.

Examples
--------
>>> tour(project)[0].name  # doctest: +SKIP
'幸福街道'
>>> add_user_bookmark(project, "幸福小区周边", (117.0, 36.6, 117.01, 36.61))  # doctest: +SKIP
"""
from __future__ import annotations

import json
import math
import weakref
from dataclasses import asdict, dataclass, field

import numpy as np

from .messages import CodedError, Message, register

#: The settings-table key holding the user's bookmarks (JSON list of objects).
SETTINGS_KEY = "bookmarks"
STREET, COMMUNITY, GRID, CHANGED, USER = "street", "community", "grid", "changed", "user"
#: Store-less (in-memory) projects keep their user bookmarks here instead.
_MEMORY: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Bookmark:
    """A named extent ``(minx, miny, maxx, maxy)`` in the project CRS.

    ``layer`` and ``ids`` name the features the view is about (a community,
    the changed grids); they are empty for the whole street and user views.
    """

    name: str
    bounds: tuple[float, float, float, float]
    kind: str = USER
    layer: str | None = None
    ids: tuple = field(default=())

    def to_json(self) -> dict:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self).items()}

    @classmethod
    def from_json(cls, row: dict) -> "Bookmark":
        bounds = tuple(float(v) for v in row["bounds"])
        if len(bounds) != 4 or not all(math.isfinite(v) for v in bounds):
            raise ValueError(f"bookmark {row.get('name')!r} has bad bounds")
        return cls(str(row["name"]), bounds, USER, row.get("layer"), tuple(row.get("ids") or ()))


# ---------------------------------------------------------------- derived from the data

WHOLE_STREET = register("bookmarks.whole_street", "全街道", "Whole street")
CHANGED_GRIDS = register("bookmarks.changed_grids", "调整的网格", "Changed grids")


def street_bookmark(project, name: str | None = None) -> Bookmark | None:
    """The whole project (every community, grid, building and station), named after the street."""
    boxes = [project[n].total_bounds for n in ("communities", "grids", "buildings", "stations")
             if len(project[n])]
    if not boxes:
        return None
    return Bookmark(project.street_name or name or Message(WHOLE_STREET).text(), _union(boxes), STREET)


def feature_bookmarks(project, layer: str, kind: str, ids=None) -> list[Bookmark]:
    """One bookmark per feature of ``layer`` (all, or ``ids`` in their order), named by ``name``."""
    frame = project[layer]
    if ids is not None:
        frame = frame.loc[[i for i in ids if i in frame.index]]
    frame = frame[~frame.geometry.is_empty & frame.geometry.notna()]
    bounds = frame.geometry.bounds.to_numpy()
    names = frame["name"].fillna("").astype(str).to_numpy() if "name" in frame else frame.index
    return [Bookmark(str(n) or str(i), tuple(float(v) for v in b), kind, layer, (i,))
            for i, n, b in zip(frame.index.tolist(), names, bounds)]


def community_bookmarks(project) -> list[Bookmark]:
    return feature_bookmarks(project, "communities", COMMUNITY)


def grid_bookmarks(project, community_id=None) -> list[Bookmark]:
    """Every grid, or those of one community."""
    grids = project["grids"]
    ids = None if community_id is None else grids.index[grids["community_id"] == community_id]
    return feature_bookmarks(project, "grids", GRID, ids)


def changed_grids_bookmark(project, grid_ids=None, comparison=None,
                           name: str | None = None) -> Bookmark | None:
    """One view around the grids that changed.

    Parameters
    ----------
    grid_ids : iterable, optional
        The grids to show (live layer); used when no ``comparison`` is given.
    comparison : geo.editing.plan_compare.PlanComparison, optional
        Its ``changed`` grids (before and after outlines both count).
    """
    if comparison is not None:
        changed = comparison.changed
        boxes = [g.bounds for col in ("geometry", "geometry_a") for g in changed[col]
                 if g is not None and not g.is_empty]
        ids = tuple(changed["grid_id"].tolist())
    else:
        grids = project["grids"]
        ids = tuple(i for i in (grid_ids or ()) if i in grids.index)
        boxes = [g.bounds for g in grids.geometry.loc[list(ids)] if g is not None and not g.is_empty]
    if not boxes:
        return None
    return Bookmark(name or Message(CHANGED_GRIDS).text(), _union(boxes), CHANGED, "grids", ids)


def _union(boxes) -> tuple[float, float, float, float]:
    b = np.asarray(boxes, dtype=float)
    return (float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()), float(b[:, 3].max()))


def plan_comparison(project):
    """The comparison worth presenting: current plan against the active one, or against the
    newest proposal when the current plan is active; None without a second plan."""
    from geo.editing.plan_compare import compare_plans
    from geo.editing.plans import active_plan, current_plan

    plans = project["plans"]
    current, active = current_plan(project), active_plan(project)
    if current is None or len(plans) < 2:
        return None
    other = active if active != current else None
    if other is None:
        proposals = plans[plans["status"] == "proposal"].sort_values("created")
        if not len(proposals):
            return None
        other = proposals.index[-1]
    return compare_plans(project, current, other)


def tour(project, changed_grids=None, comparison=None, grids: bool = False) -> list[Bookmark]:
    """The meeting's order: street, communities, (grids), changed grids, user views."""
    out = [b for b in [street_bookmark(project)] if b is not None]
    out += community_bookmarks(project)
    if grids:
        out += grid_bookmarks(project)
    if comparison is None and changed_grids is None:
        comparison = plan_comparison(project)
    changed = changed_grids_bookmark(project, changed_grids, comparison)
    if changed is not None:
        out.append(changed)
    return out + user_bookmarks(project)


# ---------------------------------------------------------------- the user's own

def user_bookmarks(project) -> list[Bookmark]:
    """The bookmarks the user saved in this project (unreadable rows are skipped)."""
    text = _read_setting(project)
    try:
        rows = json.loads(text) if text else []
    except ValueError:
        return []  # a hand-edited row that is not JSON: ignore it rather than refuse the file
    out = []
    for row in rows if isinstance(rows, list) else []:
        try:
            out.append(Bookmark.from_json(row))
        except (KeyError, TypeError, ValueError):
            continue
    return out


def add_user_bookmark(project, name: str, bounds, layer=None, ids=()) -> Bookmark:
    """Save a view under ``name`` (replacing one of the same name); returns it.

    The bookmark is checked before anything is written: bounds that
    :meth:`Bookmark.from_json` would skip on reading raise CodedError instead of
    being saved and silently lost.
    """
    mark = Bookmark(str(name).strip() or "书签", _checked_bounds(name, bounds), USER, layer,
                    tuple(ids))
    marks = [b for b in user_bookmarks(project) if b.name != mark.name] + [mark]
    _write_setting(project, marks)
    return mark


BAD_BOUNDS = register("bookmarks.bad_bounds", "书签“{name}”的范围无效：{bounds}",
                      "Bookmark \u201c{name}\u201d has an invalid extent: {bounds}")


def _checked_bounds(name, bounds) -> tuple[float, float, float, float]:
    try:
        values = tuple(float(v) for v in bounds)
    except (TypeError, ValueError):
        values = ()
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise CodedError(BAD_BOUNDS, name=name, bounds=bounds)
    return values


def remove_user_bookmark(project, name: str) -> bool:
    marks = user_bookmarks(project)
    kept = [b for b in marks if b.name != name]
    if len(kept) != len(marks):
        _write_setting(project, kept)
    return len(kept) != len(marks)


def _read_setting(project) -> str | None:
    store = getattr(project, "store", None)
    if store is None:
        return _MEMORY.get(project)
    # through the store interface: a GeoPackage or a server project (geo.store_api)
    return dict(store.read_settings()).get(SETTINGS_KEY)


def _write_setting(project, marks) -> None:
    text = json.dumps([m.to_json() for m in marks], ensure_ascii=False)
    store = getattr(project, "store", None)
    if store is None:
        _MEMORY[project] = text
    else:
        # straight to the store: a bookmark is not a rule, so no rules_changed event
        store.apply([("setting", SETTINGS_KEY, text)])
