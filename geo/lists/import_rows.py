"""One row of a needs/resources/projects/cases file → stored values, or the reasons it is refused.

:func:`validate_row` turns the row's cells (already keyed by column, see
:mod:`.list_columns`) into the values the layer stores, checking everything
that can be checked against the project: the place exists, references point
at existing needs, resources, partners, members or organizations, dates parse
and come in order, coded values are known, a case's state agrees with its
dates. Every problem is collected, so the report lists all of a row's reasons.
Nothing here writes.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..export.vocabulary import column_message
from ..importing.reasons import reason
from ..messages import Message, register
from ..schema import AREA_LAYERS, PROVIDER_LAYERS
from .import_values import (COLUMN_DOMAINS, category_value, parse_code, parse_date, parse_quantity,
                            parse_satisfaction)
from .list_columns import ID_COLUMNS

MISSING = reason("lists.reject.missing", "missing value", "缺少{column}", "{column} is missing")
DUPLICATE = reason("lists.reject.duplicate_id", "duplicate id in file", "编号重复：{id} 与第 {row} 行相同",
                   "duplicate id: {id} is the same as in row {row}")
EXISTS = reason("lists.reject.id_exists", "id already exists", "编号已存在：项目中已有 {id}",
                "id already exists: the project already has {id}")
UNKNOWN_PLACE = reason("lists.reject.unknown_place", "unknown place", "{what} {id} 不存在",
                       "there is no {what} {id}")
NO_PLACE = reason("lists.reject.no_place", "no place",
                  "缺少位置：请填网格编号、楼栋编号、小区编号或经纬度",
                  "no place: give a grid ID, building ID, compound ID or longitude/latitude")
BAD_LONLAT = reason("lists.reject.bad_lonlat", "bad number", "经纬度无效：{lon}, {lat}",
                    "bad longitude/latitude: {lon}, {lat}")
MISSING_REF = reason("lists.reject.missing_reference", "missing reference", "{what} {id} 不存在",
                     "there is no {what} {id}")
OUT_OF_ORDER = reason("lists.reject.out_of_order", "dates out of order", "{later}（{b}）早于{earlier}（{a}）",
                      "{later} ({b}) is before {earlier} ({a})")
CLOSED_NO_DATE = reason("lists.reject.closed_no_date", "inconsistent state",
                        "状态为{state}，但没有办结时间", "the state is {state} but there is no closed date")
OPEN_WITH_DATE = reason("lists.reject.open_with_date", "inconsistent state",
                        "状态为{state}（未办结），却有办结时间 {closed}",
                        "the state is {state} (not closed) but there is a closed date {closed}")
SCORE_NOT_VISITED = reason("lists.reject.score_not_visited", "inconsistent state",
                           "状态为{state}（未回访），却有满意度（满意度在回访时记录）",
                           "the state is {state} (not visited) but has a satisfaction score (it is recorded on the visit)")

#: Words for the things a reason names (place kinds, referenced tables).
_WHAT = {key: Message(register(f"lists.what.{key}", zh, en)) for key, zh, en in [
    ("grid", "网格", "grid"), ("building", "楼栋", "building"), ("compound", "小区", "compound"),
    ("need", "需求", "need"), ("resource", "资源", "resource"), ("partner", "共建单位", "partner unit"),
    ("member", "党员", "member"), ("org", "党组织", "organization"),
    ("claimant", "认领方", "claimant"), ("provider", "提供方", "provider"),
]}
RESOLVED = ("closed", "visited")




@dataclass
class RowContext:
    """What rows are checked against: the project and the ids seen earlier in the file."""

    project: object
    layer: str
    today: str = field(default_factory=lambda: dt.date.today().isoformat())
    seen: dict = field(default_factory=dict)  # id -> file row of the first accepted row
    #: a blank created/reported date is today (adding by hand) instead of missing (a file)
    fill_today: bool = False
    #: the id of the item being edited (its own id is not a duplicate)
    editing: str | None = None

    def has(self, layer: str, id_) -> bool:
        return id_ in self.project[layer].index

    def find_provider(self, text: str, kinds=("partner", "member", "org")):
        """``(kind, id)`` of a partner/member/organization named by id, ``kind:id`` or name."""
        kind, sep, rest = text.partition(":")
        if sep and kind.strip() in PROVIDER_LAYERS:
            kinds, text = (kind.strip(),), rest.strip()
        for kind in kinds:
            frame = self.project[PROVIDER_LAYERS[kind]]
            if text in frame.index:
                return kind, text
            if "name" in frame.columns:
                named = frame.index[frame["name"].astype(str).str.strip() == text]
                if len(named) == 1:
                    return kind, named[0]
        return None, None


class _Row:
    """The cells of one row, the values built from them and the reasons collected."""

    def __init__(self, layer: str, cells: dict, numbers: set):
        self.layer, self.cells, self.numbers = layer, cells, numbers
        self.values: dict = {}
        self.reasons: list = []

    def text(self, column: str) -> str:
        return str(self.cells.get(column) or "").strip()

    def refuse(self, why) -> None:
        if why is not None:
            self.reasons.append(why)

    def required(self, column: str) -> str:
        value = self.text(column)
        if not value:
            self.refuse(Message(MISSING, column=column_message(column, self.layer)))
        return value

    def date(self, column: str):
        value, why = parse_date(self.cells.get(column), column_message(column, self.layer), column in self.numbers)
        self.refuse(why)
        return value

    def code(self, column: str, default=None):
        value, why = parse_code(COLUMN_DOMAINS[(self.layer, column)], self.cells.get(column),
                                column_message(column, self.layer))
        self.refuse(why)
        return value if value is not None or why is not None else default

    def in_order(self, earlier: str, later: str) -> None:
        a, b = self.values.get(earlier), self.values.get(later)
        if a and b and b < a:
            self.refuse(Message(OUT_OF_ORDER, earlier=column_message(earlier, self.layer), a=a,
                                later=column_message(later, self.layer), b=b))


def validate_row(ctx: RowContext, cells: dict, row_number: int, numbers=frozenset()):
    """``(values, reasons)`` for one file row of ``ctx.layer``.

    Parameters
    ----------
    ctx : RowContext
    cells : dict
        Column (of :data:`.list_columns.FILE_COLUMNS`) → cell text.
    row_number : int
        The row as the user sees it in the file (for duplicate-id reasons).
    numbers : set of str
        Columns whose cell was stored as a number (Excel serial dates).
    """
    row = _Row(ctx.layer, cells, set(numbers))
    _check_id(ctx, row, row_number)
    row.values["title"] = row.text("title")
    if ctx.layer != "projects":
        row.values["category"] = category_value(row.required("category"))
        row.values["note"] = row.text("note")
    _VALIDATORS[ctx.layer](ctx, row)
    return row.values, row.reasons


def remember(ctx: RowContext, values: dict, row_number: int) -> None:
    """Note an accepted row's id, so a later row with the same id is refused."""
    id_ = values.get(ID_COLUMNS[ctx.layer])
    if id_:
        ctx.seen.setdefault(id_, row_number)


def _check_id(ctx: RowContext, row: _Row, row_number: int) -> None:
    id_ = row.text(ID_COLUMNS[ctx.layer])
    row.values[ID_COLUMNS[ctx.layer]] = id_
    if not id_:
        return
    if id_ == ctx.editing:
        return
    if id_ in ctx.seen:
        row.refuse(Message(DUPLICATE, id=id_, row=ctx.seen[id_]))
    elif ctx.has(ctx.layer, id_):
        row.refuse(Message(EXISTS, id=id_))


def _place(ctx: RowContext, row: _Row, required: bool) -> None:
    """target_type/target_id from the row's place columns; ``_lonlat`` for a point."""
    kind, id_ = None, ""
    given_type = row.code("target_type") if row.text("target_type") else None
    if given_type:
        kind, id_ = given_type, row.text("target_id")
    else:
        for column in ("building_id", "compound_id", "grid_id"):
            if row.text(column):
                kind, id_ = column[:-3], row.text(column)
                break
    if kind is None and (row.text("lon") or row.text("lat")) and "target_type" not in row.cells:
        kind = "point"  # (beside a blank place type, as our exports write it, lon/lat are only where it is drawn)
    if kind is None:
        if required and not row.text("target_type"):
            row.refuse(Message(NO_PLACE))
        row.values.update(target_type="", target_id="")
        return
    if kind == "point":
        _lonlat(row)
        id_ = ""
    elif not id_:
        row.refuse(Message(NO_PLACE))
    elif not ctx.has(AREA_LAYERS[kind], id_):
        row.refuse(Message(UNKNOWN_PLACE, what=_WHAT[kind], id=id_))
    row.values.update(target_type=kind, target_id=id_)


def _first_date(ctx: RowContext, row: _Row, column: str):
    """The date an item starts: required in a file, today when added by hand."""
    if row.text(column):
        return row.date(column)
    return ctx.today if ctx.fill_today else row.required(column)


def _lonlat(row: _Row) -> None:
    lon, lat = row.text("lon"), row.text("lat")
    try:
        x, y = float(lon), float(lat)
        if not (-180 <= x <= 180 and -90 <= y <= 90):
            raise ValueError
    except ValueError:
        row.refuse(Message(BAD_LONLAT, lon=lon[:20], lat=lat[:20]))
        return
    row.values["_lonlat"] = (x, y)


def _needs(ctx: RowContext, row: _Row) -> None:
    _place(ctx, row, required=True)
    row.values["created_at"] = _first_date(ctx, row, "created_at")
    row.values["status"] = row.code("status", default="open")
    row.values["reporter_name"] = row.text("reporter_name")
    row.values["reporter_phone"] = row.text("reporter_phone")
    org = row.text("org_id")
    if org and not ctx.has("organizations", org):
        row.refuse(Message(MISSING_REF, what=_WHAT["org"], id=org))
    row.values["org_id"] = org


def _resources(ctx: RowContext, row: _Row) -> None:
    _place(ctx, row, required=False)
    quantity, unit, why = parse_quantity(row.cells.get("quantity"))
    row.refuse(why)
    row.values.update(quantity=quantity, unit=row.text("unit") or unit)
    kind = row.code("provider_type") if row.text("provider_type") else None
    text = row.text("provider_id")
    if not text:
        for column in ("partner_id", "member_id"):
            if row.text(column):
                kind, text = kind or column[:-3], row.text(column)
                break
    if not text:
        row.refuse(Message(MISSING, column=column_message("provider_id", "resources")))
        return
    found_kind, found_id = ctx.find_provider(text, (kind,) if kind else ("partner", "member", "org"))
    if found_id is None:
        row.refuse(Message(MISSING_REF, what=_WHAT[kind or "provider"], id=text))
    row.values.update(provider_type=found_kind or kind or "", provider_id=found_id or text)


def _projects(ctx: RowContext, row: _Row) -> None:
    row.values["note"] = row.text("note")
    for column, what, layer in (("need_id", "need", "needs"), ("resource_id", "resource", "resources")):
        value = row.required(column)
        if value and not ctx.has(layer, value):
            row.refuse(Message(MISSING_REF, what=_WHAT[what], id=value))
        row.values[column] = value
    _claimant(ctx, row)
    row.values["claimed_at"] = row.date("claimed_at") or ctx.today
    row.values["status"] = row.code("status", default="claimed")
    row.values["done_at"] = row.date("done_at")
    row.in_order("claimed_at", "done_at")


def _claimant(ctx: RowContext, row: _Row) -> None:
    """claimed_by as ``kind:id``, an id or a name; blank: the resource's provider claims it."""
    kind = row.code("claimed_by_type") if row.text("claimed_by_type") else None
    text = row.text("claimed_by")
    if not text:
        resource = row.values.get("resource_id")
        if resource and ctx.has("resources", resource):
            provider = ctx.project["resources"].loc[resource]
            row.values.update(claimed_by_type=provider["provider_type"], claimed_by=provider["provider_id"])
        else:
            row.refuse(Message(MISSING, column=column_message("claimed_by", "projects")))
        return
    found_kind, found_id = ctx.find_provider(text, (kind,) if kind else ("partner", "member", "org"))
    if found_id is None:
        row.refuse(Message(MISSING_REF, what=_WHAT["claimant"], id=text))
    row.values.update(claimed_by_type=found_kind or kind or "", claimed_by=found_id or text)


def _cases(ctx: RowContext, row: _Row) -> None:
    _place(ctx, row, required=True)
    row.values["source"] = row.code("source", default="other")
    row.values["reporter_name"] = row.text("reporter_name")
    row.values["reporter_phone"] = row.text("reporter_phone")
    state = row.values["state"] = row.code("state", default="found")
    row.values["handler_type"] = row.code("handler_type", default="")
    row.values["handler_id"] = row.text("handler_id")
    row.values["reported_at"] = _first_date(ctx, row, "reported_at")
    for column in ("due_at", "closed_at"):
        row.values[column] = row.date(column)
    score, why = parse_satisfaction(row.cells.get("satisfaction"))
    row.refuse(why)
    row.values["satisfaction"] = score
    if not row.values["due_at"] and row.values["reported_at"] and row.values["category"]:
        days = ctx.project.rules.case_limit_days(row.values["category"])
        row.values["due_at"] = (dt.date.fromisoformat(row.values["reported_at"])
                                + dt.timedelta(days=days)).isoformat()
    row.in_order("reported_at", "due_at")
    row.in_order("reported_at", "closed_at")
    _state_agrees(row, state)


def _state_agrees(row: _Row, state) -> None:
    if state is None:
        return
    word = row.text("state") or state
    closed = row.values.get("closed_at")
    if state in RESOLVED and not closed and not row.text("closed_at"):
        row.refuse(Message(CLOSED_NO_DATE, state=word))
    if state not in RESOLVED and closed:
        row.refuse(Message(OPEN_WITH_DATE, state=word, closed=closed))
    if state != "visited" and row.values.get("satisfaction") is not None:
        row.refuse(Message(SCORE_NOT_VISITED, state=word))


_VALIDATORS = {"needs": _needs, "resources": _resources, "projects": _projects, "cases": _cases}
