"""Plans (方案): the current grid layout and proposed ones, kept in one project file.

Storage (tables appended to :mod:`geo.schema`):

* ``plans`` — plan_id, name, created (ISO time), note, status (``current`` =
  the adopted layout, ``proposal``, ``archived``), active (1 for exactly one plan);
* ``plan_assignments`` — row_id ``"<plan>|<building>"``, plan_id, building_id, grid_id;
* ``plan_grids`` — row_id ``"<plan>|<grid>"``, plan_id, grid_id, name, community_id,
  geometry: every grid of the plan, so a plan may add, remove and re-draw grids;
* ``plan_stations`` — row_id ``"<plan>|<station>"``, plan_id and the columns of
  ``stations``: service stations planned in a proposal stay in it. A plan stored
  before this table existed has no rows here and keeps the live stations.

The live ``grids`` layer, ``buildings.grid_id`` and ``stations`` always hold the
**active** plan, so every view, check and editing command works on it unchanged;
every other plan lives as a snapshot in these tables. Switching saves the live
layout as the active plan's snapshot and loads the target's, in one
transaction. Organizations are not part of a plan: ``organizations``,
``members`` and ``partner_links`` always describe the current (adopted) layout
and are never written while a proposal is active (:mod:`geo.editing.plan_state`).
Adopting makes a plan the current one (the former current is kept as
``archived``) and derives the organization changes from the difference
between the two layouts (:mod:`geo.editing.plan_adoption`), in one undo step.
A project with no ``plans`` rows simply has its live layout as the current plan;
the first :class:`CreatePlan` records it as plan ``P0`` ("现状").
"""
from __future__ import annotations

import datetime as _dt

import geopandas as gpd
import pandas as pd

from ..commands import ChangeSet
from ..messages import Message, register
from .assign import EditRefused
from .plan_state import active_plan, current_plan, in_proposal  # noqa: F401 (re-exported)

PLAN_LAYERS = ("plans", "plan_assignments", "plan_grids", "plan_stations")
CURRENT_NAME = "现状"
STATION_COLUMNS = ("name", "level", "status", "service_radius_m", "community_id", "geometry")

register("plan.unknown", "没有方案 {plan}", "There is no plan {plan}")
register("plan.exists", "方案 {plan} 已存在", "Plan {plan} already exists")
register("plan.delete_shown", "方案 {plan} 正在显示或是现状：请先切换到或采纳另一个方案",
         "Plan {plan} is shown or current: switch to or adopt another plan first")


def ensure_plan_tables(project) -> None:
    """Create the plan tables in an older project file (no-op when present)."""
    if project.store is not None:
        project.store.ensure_layers(PLAN_LAYERS, crs=project.crs)
    for name in ("plan_grids", "plan_stations"):
        frame = project.layers[name]
        if project.crs is not None and len(frame) == 0 and frame.crs != project.crs:
            project.layers[name] = frame.set_crs(project.crs, allow_override=True)


def _need_plan(project, plan_id) -> None:
    if plan_id not in project["plans"].index:
        raise EditRefused("plan.unknown", plan=plan_id)


def plan_assignment(project, plan_id) -> dict:
    """building_id -> grid_id of a plan (the live layout for the active plan)."""
    if plan_id is None or plan_id == active_plan(project):
        b = project["buildings"]
        return dict(zip(b.index, b["grid_id"]))
    _need_plan(project, plan_id)
    rows = project["plan_assignments"]
    rows = rows[rows["plan_id"] == plan_id]
    return dict(zip(rows["building_id"], rows["grid_id"]))


def plan_grids(project, plan_id) -> gpd.GeoDataFrame:
    """The grids of a plan, indexed by grid_id (the live layer for the active plan)."""
    if plan_id is None or plan_id == active_plan(project):
        return project["grids"]
    _need_plan(project, plan_id)
    rows = project["plan_grids"]
    rows = rows[rows["plan_id"] == plan_id]
    out = rows[["grid_id", "name", "community_id", "geometry"]].copy()
    out.index = pd.Index(out["grid_id"].to_numpy())
    return gpd.GeoDataFrame(out, geometry="geometry", crs=project.crs)


def plan_stations(project, plan_id):
    """The stations of a plan indexed by station_id, or None when the plan kept none (older file)."""
    if plan_id is None or plan_id == active_plan(project):
        return project["stations"]
    _need_plan(project, plan_id)
    rows = project["plan_stations"]
    rows = rows[rows["plan_id"] == plan_id]
    if rows.empty:
        return None
    out = rows[["station_id", *STATION_COLUMNS]].copy()
    out.index = pd.Index(out["station_id"].to_numpy())
    return gpd.GeoDataFrame(out, geometry="geometry", crs=project.crs)


def _snapshot(project, plan_id) -> list[tuple]:
    """Inserts that store the live layout as ``plan_id``'s snapshot."""
    b, grids = project["buildings"], project["grids"]
    changes = [("insert", "plan_assignments", {"row_id": f"{plan_id}|{i}", "plan_id": plan_id,
                                               "building_id": i, "grid_id": g})
               for i, g in zip(b.index, b["grid_id"])]
    changes += [("insert", "plan_grids", {"row_id": f"{plan_id}|{g}", "plan_id": plan_id, "grid_id": g,
                                          "name": n, "community_id": c, "geometry": geom})
                for g, n, c, geom in zip(grids.index, grids["name"], grids["community_id"], grids.geometry)]
    stations = project["stations"]
    changes += [("insert", "plan_stations", {"row_id": f"{plan_id}|{s}", "plan_id": plan_id, "station_id": s,
                                             **{c: row[c] for c in STATION_COLUMNS}})
                for s, row in zip(stations.index, stations[list(STATION_COLUMNS)].to_dict("records"))]
    return changes


def _drop_snapshot(project, plan_id) -> list[tuple]:
    out = []
    for layer in ("plan_assignments", "plan_grids", "plan_stations"):
        frame = project[layer]
        out += [("delete", layer, r) for r in frame.index[frame["plan_id"] == plan_id]]
    return out


def _plan_row(plan_id, name, status, active, note="") -> dict:
    created = _dt.datetime.now().isoformat(timespec="seconds")
    return {"plan_id": plan_id, "name": name, "created": created, "note": note,
            "status": status, "active": active}


def _free_plan_id(project) -> str:
    n = max(1, len(project["plans"]))  # P0 is the current layout
    while f"P{n}" in project["plans"].index:
        n += 1
    return f"P{n}"


class CreatePlan(ChangeSet):
    """A new proposal starting as a copy of the active layout (it does not become active)."""

    def __init__(self, name: str, note: str = "", plan_id=None):
        super().__init__(Message("command.new_plan", name=name))
        self.name, self.note, self.plan_id = name, note, plan_id

    def changes(self, project):
        ensure_plan_tables(project)
        changes = []
        if active_plan(project) is None:
            changes.append(("insert", "plans", _plan_row("P0", CURRENT_NAME, "current", 1)))
        self.plan_id = self.plan_id or _free_plan_id(project)
        if self.plan_id in project["plans"].index or (changes and self.plan_id == "P0"):
            raise EditRefused("plan.exists", plan=self.plan_id)
        changes.append(("insert", "plans", _plan_row(self.plan_id, self.name, "proposal", 0, self.note)))
        return changes + _snapshot(project, self.plan_id)


def switch_changes(project, plan_id) -> list[tuple]:
    """Store the live layout under the active plan and load ``plan_id`` into the live layers."""
    _need_plan(project, plan_id)
    ensure_plan_tables(project)
    active = active_plan(project)
    if plan_id == active:
        return []
    changes = _snapshot(project, active)
    target = plan_assignment(project, plan_id)
    b = project["buildings"]
    changes += [("update", "buildings", i, {"grid_id": target.get(i)})
                for i, g in zip(b.index, b["grid_id"]) if target.get(i) != g]
    changes += _grid_changes(project["grids"], plan_grids(project, plan_id))
    stations = plan_stations(project, plan_id)
    if stations is not None:
        changes += _row_changes(project["stations"], stations, "stations", "station_id", STATION_COLUMNS)
    changes += _drop_snapshot(project, plan_id)
    return changes + [("update", "plans", active, {"active": 0}),
                      ("update", "plans", plan_id, {"active": 1})]


def _grid_changes(live, target) -> list[tuple]:
    return _row_changes(live, target, "grids", "grid_id", ("name", "community_id", "geometry"))


def _row_changes(live, target, layer, id_column, columns) -> list[tuple]:
    """Deletes, inserts and updates that turn the live ``layer`` into ``target``."""
    changes = [("delete", layer, i) for i in live.index if i not in target.index]
    for i in target.index:
        row = {id_column: i, **{c: _plain(target.at[i, c]) for c in columns}}
        if i not in live.index:
            changes.append(("insert", layer, row))
            continue
        diff = {k: v for k, v in row.items() if k != id_column and not _same(live.at[i, k], v)}
        if diff:
            changes.append(("update", layer, i, diff))
    return changes


def _plain(value):
    return value.item() if hasattr(value, "item") and not hasattr(value, "geom_type") else value


def _same(a, b) -> bool:
    if hasattr(a, "geom_type") or hasattr(b, "geom_type"):
        return a is not None and b is not None and a.equals_exact(b, 0)
    if _blank(a) and _blank(b):
        return True
    return a == b


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)


class SwitchPlan(ChangeSet):
    """Make another plan the one shown and edited (undo switches back)."""

    def __init__(self, plan_id):
        super().__init__(Message("command.switch_plan", plan=plan_id))
        self.plan_id = plan_id

    def changes(self, project):
        return switch_changes(project, self.plan_id)


class AdoptPlan(ChangeSet):
    """Make a plan the current layout: it becomes active and ``current``; the old current is archived.

    The organization follows in the same step (:func:`geo.editing.plan_adoption.adoption_changes`).
    A plan whose grids have topology problems is refused with the list of problems
    (:class:`geo.editing.topology_guard.TopologyRefused`) unless ``force`` is set.
    """

    derives_organization = True  # the one command that writes organizations for a proposal

    def __init__(self, plan_id, force: bool = False):
        super().__init__(Message("command.adopt_plan", plan=plan_id))
        self.plan_id, self.force = plan_id, force

    def changes(self, project):
        from .plan_adoption import adoption_changes  # noqa: PLC0415 (it imports this module)

        _need_plan(project, self.plan_id)
        old = current_plan(project)
        if old == self.plan_id:  # adopting the current plan only shows it again
            return switch_changes(project, self.plan_id)
        changes = adoption_changes(project, self.plan_id, force=self.force)
        changes += switch_changes(project, self.plan_id)
        if old is not None:
            changes.append(("update", "plans", old, {"status": "archived"}))
        return changes + [("update", "plans", self.plan_id, {"status": "current"})]


class DeletePlan(ChangeSet):
    """Delete a stored plan (never the active or the current one)."""

    def __init__(self, plan_id):
        super().__init__(Message("command.delete_plan", plan=plan_id))
        self.plan_id = plan_id

    def changes(self, project):
        _need_plan(project, self.plan_id)
        if self.plan_id in (active_plan(project), current_plan(project)):
            raise EditRefused("plan.delete_shown", plan=self.plan_id)
        return _drop_snapshot(project, self.plan_id) + [("delete", "plans", self.plan_id)]
