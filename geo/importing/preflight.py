"""Before anything is written: refuse an import that would quietly make a wrong project.

Reading a file can succeed and still be wrong. These checks run on what was
read (after the coordinate system and encoding were applied) and refuse with a
message naming the likely cause and the flag that fixes it:

* no usable feature at all (every row rejected, or an empty file);
* the data lies outside China, far from the project, or offset from the
  project's features the way GCJ-02/BD-09 data is (:mod:`geo.location_check`);
* the file or field names hint at Gaode/Baidu coordinates and no ``--crs`` was given;
* text that looks garbled (a wrong ``--encoding``; :mod:`geo.garbled`).

``--accept-location`` and ``--accept-garbled`` override the location and text
refusals; an empty import cannot be overridden.
"""
from __future__ import annotations

import numpy as np
import pyproj

from ..garbled import garbled_columns
from ..location_check import location_findings, name_hint_finding
from ..messages import CodedError, Message, register

register("import.no_features", "{path}：没有可导入的要素（{why}）", "{path}: no usable feature ({why})")
register("import.no_features.empty", "文件是空的", "the file is empty")
register("import.no_features.rejected", "全部 {n} 行都被拒绝，原因见导入报告（--report）",
         "all {n} rows were rejected; the import report (--report) says why")
register("import.garbled",
         "{path}：列 {columns} 的文字像是乱码，编码可能不对（现用 {encoding}）；请用 --encoding 指定"
         "（如 --encoding gbk 或 --encoding utf-8），确认无误时用 --accept-garbled",
         "{path}: the text in {columns} looks garbled; the encoding is probably wrong (now {encoding}):"
         " give it with --encoding (e.g. --encoding gbk or --encoding utf-8), or --accept-garbled if"
         " it is right")
register("import.refused_location", "{path}：{reason}", "{path}: {reason}")



class ImportRefused(CodedError):
    """An import that would make a wrong project; ``findings`` lists every reason."""


def refuse_empty(path, total_rows: int, kept_rows: int) -> None:
    if kept_rows:
        return
    why = Message("import.no_features.rejected", n=total_rows) if total_rows else Message("import.no_features.empty")
    raise ImportRefused("import.no_features", path=path.name, why=why)


def location_refusals(project, layer: str, frame, path, field_names, crs_given: bool) -> list[Message]:
    """Reasons the features of ``frame`` (any CRS) do not lie where they should."""
    if frame is None or not len(frame) or frame.crs is None:
        return []
    geoms = _lonlat(frame.geometry.values, frame.crs)
    reference = _reference(project, layer)
    names = [] if crs_given else [path.name, *map(str, field_names)]
    findings = location_findings(geoms, reference if not crs_given else [], names)
    if crs_given:
        # the user said which system it is: only a far-off result is still worth a refusal
        findings = [f for f in findings if f.code in ("location.outside_china",)]
        far = location_findings(geoms, reference)
        findings += [f for f in far if f.code == "location.far"]
    return [Message("import.refused_location", path=path.name, reason=f.message) for f in findings]


def name_hint(path, field_names, crs_given: bool):
    """A refusal for a Gaode/Baidu-looking name when no --crs was given (tables: before parsing)."""
    if crs_given:
        return None
    hint = name_hint_finding([path.name, *map(str, field_names)])
    return None if hint is None else Message("import.refused_location", path=path.name, reason=hint.message)


def garbled_refusal(frame, columns, path, encoding: str | None):
    """A refusal when the imported text columns look garbled, else None."""
    if frame is None or not len(frame):
        return None
    present = [c for c in columns if c in frame.columns]
    bad = garbled_columns(frame[present]) if present else []
    if not bad:
        return None
    return Message("import.garbled", path=path.name, columns="、".join(map(str, bad)),
                   encoding=encoding or "?")


def garbled_headers(raw, path, encoding):
    """A refusal when the file's headers, or its text as a whole, look garbled, else None."""
    from ..garbled import looks_garbled

    headers = [str(c) for c in raw.columns]
    sample = [v for c in raw.columns for v in raw[c].head(200).tolist() if isinstance(v, str)]
    if looks_garbled(headers) or looks_garbled(sample):
        bad = [h for h in headers if looks_garbled([h])] or headers[:3]
        return Message("import.garbled", path=path.name, columns="、".join(bad[:5]), encoding=encoding or "?")
    return None


def check(project, layer: str, frame, path, field_names, *, crs_given: bool, encoding=None,
          text_columns=(), accept_location=False, accept_garbled=False) -> None:
    """Raise :class:`ImportRefused` naming every problem found, unless overridden."""
    problems = []
    if not accept_location:
        problems += location_refusals(project, layer, frame, path, field_names, crs_given)
    if not accept_garbled:
        garbled = garbled_refusal(frame, text_columns, path, encoding)
        if garbled is not None:
            problems.append(garbled)
    if problems:
        error = ImportRefused(problems[0])
        error.findings = problems
        raise error


def _lonlat(geoms, crs):
    crs = pyproj.CRS.from_user_input(crs)
    if crs.is_geographic:
        return np.asarray(geoms, dtype=object)
    import geopandas as gpd

    return gpd.GeoSeries(geoms, crs=crs).to_crs("EPSG:4490").values.to_numpy()


def _reference(project, layer: str):
    """The project's finest existing features: buildings and compounds, else the coarser layers."""
    for group in (("buildings", "compounds"), ("stations", "grids", "communities")):
        parts = [_lonlat(project[n].geometry.values, project[n].crs) for n in group
                 if len(project[n]) and project[n].crs is not None]
        if parts:
            return np.concatenate(parts)
    return np.empty(0, dtype=object)
