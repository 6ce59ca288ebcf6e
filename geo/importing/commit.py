"""Turn a validated import into one undoable command on the project.

The command inserts new features and updates existing ones in a single
:meth:`geo.project.Project.apply` call, i.e. one SQLite transaction: a failure
leaves the file as it was, and undo is one transaction too.

Decisions (the CLI and the wizard behave the same):

- **Members** are matched by ID number (:func:`.roster_merge.merge_members`):
  importing the same roster twice adds nobody; changed, non-blank fields of a
  known member are updated.
- **Map features whose id already exists** are updated by default
  (``on_existing="update"``): the mapped attributes and the geometry are
  replaced, blank cells never blank a stored value, and columns the file does
  not have (``grid_id`` of a building, say) are left alone. With
  ``on_existing="reject"`` such rows are rejected ("id already exists"). A
  file that repeats an id rejects the later rows ("duplicate id in file").
- **New buildings without grid_id** get the grid whose polygon contains their
  representative point (``assign_grids=True``); those inside no grid stay
  unassigned (blank grid_id) and are counted, so the summary can say so.

Examples
--------
>>> plan = ImportPlan(layer="buildings", inserted=["B1"], updated=["B2"], unassigned=["B1"])
>>> print(plan.summary())
buildings: 1 new, 1 updated, 0 unchanged
  1 new buildings are in no grid (grid_id left blank; assign them on the map)
"""
from __future__ import annotations

import contextlib
import warnings
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd
import shapely

from ..commands import ChangeSet, InsertFeatures, SetValues
from ..schema import LAYERS
from .report import ImportReport
from .roster_merge import merge_members

ON_EXISTING = ("update", "reject")


class ImportCommand(ChangeSet):
    """Several insert/update commands applied as one transaction and one undo step.

    ``geo.commands.Macro`` would apply its parts one after another (one
    transaction each); an import must land whole or not at all.
    """

    def __init__(self, text: str, parts: list[ChangeSet]):
        super().__init__(text)
        self.parts = list(parts)

    def changes(self, project) -> list[tuple]:
        return [change for part in self.parts for change in part.changes(project)]

    def do(self, project) -> None:
        with _quiet_concat():
            super().do(project)

    def undo(self, project) -> None:
        with _quiet_concat():
            super().undo(project)


@contextlib.contextmanager
def _quiet_concat():
    """Silence pandas' FutureWarning about concatenating all-NA columns.

    ``Project._append`` concatenates one row at a time; an imported row with a
    blank optional column (residents, say) triggers the warning on every row,
    which would flood the CLI's stderr. The result is correct either way.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "The behavior of DataFrame concatenation",
                                FutureWarning)
        yield


@dataclass
class ImportPlan:
    """What committing will do: ids inserted/updated/unchanged, and the command."""

    layer: str
    inserted: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    assigned: list = field(default_factory=list)    # new buildings given a grid
    unassigned: list = field(default_factory=list)  # new buildings in no grid
    command: ImportCommand | None = None

    @property
    def empty(self) -> bool:
        return not (self.inserted or self.updated)

    def summary(self) -> str:
        lines = [f"{self.layer}: {len(self.inserted)} new, {len(self.updated)} updated, "
                 f"{len(self.unchanged)} unchanged"]
        if self.assigned:
            lines.append(f"  {len(self.assigned)} new buildings assigned to the grid "
                         "that contains them")
        if self.unassigned:
            lines.append(f"  {len(self.unassigned)} new buildings are in no grid "
                         "(grid_id left blank; assign them on the map)")
        return "\n".join(lines)


# ---------------------------------------------------------------- members

def plan_roster(project, members: pd.DataFrame, source: str = "") -> ImportPlan:
    """Plan the members of a :class:`.roster.RosterResult` merged into the project."""
    existing = pd.DataFrame(project["members"]).reset_index(drop=True)
    merged = merge_members(existing, members)
    rows = merged.members.set_index("member_id", drop=False)
    plan = ImportPlan("members", inserted=list(merged.added), updated=list(merged.updated),
                      unchanged=list(merged.unchanged))
    columns = LAYERS["members"].column_names
    inserts = [_plain_row(rows.loc[i], columns) for i in merged.added]
    updates = {i: _changed(project["members"].loc[i], rows.loc[i], columns)
               for i in merged.updated}
    plan.command = _command(f"import {source} → members", "members", inserts, updates)
    return plan


# ---------------------------------------------------------------- map layers

def plan_vector(project, layer: str, frame: gpd.GeoDataFrame, mapping: dict,
                report: ImportReport, *, on_existing: str = "update",
                assign_grids: bool = True) -> ImportPlan:
    """Plan the rows of a :class:`.vector.VectorResult` for ``layer``.

    Rows refused here (existing id with ``on_existing="reject"``, an id the
    file repeats) are added to ``report`` and ``report.imported`` is lowered.
    """
    if on_existing not in ON_EXISTING:
        raise ValueError(f"on_existing must be one of {ON_EXISTING}, not {on_existing!r}")
    spec = LAYERS[layer]
    id_col, stored = spec.id_column, project[layer]
    rows_no = frame.attrs.get("row_numbers") or list(range(1, len(frame) + 1))
    mapped = set(mapping.values()) & set(spec.column_names) | {"geometry"}
    plan, inserts, updates, seen = ImportPlan(layer), [], {}, set()
    records = _records(frame, spec.column_names)
    if id_col not in mapping.values():  # generated ids: recognise features by shape
        _match_by_geometry(records, stored, id_col)
    for pos, row in enumerate(records):
        id_ = row[id_col]
        why = _refusal(id_, seen, stored.index, on_existing)
        if why:
            report.reject(rows_no[pos], _report_row(row), [why])
            continue
        seen.add(id_)
        if id_ in stored.index:
            values = _changed(stored.loc[id_], row, mapped - {id_col}, keep_blank=True)
            (plan.updated if values else plan.unchanged).append(id_)
            if values:
                updates[id_] = values
        else:
            inserts.append(row)
            plan.inserted.append(id_)
    report.imported = len(plan.inserted) + len(plan.updated) + len(plan.unchanged)
    if layer == "buildings":
        _assign_grids(project, inserts, plan, assign_grids)
    plan.command = _command(f"import {report.source} → {layer}", layer, inserts, updates)
    return plan


def _match_by_geometry(records: list[dict], stored, id_col: str,
                       tolerance: float = 1e-7) -> None:
    """Give a row the id of a stored feature with the same geometry.

    A file without an id column would otherwise add its features again on
    every import. ``tolerance`` is in CRS units (1e-7 degrees is about 1 cm).
    """
    if not len(stored) or not records or not isinstance(stored, gpd.GeoDataFrame):
        return
    geoms = [r["geometry"] for r in records]
    stored_geoms = shapely.normalize(stored.geometry.values)
    row_pos, stored_pos = shapely.STRtree(stored_geoms).query(geoms, predicate="intersects")
    for r, k in zip(row_pos, stored_pos):
        if shapely.equals_exact(shapely.normalize(geoms[r]), stored_geoms[k], tolerance):
            records[r][id_col] = stored.index[k]


def _refusal(id_, seen: set, stored_ids, on_existing: str) -> str | None:
    if id_ in seen:
        return f"duplicate id in file: {id_}"
    if on_existing == "reject" and id_ in stored_ids:
        return f"id already exists: {id_} is in the project"
    return None


def _assign_grids(project, inserts: list[dict], plan: ImportPlan, enabled: bool) -> None:
    """Blank grid_id of new buildings → the grid containing them (when enabled)."""
    blank = [row for row in inserts if not row.get("grid_id")]
    grids = project["grids"]
    if enabled and blank and len(grids):
        points = shapely.point_on_surface(
            gpd.GeoSeries([r["geometry"] for r in blank], crs=grids.crs).values)
        tree = shapely.STRtree(grids.geometry.values)
        hits = tree.query(points, predicate="within")
        first = {}
        for point_pos, grid_pos in zip(*hits):
            first.setdefault(int(point_pos), str(grids.index[int(grid_pos)]))
        for pos, row in enumerate(blank):
            row["grid_id"] = first.get(pos, "")
    plan.assigned = [r[LAYERS["buildings"].id_column] for r in blank if r.get("grid_id")]
    plan.unassigned = [r[LAYERS["buildings"].id_column] for r in blank if not r.get("grid_id")]


# ---------------------------------------------------------------- shared helpers

def _command(text: str, layer: str, inserts: list[dict], updates: dict) -> ImportCommand:
    parts = []
    if inserts:
        parts.append(InsertFeatures(layer, inserts))
    if updates:
        parts.append(SetValues(layer, updates))
    return ImportCommand(text, parts)


def _records(frame, columns) -> list[dict]:
    has_geometry = isinstance(frame, gpd.GeoDataFrame)
    out = []
    for pos in range(len(frame)):
        row = _plain_row(frame.iloc[pos], columns)
        if has_geometry:
            row["geometry"] = frame.geometry.iloc[pos]
        out.append(row)
    return out


def _plain_row(series: pd.Series, columns) -> dict:
    """Schema columns as plain Python values (None for NA), which SQLite accepts."""
    row = {c: _plain(series[c]) if c in series.index else None for c in columns}
    if "geometry" in series.index:
        row["geometry"] = series["geometry"]
    return row


def _plain(value):
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value.item() if hasattr(value, "item") else value


def _changed(old: pd.Series, new, columns, keep_blank: bool = False) -> dict:
    """{column: new value} where ``new`` differs from ``old``; blanks skipped if asked."""
    out = {}
    for col in columns:
        value = _plain(new[col]) if col in new else None
        if keep_blank and (value is None or value == ""):
            continue
        before = old[col] if col in old.index else None
        if not _same(before, value):
            out[col] = value
    return out


def _same(a, b) -> bool:
    if hasattr(a, "geom_type") or hasattr(b, "geom_type"):
        return a is not None and b is not None and shapely.equals_exact(a, b, 1e-9)
    a, b = _plain(a), _plain(b)
    if a in (None, "") and b in (None, ""):
        return True
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    return str(a) == str(b)


def _report_row(row: dict) -> dict:
    return {k: v for k, v in row.items() if k != "geometry"}
