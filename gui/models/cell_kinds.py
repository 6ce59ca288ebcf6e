"""Which attribute-table cells may be edited, and what kind of value each one holds.

A table keyed by (layer, column) instead of an if-chain: the model asks it
for flags, the delegate for the editor widget, :mod:`gui.models.cell_edit`
for parsing. Ids and geometry are never here (an id is a key other layers
point at; a shape is edited on the map). Columns whose change has side
effects on other layers (a building's grid, an organization's parent) are
left to the tools that keep those effects consistent (brush, org tree).
No Qt here.
"""
from __future__ import annotations

from dataclasses import dataclass

from geo.masking import personal_kind
from geo.schema import (GENDERS, LAYERS, MEMBER_KINDS, PARTNER_CATEGORIES, STATION_LEVELS,
                        STATION_STATUSES)


@dataclass(frozen=True)
class CellKind:
    kind: str                  # "text" | "int" | "real" | "choice" | "roles" | "ref"
    required: bool = True      # a blank value is refused
    choices: tuple = ()        # for "choice": the stored codes allowed
    target: str | None = None  # for "ref": the layer whose id the value must be


TEXT, OPT_TEXT = CellKind("text"), CellKind("text", required=False)
COUNT, OPT_COUNT = CellKind("int"), CellKind("int", required=False)


def _choice(values) -> CellKind:
    return CellKind("choice", choices=tuple(values))


def _ref(layer) -> CellKind:
    return CellKind("ref", target=layer)


EDITABLE: dict[str, dict[str, CellKind]] = {
    "communities": {"name": TEXT, "street": OPT_TEXT},
    "grids": {"name": TEXT},
    "compounds": {"name": TEXT, "kind": OPT_TEXT, "built_year": OPT_COUNT},
    "buildings": {"name": TEXT, "floors": COUNT, "units": COUNT, "households": COUNT,
                  "residents": OPT_COUNT, "address": OPT_TEXT},
    "stations": {"name": TEXT, "level": _choice(STATION_LEVELS), "status": _choice(STATION_STATUSES),
                 "service_radius_m": CellKind("real")},
    "organizations": {"name": TEXT},
    "members": {"name": TEXT, "gender": _choice(GENDERS), "phone": OPT_TEXT, "id_number": OPT_TEXT,
                "org_id": _ref("organizations"), "building_id": _ref("buildings"),
                "kind": _choice(MEMBER_KINDS), "roles": CellKind("roles", required=False),
                "linked_households": COUNT, "unit_no": OPT_COUNT, "work_unit": OPT_TEXT},
    "partners": {"name": TEXT, "category": _choice(PARTNER_CATEGORIES)},
    "partner_links": {"items": OPT_COUNT},
}

# the rule above, checked once at import: a slip here would let a user retype a key
assert all(LAYERS[layer].id_column not in columns and "geometry" not in columns
           for layer, columns in EDITABLE.items())


def cell_kind(layer: str, column: str) -> CellKind | None:
    """The kind of an editable cell, None when the column is read-only."""
    return EDITABLE.get(layer, {}).get(column)


def is_personal(layer: str, column: str) -> bool:
    """Columns masked in presenter mode (the same list every export masks: members'
    name/phone/ID number, the reporters of needs and cases)."""
    return personal_kind(layer, column) is not None
