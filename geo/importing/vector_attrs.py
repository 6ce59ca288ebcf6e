"""Attributes of imported features cast to a layer's schema columns.

Missing required columns are added blank (and warned about) rather than
invented; ids are taken from the file when mapped, else generated; a value
that cannot be a number rejects its row with the reason.
"""
from __future__ import annotations

import unicodedata

import geopandas as gpd
import pandas as pd

from ..schema import LAYERS
from .address import compound_core, normalize_address
from .report import ImportReport
from .roster_merge import allocate_ids

_PREFIX = {"communities": "SQ", "grids": "G", "compounds": "C", "buildings": "B",
           "stations": "S"}


def shape_attributes(frame, mapping: dict, layer: str, report: ImportReport,
                     compounds=None, existing_ids=()) -> gpd.GeoDataFrame:
    """Rename mapped fields, cast types, resolve compound names, fill ids."""
    spec = LAYERS[layer]
    rows = frame.attrs.get("row_numbers") or list(range(1, len(frame) + 1))
    out = pd.DataFrame(index=frame.index)
    for source, target in mapping.items():
        if target in spec.column_names:
            out[target] = frame[source].map(_text)
    if "compound_name" in mapping.values() and "compound_id" not in out:
        source = next(s for s, t in mapping.items() if t == "compound_name")
        out["compound_id"] = _compound_ids(frame[source], compounds, report)
    bad = _cast_numbers(out, spec, report)
    keep = [i for i in range(len(out)) if i not in bad]
    for i, reasons in sorted(bad.items()):
        report.reject(rows[i], _original(frame, i), reasons)
    out, frame = out.iloc[keep], frame.iloc[keep]
    _fill_missing(out, spec, report, existing_ids)
    shaped = gpd.GeoDataFrame(out[spec.column_names], geometry=frame.geometry.values,
                              crs=frame.crs).reset_index(drop=True)
    return shaped


def _text(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _original(frame, i: int) -> dict:
    return {k: v for k, v in frame.iloc[i].items() if k != frame.geometry.name}


def _cast_numbers(out: pd.DataFrame, spec, report: ImportReport) -> dict:
    bad = {}
    for col in spec.columns:
        if col.kind == "text" or col.name not in out:
            continue
        text = out[col.name].map(lambda v: unicodedata.normalize("NFKC", v).strip())
        numbers = pd.to_numeric(text.where(text != ""), errors="coerce")
        for i in (numbers.isna() & (text != "")).to_numpy().nonzero()[0]:
            bad.setdefault(int(i), []).append(
                f"not a number: {col.name} = {out[col.name].iloc[i]!r}")
        out[col.name] = numbers.round().astype("Int64") if col.kind == "int" else numbers
    return bad


def _fill_missing(out: pd.DataFrame, spec, report: ImportReport, existing_ids) -> None:
    if spec.id_column not in out or (out[spec.id_column] == "").any():
        ids = allocate_ids(existing_ids, len(out), _PREFIX.get(spec.name, "F"))
        current = out.get(spec.id_column, pd.Series([""] * len(out), index=out.index))
        out[spec.id_column] = [c or new for c, new in zip(current, ids)]
    for col in spec.columns:
        if col.name in out:
            continue
        if col.required:
            report.warn(f"no source field for {col.name}; left blank")
        out[col.name] = "" if col.kind == "text" else pd.array([None] * len(out),
                                                                dtype="Int64" if col.kind == "int"
                                                                else "Float64")


def _compound_ids(names: pd.Series, compounds, report: ImportReport) -> list:
    if compounds is None:
        report.warn("compound names were given but no compounds to match them; left blank")
        return [""] * len(names)
    index = {}
    for cid, name in zip(compounds["compound_id"], compounds["name"]):
        index.setdefault(normalize_address(name), str(cid))
        index.setdefault(compound_core(name), str(cid))
    found = [index.get(normalize_address(n)) or index.get(compound_core(n)) or ""
             for n in names.map(_text)]
    missing = sum(1 for f, n in zip(found, names) if not f and _text(n))
    if missing:
        report.warn(f"{missing} compound names matched no compound; compound_id left blank")
    return found
