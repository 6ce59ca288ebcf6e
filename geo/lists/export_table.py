"""The lists as tables people read: worded values, masked reporters, one Excel sheet per list.

:func:`list_frame` gives a list (needs, resources, projects, cases or the case
events) with codes worded in Chinese or English (办结 / closed), the grid each
item counts in (:func:`geo.lists.places.item_grids`) and the item's point as
longitude/latitude. :func:`list_sheets` turns the lists into
:class:`geo.export.safe_excel.SheetSpec` sheets — the reporter's name and phone
are personal data, masked unless the policy is full (:mod:`geo.masking`), and
no cell can become a formula — for :func:`write_lists_workbook` and the Excel
report (:mod:`geo.export.report_xlsx`). The headers are the vocabulary's
(:mod:`geo.export.vocabulary`), which the import reads back
(:mod:`.list_columns`), so an exported workbook, fixed in Excel, imports again,
and the lists panel and ``main.py cases list`` show the same words.

Examples
--------
>>> write_lists_workbook("清单.xlsx", project, lang="en")  # doctest: +SKIP
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..export.vocabulary import check_lang, value_label, word
from ..masking import MASKED, MaskPolicy, mask_name
from ..messages import Message, register
from ..schema import LAYERS
from .import_values import COLUMN_DOMAINS
from .list_columns import LISTS, PERSONAL

#: The tables an export writes, in sheet order.
EXPORT_TABLES = (*LISTS, "case_events")
IN_GRID, LON, LAT = "in_grid", "lon", "lat"
_STATE_DOMAIN = "case_state"
register("lists.export.sheet.list_figures", "清单网格指标", "List figures by grid")
#: The actor the import writes on the events it makes up (kept as is in a masked export).
IMPORT_ACTOR = "import"


def list_frame(project, layer: str, lang: str | None = "zh") -> pd.DataFrame:
    """``layer`` as a plain table: stored columns with codes worded in ``lang`` (kept as
    codes when ``lang`` is None), then the grid it counts in and its point's
    longitude/latitude (needs, resources, projects, cases); ``case_events`` worded
    likewise. Personal data is *not* masked here."""
    if lang is not None:
        check_lang(lang)
    frame = project[layer]
    columns = [c for c in LAYERS[layer].column_names if c in frame.columns]
    out = pd.DataFrame({c: frame[c].to_numpy(dtype=object) for c in columns}, index=frame.index)
    for column in columns:
        domain = _domain(layer, column)
        if domain and lang is not None:
            out[column] = [value_label(domain, v, lang) for v in out[column]]
    if "satisfaction" in out:
        out["satisfaction"] = [None if v is None or v != v else int(v) for v in out["satisfaction"]]
    if layer in LISTS:
        from .places import item_grids

        out[IN_GRID] = item_grids(project, layer).reindex(frame.index).to_numpy(dtype=object)
        out[LON], out[LAT] = _lonlat(frame)
    return out.reset_index(drop=True)


def _domain(layer: str, column: str):
    if layer == "case_events" and column in ("from_state", "to_state"):
        return _STATE_DOMAIN
    if column == "category":
        return "list_category"
    return COLUMN_DOMAINS.get((layer, column))


def _lonlat(frame):
    geoms = frame.geometry
    if geoms.crs is not None and len(geoms):
        geoms = geoms.to_crs("EPSG:4490")
    present = geoms.notna() & ~geoms.is_empty if len(geoms) else geoms.notna()
    lon = [round(g.x, 6) if ok else None for g, ok in zip(geoms, present)]
    lat = [round(g.y, 6) if ok else None for g, ok in zip(geoms, present)]
    return lon, lat


def sheet_title(layer: str, lang: str) -> str:
    return word(f"value.layer.{layer}", lang)


def list_sheet(project, layer: str, policy: MaskPolicy = MASKED, lang: str = "zh"):
    """One :class:`~geo.export.safe_excel.SheetSpec` for ``layer`` (reporters masked unless full)."""
    from ..export.safe_excel import SheetSpec

    frame = list_frame(project, layer, lang)
    if layer == "case_events" and policy.masked:  # whoever acted on a case is named in it
        frame["actor"] = [a if a in (None, "", IMPORT_ACTOR) or a != a else mask_name(a) for a in frame["actor"]]
    columns = list(frame.columns)
    # table=layer: the headers are the vocabulary's words for this list, which the import reads back
    return SheetSpec(sheet_title(layer, lang), frame, columns=columns,
                     personal={c: k for c, k in PERSONAL.items() if c in columns}, lang=lang, table=layer)


def list_sheets(project, policy: MaskPolicy = MASKED, lang: str = "zh", tables=EXPORT_TABLES) -> list:
    """Sheets for ``tables`` (default: the four lists and the case events)."""
    return [list_sheet(project, layer, policy, lang) for layer in tables]


def figures_sheet(project, lang: str = "zh", as_of=None):
    """The per-grid figures of the lists (:func:`geo.lists.figures.list_figures`) as a sheet."""
    from ..coverage.excel import PERCENT_FORMAT
    from ..export.safe_excel import SheetSpec
    from ..export.vocabulary import is_share
    from .figures import list_figures

    frame = list_figures(project, as_of=as_of, level="grid")
    grid_names = project["grids"]["name"]
    table = frame.reset_index(names="grid_id")
    table.insert(1, "grid_name", table["grid_id"].map(grid_names))
    formats = {c: PERCENT_FORMAT for c in table.columns if is_share(c)}
    return SheetSpec(Message("lists.export.sheet.list_figures").text(lang), table, lang=lang,
                     formats=formats, table="grids")


def write_lists_workbook(path, project, policy: MaskPolicy = MASKED, lang: str = "zh",
                         tables=EXPORT_TABLES) -> Path:
    """Write the lists to an .xlsx, one sheet per list (see the module notes).

    Parameters
    ----------
    path : path-like
        Replaced only once the new file is complete (atomic write).
    project : geo.project.Project
    policy : geo.masking.MaskPolicy
        :data:`~geo.masking.MASKED` (default) or ``FULL``; stated on every sheet.
    lang : {"zh", "en"}
        Sheet names, headers and values.
    tables : sequence of str
        Which of :data:`EXPORT_TABLES`, in order.
    """
    from ..export.safe_excel import write_workbook

    return write_workbook(path, list_sheets(project, policy, lang, tables), policy)
