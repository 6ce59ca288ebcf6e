"""Undoable edits. The GUI wraps each in a QUndoCommand; tests use them directly.

A command records the old values the first time it runs, so undo restores
exactly what was there (glue's ``ApplyROI.do`` does the same). Each run is one
call to :meth:`geo.project.Project.apply`, i.e. one transaction on disk.
"""
from __future__ import annotations

import copy

import numpy as np

from .events import ListenerError
from .history import Record
from .memory import BULK_THRESHOLD
from .messages import CATALOGUE, Message, register
from .schema import LAYERS

#: What an edit is called in the undo panel and the recorded history (``history`` command),
#: in both languages: a command's ``text`` is ``Message(code, ...)`` with one of these codes
#: (the history keeps both wordings, :func:`geo.history.stored_text`).
COMMAND_TEXTS = {
    "command.set_values": ("修改{layer}", "Edit {layer}"),
    "command.insert": ("添加{layer}", "Add to {layer}"),
    "command.delete": ("删除{layer}", "Delete from {layer}"),
    "command.move_buildings": ("{n} 栋楼改划网格", "Move {n} buildings"),
    "command.move_compound": ("小区 {compound} 整体移到网格 {grid}", "Move compound {compound} to grid {grid}"),
    "command.brush": ("分配 {n} 栋楼到网格 {grid}", "Assign {n} buildings to grid {grid}"),
    "command.import": ("导入 {file} → {layer}", "Import {file} → {layer}"),
    "command.import_assignment": ("导入划分表 {file}", "Import assignment {file}"),
    "command.derive_boundaries": ("重新生成网格边界", "Re-derive grid boundaries"),
    "command.new_grid": ("新建网格", "New grid"),
    "command.split_grid": ("拆分网格 {grid}", "Split grid {grid}"),
    "command.merge_grids": ("合并到网格 {grid}", "Merge into grid {grid}"),
    "command.rename_grid": ("重命名网格 {grid}", "Rename grid {grid}"),
    "command.delete_grid": ("删除网格 {grid}", "Delete grid {grid}"),
    "command.move_member": ("调整党员 {member}", "Change member {member}"),
    "command.central_household": ("党员 {member} 任中心户", "Central household {member}"),
    "command.unit_head": ("楼栋 {building} {unit} 单元单元长", "Unit head of building {building}, unit {unit}"),
    "command.add_group": ("建立楼栋 {building} 党小组", "Party group for building {building}"),
    "command.remove_group": ("撤销楼栋 {building} 党小组", "Remove the party group of building {building}"),
    "command.link_partner": ("{partner} 包联 {target}", "Link {partner} to {target}"),
    "command.unlink_partner": ("解除包联 {link}", "Unlink {link}"),
    "command.add_station": ("新建服务站 {name}", "Add station {name}"),
    "command.move_station": ("移动服务站 {station}", "Move station {station}"),
    "command.station_radius": ("服务站 {station} 服务半径", "Radius of station {station}"),
    "command.station_status": ("服务站 {station} 建设状态", "Status of station {station}"),
    "command.delete_station": ("删除服务站 {station}", "Delete station {station}"),
    "command.new_plan": ("新建方案 {name}", "New plan {name}"),
    "command.switch_plan": ("切换到方案 {plan}", "Switch to plan {plan}"),
    "command.adopt_plan": ("采纳方案 {plan}", "Adopt plan {plan}"),
    "command.delete_plan": ("删除方案 {plan}", "Delete plan {plan}"),
    "command.draft_plan": ("自动划分方案 {name}", "Draft plan {name}"),
    "command.estimate_households": ("估算楼栋户数", "Estimate households"),
    "command.import_households": ("导入户数表 {file}", "Import household table {file}"),
    "command.site_stations": ("服务站选址 {name}", "Site stations {name}"),
}
for _code, (_zh, _en) in COMMAND_TEXTS.items():
    register(_code, _zh, _en)
for _layer in LAYERS.values():  # the layer named in the generic texts above
    register(f"command.layer.{_layer.name}", _layer.title_zh or _layer.name, (_layer.title_en or _layer.name).lower())


def layer_word(layer: str):
    """The layer's name as a message parameter (worded in the reader's language)."""
    code = f"command.layer.{layer}"
    return Message(code) if code in CATALOGUE else layer


#: Project-wide rules every command's first run is checked against:
#: ``check(project, command, changes)`` raises to refuse. Modules that own a rule
#: register it (:mod:`geo.editing.plan_state`: no organization edits inside a plan).
CHANGE_CHECKS: list = []


class Command:
    text = "edit"

    def do(self, project) -> None:
        raise NotImplementedError

    def undo(self, project) -> None:
        raise NotImplementedError


class ChangeSet(Command):
    """A command given as forward changes; the inverse is worked out on first run."""

    def __init__(self, text: str):
        self.text = text
        self._forward = None
        self._inverse = None
        self._entry_id = None  # the history entry of the last run

    def changes(self, project) -> list[tuple]:
        raise NotImplementedError

    def do(self, project) -> None:
        if self._forward is None:
            forward = self.changes(project)
            for check in CHANGE_CHECKS:  # a check raises to refuse before anything is written
                check(project, self, forward)
            self._forward, self._inverse = forward, inverse_of(project, forward)
        try:  # one history entry per run, written in the change's own transaction
            project.apply(self._forward, record=Record(self.text, self._inverse))
        finally:  # a listener error still leaves the change (and its entry) in place
            self._entry_id = project.last_entry_id

    def undo(self, project) -> None:
        # recorded as an undo of the run's entry, which is marked undone (geo.history)
        project.apply(self._inverse, record=Record(self.text, undo_of=self._entry_id))


class ChangeList(ChangeSet):
    """A command given as a ready-made change list (built by a helper function)."""

    def __init__(self, text: str, changes: list[tuple]):
        super().__init__(text)
        self._given = list(changes)

    def changes(self, project):
        return self._given


class SetValues(ChangeSet):
    """Set columns of features: ``values`` maps id -> {column: value}."""

    def __init__(self, layer: str, values: dict, text: str | None = None):
        super().__init__(text or Message("command.set_values", layer=layer_word(layer)))
        self.layer = layer
        self.values = values

    def changes(self, project):
        return [("update", self.layer, id_, dict(cols)) for id_, cols in self.values.items()]


class InsertFeatures(ChangeSet):
    def __init__(self, layer: str, rows: list[dict], text: str | None = None):
        super().__init__(text or Message("command.insert", layer=layer_word(layer)))
        self.layer, self.rows = layer, rows

    def changes(self, project):
        id_col = LAYERS[self.layer].id_column
        existing = project[self.layer].index
        for row in self.rows:
            if row.get(id_col) in existing:
                raise ValueError(f"{self.layer}: id {row.get(id_col)} already exists")
        return [("insert", self.layer, dict(row)) for row in self.rows]


class DeleteFeatures(ChangeSet):
    def __init__(self, layer: str, ids, text: str | None = None):
        super().__init__(text or Message("command.delete", layer=layer_word(layer)))
        self.layer, self.ids = layer, list(ids)

    def changes(self, project):
        return [("delete", self.layer, id_) for id_ in self.ids]


class Macro(Command):
    """Several commands as one undo step (one brush stroke, one split)."""

    def __init__(self, text: str, commands: list[Command]):
        self.text = text
        self.commands = list(commands)

    def do(self, project) -> None:
        done, failures = [], []
        try:
            for command in self.commands:
                # a listener error means the part is done (disk and memory): go on
                _despite_listeners(command.do, project, failures)
                done.append(command)
        except Exception:
            for command in reversed(done):
                _despite_listeners(command.undo, project, [])
            raise
        _report(failures)

    def undo(self, project) -> None:
        failures = []
        for command in reversed(self.commands):
            _despite_listeners(command.undo, project, failures)
        _report(failures)


def _despite_listeners(action, project, failures: list) -> None:
    """Run ``action(project)``; a ListenerError (the change stands) is collected, not raised."""
    try:
        action(project)
    except ListenerError as exc:
        failures.append(exc)


def _report(failures) -> None:
    error = ListenerError.combined(failures)
    if error is not None:
        raise error


def inverse_of(project, changes: list[tuple]) -> list[tuple]:
    """The changes that undo ``changes`` against the project's current state."""
    if len(changes) >= BULK_THRESHOLD:
        return _bulk_inverse(project, changes)
    inverse = []
    cells: dict[str, bool] = {}
    for change in changes:
        op = change[0]
        if op == "update":
            _, layer, id_, values = change
            frame = project[layer]
            if _cells_as_row(frame, layer, cells):  # one cell each: a whole row costs ~0.1 ms
                old = {col: _plain(frame.at[id_, col]) if col in frame.columns else None for col in values}
            else:
                row = frame.loc[id_]
                old = {col: _plain(row[col]) if col in row.index else None for col in values}
            inverse.append(("update", layer, id_, old))
        elif op == "insert":
            layer, row = change[1], change[2]
            inverse.append(("delete", layer, row[LAYERS[layer].id_column]))
        elif op == "delete":
            layer, id_ = change[1], change[2]
            row = project[layer].loc[id_]
            inverse.append(("insert", layer, {c: _plain(row[c]) for c in row.index}))
        elif op == "setting":
            old = dict(project.rules.to_rows()).get(change[1])
            inverse.append(("setting", change[1], old))
    inverse.reverse()
    return inverse


def _cells_as_row(frame, layer, known: dict) -> bool:
    """Whether ``frame.at`` reads what ``frame.loc[id_][col]`` reads: yes when a row is an
    object Series (a text or geometry column among the others); an all-numeric row would
    be cast to one dtype (an int read as a float), so such layers read whole rows."""
    if layer not in known:
        known[layer] = any(dtype == object or getattr(dtype, "name", "") == "geometry" for dtype in frame.dtypes)
    return known[layer]


def _plain(value):
    """numpy scalars to Python; geometries are immutable so they need no copy."""
    if hasattr(value, "item") and not hasattr(value, "geom_type"):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return copy.copy(value)
    return value


# ---------------------------------------------------------------- long change lists
# The same inverse, with each layer's columns read once instead of one .loc per
# change: a plan adoption at city scale inverts half a million updates.

def _bulk_inverse(project, changes: list[tuple]) -> list[tuple]:
    columns: dict[tuple[str, str], np.ndarray] = {}
    positions = {layer: _positions(project, layer, ids) for layer, ids in _ids_by_layer(changes).items()}
    deleted_rows = _deleted_rows(project, changes, positions)
    inverse = []
    for change in changes:
        op = change[0]
        if op == "update":
            _, layer, id_, values = change
            pos = positions[layer][id_]
            old = {col: _plain(_column(project, layer, col, columns)[pos]) if pos >= 0 else None
                   for col in values}
            inverse.append(("update", layer, id_, old))
        elif op == "insert":
            inverse.append(("delete", change[1], change[2][LAYERS[change[1]].id_column]))
        elif op == "delete":
            inverse.append(("insert", change[1], deleted_rows[(change[1], change[2])]))
        else:
            inverse.extend(inverse_of(project, [change]))
    inverse.reverse()
    return inverse


def _ids_by_layer(changes) -> dict[str, list]:
    out: dict[str, list] = {}
    for change in changes:
        if change[0] in ("update", "delete"):
            out.setdefault(change[1], []).append(change[2])
    return out


def _positions(project, layer, ids) -> dict:
    index = project[layer].index
    return dict(zip(ids, index.get_indexer(ids)))


def _column(project, layer, col, cache) -> np.ndarray:
    key = (layer, col)
    if key not in cache:
        frame = project[layer]
        cache[key] = (frame[col].to_numpy(dtype=object) if col in frame.columns
                      else np.full(len(frame), None, dtype=object))
    return cache[key]


def _deleted_rows(project, changes, positions) -> dict:
    wanted: dict[str, list] = {}
    for change in changes:
        if change[0] == "delete":
            wanted.setdefault(change[1], []).append(change[2])
    out = {}
    for layer, ids in wanted.items():
        frame = project[layer]
        records = frame.iloc[[positions[layer][i] for i in ids]].to_dict("records")
        for id_, record in zip(ids, records):
            out[(layer, id_)] = {k: _plain(v) for k, v in record.items()}
    return out
