"""Attributes of imported features cast to a layer's schema columns.

Missing required columns are added blank (and warned about) rather than
invented; ids are taken from the file when mapped, else generated; a value
that cannot be a number rejects its row with the reason.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

import geopandas as gpd
import numpy as np
import pandas as pd

from ..schema import LAYERS
from .address import compound_core, normalize_address
from .cell_clean import clean_cell, cleaned_warning, too_long, too_long_reason
from .report import ImportReport
from .roster_merge import allocate_ids
from .station_values import normalize_status, status_reason
from ..messages import Message, register
from .reasons import reason

reason("import.reject.binary", "binary value", "二进制数据：{column} 中是二进制数据，既不是文字也不是数字",
       "binary value: {column} holds binary data, not text or a number")
reason("import.reject.not_a_number", "not a number", "不是数字：{column} = {value}", "not a number: {column} = {value}")
reason("import.reject.negative", "negative number", "数字为负：{column} = {value}", "negative number: {column} = {value}")
reason("import.reject.too_large", "number too large", "数字过大：{column} = {value}（最大 {most}）",
       "number too large: {column} = {value} (at most {most})")
register("import.warn.no_source_field", "没有对应 {column} 的源字段，留空", "no source field for {column}; left blank")
register("import.warn.no_compounds", "给出了小区名称，但项目中没有可匹配的小区；留空",
         "compound names were given but no compounds to match them; left blank")
register("import.warn.compounds_unmatched", "{n} 个小区名称没有匹配到小区；compound_id 留空",
         "{n} compound names matched no compound; compound_id left blank")

#: New ids follow the demo's formats (C01, G0101, Q001, B000001, ST01) so imported
#: features look like the rest of the project; the digit count follows the ids
#: already there (see :func:`_id_width`).
_PREFIX = {"communities": "C", "grids": "G", "compounds": "Q", "buildings": "B",
           "stations": "ST"}
_WIDTH = {"communities": 2, "grids": 4, "compounds": 3, "buildings": 6, "stations": 2}
#: Every number column counts or measures something (floors, households, a radius, a
#: year): never negative, and beyond this a typo or a unit mix-up.
MAX_NUMBER = 1_000_000_000
#: Blank columns committing fills with a default and notes itself (geo.importing.station_values).
_DEFAULTED = {"stations": {"status", "service_radius_m"}}


def shape_attributes(frame, mapping: dict, layer: str, report: ImportReport,
                     compounds=None, existing_ids=()) -> gpd.GeoDataFrame:
    """Rename mapped fields, cast types, resolve compound names, fill ids."""
    spec = LAYERS[layer]
    rows = frame.attrs.get("row_numbers") or list(range(1, len(frame) + 1))
    out = pd.DataFrame(index=frame.index)
    bad: dict[int, list[str]] = {}
    for source, target in mapping.items():
        if target in spec.column_names:
            _refuse_binary(frame[source], source, bad)
            out[target] = frame[source].map(_text)
    _clean_text(out, rows, report, bad)
    if layer == "stations" and "status" in out:
        _normalize_statuses(out, bad)
    if "compound_name" in mapping.values() and "compound_id" not in out:
        source = next(s for s, t in mapping.items() if t == "compound_name")
        out["compound_id"] = _compound_ids(frame[source], compounds, report)
    for i, reasons in _cast_numbers(out, spec, report).items():
        bad.setdefault(i, []).extend(reasons)
    keep = [i for i in range(len(out)) if i not in bad]
    positions = sorted(bad)
    for i, original in zip(positions, source_rows(frame, positions)):
        report.reject(rows[i], original, bad[i])
    out, frame = out.iloc[keep], frame.iloc[keep]
    _fill_missing(out, spec, report, existing_ids)
    shaped = gpd.GeoDataFrame(out[spec.column_names], geometry=frame.geometry.values,
                              crs=frame.crs).reset_index(drop=True)
    # Committing may still refuse rows (an id already used): it needs their source rows.
    shaped.attrs["row_numbers"] = [rows[i] for i in keep]
    return shaped


def _text(value) -> str:
    if value is None or isinstance(value, (bytes, bytearray, memoryview)) or (
            isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _refuse_binary(values: pd.Series, source: str, bad: dict) -> None:
    """A blob (a GeoPackage/Shapefile binary field) is neither text nor a number."""
    for i, value in enumerate(values.to_numpy(dtype=object)):
        if isinstance(value, (bytes, bytearray, memoryview)):
            bad.setdefault(i, []).append(Message("import.reject.binary", column=source))


def _clean_text(out: pd.DataFrame, rows: list, report: ImportReport, bad: dict) -> None:
    """Control/invisible characters out of every mapped cell (one warning); long text refused."""
    count, first = 0, None
    for col in out.columns:
        values = out[col].tolist()
        for i, value in enumerate(values):
            text, changed = clean_cell(value)
            if changed:
                values[i], count = text.strip(), count + 1
                first = first or Message("import.where.feature", row=rows[i], column=col)
            if too_long(text):
                bad.setdefault(i, []).append(too_long_reason(col, text))
        out[col] = values
    if count:
        report.warn(cleaned_warning(count, first))


def _normalize_statuses(out: pd.DataFrame, bad: dict) -> None:
    """Station status words to 'built'/'planned'; an unknown word rejects its row."""
    values = out["status"].tolist()
    for i, value in enumerate(values):
        status = normalize_status(value)
        if status is None:
            bad.setdefault(i, []).append(status_reason(value))
        else:
            values[i] = status
    out["status"] = values


def source_rows(frame, positions: list[int]) -> list[dict]:
    """The attributes (no geometry) of the rows at ``positions``, for the report.

    One ``iloc`` for all of them: each ``iloc`` deep-copies the frame's ``attrs``
    (the row numbers, as long as the file), so one per rejected row costs n².
    """
    if not positions:
        return []
    part = pd.DataFrame(frame.iloc[positions]).drop(columns=[frame.geometry.name],
                                                     errors="ignore")
    return part.to_dict("records")


def _cast_numbers(out: pd.DataFrame, spec, report: ImportReport) -> dict:
    bad = {}
    for col in spec.columns:
        if col.kind == "text" or col.name not in out:
            continue
        given = out[col.name].to_numpy(dtype=object)
        text = out[col.name].map(lambda v: unicodedata.normalize("NFKC", v).strip())
        numbers = pd.to_numeric(text.where(text != ""), errors="coerce").astype("float64")
        finite = np.isfinite(numbers.to_numpy())
        for i in (~finite & (text != "").to_numpy()).nonzero()[0]:
            bad.setdefault(int(i), []).append(Message("import.reject.not_a_number", column=col.name,
                                                       value=repr(given[i])))
        for i in (finite & (numbers.to_numpy() < 0)).nonzero()[0]:
            bad.setdefault(int(i), []).append(Message("import.reject.negative", column=col.name,
                                                       value=repr(given[i])))
        for i in (finite & (numbers.to_numpy() > MAX_NUMBER)).nonzero()[0]:
            bad.setdefault(int(i), []).append(
                Message("import.reject.too_large", column=col.name, value=repr(given[i]),
                        most=f"{MAX_NUMBER:,}"))
        numbers = numbers.where(finite & (numbers.abs() <= MAX_NUMBER))  # refused rows: blank
        out[col.name] = numbers.round().astype("Int64") if col.kind == "int" else numbers
    return bad


def _fill_missing(out: pd.DataFrame, spec, report: ImportReport, existing_ids) -> None:
    if spec.id_column not in out or (out[spec.id_column] == "").any():
        prefix = _PREFIX.get(spec.name, "F")
        ids = allocate_ids(existing_ids, len(out), prefix,
                           _id_width(existing_ids, prefix, _WIDTH.get(spec.name, 6)))
        current = out.get(spec.id_column, pd.Series([""] * len(out), index=out.index))
        out[spec.id_column] = [c or new for c, new in zip(current, ids)]
    for col in spec.columns:
        if col.name in out:
            continue
        if col.required and col.name not in _DEFAULTED.get(spec.name, ()):
            report.warn(Message("import.warn.no_source_field", column=col.name))
        out[col.name] = "" if col.kind == "text" else pd.array([None] * len(out),
                                                                dtype="Int64" if col.kind == "int"
                                                                else "Float64")


def _id_width(existing_ids, prefix: str, default: int) -> int:
    """The digit count most existing ``prefix``+digits ids use, else ``default``."""
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$")
    widths = Counter(len(m.group(1)) for m in map(pattern.match, map(str, existing_ids)) if m)
    return widths.most_common(1)[0][0] if widths else default


def _compound_ids(names: pd.Series, compounds, report: ImportReport) -> list:
    if compounds is None:
        report.warn(Message("import.warn.no_compounds"))
        return [""] * len(names)
    index = {}
    for cid, name in zip(compounds["compound_id"], compounds["name"]):
        index.setdefault(normalize_address(name), str(cid))
        index.setdefault(compound_core(name), str(cid))
    found = [index.get(normalize_address(n)) or index.get(compound_core(n)) or ""
             for n in names.map(_text)]
    missing = sum(1 for f, n in zip(found, names) if not f and _text(n))
    if missing:
        report.warn(Message("import.warn.compounds_unmatched", n=missing))
    return found
