"""Adding, changing and deleting list items (需求, 资源, 项目, 事件) as undoable commands.

Each command is one :class:`geo.commands.ChangeSet`: one transaction, one
history entry, one undo step. A command fills what the user may leave out (the
next free id such as ``N0001``, today's date, the point of the item's target,
a case's due date from the project's time limits) and refuses, with a
``lists.*`` message code, what would break the lists: an unknown category,
status or target, a project naming a need that is not there, deleting a need
that projects carry out.

Examples
--------
>>> AddItem("needs", {"title": "楼道灯坏了", "category": "设施维修",
...                   "target_type": "building", "target_id": "B1"}).do(project)  # doctest: +SKIP
"""
from __future__ import annotations

import datetime as dt
import re

from ..commands import ChangeSet
from ..editing.assign import EditRefused
from ..export.vocabulary import column_message
from ..messages import Message, register
from ..schema import (CASE_HANDLER_TYPES, CASE_SOURCES, CASE_STATES, ITEM_TARGET_TYPES, LAYERS,
                      LIST_LAYERS, NEED_STATUSES, PROJECT_STATUSES, PROVIDER_LAYERS, PROVIDER_TYPES)
from .places import blank, target_exists, target_point

#: The layers items are added to (``case_events`` rows are written by :mod:`.case_states`).
ITEM_LAYERS = ("needs", "resources", "projects", "cases")
ID_PREFIXES = {"needs": "N", "resources": "R", "projects": "P", "cases": "C", "case_events": "E"}
ID_WIDTHS = {"case_events": 6}

#: (column, allowed values, vocabulary domain) checked on every add and update.
ALLOWED = {
    "needs": (("status", NEED_STATUSES, "need_status"), ("target_type", ITEM_TARGET_TYPES, "item_target_type")),
    "resources": (("provider_type", PROVIDER_TYPES, "provider_type"),
                  ("target_type", ITEM_TARGET_TYPES, "item_target_type")),
    "projects": (("status", PROJECT_STATUSES, "project_status"), ("claimed_by_type", PROVIDER_TYPES, "provider_type")),
    "cases": (("state", CASE_STATES, "case_state"), ("source", CASE_SOURCES, "case_source"),
              ("handler_type", CASE_HANDLER_TYPES, "handler_type"),
              ("target_type", ITEM_TARGET_TYPES, "item_target_type")),
}
#: Columns that must not be blank once defaults are filled.
REQUIRED = {"needs": ("title", "category", "target_type"), "resources": ("title", "category", "provider_type"),
            "projects": ("need_id", "claimed_by_type", "claimed_by"), "cases": ("title", "category", "target_type")}
DATE_COLUMNS = {"needs": ("created_at",), "projects": ("claimed_at", "done_at"),
                "cases": ("reported_at", "due_at", "closed_at")}

register("lists.not_a_list", "{layer} 不是清单图层", "{layer} is not a list layer")
register("lists.unknown_item", "{layer} 中没有 {item}", "{layer} has no item {item}")
register("lists.id_taken", "{layer} 中已有编号 {item}", "{layer} already has an item {item}")
register("lists.blank", "{item}：{column} 不能为空", "{item}: {column} must not be blank")
register("lists.bad_value", "{item}：{column} 的值“{value}”无效，可选：{allowed}",
         "{item}: {column} \"{value}\" is not valid; choose one of: {allowed}")
register("lists.unknown_target", "{item}：没有{target_type} {target_id}", "{item}: there is no {target_type} {target_id}")
register("lists.point_needed", "{item}：位置为“点位”时须在地图上给出点位",
         "{item}: an item located at a point needs the point on the map")
register("lists.bad_date", "{item}：{column} 的日期“{value}”无效（应为 YYYY-MM-DD）",
         "{item}: {column} \"{value}\" is not a date (write YYYY-MM-DD)")
register("lists.unknown_provider", "{item}：没有{provider_type} {provider}", "{item}: there is no {provider_type} {provider}")
register("lists.bad_satisfaction", "{item}：满意度须为 1–5 的整数（现为“{value}”）",
         "{item}: satisfaction must be a whole number from 1 to 5 (it is \"{value}\")")
register("lists.need_has_projects", "需求 {item} 已有项目 {projects}：请先删除这些项目",
         "Need {item} has projects {projects}: delete them first")
register("lists.resource_has_projects", "资源 {item} 已用于项目 {projects}：请先删除这些项目",
         "Resource {item} is used by projects {projects}: delete them first")
register("lists.state_by_advance", "事件 {item} 的状态只能通过流转（研判、办理、办结……）修改",
         "The state of case {item} changes only through its steps (triage, handling, closing …)")


def today() -> str:
    return dt.date.today().isoformat()


def iso_date(value, item="", column="") -> str | None:
    """``value`` (a date, datetime or ISO text) as ``YYYY-MM-DD``; None when blank; refuses anything else."""
    if blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d\d-\d\d([ T]\d\d:\d\d(:\d\d)?)?", text):
        try:
            return dt.date.fromisoformat(text[:10]).isoformat()
        except ValueError:
            pass  # 2026-02-30
    raise EditRefused("lists.bad_date", item=item, column=column_message(column), value=text)


def next_id(project, layer: str, taken=()) -> str:
    """The next free id of ``layer``: prefix plus one more than the highest number in use (N0001 …)."""
    prefix, width = ID_PREFIXES[layer], ID_WIDTHS.get(layer, 4)
    pattern = re.compile(rf"^{prefix}(\d+)$")
    numbers = [int(m.group(1)) for i in list(project[layer].index) + list(taken)
               if isinstance(i, str) and (m := pattern.match(i))]
    return f"{prefix}{(max(numbers) if numbers else 0) + 1:0{width}d}"


def ensure_list_tables(project) -> None:
    """Create the list tables in an older project file (no-op when present)."""
    store = project.store  # a server store (geo.postgis) has no file info: it checks its own tables
    if store is not None and (store.is_shared or not set(LIST_LAYERS) <= set(store.info)):
        store.ensure_layers(LIST_LAYERS, crs=project.crs)
    for name in LIST_LAYERS:
        frame = project.layers[name]
        if LAYERS[name].is_spatial and project.crs is not None and len(frame) == 0 and frame.crs != project.crs:
            project.layers[name] = frame.set_crs(project.crs, allow_override=True)


def word(domain: str, value) -> Message | str:
    """A stored value as a message the UI words in its language (unknown values stay as they are)."""
    from ..export import vocabulary  # noqa: F401 (registers the value.* codes)
    from ..messages import CATALOGUE

    code = f"value.{domain}.{value}"
    return Message(code) if code in CATALOGUE else str(value)


#: geo.lists.case_states still imports it under this name
column_word = column_message


# ---------------------------------------------------------------- validation and defaults

def _need_layer(layer) -> None:
    if layer not in ITEM_LAYERS:
        raise EditRefused("lists.not_a_list", layer=layer)


def _with_defaults(project, layer: str, values: dict) -> dict:
    row = {c: None for c in LAYERS[layer].column_names}
    row.update({k: v for k, v in values.items() if k != "geometry"})
    id_col = LAYERS[layer].id_column
    if blank(row[id_col]):
        row[id_col] = next_id(project, layer)
    if layer == "needs":
        row["status"] = row["status"] or "open"
        row["created_at"] = row["created_at"] or today()
        if blank(row["org_id"]) and row.get("target_type") == "grid":
            row["org_id"] = _grid_branch(project, row["target_id"])
    elif layer == "projects":
        row["status"] = row["status"] or "claimed"
        row["claimed_at"] = row["claimed_at"] or today()
        if blank(row["title"]) and row["need_id"] in project["needs"].index:
            row["title"] = project["needs"].at[row["need_id"], "title"]
    elif layer == "cases":
        row["state"] = row["state"] or "found"
        row["source"] = row["source"] or "other"
        row["reported_at"] = iso_date(row["reported_at"], row[id_col], "reported_at") or today()
        if blank(row["due_at"]):
            row["due_at"] = due_date(project, row["category"], row["reported_at"])
    for column in DATE_COLUMNS.get(layer, ()):
        row[column] = iso_date(row[column], row[id_col], column)
    if layer in ("needs", "resources", "cases") and blank(row.get("target_type")):
        row["target_type"] = "point" if values.get("geometry") is not None else row.get("target_type")
    return row


def due_date(project, category, reported_at) -> str:
    """reported_at plus the project's time limit for ``category`` (rules.case_time_limit_days)."""
    days = project.rules.case_limit_days(category)
    return (dt.date.fromisoformat(reported_at[:10]) + dt.timedelta(days=days)).isoformat()


def _grid_branch(project, grid_id):
    orgs = project["organizations"]
    hit = orgs.index[(orgs["level"] == "grid_branch") & (orgs["area_id"] == grid_id)]
    return hit[0] if len(hit) else None


def validate_row(project, layer: str, row: dict) -> None:
    """Refuse (EditRefused, ``lists.*``) a row that would break the lists."""
    item = row[LAYERS[layer].id_column]
    for column in REQUIRED[layer]:
        if blank(row.get(column)):
            raise EditRefused("lists.blank", item=item, column=column_message(column, layer))
    for column, allowed, domain in ALLOWED[layer]:
        value = row.get(column)
        if not blank(value) and value not in allowed:
            raise EditRefused("lists.bad_value", item=item, column=column_message(column, layer), value=value,
                              allowed=[word(domain, a) for a in allowed])
    if layer in ("needs", "resources", "cases"):
        kind, target = row.get("target_type"), row.get("target_id")
        if kind in ("building", "compound", "grid") and not target_exists(project, kind, target):
            raise EditRefused("lists.unknown_target", item=item, target_type=word("item_target_type", kind),
                              target_id=target or "")
    if layer == "resources":
        _check_provider(project, item, row["provider_type"], row["provider_id"])
    if layer == "projects":
        _check_project(project, item, row)
    if layer == "cases" and not blank(row.get("satisfaction")):
        row["satisfaction"] = check_satisfaction(item, row["satisfaction"])


def _check_provider(project, item, kind, provider) -> None:
    if blank(provider) or provider not in project[PROVIDER_LAYERS[kind]].index:
        raise EditRefused("lists.unknown_provider", item=item, provider_type=word("provider_type", kind),
                          provider=provider or "")


def _check_project(project, item, row) -> None:
    if row["need_id"] not in project["needs"].index:
        raise EditRefused("lists.unknown_item", layer=word("layer", "needs"), item=row["need_id"])
    if not blank(row.get("resource_id")) and row["resource_id"] not in project["resources"].index:
        raise EditRefused("lists.unknown_item", layer=word("layer", "resources"), item=row["resource_id"])
    _check_provider(project, item, row["claimed_by_type"], row["claimed_by"])


def check_satisfaction(item, value) -> int:
    """A satisfaction score as an int 1–5; refuses anything else (2.5, "好", 6)."""
    try:
        number = float(str(value).strip())
    except ValueError:
        number = 0.0
    if not number.is_integer() or not 1 <= number <= 5:
        raise EditRefused("lists.bad_satisfaction", item=item, value=value)
    return int(number)


def item_point(project, layer: str, row: dict, geometry=None):
    """Where an item is drawn: the given point, else its target's, else (resources) the provider's
    building, else (projects) its need's point; None when nowhere."""
    if geometry is not None:
        return geometry
    if layer == "projects":
        needs = project["needs"]
        return needs.geometry.get(row.get("need_id")) if row.get("need_id") in needs.index else None
    point = target_point(project, row.get("target_type"), row.get("target_id"))
    if point is None and layer == "resources" and row.get("provider_type") == "member":
        members = project["members"]
        if row.get("provider_id") in members.index:
            point = target_point(project, "building", members.at[row["provider_id"], "building_id"])
    if point is None and row.get("target_type") == "point":
        raise EditRefused("lists.point_needed", item=row[LAYERS[layer].id_column])
    return point


# ---------------------------------------------------------------- commands

class AddItem(ChangeSet):
    """Add one need, resource, project or case (a case also gets its first event, "found")."""

    def __init__(self, layer: str, values: dict, geometry=None, text: str | None = None):
        super().__init__(text or f"add to {layer}")
        _need_layer(layer)
        self.layer, self.values, self.geometry = layer, dict(values), geometry
        self.item_id = None  # known once the command has run

    def changes(self, project):
        ensure_list_tables(project)
        row = _with_defaults(project, self.layer, self.values)
        id_col = LAYERS[self.layer].id_column
        if row[id_col] in project[self.layer].index:
            raise EditRefused("lists.id_taken", layer=word("layer", self.layer), item=row[id_col])
        validate_row(project, self.layer, row)
        row["geometry"] = item_point(project, self.layer, row, self.geometry or self.values.get("geometry"))
        self.item_id = row[id_col]
        changes = [("insert", self.layer, row)]
        if self.layer == "cases":
            changes += _first_events(project, row)
        return changes


def _first_events(project, case: dict) -> list[tuple]:
    """A new case was found when reported; one entered in a later state (an import) got there
    when it was closed (resolved cases) or else when reported."""
    steps = [(None, "found", case["reported_at"])]
    if case["state"] != "found":
        resolved = case["state"] in ("closed", "visited") and not blank(case.get("closed_at"))
        steps.append(("found", case["state"], case["closed_at"] if resolved else case["reported_at"]))
    first = int(next_id(project, "case_events")[1:])
    return [("insert", "case_events", {"event_id": f"E{first + i:06d}", "case_id": case["case_id"], "time": time,
                                       "from_state": old, "to_state": new, "actor": None, "note": None})
            for i, (old, new, time) in enumerate(steps)]


class UpdateItem(ChangeSet):
    """Change columns of one item; a new target moves its point unless a geometry is given.

    A case's ``state`` is refused here: it changes through :class:`geo.lists.case_states.AdvanceCase`.
    A project set to ``done`` gets today's ``done_at`` (unless given) and marks its need done.
    """

    def __init__(self, layer: str, item_id, values: dict, text: str | None = None):
        super().__init__(text or f"edit {layer} {item_id}")
        _need_layer(layer)
        self.layer, self.item_id, self.values = layer, item_id, dict(values)

    def changes(self, project):
        ensure_list_tables(project)
        frame = project[self.layer]
        if self.item_id not in frame.index:
            raise EditRefused("lists.unknown_item", layer=word("layer", self.layer), item=self.item_id)
        if self.layer == "cases" and "state" in self.values and self.values["state"] != frame.at[self.item_id, "state"]:
            raise EditRefused("lists.state_by_advance", item=self.item_id)
        values = {k: v for k, v in self.values.items() if k != LAYERS[self.layer].id_column}
        for column in DATE_COLUMNS.get(self.layer, ()):
            if column in values:
                values[column] = iso_date(values[column], self.item_id, column)
        extra = []
        if self.layer == "projects" and values.get("status") == "done":
            values["done_at"] = values.get("done_at") or today()
            extra.append(("update", "needs", values.get("need_id") or frame.at[self.item_id, "need_id"],
                          {"status": "done"}))
        row = {c: frame.at[self.item_id, c] for c in LAYERS[self.layer].column_names if c in frame.columns}
        row.update(values)
        validate_row(project, self.layer, row)
        values.update({k: row[k] for k in values if k in row})  # as validation normalized them
        moved = {"target_type", "target_id", "need_id", "provider_id"} & set(values)
        if "geometry" not in values and moved:
            values["geometry"] = item_point(project, self.layer, row)
        return [("update", self.layer, self.item_id, values)] + extra


class DeleteItem(ChangeSet):
    """Delete one item. A need or resource that projects use is refused; a case goes with its
    events; a project's need goes back to open when no other project of it is left."""

    def __init__(self, layer: str, item_id, text: str | None = None):
        super().__init__(text or f"delete from {layer} {item_id}")
        _need_layer(layer)
        self.layer, self.item_id = layer, item_id

    def changes(self, project):
        if self.item_id not in project[self.layer].index:
            raise EditRefused("lists.unknown_item", layer=word("layer", self.layer), item=self.item_id)
        projects = project["projects"]
        if self.layer in ("needs", "resources"):
            column = "need_id" if self.layer == "needs" else "resource_id"
            using = projects.index[projects[column] == self.item_id]
            if len(using):
                raise EditRefused(f"lists.{self.layer[:-1]}_has_projects", item=self.item_id,
                                  projects=", ".join(map(str, list(using)[:10])))
        changes = [("delete", self.layer, self.item_id)]
        if self.layer == "cases":
            events = project["case_events"]
            changes = [("delete", "case_events", e) for e in events.index[events["case_id"] == self.item_id]] + changes
        if self.layer == "projects":
            changes += _reopen_need(project, self.item_id)
        return changes


def _reopen_need(project, project_id) -> list[tuple]:
    projects = project["projects"]
    need = projects.at[project_id, "need_id"]
    others = projects.index[(projects["need_id"] == need) & (projects.index != project_id)]
    needs = project["needs"]
    if len(others) or need not in needs.index or needs.at[need, "status"] != "claimed":
        return []
    return [("update", "needs", need, {"status": "open"})]
