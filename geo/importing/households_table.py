"""A household table (户数表) matched to buildings: households, units and floors per building.

Street offices keep households per building in a spreadsheet, not on the map:
one row per building, with the building id or its address ("幸福小区3号楼",
"3栋"), and columns 户数 / 单元数 / 层数. Each row is matched to one building —
by building id when the table has one and it is known, else by address through
:class:`.address_match.AddressMatcher` (a separate 小区 column helps) — and its
figures are written, marked ``households_source = table``. Rows that match no
building, match two, repeat a building or hold no usable number are rejected
with the reason; nothing else is lost.

Example
-------
>>> table = read_table("户数表.xlsx")                       # doctest: +SKIP
>>> command, result = households_table_command(project, table)  # doctest: +SKIP
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..commands import SetValues
from ..households_source import TABLE
from ..messages import Message, register
from .address_match import AddressMatcher
from .fields import normalize_header

#: Header synonyms (compared after :func:`.fields.normalize_header`), first found wins.
HEADERS = {
    "building_id": ("楼栋编号", "楼栋id", "楼栋代码", "buildingid"),
    "address": ("地址", "楼栋地址", "住址", "门牌地址", "address"),
    "compound": ("小区", "小区名称", "所属小区", "compound"),
    "households": ("户数", "住户数", "总户数", "实有户数", "households"),
    "units": ("单元数", "单元", "units"),
    "floors": ("层数", "楼层数", "楼层", "floors"),
}
FIGURES = ("households", "units", "floors")
#: Above this a figure is a typo or a unit mix-up (as in vector imports).
MAX_FIGURE = 1_000_000

NO_KEY = register("households_table.no_key", "{path}：没有地址列或楼栋编号列（如 地址、楼栋编号）",
                  "{path}: no address or building id column (e.g. address, building_id)")
NO_FIGURES = register("households_table.no_figures", "{path}：没有户数、单元数或层数列",
                      "{path}: no households, units or floors column")
register("households_table.rejected", "第 {row} 行：{reason}", "row {row}: {reason}")
register("households_table.bad_number", "{column} 不是有效的非负整数：{value}",
         "{column} is not a whole number ≥ 0: {value}")
register("households_table.empty", "没有户数、单元数或层数", "no households, units or floors")
register("households_table.repeated", "楼栋 {id} 已在第 {first} 行给出", "building {id} already given in row {first}")
register("households_table.unmatched", "未匹配到楼栋：{why}", "no building matched: {why}")
register("households_table.unknown_id", "没有编号为 {id} 的楼栋", "unknown building id {id}")
register("households_table.no_address", "缺少地址", "no address")
register("households_table.summary", "{matched} 行已匹配到楼栋，{rejected} 行被拒绝",
         "{matched} rows matched to buildings, {rejected} rejected")


@dataclass
class HouseholdsTableResult:
    """Figures per matched building, and the rejected rows (source row number, reason)."""

    values: dict = field(default_factory=dict)     # building id -> {column: value}
    rejected: list = field(default_factory=list)   # list[(row number, Message)]

    @property
    def summary(self) -> Message:
        return Message("households_table.summary", matched=len(self.values), rejected=len(self.rejected))


class HouseholdsTableError(Exception):
    """The table cannot be used at all (no key or no figure column): exit 2."""

    def __init__(self, message: Message):
        super().__init__(message.text())
        self.message = message


def table_columns(headers) -> dict:
    """{role: header} for the roles of :data:`HEADERS` found among ``headers``."""
    normalised = {normalize_header(h): h for h in headers}
    found = {}
    for role, synonyms in HEADERS.items():
        for synonym in synonyms:
            if normalize_header(synonym) in normalised:
                found[role] = normalised[normalize_header(synonym)]
                break
    return found


def plan_households_table(project, table) -> HouseholdsTableResult:
    """Match the rows of ``table`` (a :class:`.table.TextTable`) to the project's buildings.

    Parameters
    ----------
    project : geo.project.Project
    table : geo.importing.table.TextTable

    Returns
    -------
    HouseholdsTableResult
        Nothing is changed; :func:`households_table_command` makes the undoable edit.

    Raises
    ------
    HouseholdsTableError
        The table has no address/building id column, or no figure column.
    """
    columns = table_columns(table.frame.columns)
    if not {"building_id", "address"} & set(columns):
        raise HouseholdsTableError(Message(NO_KEY, path=table.path))
    if not set(FIGURES) & set(columns):
        raise HouseholdsTableError(Message(NO_FIGURES, path=table.path))
    buildings = project["buildings"]
    matcher = AddressMatcher(buildings, project["compounds"])
    result, first_row = HouseholdsTableResult(), {}
    for row_no, row in zip(table.row_numbers, table.frame.to_dict("records")):
        building_id, why = _building_of(row, columns, buildings.index, matcher)
        values = None if building_id is None else _figures(row, columns)
        if isinstance(values, Message):
            why, values = values, None
        elif building_id is not None and building_id in first_row:
            why = Message("households_table.repeated", id=building_id, first=first_row[building_id])
        if why is not None:
            result.rejected.append((row_no, why))
            continue
        first_row[building_id] = row_no
        result.values[building_id] = values
    return result


def households_table_command(project, table) -> tuple[SetValues, HouseholdsTableResult]:
    """The undoable edit for :func:`plan_households_table` and its result."""
    result = plan_households_table(project, table)
    return SetValues("buildings", result.values, text=Message("command.import_households", file=table.path.name)), result


def _building_of(row, columns, known_ids, matcher):
    """(building id, None) or (None, Message why not)."""
    given = row.get(columns.get("building_id"), "").strip() if "building_id" in columns else ""
    if given and given in known_ids:
        return given, None
    address = row.get(columns["address"], "").strip() if "address" in columns else ""
    if not address:
        why = (Message("households_table.unknown_id", id=repr(given)) if given
               else Message("households_table.no_address"))
        return None, Message("households_table.unmatched", why=why)
    match = matcher.match_text(address, row.get(columns.get("compound"), "") if "compound" in columns else "")
    if not match.ok:
        return None, Message("households_table.unmatched", why=match.message)
    return match.building_id, None


def _figures(row, columns):
    """{column: int} of the figures in the row, households marked; or a Message why not."""
    values = {}
    for role in FIGURES:
        text = row.get(columns[role], "").strip().replace(",", "") if role in columns else ""
        if not text:
            continue
        try:
            number = float(text)
        except ValueError:
            number = None
        if number is None or not number.is_integer() or not 0 <= number <= MAX_FIGURE:
            return Message("households_table.bad_number", column=columns[role], value=text)
        values[role] = int(number)
    if not values:
        return Message("households_table.empty")
    if "households" in values:
        values["households_source"] = TABLE
    return values
