"""The project file's layers and columns: the contract other tools rely on.

Every layer name, column name and allowed value here is part of GridAtlas's
public interface (QGIS users, scripts and the ``stats --json`` consumers read
them). Add columns freely; never rename or remove one.

Examples
--------
>>> LAYERS["buildings"].id_column
'building_id'
>>> "grid_id" in LAYERS["buildings"].column_names
True
"""
from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA_VERSION = 1

#: The CRS the demo street is stored in (CGCS2000 geographic).
DEMO_CRS = "EPSG:4490"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "text" | "int" | "real"
    required: bool = True  # a missing required column is a check error
    nullable: bool = True

    @property
    def pandas_dtype(self) -> str:
        return {"text": "object", "int": "int64", "real": "float64"}[self.kind]


@dataclass(frozen=True)
class Layer:
    name: str
    id_column: str
    geometry: str | None  # "Polygon", "MultiPolygon", "Point" or None (attribute table)
    columns: tuple[Column, ...]
    title_zh: str = ""
    title_en: str = ""
    #: geometry types accepted in this layer (Polygon layers also take MultiPolygon
    #: read from QGIS, because a file saved there often promotes to multi).
    accepts: tuple[str, ...] = field(default=())

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def is_spatial(self) -> bool:
        return self.geometry is not None


def _t(name, required=True):
    return Column(name, "text", required)


def _i(name, required=True):
    return Column(name, "int", required)


def _r(name, required=True):
    return Column(name, "real", required)


POLY = ("Polygon", "MultiPolygon")

LAYERS: dict[str, Layer] = {
    layer.name: layer
    for layer in [
        Layer("communities", "community_id", "MultiPolygon",
              (_t("community_id"), _t("name"), _t("street")),
              "社区", "Communities", POLY),
        Layer("grids", "grid_id", "MultiPolygon",
              (_t("grid_id"), _t("name"), _t("community_id")),
              "网格", "Grids", POLY),
        Layer("compounds", "compound_id", "Polygon",
              (_t("compound_id"), _t("name"), _t("community_id"),
               _t("kind", required=False), _i("built_year", required=False)),
              "小区", "Compounds", POLY),
        Layer("buildings", "building_id", "Polygon",
              (_t("building_id"), _t("name"), _t("compound_id"), _t("grid_id"),
               _i("floors"), _i("units"), _i("households"),
               _i("residents", required=False), _t("address", required=False),
               # where households came from: attribute | table | estimate | blank
               _t("households_source", required=False)),
              "楼栋", "Buildings", POLY),
        Layer("stations", "station_id", "Point",
              (_t("station_id"), _t("name"), _t("level"), _t("status"),
               _r("service_radius_m"), _t("community_id", required=False)),
              "党群服务站", "Stations", ("Point",)),
        Layer("organizations", "org_id", None,
              (_t("org_id"), _t("parent_id"), _t("level"), _t("name"),
               _t("area_type"), _t("area_id")),
              "党组织", "Organizations"),
        Layer("members", "member_id", None,
              (_t("member_id"), _t("name"), _t("gender"), _t("phone"), _t("id_number"),
               _t("org_id"), _t("building_id"), _t("kind"), _t("roles"),
               _i("linked_households"), _i("unit_no", required=False),
               _t("work_unit", required=False)),
              "党员", "Members"),
        Layer("partners", "partner_id", None,
              (_t("partner_id"), _t("name"), _t("category"), _t("community_id", required=False)),
              "共建单位", "Partner units"),
        Layer("partner_links", "link_id", None,
              (_t("link_id"), _t("partner_id"), _t("target_type"), _t("target_id"),
               _i("items", required=False)),
              "包联关系", "Partner links"),
    ]
}

#: Draw/read order: areas first, then what sits in them.
LAYER_ORDER = ["communities", "grids", "compounds", "buildings", "stations",
               "organizations", "members", "partners", "partner_links"]

SETTINGS_TABLE = "settings"

# Allowed values. Free text elsewhere; these are checked by ``check``.
ORG_LEVELS = ("street_committee", "community_committee", "grid_branch", "building_group")
ORG_AREA_TYPES = {"street_committee": "street", "community_committee": "community",
                  "grid_branch": "grid", "building_group": "building"}
AREA_LAYERS = {"community": "communities", "grid": "grids", "building": "buildings",
               "compound": "compounds"}
MEMBER_KINDS = ("registered", "in_service", "floating")
MEMBER_ROLES = ("central_household", "unit_head", "grid_head", "grid_staff",
                "building_head", "secretary")
STATION_STATUSES = ("built", "planned")
STATION_LEVELS = ("street", "community", "grid")
PARTNER_CATEGORIES = ("level1", "level2", "enterprise", "social_org")
PARTNER_TARGET_TYPES = ("grid", "compound", "building")
GENDERS = ("男", "女")
#: ``buildings.households_source``: a figure from the layer's own attribute, from a
#: household table matched by address, or estimated (``estimate-households``);
#: blank when unknown (a demo value, or typed in by hand).
HOUSEHOLDS_SOURCES = ("attribute", "table", "estimate")

#: References between layers: (layer, column) -> (target layer, target id column).
#: Blank values are allowed (an unassigned building, a member with no building).
REFERENCES: dict[tuple[str, str], str] = {
    ("grids", "community_id"): "communities",
    ("compounds", "community_id"): "communities",
    ("buildings", "compound_id"): "compounds",
    ("buildings", "grid_id"): "grids",
    ("stations", "community_id"): "communities",
    ("organizations", "parent_id"): "organizations",
    ("members", "org_id"): "organizations",
    ("members", "building_id"): "buildings",
    ("partner_links", "partner_id"): "partners",
    ("partners", "community_id"): "communities",
}


def split_roles(value) -> list[str]:
    """Roles are stored as a comma-separated text column (QGIS-editable)."""
    if value is None or value != value:  # None or NaN
        return []
    return [r for r in (part.strip() for part in str(value).split(",")) if r]


def join_roles(roles) -> str:
    return ",".join(dict.fromkeys(r for r in roles if r))


# ---------------------------------------------------------------- plans (方案)
# Appended after the first release: a project keeps its current grid layout and
# proposed ones side by side. The live ``grids`` layer and ``buildings.grid_id``
# always hold the *active* plan; every other plan is kept as a snapshot here.
# Files written before plans existed lack these tables: they are optional on
# read and created on first use (``geo.store.ensure_layers``).
LAYERS.update({
    layer.name: layer
    for layer in [
        Layer("plans", "plan_id", None,
              (_t("plan_id"), _t("name"), _t("created"), _t("note", required=False),
               _t("status"), _i("active")),
              "方案", "Plans"),
        Layer("plan_assignments", "row_id", None,
              (_t("row_id"), _t("plan_id"), _t("building_id"), _t("grid_id")),
              "方案楼栋分配", "Plan assignments"),
        Layer("plan_grids", "row_id", "MultiPolygon",
              (_t("row_id"), _t("plan_id"), _t("grid_id"), _t("name"), _t("community_id")),
              "方案网格", "Plan grids", POLY),
        # stations planned in a proposal stay in it (same columns as ``stations``)
        Layer("plan_stations", "row_id", "Point",
              (_t("row_id"), _t("plan_id"), _t("station_id"), _t("name"), _t("level"), _t("status"),
               _r("service_radius_m"), _t("community_id", required=False)),
              "方案服务站", "Plan stations", ("Point",)),
    ]
})
LAYER_ORDER += ["plans", "plan_assignments", "plan_grids", "plan_stations"]

#: Layers a project file may lack (older files); read as empty, created on first use.
OPTIONAL_LAYERS = frozenset({"plans", "plan_assignments", "plan_grids", "plan_stations"})
#: "current" is the adopted layout (one plan), "proposal" a draft, "archived" a former current.
PLAN_STATUSES = ("current", "proposal", "archived")

# ---------------------------------------------------------------- history (操作记录)
# Every recorded write (geo.history): one row per transaction, written in that same
# transaction. Created on first use and read on demand; never a layer in memory
# (a city's history holds the inverse of every plan adoption).
HISTORY_TABLE = "history"
HISTORY_DDL = (
    f'CREATE TABLE IF NOT EXISTS "{HISTORY_TABLE}" ('
    '"entry_id" INTEGER PRIMARY KEY AUTOINCREMENT, '  # increasing, never reused
    '"time" TEXT NOT NULL, '        # ISO 8601, local time with offset
    '"command" TEXT NOT NULL, '     # the command's text ("import 楼栋.shp → buildings")
    '"counts" TEXT NOT NULL, '      # JSON {layer: {"inserted": n, "updated": n, "deleted": n}}
    '"inverse" BLOB, '              # zlib-compressed JSON change list that undoes it; NULL for an undo
    '"undone" INTEGER NOT NULL DEFAULT 0, '
    '"undo_of" INTEGER)'            # the entry this one undid, else NULL
)

# ---------------------------------------------------------------- lists and cases (三项清单, 事件)
# Appended for issue 15: the needs, resources and projects lists (三项清单) and the
# case loop (发现 → 研判分流 → 办理中 → 办结 → 回访). Items are points where they are
# (a building's, compound's or grid's representative point, or a point of their own);
# a resource offered nowhere in particular has no point. Dates are ISO text
# (``YYYY-MM-DD``; ``case_events.time`` may carry ``THH:MM``). Stored values are the
# English codes below; the UI and exports word them (geo.export.vocabulary).
# Older files lack these tables: optional on read, created on first use.
LAYERS.update({
    layer.name: layer
    for layer in [
        Layer("needs", "need_id", "Point",
              (_t("need_id"), _t("title"), _t("category"), _t("target_type"), _t("target_id"),
               _t("created_at"), _t("status"), _t("reporter_name", required=False),
               _t("reporter_phone", required=False), _t("org_id", required=False),
               _t("note", required=False)),
              "需求清单", "Needs", ("Point",)),
        Layer("resources", "resource_id", "Point",
              (_t("resource_id"), _t("title"), _t("category"), _t("provider_type"), _t("provider_id"),
               _r("quantity", required=False), _t("unit", required=False),
               _t("target_type", required=False), _t("target_id", required=False),
               _t("note", required=False)),
              "资源清单", "Resources", ("Point",)),
        Layer("projects", "project_id", "Point",
              (_t("project_id"), _t("title"), _t("need_id"), _t("resource_id"),
               _t("claimed_by_type"), _t("claimed_by"), _t("claimed_at"), _t("status"),
               _t("done_at", required=False), _t("note", required=False)),
              "项目清单", "Projects", ("Point",)),
        Layer("cases", "case_id", "Point",
              (_t("case_id"), _t("title"), _t("category"), _t("target_type"), _t("target_id"),
               _t("source"), _t("reporter_name", required=False), _t("reporter_phone", required=False),
               _t("state"), _t("handler_type", required=False), _t("handler_id", required=False),
               _t("reported_at"), _t("due_at"), _t("closed_at", required=False),
               _i("satisfaction", required=False), _t("note", required=False)),
              "事件", "Cases", ("Point",)),
        Layer("case_events", "event_id", None,
              (_t("event_id"), _t("case_id"), _t("time"), _t("from_state"), _t("to_state"),
               _t("actor", required=False), _t("note", required=False)),
              "事件流转记录", "Case events"),
    ]
})
LIST_LAYERS = ("needs", "resources", "projects", "cases", "case_events")
LAYER_ORDER += list(LIST_LAYERS)
OPTIONAL_LAYERS = OPTIONAL_LAYERS | frozenset(LIST_LAYERS)
#: List layers whose features may lack a point (an item located nowhere in particular).
POINT_OPTIONAL_LAYERS = frozenset({"needs", "resources", "projects", "cases"})

#: Where an item is: a building, compound or grid (its representative point), or a point.
ITEM_TARGET_TYPES = ("building", "compound", "grid", "point")
NEED_STATUSES = ("open", "claimed", "done")               # 待认领 / 已认领 / 已完成
PROJECT_STATUSES = ("claimed", "in_progress", "done")     # 已认领 / 实施中 / 已完成
PROVIDER_TYPES = ("partner", "member", "org")             # 共建单位 / 党员 / 党组织
CASE_SOURCES = ("patrol", "resident", "central_household", "other")
CASE_STATES = ("found", "triage", "in_progress", "closed", "visited", "returned", "escalated")
CASE_HANDLER_TYPES = ("grid", "community", "street_dept", "partner", "mediation")
#: Categories are free text (a street adds its own); these are the usual ones.
LIST_CATEGORIES = ("矛盾纠纷", "环境卫生", "设施维修", "养老助餐", "停车管理", "治安巡防",
                   "助老助残", "文体活动", "就业帮扶", "政策咨询")
PROVIDER_LAYERS = {"partner": "partners", "member": "members", "org": "organizations"}
#: A resident reporter's name and phone are personal data: masked in exports and presenter
#: mode by default (``geo.masking.mask_columns(frame, LIST_PERSONAL_COLUMNS[layer])``).
LIST_PERSONAL_COLUMNS = {layer: {"reporter_name": "name", "reporter_phone": "phone"} for layer in ("needs", "cases")}

REFERENCES.update({
    ("needs", "org_id"): "organizations",
    ("projects", "need_id"): "needs",
    ("projects", "resource_id"): "resources",
    ("case_events", "case_id"): "cases",
})
