"""``add`` and ``update`` of the list commands: flags → one checked row → one undoable command.

The flags are read like the cells of an imported row (:mod:`geo.lists.import_rows`):
values in Chinese or English (``--status 待认领`` or ``--status open``), dates as
2026-03-05, 2026/3/5 or 2026年3月5日, the place as ``--building``, ``--grid``,
``--compound`` or ``--point LON,LAT``, a provider or claimant as ``partner:ID``,
``member:ID``, ``org:ID``, a bare id or a name. ``update`` checks the whole item
again with the new values (a due date before the reported date is refused) and
writes only what changed. Refusals raise :class:`geo.cli.common.CliError`.
"""
from __future__ import annotations

from .common import CliError
from ..messages import Message, register

register("cli.lists.added", "已添加 {item}", "added {item}")
register("cli.lists.updated", "已修改 {item}：{columns}", "changed {item}: {columns}")
register("cli.lists.unchanged", "{item} 没有变化", "{item} is unchanged")
register("cli.lists.bad_point", "--point 应为 经度,纬度（如 117.01,36.65），而不是 {value}",
         "--point expects LON,LAT (e.g. 117.01,36.65), not {value}")

_PLACED = ("needs", "resources", "cases")
_REPORTED = ("needs", "cases")
#: (flag, file column, help, layers)
EDIT_FLAGS = (
    ("--title", "title", "title (default: the category)", ("needs", "resources", "cases")),
    ("--title", "title", "title (default: its need's title)", ("projects",)),
    ("--category", "category", "category, e.g. 矛盾纠纷, 环境卫生, 设施维修", _PLACED),
    ("--building", "building_id", "located at this building", _PLACED),
    ("--grid", "grid_id", "located at this grid", _PLACED),
    ("--compound", "compound_id", "located at this compound", _PLACED),
    ("--point", "point", "located at LON,LAT (CGCS2000/WGS84 degrees)", _PLACED),
    ("--created", "created_at", "date the need was raised (default today)", ("needs",)),
    ("--status", "status", "status (待认领/已认领/已完成 or open/claimed/done)", ("needs",)),
    ("--status", "status", "status (已认领/实施中/已完成 or claimed/in_progress/done)", ("projects",)),
    ("--reporter-name", "reporter_name", "who reported it (personal data: masked in exports)", _REPORTED),
    ("--reporter-phone", "reporter_phone", "the reporter's phone (personal data)", _REPORTED),
    ("--org", "org_id", "the responsible party organization's id", ("needs",)),
    ("--provider", "provider_id", "who offers it: partner:ID, member:ID, org:ID, an id or a name", ("resources",)),
    ("--quantity", "quantity", "how much (a number; 20小时 also sets the unit)", ("resources",)),
    ("--unit", "unit", "unit, e.g. 小时, 元, 平方米, 次", ("resources",)),
    ("--need", "need_id", "the need the project carries out", ("projects",)),
    ("--resource", "resource_id", "the resource it uses", ("projects",)),
    ("--claimed-by", "claimed_by", "who claimed it: partner:ID, member:ID or org:ID (default: the resource's provider)",
     ("projects",)),
    ("--claimed", "claimed_at", "date claimed (default today)", ("projects",)),
    ("--done", "done_at", "date done", ("projects",)),
    ("--source", "source", "网格巡查/居民反映/党员中心户/其他 or patrol/resident/central_household/other", ("cases",)),
    ("--handler-type", "handler_type", "网格/社区/街道部门/共建单位/调解队 or grid/community/street_dept/partner/mediation",
     ("cases",)),
    ("--handler", "handler_id", "the handler's id or name", ("cases",)),
    ("--reported", "reported_at", "date found (default today)", ("cases",)),
    ("--due", "due_at", "due date (default: reported date + the category's time limit)", ("cases",)),
    ("--note", "note", "note", ("needs", "resources", "projects", "cases")),
)
_PLACE_CELLS = ("target_type", "target_id", "building_id", "grid_id", "compound_id", "lon", "lat")


def add_edit_arguments(p, layer: str) -> None:
    for flag, column, help_text, layers in EDIT_FLAGS:
        if layer in layers:
            metavar = "LON,LAT" if flag == "--point" else flag[2:].upper().replace("-", "_")
            p.add_argument(flag, dest=f"cell_{column}", metavar=metavar, help=help_text)


def _given_cells(args) -> dict:
    """The file-column cells the flags give (``--point`` split into lon/lat)."""
    cells = {k[5:]: v for k, v in vars(args).items() if k.startswith("cell_") and v is not None}
    point = cells.pop("point", None)
    if point is not None:
        lon, sep, lat = point.replace("，", ",").partition(",")
        if not sep:
            raise CliError(Message("cli.lists.bad_point", value=point).text())
        cells.update(lon=lon.strip(), lat=lat.strip())
    return cells


def _checked(ctx, cells: dict) -> dict:
    from ..lists.import_rows import validate_row

    values, reasons = validate_row(ctx, cells, 0)
    if reasons:
        raise CliError("; ".join(str(r) for r in reasons))
    return values


def add_item(project, layer: str, args) -> Message:
    """Add one item from the flags of ``args``; returns what to print."""
    from ..lists.import_rows import RowContext
    from ..lists.import_table import complete_row, id_sequence, lonlat_point
    from ..lists.items import AddItem
    from ..lists.list_columns import ID_COLUMNS

    cells = _given_cells(args)
    cells[ID_COLUMNS[layer]] = args.id or ""
    checked = _checked(RowContext(project, layer, fill_today=True), cells)
    values = complete_row(project, layer, checked, id_sequence(project, layer))
    lonlat = values.pop("_lonlat", None)
    command = AddItem(layer, values, geometry=lonlat_point(project, lonlat))
    if layer == "projects":  # one step: the project and its need's new status
        command = _with_need_claimed(project, command, values["need_id"])
    command.do(project)
    return Message("cli.lists.added", item=values[ID_COLUMNS[layer]])


def _with_need_claimed(project, add, need_id):
    """The project's insert and its need 待认领 → 已认领, as one command."""
    from ..commands import ChangeList

    changes = add.changes(project)
    if project["needs"].at[need_id, "status"] == "open":
        changes.append(("update", "needs", need_id, {"status": "claimed"}))
    return ChangeList(add.text, changes)


def update_item(project, layer: str, args) -> Message:
    """Change one item by the flags of ``args``, writing only what changed."""
    from ..lists.import_rows import RowContext
    from ..lists.import_table import lonlat_point
    from ..lists.items import UpdateItem
    from ..schema import LAYERS

    frame = project[layer]
    if args.id not in frame.index:
        raise CliError(Message("lists.unknown_item", layer=Message(f"value.layer.{layer}"), item=args.id).text())
    given = _given_cells(args)
    cells = _stored_cells(project, layer, args.id)
    if set(given) & set(_PLACE_CELLS):
        cells = {k: v for k, v in cells.items() if k not in _PLACE_CELLS}
    if "provider_id" in given:
        cells.pop("provider_type", None)
    if "claimed_by" in given:
        cells.pop("claimed_by_type", None)
    cells.update(given)
    values = _checked(RowContext(project, layer, editing=args.id), cells)
    changed = {c: v for c, v in values.items() if c in LAYERS[layer].column_names
               and c in frame.columns and _differs(frame.at[args.id, c], v)}
    if values.get("_lonlat") is not None and set(given) & set(_PLACE_CELLS):
        changed["geometry"] = lonlat_point(project, values["_lonlat"])
    if not changed:
        return Message("cli.lists.unchanged", item=args.id)
    UpdateItem(layer, args.id, changed).do(project)
    return Message("cli.lists.updated", item=args.id, columns=", ".join(c for c in changed if c != "geometry")
                   or "geometry")


def _stored_cells(project, layer: str, item_id) -> dict:
    """The item as file cells (codes and ISO dates read back as they are; a point as lon/lat)."""
    from ..lists.places import blank

    row = project[layer].loc[item_id]
    cells = {c: "" if blank(v) else _cell(v) for c, v in row.items() if c != "geometry"}
    for kind_col, id_col in (("provider_type", "provider_id"), ("claimed_by_type", "claimed_by")):
        if cells.get(kind_col) and cells.get(id_col):
            cells[id_col] = f"{cells[kind_col]}:{cells[id_col]}"
    if cells.get("target_type") == "point" and row.geometry is not None and not row.geometry.is_empty:
        import geopandas as gpd

        point = gpd.GeoSeries([row.geometry], crs=project[layer].crs).to_crs("EPSG:4490").iloc[0]
        cells.update(lon=repr(point.x), lat=repr(point.y))
    return cells


def _cell(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _differs(old, new) -> bool:
    from ..lists.places import blank

    if blank(old) and blank(new):
        return False
    if isinstance(old, float) and isinstance(new, (int, float)) and not blank(old):
        return float(new) != old
    return old != new
