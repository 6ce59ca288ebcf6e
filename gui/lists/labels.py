"""The words of the three lists and the case loop, in the interface language.

A thin adapter over :mod:`geo.export.vocabulary`, the catalogue the command
line and the Excel exports read, so a header, a state or a figure reads the
same in the app, in ``main.py cases list`` and in the workbook. The language is
the engine's (:func:`geo.messages.language`), which the app switches together
with its translator (:func:`gui.app.install_translator`): a word asked for
after a switch comes in the new language.

What only the app shows stays here: the item nouns of the tabs and dialogs
(需求, 事件), the units of a figure's legend and the state colours.
Categories are stored as the words people use (矛盾纠纷) and shown as they are,
as the entry form and the filters offer them.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from geo.export import vocabulary
from geo.lists.figures import FIGURE_COLUMNS
from geo.lists.import_values import COLUMN_DOMAINS
from geo.messages import CATALOGUE, language
from geo.schema import (CASE_HANDLER_TYPES, CASE_SOURCES, CASE_STATES, ITEM_TARGET_TYPES, NEED_STATUSES,
                        PROJECT_STATUSES, PROVIDER_TYPES)

CONTEXT = "Lists"

#: The list layers, in the dock's tab order.
LIST_LAYERS = ("needs", "resources", "projects", "cases")
#: The tables a column of the lists panel may come from, in the order a bare column is looked up.
_TABLES = (*LIST_LAYERS, "case_events")

LAYER_TITLES = {
    "needs": QT_TRANSLATE_NOOP("Lists", "需求"),
    "resources": QT_TRANSLATE_NOOP("Lists", "资源"),
    "projects": QT_TRANSLATE_NOOP("Lists", "项目"),
    "cases": QT_TRANSLATE_NOOP("Lists", "事件"),
}

#: The panel's derived "grid" column is the exports' ``in_grid`` (the grid an item counts in).
_VOCABULARY_COLUMNS = {"grid": "in_grid"}

#: The stored codes of each coded column, in the order choices are offered.
VALUES = {
    "status": ("open", "claimed", "in_progress", "done"),  # needs' and projects' together
    "state": CASE_STATES, "from_state": CASE_STATES, "to_state": CASE_STATES,
    "target_type": ITEM_TARGET_TYPES,
    "provider_type": PROVIDER_TYPES, "claimed_by_type": PROVIDER_TYPES,
    "source": CASE_SOURCES,
    "handler_type": CASE_HANDLER_TYPES,
}
#: Vocabulary domains of a column asked for without its layer (needs and projects share
#: the words of the statuses they have in common, so either domain words them alike).
_DOMAINS = {
    "status": ("need_status", "project_status"),
    "state": ("case_state",), "from_state": ("case_state",), "to_state": ("case_state",),
    "target_type": ("item_target_type",),
    "provider_type": ("provider_type",), "claimed_by_type": ("provider_type",),
    "source": ("case_source",),
    "handler_type": ("handler_type",),
}

#: The status codes each layer uses (needs and projects share words but not codes).
STATUSES = {"needs": NEED_STATUSES, "projects": PROJECT_STATUSES}
#: Case states in the order of the loop.
STATES = CASE_STATES

#: Case state -> colour on the map and in the table (overdue cases are red whatever the state).
STATE_COLOURS = {"found": "#4477AA", "triage": "#66CCEE", "in_progress": "#CCBB44",
                 "escalated": "#AA3377", "returned": "#888888", "closed": "#228833",
                 "visited": "#117733"}
OVERDUE_COLOUR = "#D7191C"

#: Per-grid figures of :func:`geo.lists.figures.list_figures` offered as map themes and charts.
FIGURES = tuple(FIGURE_COLUMNS)
FIGURE_UNITS = {
    "needs_total": QT_TRANSLATE_NOOP("Lists", "项"), "needs_open": QT_TRANSLATE_NOOP("Lists", "项"),
    "needs_matched": QT_TRANSLATE_NOOP("Lists", "项"), "resources_total": QT_TRANSLATE_NOOP("Lists", "项"),
    "projects_total": QT_TRANSLATE_NOOP("Lists", "个"), "projects_done": QT_TRANSLATE_NOOP("Lists", "个"),
    "cases_total": QT_TRANSLATE_NOOP("Lists", "件"), "cases_open": QT_TRANSLATE_NOOP("Lists", "件"),
    "cases_overdue": QT_TRANSLATE_NOOP("Lists", "件"), "satisfaction_mean": QT_TRANSLATE_NOOP("Lists", "分"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def layer_title(layer: str) -> str:
    return tr(LAYER_TITLES[layer]) if layer in LAYER_TITLES else layer


def column_title(column: str, layer: str | None = None) -> str:
    """The header of ``column`` as the exports of ``layer`` write it.

    Without ``layer`` a column means what it means in the lists (``target_type`` is
    where an item is, not a partner's linked area).
    """
    column = _VOCABULARY_COLUMNS.get(column, column)
    table = layer or next((t for t in _TABLES if f"column.{t}.{column}" in CATALOGUE), None)
    return vocabulary.column_label(column, language(), table)


def value_text(column: str, value, layer: str | None = None) -> str:
    """The word for a stored code (the code itself when unknown, "" when blank)."""
    if value is None or value != value or value == "":
        return ""
    domains = (COLUMN_DOMAINS[(layer, column)],) if (layer, column) in COLUMN_DOMAINS else _DOMAINS.get(column, ())
    domain = next((d for d in domains if f"value.{d}.{value}" in CATALOGUE), None)
    return str(value) if domain is None else vocabulary.value_label(domain, value, language())


def figure_title(field: str) -> str:
    return vocabulary.indicator_label(field, language()) if f"indicator.{field}" in CATALOGUE else field


def figure_unit(field: str) -> str:
    if field.endswith("_share"):
        return "%"
    return tr(FIGURE_UNITS[field]) if field in FIGURE_UNITS else ""
