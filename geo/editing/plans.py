"""Plans (方案): the current grid layout and proposed ones, kept in one project file.

Storage (tables appended to :mod:`geo.schema`):

* ``plans`` — plan_id, name, created (ISO time), note, status (``current`` =
  the adopted layout, ``proposal``, ``archived``), active (1 for exactly one plan);
* ``plan_assignments`` — row_id ``"<plan>|<building>"``, plan_id, building_id, grid_id;
* ``plan_grids`` — row_id ``"<plan>|<grid>"``, plan_id, grid_id, name, community_id,
  geometry: every grid of the plan, so a plan may add, remove and re-draw grids.

The live ``grids`` layer and ``buildings.grid_id`` always hold the **active**
plan, so every view, check and editing command works on it unchanged; every
other plan lives as a snapshot in the two tables. Switching saves the live
layout as the active plan's snapshot and loads the target's, in one
transaction. Adopting makes a plan the current one (the former current is kept
as ``archived``). Organizations are not part of a plan: they follow the edits
made while a plan is active (see :mod:`geo.editing.orgs`), and a grid that
exists only in a proposal has no branch unless one is created for it.
A project with no ``plans`` rows simply has its live layout as the current plan;
the first :class:`CreatePlan` records it as plan ``P0`` ("现状").
"""
from __future__ import annotations

import datetime as _dt

import geopandas as gpd
import pandas as pd

from ..commands import ChangeSet
from .assign import EditRefused

PLAN_LAYERS = ("plans", "plan_assignments", "plan_grids")
CURRENT_NAME = "现状"


def ensure_plan_tables(project) -> None:
    """Create the plan tables in an older project file (no-op when present)."""
    if project.store is not None:
        project.store.ensure_layers(PLAN_LAYERS, crs=project.crs)
    frame = project.layers["plan_grids"]
    if project.crs is not None and len(frame) == 0 and frame.crs != project.crs:
        project.layers["plan_grids"] = frame.set_crs(project.crs, allow_override=True)


def active_plan(project):
    """Id of the plan held in the live layers (None before the first plan)."""
    plans = project["plans"]
    hit = plans.index[plans["active"] == 1]
    return hit[0] if len(hit) else None


def current_plan(project):
    plans = project["plans"]
    hit = plans.index[plans["status"] == "current"]
    return hit[0] if len(hit) else None


def _need_plan(project, plan_id) -> None:
    if plan_id not in project["plans"].index:
        raise EditRefused(f"unknown plan {plan_id}")


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


def _snapshot(project, plan_id) -> list[tuple]:
    """Inserts that store the live layout as ``plan_id``'s snapshot."""
    b, grids = project["buildings"], project["grids"]
    changes = [("insert", "plan_assignments", {"row_id": f"{plan_id}|{i}", "plan_id": plan_id,
                                               "building_id": i, "grid_id": g})
               for i, g in zip(b.index, b["grid_id"])]
    changes += [("insert", "plan_grids", {"row_id": f"{plan_id}|{g}", "plan_id": plan_id, "grid_id": g,
                                          "name": n, "community_id": c, "geometry": geom})
                for g, n, c, geom in zip(grids.index, grids["name"], grids["community_id"], grids.geometry)]
    return changes


def _drop_snapshot(project, plan_id) -> list[tuple]:
    out = []
    for layer in ("plan_assignments", "plan_grids"):
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
        super().__init__(f"new plan {name}")
        self.name, self.note, self.plan_id = name, note, plan_id

    def changes(self, project):
        ensure_plan_tables(project)
        changes = []
        if active_plan(project) is None:
            changes.append(("insert", "plans", _plan_row("P0", CURRENT_NAME, "current", 1)))
        self.plan_id = self.plan_id or _free_plan_id(project)
        if self.plan_id in project["plans"].index or (changes and self.plan_id == "P0"):
            raise EditRefused(f"plan {self.plan_id} already exists")
        changes.append(("insert", "plans", _plan_row(self.plan_id, self.name, "proposal", 0, self.note)))
        return changes + _snapshot(project, self.plan_id)


def switch_changes(project, plan_id) -> list[tuple]:
    """Store the live layout under the active plan and load ``plan_id`` into the live layers."""
    _need_plan(project, plan_id)
    active = active_plan(project)
    if plan_id == active:
        return []
    changes = _snapshot(project, active)
    target = plan_assignment(project, plan_id)
    b = project["buildings"]
    changes += [("update", "buildings", i, {"grid_id": target.get(i)})
                for i, g in zip(b.index, b["grid_id"]) if target.get(i) != g]
    changes += _grid_changes(project["grids"], plan_grids(project, plan_id))
    changes += _drop_snapshot(project, plan_id)
    return changes + [("update", "plans", active, {"active": 0}),
                      ("update", "plans", plan_id, {"active": 1})]


def _grid_changes(live, target) -> list[tuple]:
    changes = [("delete", "grids", g) for g in live.index if g not in target.index]
    for g in target.index:
        row = {"grid_id": g, "name": target.at[g, "name"], "community_id": target.at[g, "community_id"],
               "geometry": target.at[g, "geometry"]}
        if g not in live.index:
            changes.append(("insert", "grids", row))
            continue
        diff = {k: v for k, v in row.items() if k != "grid_id" and not _same(live.at[g, k], v)}
        if diff:
            changes.append(("update", "grids", g, diff))
    return changes


def _same(a, b) -> bool:
    if hasattr(a, "geom_type") or hasattr(b, "geom_type"):
        return a is not None and b is not None and a.equals_exact(b, 0)
    return a == b


class SwitchPlan(ChangeSet):
    """Make another plan the one shown and edited (undo switches back)."""

    def __init__(self, plan_id):
        super().__init__(f"switch to plan {plan_id}")
        self.plan_id = plan_id

    def changes(self, project):
        return switch_changes(project, self.plan_id)


class AdoptPlan(ChangeSet):
    """Make a plan the current layout: it becomes active and ``current``; the old current is archived."""

    def __init__(self, plan_id):
        super().__init__(f"adopt plan {plan_id}")
        self.plan_id = plan_id

    def changes(self, project):
        _need_plan(project, self.plan_id)
        old = current_plan(project)
        changes = switch_changes(project, self.plan_id)
        if old is not None and old != self.plan_id:
            changes.append(("update", "plans", old, {"status": "archived"}))
        return changes + [("update", "plans", self.plan_id, {"status": "current"})]


class DeletePlan(ChangeSet):
    """Delete a stored plan (never the active or the current one)."""

    def __init__(self, plan_id):
        super().__init__(f"delete plan {plan_id}")
        self.plan_id = plan_id

    def changes(self, project):
        _need_plan(project, self.plan_id)
        if self.plan_id in (active_plan(project), current_plan(project)):
            raise EditRefused(f"plan {self.plan_id} is active or current: switch or adopt another first")
        return _drop_snapshot(project, self.plan_id) + [("delete", "plans", self.plan_id)]
