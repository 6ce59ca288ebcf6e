"""Member rosters (xlsx/csv) → accepted members in schema shape + rejected rows.

Every row ends up either in ``members`` or in the report's rejected rows
with all its reasons; nothing is dropped silently. Nothing is written to the
project here: :func:`geo.importing.roster_merge.merge_members` combines the
result with the members already stored.

Examples
--------
>>> kinds = [member_kind(k) for k in ("双报到", "流动党员", "")]
>>> kinds
['in_service', 'floating', 'registered']
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..schema import LAYERS, join_roles
from .address_match import AddressMatcher
from .fields import resolve_mapping
from .limits import DEFAULT_LIMITS, Limits
from .cell_clean import too_long_reason
from .members import (check_count, check_gender, check_id_number, check_name, check_phone,
                      member_kind, member_roles)
from .report import ImportReport
from .roster_merge import allocate_ids
from ..messages import Message, register
from .reasons import reason
from .table import TextTable, read_table

MEMBER_COLUMNS = LAYERS["members"].column_names
_MATCH_REASONS = {
    "unparsed": reason("import.reject.no_building", "no matching building",
                       "找不到对应楼栋：{address}（{why}）", "no matching building: {address} — {why}"),
    "ambiguous": reason("import.reject.ambiguous", "ambiguous address",
                        "地址有歧义：{address}（{why}）", "ambiguous address: {address} — {why}"),
    "no_unit": reason("import.reject.no_unit", "no such unit",
                      "单元不存在：{address}（{why}）", "no such unit: {address} — {why}"),
}
_MATCH_REASONS["no_compound"] = _MATCH_REASONS["no_building"] = _MATCH_REASONS["unparsed"]
reason("import.reject.formula", "formula cell", "单元格含公式：{column} 中是公式，导入时不会计算",
       "formula cell: {column} holds a formula, which is never evaluated")
reason("import.reject.no_address", "no address", "缺少地址：该行没有地址", "no address: the row has no address")
reason("import.reject.duplicate_id_number", "duplicate ID number", "身份证号重复：与第 {row} 行相同",
       "duplicate ID number: same as row {row}")
register("import.warn.no_column", "没有找到对应 {column} 的列；请用 --map 字段={column} 指定",
         "no column found for {column}; use --map FIELD={column}")


@dataclass
class RosterResult:
    """Accepted members (schema columns, provisional member_ids) and the report."""

    members: pd.DataFrame
    report: ImportReport
    mapping: dict


@dataclass
class _Context:
    mapping: dict
    matcher: AddressMatcher | None
    orgs: "_OrgResolver"
    require_building: bool


def import_roster(path, buildings=None, compounds=None, organizations=None, *,
                  overrides=None, sheet=None, encoding=None, existing_ids=(),
                  require_building: bool = True,
                  limits: Limits = DEFAULT_LIMITS) -> RosterResult:
    """Read and validate a member roster file.

    Parameters
    ----------
    path : path-like
        .xlsx or .csv; the first row with any text is the header.
    buildings, compounds : DataFrame, optional
        For matching addresses (see :class:`AddressMatcher`); without them
        addresses are not checked and building_id stays blank.
    organizations : DataFrame, optional
        For org_id: the 党组织 column by name, else the building's party group,
        else the branch of the building's grid.
    overrides : dict, optional
        ``{source header: target column}`` from ``--map``.
    existing_ids : iterable of str
        Member ids already in the project, so new ids do not collide.
    """
    table = read_table(path, sheet=sheet, encoding=encoding, limits=limits)
    return validate_roster(table, buildings, compounds, organizations, overrides=overrides,
                           existing_ids=existing_ids, require_building=require_building)


def validate_roster(table: TextTable, buildings=None, compounds=None, organizations=None, *,
                    overrides=None, existing_ids=(), require_building=True) -> RosterResult:
    """Validate an already read :class:`TextTable` (see :func:`import_roster`)."""
    mapping = resolve_mapping(table.frame.columns, "members", overrides)
    report = ImportReport(source=Path(table.path).name, layer="members",
                          total=len(table.frame), warnings=list(table.warnings))
    _note_mapping(report, table, mapping)
    matcher = (AddressMatcher(buildings, compounds)
               if buildings is not None and compounds is not None else None)
    ctx = _Context(mapping, matcher, _OrgResolver(organizations, buildings),
                   require_building and matcher is not None)
    accepted, seen = [], {}
    for pos, original in enumerate(table.frame.to_dict("records")):
        member, reasons = _validate_row(pos, original, table, ctx)
        _check_duplicate(member, reasons, seen, table.row_numbers[pos])
        if reasons:
            report.reject(table.row_numbers[pos], original, reasons)
        else:
            accepted.append(member)
    members = _members_frame(accepted, existing_ids)
    report.imported = len(members)
    return RosterResult(members, report, mapping)


def _note_mapping(report: ImportReport, table: TextTable, mapping: dict) -> None:
    if table.encoding is not None:
        report.facts["encoding"] = Message("import.fact.encoding_value", codec=table.encoding.codec,
                                            why=table.encoding.reason)
    report.facts["mapping"] = ", ".join(f"{s}→{t}" for s, t in mapping.items())
    report.field_map = dict(mapping)  # the masked report needs to know which column is whose phone
    for needed in ("name", "id_number"):
        if needed not in mapping.values():
            report.warn(Message("import.warn.no_column", column=needed))


def _validate_row(pos: int, original: dict, table: TextTable, ctx: _Context):
    src = {target: original.get(source, "") for source, target in ctx.mapping.items()}
    reasons = [Message("import.reject.formula", column=source)
               for source in ctx.mapping if (pos, source) in table.formulas]
    too_long = [too_long_reason(source, original[source])
                for source in ctx.mapping if (pos, source) in table.too_long]
    if too_long:  # a pasted document, not a roster entry: nothing more to learn from it
        return {c: "" for c in MEMBER_COLUMNS}, reasons + too_long
    id_source = next((s for s, t in ctx.mapping.items() if t == "id_number"), None)
    member = {c: "" for c in MEMBER_COLUMNS}
    member["name"], why = check_name(src.get("name"))
    reasons.append(why)
    member["id_number"], why = check_id_number(src.get("id_number"),
                                               (pos, id_source) in table.numbers)
    reasons.append(why)
    member["gender"], why2 = check_gender(src.get("gender"), member["id_number"], why is None)
    member["phone"], why = check_phone(src.get("phone"))
    reasons += [why2, why]
    reasons += _fill_place(member, src, ctx)
    reasons += _fill_rest(member, src)
    return member, [r for r in reasons if r]


def _fill_place(member: dict, src: dict, ctx: _Context) -> list[str]:
    address = str(src.get("address") or "").strip()
    if ctx.matcher is None:
        member["org_id"] = ctx.orgs.resolve(src.get("org_name"), "")
        return []
    if not address:
        return [Message("import.reject.no_address")] if ctx.require_building else []
    match = ctx.matcher.match_text(address, str(src.get("compound_name") or ""))
    if not match.ok:
        return [Message(_MATCH_REASONS[match.status], address=address, why=match.message)]
    member["building_id"] = match.building_id
    member["unit_no"] = match.unit
    member["org_id"] = ctx.orgs.resolve(src.get("org_name"), match.building_id)
    return []


def _fill_rest(member: dict, src: dict) -> list[str]:
    member["kind"] = member_kind(src.get("kind"))
    roles, _unknown = member_roles(src.get("roles"))
    member["roles"] = join_roles(roles)
    linked, why_linked = check_count(src.get("linked_households"), "linked_households")
    member["linked_households"] = linked or 0
    member["work_unit"] = str(src.get("work_unit") or "").strip()
    unit, why_unit = check_count(src.get("unit_no"), "unit_no")
    if member["unit_no"] in ("", None) and unit:
        member["unit_no"] = unit
    return [why_linked, why_unit]


def _check_duplicate(member: dict, reasons: list, seen: dict, row: int) -> None:
    key = member["id_number"]
    if not key:
        return
    if key in seen:
        reasons.append(Message("import.reject.duplicate_id_number", row=seen[key]))
    elif not reasons:
        seen[key] = row  # only a row that is kept can be the original


def _members_frame(rows: list[dict], existing_ids) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=MEMBER_COLUMNS)
    frame["member_id"] = allocate_ids(existing_ids, len(frame))
    frame["linked_households"] = frame["linked_households"].astype("int64")
    frame["unit_no"] = pd.array([_unit_number(v) for v in frame["unit_no"]], dtype="Int64")
    return frame.reset_index(drop=True)


def _unit_number(value) -> int | None:
    """A unit number or None: an address without a unit leaves None (or NaN) behind."""
    if value is None or value is pd.NA or value == "":
        return None
    if isinstance(value, float) and value != value:
        return None
    return int(value)


class _OrgResolver:
    """org_id for a member: named 党组织 → building party group → grid branch."""

    def __init__(self, organizations, buildings):
        self._by_name, self._by_area = {}, {}
        if organizations is not None:
            for row in organizations.itertuples(index=False):
                self._by_name.setdefault(str(row.name).strip(), str(row.org_id))
                self._by_area.setdefault((str(row.area_type), str(row.area_id)), str(row.org_id))
        self._grid_of = ({} if buildings is None or "grid_id" not in buildings.columns else
                         dict(zip(buildings["building_id"].astype(str),
                                  buildings["grid_id"].astype(str))))

    def resolve(self, org_name, building_id: str) -> str:
        named = self._by_name.get(str(org_name or "").strip())
        if named:
            return named
        if not building_id:
            return ""
        group = self._by_area.get(("building", building_id))
        grid = self._grid_of.get(building_id)
        return group or self._by_area.get(("grid", grid), "")
