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

from ..commands import ChangeSet, InsertFeatures, SetValues, layer_word
from ..households_source import ATTRIBUTE, COLUMN, mark_rows, prepare_column
from ..linking import preview_links
from ..schema import LAYERS
from ..messages import Message, register
from .reasons import reason

register("import.plan.counts", "{layer}：新增 {new}，更新 {updated}，无变化 {unchanged}",
         "{layer}: {new} new, {updated} updated, {unchanged} unchanged")
register("import.plan.assigned", "{n} 栋新楼按所在网格自动归属", "{n} new buildings assigned to the grid that contains them")
register("import.plan.unassigned", "{n} 栋新楼不在任何网格内（grid_id 留空；请在地图上分配）",
         "{n} new buildings are in no grid (grid_id left blank; assign them on the map)")
from .report import ImportReport
from .roster_merge import merge_members
from .station_values import DEFAULT_STATUS, fill_station_defaults

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
        if any(COLUMN in row for row in _rows_written(self.parts, "buildings")):
            prepare_column(project)  # an older file lacks households_source
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
    links: object = None                            # geo.linking.LinkResult of what the import links

    @property
    def empty(self) -> bool:
        return not (self.inserted or self.updated or (self.command is not None and self.command.parts))

    def summary(self) -> str:
        """What the import will do, in the current language."""
        lines = [Message("import.plan.counts", layer=self.layer, new=len(self.inserted),
                         updated=len(self.updated), unchanged=len(self.unchanged)).text()]
        if self.assigned:
            lines.append("  " + Message("import.plan.assigned", n=len(self.assigned)).text())
        if self.unassigned:
            lines.append("  " + Message("import.plan.unassigned", n=len(self.unassigned)).text())
        if self.links is not None:
            lines += ["  " + m.text() for m in self.links.lines()]
            lines += ["  " + a.message.text() for a in self.links.ambiguous[:20]]
        return "\n".join(lines)


# ---------------------------------------------------------------- members

def plan_roster(project, members: pd.DataFrame, source: str = "") -> ImportPlan:
    """Plan the members of a :class:`.roster.RosterResult` merged into the project."""
    existing = pd.DataFrame(project["members"]).reset_index(drop=True)
    merged = merge_members(existing, members)
    columns = LAYERS["members"].column_names
    rows = {r["member_id"]: r for r in _records(merged.members, columns)}
    stored = _stored_rows(project["members"], merged.updated, columns)
    inserts = [rows[i] for i in merged.added]
    changed = {i: _changed(stored[i], rows[i], columns) for i in merged.updated}
    updates = {i: values for i, values in changed.items() if values}
    plan = ImportPlan("members", inserted=list(merged.added), updated=list(updates),
                      unchanged=list(merged.unchanged) + [i for i in changed if i not in updates])
    plan.command = _command(Message("command.import", file=source, layer=layer_word("members")), "members",
                            inserts, updates)
    return plan


# ---------------------------------------------------------------- map layers

def plan_vector(project, layer: str, frame: gpd.GeoDataFrame, mapping: dict,
                report: ImportReport, *, on_existing: str = "update",
                assign_grids: bool = True, station_status: str = DEFAULT_STATUS) -> ImportPlan:
    """Plan the rows of a :class:`.vector.VectorResult` for ``layer``.

    New stations without status or radius get ``station_status`` and the project's
    ``station_radius_m`` (:mod:`.station_values`), noted in ``report``.

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
    known = _stored_rows(stored, [r[id_col] for r in records], sorted(mapped))
    for pos, row in enumerate(records):
        id_ = row[id_col]
        why = _refusal(id_, seen, stored.index, on_existing)
        if why:
            report.reject(rows_no[pos], _report_row(row), [why])
            continue
        seen.add(id_)
        if id_ in known:
            values = _changed(known[id_], row, mapped - {id_col}, keep_blank=True)
            (plan.updated if values else plan.unchanged).append(id_)
            if values:
                updates[id_] = values
        else:
            inserts.append(row)
            plan.inserted.append(id_)
    report.imported = len(plan.inserted) + len(plan.updated) + len(plan.unchanged)
    if layer == "stations":
        for note in fill_station_defaults(inserts, station_status, project.rules.station_radius_m):
            report.warn(note)
    if layer == "buildings" and "households" in mapped:  # the figure came from the file
        mark_rows([*inserts, *updates.values()], ATTRIBUTE)
    others = _link(project, layer, inserts, updates, plan, assign_grids)
    plan.command = _command(Message("command.import", file=report.source, layer=layer_word(layer)), layer,
                            inserts, updates, others)
    return plan


def _link(project, layer, inserts, updates, plan, assign_grids) -> dict:
    """Fill in the links the import makes possible (geo.linking), in the same transaction.

    New rows take their links in the insert itself; stored rows of this layer or of
    other layers (buildings inside newly imported grids) get updates. Returns the
    updates for other layers: {layer: {id: {column: value}}}.
    """
    skip = () if assign_grids else {("buildings", "grid_id")}
    links = preview_links(project, layer, inserts, updates, skip=skip)
    plan.links = links
    new_rows = {row[LAYERS[layer].id_column]: row for row in inserts}
    others: dict = {}
    for _, target, id_, values in links.changes:
        if target == layer and id_ in new_rows:
            new_rows[id_].update(values)
        elif target == layer:
            updates.setdefault(id_, {}).update(values)
        else:
            others.setdefault(target, {}).setdefault(id_, {}).update(values)
    if layer == "buildings":
        plan.assigned = [i for i, r in new_rows.items() if r.get("grid_id")]
        plan.unassigned = [i for i, r in new_rows.items() if not r.get("grid_id")]
    return others


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


reason("import.reject.duplicate_id", "duplicate id in file", "文件内编号重复：{id}", "duplicate id in file: {id}")
reason("import.reject.id_exists", "id already exists", "编号已存在：{id} 已在项目中",
       "id already exists: {id} is in the project")


def _refusal(id_, seen: set, stored_ids, on_existing: str) -> Message | None:
    if id_ in seen:
        return Message("import.reject.duplicate_id", id=id_)
    if on_existing == "reject" and id_ in stored_ids:
        return Message("import.reject.id_exists", id=id_)
    return None


# ---------------------------------------------------------------- shared helpers

def _command(text, layer: str, inserts: list[dict], updates: dict, others=None) -> ImportCommand:
    parts = []
    if inserts:
        parts.append(InsertFeatures(layer, inserts))
    if updates:
        parts.append(SetValues(layer, updates))
    for other, values in (others or {}).items():
        parts.append(SetValues(other, values))
    return ImportCommand(text, parts)


def _rows_written(parts, layer: str):
    """The row dicts the insert and update parts write into ``layer``."""
    for part in parts:
        if getattr(part, "layer", None) == layer:
            yield from getattr(part, "rows", None) or getattr(part, "values", {}).values()


def _records(frame, columns) -> list[dict]:
    """Rows as dicts of the schema ``columns`` (plain Python values, None for NA) + geometry.

    Read column by column: every row-wise ``iloc`` deep-copies the frame's
    ``attrs`` (the source row numbers, as long as the file), which made an
    import of n rows cost n² (8,000 buildings took a minute).
    """
    n = len(frame)
    values = {c: [_plain(v) for v in frame[c].to_numpy(dtype=object)] if c in frame.columns
              else [None] * n for c in columns if c != "geometry"}
    if isinstance(frame, gpd.GeoDataFrame):
        values["geometry"] = list(frame.geometry.values)
    elif "geometry" in frame.columns:
        values["geometry"] = list(frame["geometry"])
    keys = list(values)
    return [dict(zip(keys, row)) for row in zip(*values.values())] if keys else \
        [{} for _ in range(n)]


def _stored_rows(stored, ids, columns) -> dict:
    """{id: row dict} of the stored features among ``ids``, read in one go."""
    wanted = [i for i in dict.fromkeys(ids) if i in stored.index]
    if not wanted:
        return {}
    return dict(zip(wanted, _records(stored.loc[wanted], columns)))


def _plain(value):
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value.item() if hasattr(value, "item") else value


def _changed(old: dict, new: dict, columns, keep_blank: bool = False) -> dict:
    """{column: new value} where ``new`` differs from ``old``; blanks skipped if asked."""
    out = {}
    for col in columns:
        value = _plain(new[col]) if col in new else None
        if keep_blank and (value is None or value == ""):
            continue
        before = old.get(col)
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
