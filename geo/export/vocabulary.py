"""The words of every output: column headers, indicator names, gap types and values.

One catalogue, in Chinese and English, registered as message codes
(:mod:`geo.messages`), so the Excel report, the gaps workbook and the HTML map
say the same thing as the app, and ``tests/test_messages.py`` fails when a word
is missing in either language. Codes:

- ``column.<column>`` (and ``column.<table>.<column>`` where a table words a
  column its own way: a member's ``name`` is 姓名, a gap's ``households`` are
  the households affected);
- ``indicator.<figure>``: the figures of ``stats --json`` (street, community
  and grid rows);
- ``gap.<type>``: the gap types of :data:`geo.coverage.gaps.GAP_TYPES`;
- ``value.<domain>.<value>``: stored vocabulary (station status and level,
  organization level, member kind and role, partner category, households
  source, yes/no ...).

Examples
--------
>>> column_label("grid_id", "en")
'Grid ID'
>>> indicator_label("station_coverage_share", "en")
'Station coverage'
>>> value_label("status", "built", "zh"), value_label("status", "built", "en")
('已建成', 'Built')
>>> percent_text(0.764)
'76 %'
"""
from __future__ import annotations

import math
import numbers

from geo.messages import CATALOGUE, Message, register

LANGS = ("zh", "en")

_COLUMNS = {
    # ids and names
    "street": ("街道", "Street"), "community_id": ("社区编号", "Community ID"),
    "grid_id": ("网格编号", "Grid ID"), "compound_id": ("小区编号", "Compound ID"),
    "building_id": ("楼栋编号", "Building ID"), "station_id": ("服务站编号", "Station ID"),
    "org_id": ("党组织编号", "Organization ID"), "parent_id": ("上级组织编号", "Parent organization ID"),
    "member_id": ("党员编号", "Member ID"), "partner_id": ("共建单位编号", "Partner unit ID"),
    "link_id": ("包联编号", "Link ID"), "name": ("名称", "Name"),
    # buildings and compounds
    "kind": ("类别", "Kind"), "built_year": ("建成年份", "Year built"), "floors": ("层数", "Floors"),
    "units": ("单元数", "Stairwell units"), "households": ("户数", "Households"),
    "residents": ("人口", "Residents"), "address": ("地址", "Address"),
    "households_source": ("户数来源", "Households source"),
    # stations and organizations
    "level": ("级别", "Level"), "status": ("状态", "Status"),
    "service_radius_m": ("服务半径(米)", "Service radius (m)"),
    "area_type": ("范围类型", "Area type"), "area_id": ("范围编号", "Area ID"),
    # members
    "gender": ("性别", "Gender"), "phone": ("电话", "Phone"), "id_number": ("身份证号", "ID number"),
    "roles": ("角色", "Roles"), "linked_households": ("联系户数", "Linked households"),
    "unit_no": ("单元号", "Unit no."), "work_unit": ("工作单位", "Work unit"),
    "org_name": ("所在党组织", "Party organization"), "grid_name": ("网格", "Grid"),
    "community_name": ("社区", "Community"), "grid_head": ("网格长", "Grid head"),
    # partners
    "category": ("类别", "Category"), "target_type": ("包联对象类型", "Linked area type"),
    "target_id": ("包联对象编号", "Linked area ID"), "items": ("认领事项数", "Items claimed"),
    # 三项清单 and cases
    "need_id": ("需求编号", "Need ID"), "resource_id": ("资源编号", "Resource ID"),
    "project_id": ("项目编号", "Project ID"), "case_id": ("事件编号", "Case ID"),
    "event_id": ("记录编号", "Event ID"), "title": ("标题", "Title"),
    "created_at": ("提出时间", "Raised on"), "reporter_name": ("反映人", "Reported by"),
    "reporter_phone": ("反映人电话", "Reporter's phone"), "note": ("备注", "Note"),
    "provider_type": ("提供方类型", "Provider type"), "provider_id": ("提供方编号", "Provider ID"),
    "quantity": ("数量", "Quantity"), "unit": ("单位", "Unit"),
    # not "Claimed by (type)": an import ignores brackets and would read it back as "Claimed by"
    "claimed_by_type": ("认领方类型", "Claimant type"), "claimed_by": ("认领方", "Claimed by"),
    "claimed_at": ("认领时间", "Claimed on"), "done_at": ("完成时间", "Done on"),
    "source": ("来源", "Source"), "state": ("状态", "State"),
    "handler_type": ("承办方类型", "Handler type"), "handler_id": ("承办方", "Handler"),
    "reported_at": ("发现时间", "Reported on"), "due_at": ("办结时限", "Due on"),
    "closed_at": ("办结时间", "Closed on"), "satisfaction": ("满意度", "Satisfaction"),
    "time": ("时间", "Time"), "from_state": ("原状态", "From"), "to_state": ("新状态", "To"),
    "actor": ("经办人", "By"),
    # derived columns of the lists (the exports' and the app's)
    "in_grid": ("所在网格", "In grid"), "overdue": ("超期", "Overdue"),
    "lon": ("经度", "Longitude"), "lat": ("纬度", "Latitude"),
    # plans (方案)
    "plan_id": ("方案编号", "Plan ID"), "row_id": ("行编号", "Row ID"),
}
# columns with generic names ("id", "x", "value") are worded only in their own table
_TABLE_COLUMNS = {
    ("gaps", "type"): ("缺口类型", "Gap type"), ("gaps", "severity"): ("严重程度", "Severity"),
    ("gaps", "title"): ("缺口", "Gap"), ("gaps", "layer"): ("图层", "Layer"), ("gaps", "id"): ("编号", "ID"),
    ("gaps", "needed"): ("补齐所需", "Needed to close"), ("gaps", "needed_unit"): ("单位", "Unit"),
    ("gaps", "detail"): ("说明", "Detail"), ("gaps", "x"): ("经度/X", "Longitude/X"),
    ("gaps", "y"): ("纬度/Y", "Latitude/Y"),
    ("street", "label"): ("指标", "Indicator"), ("street", "value"): ("数值", "Value"),
    ("plans", "created"): ("创建时间", "Created"), ("plans", "active"): ("正在显示", "Shown"),
    ("members", "name"): ("姓名", "Name"), ("members", "kind"): ("党员类别", "Member kind"),
    ("members", "address"): ("住址", "Home address"),
    ("gaps", "households"): ("涉及户数", "Households affected"), ("gaps", "name"): ("名称", "Name"),
    ("grids", "linked_households"): ("中心户联系户数", "Households linked by central households"),
    ("communities", "linked_households"): ("中心户联系户数", "Households linked by central households"),
    **{(table, column): words for table in ("needs", "resources", "cases")
       for column, words in (("target_type", ("位置类型", "Located at")),
                             ("target_id", ("位置编号", "Location ID")))},
    # a need names the organization responsible for it, not just any organization
    ("needs", "org_id"): ("责任党组织编号", "Responsible organization ID"),
}
_INDICATORS = {
    "name": ("名称", "Name"), "communities": ("社区数", "Communities"),
    "grids": ("网格数", "Grids"), "compounds": ("小区数", "Compounds"),
    "households": ("户数", "Households"), "buildings": ("楼栋数", "Buildings"),
    "units": ("单元数", "Stairwell units"), "residents": ("人口", "Residents"),
    "residents_buildings": ("有人口数的楼栋数", "Buildings with a resident count"),
    "buildings_with_group": ("已建党小组楼栋数", "Buildings with a party group"),
    "units_with_head": ("有单元长单元数", "Units with a unit head"),
    "central_households": ("党员中心户数", "Central-household members"),
    "linked_households": ("中心户联系户数", "Households linked by central households"),
    "members": ("党员数", "Party members"), "members_registered": ("在册党员", "Registered members"),
    "members_in_service": ("在职党员(双报到)", "In-service members (dual registration)"),
    "members_floating": ("流动党员", "Floating members"),
    "members_counted": ("计入党员数", "Members counted"),
    "grid_head_members": ("担任网格长党员数", "Members serving as grid head"),
    "grid_staff_members": ("担任网格员党员数", "Members serving as grid worker"),
    "station_covered_households": ("服务站覆盖户数", "Households covered by built stations"),
    "station_covered_households_with_planned": ("含规划站覆盖户数",
                                                "Households covered incl. planned stations"),
    "partner_buildings": ("有包联单位楼栋数", "Buildings with a partner unit"),
    "building_organizations": ("楼栋党小组数", "Building party groups"),
    "households_estimated_buildings": ("户数为估算的楼栋数", "Buildings with estimated households"),
    "households_blank_buildings": ("缺户数的楼栋数", "Buildings without households"),
    "stations": ("党群服务站数", "Party-mass service stations"),
    "organizations": ("党组织数", "Party organizations"),
    "central_households_required": ("按比例应有中心户数", "Central households required by ratio"),
    "central_households_needed": ("还需中心户数", "Central households still needed"),
    "grids_with_branch": ("已建支部网格数", "Grids with a branch"),
    "grids_with_grid_head": ("有网格长网格数", "Grids with a grid head"),
    "grids_with_grid_staff": ("有网格员网格数", "Grids with a grid worker"),
    "grids_with_partner": ("有包联单位网格数", "Grids with a partner unit"),
    "grids_in_band": ("户数达标网格数", "Grids within the household band"),
    "grids_under_band": ("户数偏少网格数", "Grids below the household band"),
    "grids_over_band": ("户数偏多网格数", "Grids above the household band"),
    "members_without_building": ("无楼栋党员数", "Members without a building"),
    "members_without_grid": ("不在网格内党员数", "Members in no grid"),
    "compounds_with_partner": ("有二级包联小区数", "Compounds with a level-2 partner"),
    "members_per_100_households": ("每百户党员数", "Members per 100 households"),
    "building_group_share": ("楼栋党小组覆盖率", "Building party group coverage"),
    "unit_head_share": ("单元长覆盖率", "Unit head coverage"),
    "linked_share": ("中心户联系覆盖率", "Share of households linked"),
    "unlinked_households": ("未联系户数", "Households not linked"),
    "station_coverage_share": ("服务站覆盖率", "Station coverage"),
    "station_coverage_share_with_planned": ("含规划站覆盖率", "Station coverage incl. planned"),
    "planned_added_households": ("规划站新增覆盖户数", "Households added by planned stations"),
    "partner_building_share": ("楼栋包联覆盖率", "Share of buildings with a partner unit"),
    "grid_branch_share": ("网格支部覆盖率", "Share of grids with a branch"),
    "grid_partner_share": ("网格包联覆盖率", "Share of grids with a partner unit"),
    "grid_in_band_share": ("户数达标网格占比", "Share of grids within the household band"),
    "compound_partner_share": ("小区包联覆盖率", "Share of compounds with a partner unit"),
    "unassigned_buildings": ("未划入网格楼栋数", "Buildings in no grid"),
    "unassigned_households": ("未划入网格户数", "Households in no grid"),
    "grid_branches": ("网格党支部数", "Grid branches"),
    "grid_organizations": ("网格党组织数", "Grid party organizations"),
    "org_grid_heads": ("组织内网格长数", "Grid heads in the organization"),
    "org_grid_staff": ("组织内网格员数", "Grid workers in the organization"),
    "grid_partners": ("网格包联单位数", "Partner units of the grid"),
    "has_branch": ("已建网格党支部", "Grid branch set up"), "has_grid_head": ("有网格长", "Has a grid head"),
    "has_grid_staff": ("有网格员", "Has a grid worker"), "has_partner": ("有一级包联单位", "Has a level-1 partner"),
    "in_band": ("户数在规定范围内", "Households within the band"),
    "under_band": ("户数偏少", "Below the household band"), "over_band": ("户数偏多", "Above the household band"),
    "band": ("户数区间", "Household band"), "band_needed": ("偏离户数", "Households off the band"),
    # 三项清单 and the case loop (geo.lists.figures)
    "needs_total": ("需求数", "Needs"), "needs_open": ("待认领需求数", "Needs open"),
    "needs_matched": ("已认领需求数", "Needs matched"), "resources_total": ("资源数", "Resources"),
    "projects_total": ("项目数", "Projects"), "projects_done": ("已完成项目数", "Projects done"),
    "cases_total": ("事件数", "Cases"), "cases_open": ("未办结事件数", "Cases open"),
    "cases_overdue": ("超期事件数", "Cases overdue"),
    "cases_resolved_share": ("事件办结率", "Cases resolved"),
    "cases_closed_on_time_share": ("按时办结率", "Cases closed on time"),
    "satisfaction_mean": ("平均满意度", "Mean satisfaction"),
}
_GAPS = {
    "grid_no_branch": ("网格未建党支部", "Grid without a party branch"),
    "org_area_missing": ("党组织所辖范围不存在", "Organization's area does not exist"),
    "grid_out_of_band": ("网格户数不在规定范围", "Grid households outside the band"),
    "households_unlinked": ("住户未被党员中心户联系", "Households not linked by a central household"),
    "building_outside_stations": ("楼栋不在已建服务站服务半径内", "Building outside every built station's radius"),
    "grid_no_head": ("网格无网格长", "Grid without a grid head"),
    "building_no_grid": ("楼栋未划入网格", "Building in no grid"),
    "member_no_grid": ("党员所在楼栋不在任何网格", "Member's building in no grid"),
    "grid_no_staff": ("网格无网格员", "Grid without a grid worker"),
    "grid_no_partner": ("网格无一级包联单位", "Grid without a level-1 partner unit"),
    "building_no_group": ("楼栋未建党小组", "Building without a party group"),
    "unit_no_head": ("单元无单元长", "Stairwell unit without a unit head"),
    "need_unmatched": ("需求长期未认领", "Need unclaimed too long"),
    "case_overdue": ("事件超期未办结", "Case overdue"),
}
_VALUES = {
    "bool": {"true": ("是", "Yes"), "false": ("否", "No")},
    # geo.households_source; the app's words, so a figure reads the same on screen and on paper
    "households_source": {"attribute": ("图层属性", "Layer attribute"), "table": ("户数表", "Household table"),
                          "estimate": ("估算", "Estimated")},
    "status": {"built": ("已建成", "Built"), "planned": ("规划", "Planned")},
    "level": {"street": ("街道", "Street"), "community": ("社区", "Community"), "grid": ("网格", "Grid"),
              "street_committee": ("街道党工委", "Street working committee"),
              "community_committee": ("社区党委", "Community committee"),
              "grid_branch": ("网格党支部", "Grid branch"), "building_group": ("楼栋党小组", "Building party group")},
    "area_type": {"street": ("街道", "Street"), "community": ("社区", "Community"), "grid": ("网格", "Grid"),
                  "compound": ("小区", "Compound"), "building": ("楼栋", "Building")},
    "member_kind": {"registered": ("在册党员", "Registered"),
                    "in_service": ("在职党员(双报到)", "In service (dual registration)"),
                    "floating": ("流动党员", "Floating")},
    "role": {"central_household": ("党员中心户", "Central household"), "unit_head": ("党群单元长", "Unit head"),
             "grid_head": ("网格长", "Grid head"), "grid_staff": ("网格员", "Grid worker"),
             "building_head": ("楼栋长", "Building head"), "secretary": ("书记", "Secretary")},
    "category": {"level1": ("一级包联单位", "Level-1 unit"), "level2": ("二级包联单位", "Level-2 unit"),
                 "enterprise": ("企业", "Enterprise"), "social_org": ("社会组织", "Social organization")},
    "gender": {"男": ("男", "Male"), "女": ("女", "Female")},
    "severity": {"3": ("高", "High"), "2": ("中", "Medium"), "1": ("低", "Low")},
    "band": {"in": ("区间内", "Within"), "under": ("偏少", "Below"), "over": ("偏多", "Above")},
    "unit": {"个": ("个", ""), "户": ("户", "households"), "米": ("米", "m"), "人": ("人", "people"),
             "天": ("天", "days")},
    "layer": {"communities": ("社区", "Communities"), "grids": ("网格", "Grids"),
              "buildings": ("楼栋", "Buildings"), "stations": ("党群服务站", "Service stations"),
              "members": ("党员", "Members"), "organizations": ("党组织", "Organizations"),
              "compounds": ("小区", "Compounds"), "coverage": ("服务覆盖范围", "Service areas"),
              "needs": ("需求清单", "Needs"), "resources": ("资源清单", "Resources"),
              "projects": ("项目清单", "Projects"), "cases": ("事件", "Cases"),
              "case_events": ("事件流转记录", "Case events")},
    "sheet": {"street": ("街道", "Street"), "communities": ("社区", "Communities"), "grids": ("网格", "Grids"),
              "gaps": ("缺口", "Gaps"), "members": ("党员", "Members"), "gap_list": ("缺口清单", "Gap list"),
              "grid_figures": ("网格指标", "Grid figures"), "community_figures": ("社区指标", "Community figures")},
    "text": {"note": ("说明", "Note"), "map_title": ("党建网格一张图", "party-building grid map")},
    # 三项清单 and the case loop (geo.lists); categories are stored in Chinese, the rest as codes
    "need_status": {"open": ("待认领", "Open"), "claimed": ("已认领", "Claimed"), "done": ("已完成", "Done")},
    "project_status": {"claimed": ("已认领", "Claimed"), "in_progress": ("实施中", "In progress"),
                       "done": ("已完成", "Done")},
    "case_state": {"found": ("发现", "Found"), "triage": ("研判分流", "Triaged"),
                   "in_progress": ("办理中", "In progress"), "closed": ("办结", "Closed"),
                   "visited": ("回访", "Visited"), "returned": ("退回", "Returned"),
                   "escalated": ("升级", "Escalated")},
    "case_source": {"patrol": ("网格巡查", "Grid patrol"), "resident": ("居民反映", "Resident report"),
                    "central_household": ("党员中心户", "Central household"), "other": ("其他", "Other")},
    "handler_type": {"grid": ("网格", "Grid"), "community": ("社区", "Community"),
                     "street_dept": ("街道部门", "Street department"), "partner": ("共建单位", "Partner unit"),
                     "mediation": ("调解队", "Mediation team")},
    "provider_type": {"partner": ("共建单位", "Partner unit"), "member": ("党员", "Party member"),
                      "org": ("党组织", "Party organization")},
    "item_target_type": {"building": ("楼栋", "Building"), "compound": ("小区", "Compound"),
                         "grid": ("网格", "Grid"), "point": ("点位", "Point")},
    "list_category": {"矛盾纠纷": ("矛盾纠纷", "Disputes"), "环境卫生": ("环境卫生", "Sanitation"),
                      "设施维修": ("设施维修", "Facility repair"), "养老助餐": ("养老助餐", "Elderly meals"),
                      "停车管理": ("停车管理", "Parking"), "治安巡防": ("治安巡防", "Safety patrol"),
                      "助老助残": ("助老助残", "Help for the elderly and disabled"),
                      "文体活动": ("文体活动", "Culture and sports"), "就业帮扶": ("就业帮扶", "Job help"),
                      "政策咨询": ("政策咨询", "Policy advice"), "供暖": ("供暖", "Heating"),
                      "志愿服务": ("志愿服务", "Volunteering"), "场地": ("场地", "Venue"),
                      "资金": ("资金", "Funds"), "其他": ("其他", "Other")},
}


def _register_all() -> None:
    for column, (zh, en) in _COLUMNS.items():
        register(f"column.{column}", zh, en)
    for (table, column), (zh, en) in _TABLE_COLUMNS.items():
        register(f"column.{table}.{column}", zh, en)
    for key, (zh, en) in _INDICATORS.items():
        register(f"indicator.{key}", zh, en)
    for key, (zh, en) in _GAPS.items():
        register(f"gap.{key}", zh, en)
    for domain, words in _VALUES.items():
        for key, (zh, en) in words.items():
            # an English unit may be empty ("3 个" is just "3"); a message needs text
            register(f"value.{domain}.{key}", zh, en or "-")


_register_all()


def word(code: str, lang: str = "zh", default=None) -> str:
    """The text of catalogue ``code`` in ``lang``; ``default`` (else the code) when unknown."""
    texts = CATALOGUE.get(code)
    if texts is None:
        return code if default is None else default
    return texts[1] if lang == "en" else texts[0]


def is_share(column: str) -> bool:
    """Shares (0..1) are shown as percentages."""
    return column.endswith("_share") or "_share_" in column


def column_code(column: str, table: str | None = None) -> str | None:
    """The catalogue code that words ``column`` (see :func:`column_label`); None when none does.

    For a :class:`geo.messages.Message` that names a column in the reader's
    language, with the word its export header uses.

    >>> column_code("reported_at", "cases"), column_code("target_type", "cases")
    ('column.reported_at', 'column.cases.target_type')
    """
    for code in ((f"column.{table}.{column}",) if table else ()) + (
            f"column.{column}", f"indicator.{column}"):
        if code in CATALOGUE:
            return code
    return None


def column_message(column: str, table: str | None = None) -> Message | str:
    """``column`` named as :func:`column_label` words it, in the language the message is read in
    (a refusal names a need's 位置类型, not 包联对象类型); the column name when unworded."""
    code = column_code(column, table)
    return column if code is None else Message(code)


def column_label(column: str, lang: str = "zh", table: str | None = None) -> str:
    """Header of ``column`` (a table's own wording first, then columns, then indicators).

    An unknown column keeps its own name. Shares are no longer marked in the
    header: the Excel cells carry a percent format and the map says "76 %".
    """
    code = column_code(column, table)
    return column if code is None else word(code, lang)


def indicator_label(key: str, lang: str = "zh") -> str:
    """Name of a figure of ``stats --json``."""
    if f"indicator.{key}" not in CATALOGUE:
        return column_label(key, lang)
    return word(f"indicator.{key}", lang)


def gap_title(kind: str, lang: str = "zh") -> str:
    """The title of gap type ``kind`` (the code itself when unknown)."""
    return word(f"gap.{kind}", lang, default=kind)


def value_label(domain: str, value, lang: str = "zh") -> str:
    """Word a stored value of ``domain`` (``status``, ``level``, ``role`` ...); unknown values stay."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return value
    if domain == "bool" or isinstance(value, bool):
        return word(f"value.bool.{'true' if bool(value) else 'false'}", lang)
    code = f"value.{domain}.{value}"
    if code not in CATALOGUE:
        return value
    text = word(code, lang)
    return "" if text == "-" else text  # an English unit left blank ("3 个" is just "3")


def roles_label(roles, lang: str = "zh") -> str:
    """A member's roles (``"grid_head;unit_head"``) as words joined in ``lang``."""
    from geo.schema import split_roles

    words = [value_label("role", r, lang) for r in split_roles(roles)]
    if lang == "zh":
        return "、".join(words)
    # a value alone starts with a capital; in a list only the first does
    return ", ".join(words[:1] + [w[:1].lower() + w[1:] for w in words[1:]])


def percent_text(share) -> str:
    """A share 0..1 as whole percent, ``"76 %"`` (blank when missing)."""
    if share is None or not isinstance(share, numbers.Real) or not math.isfinite(float(share)):
        return ""
    return f"{round(float(share) * 100):d} %"


def check_lang(lang: str) -> str:
    """``lang`` when it is ``zh`` or ``en``, else a ValueError."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r} (zh or en)")
    return lang


def map_title(street: str, lang: str = "zh") -> str:
    """The default title of an exported map: 「<street> 党建网格一张图」 or "<street> party-building grid map"."""
    return f"{street} {word('value.text.map_title', lang)}"
