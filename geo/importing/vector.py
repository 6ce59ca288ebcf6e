"""A vector file (or a CSV/XLSX with coordinates) → one target layer's frame + report.

Pipeline: safe read → mojibake check → field mapping → coordinate system
(EPSG code, or GCJ-02/BD-09 undone with :mod:`geo.chinacrs`) → project CRS
→ per-feature geometry checks → attributes cast to the schema → extent
warnings → optional snapping of points into buildings.

Examples
--------
>>> parse_crs_arg("GCJ-02"), parse_crs_arg("4490"), parse_crs_arg(None)
('gcj02', 'EPSG:4490', None)
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

from .. import chinacrs
from ..schema import LAYERS
from . import geometry as geo_checks
from .encoding import mojibake_columns
from .errors import BadCrs
from .fields import empty_columns, resolve_mapping
from .limits import DEFAULT_LIMITS, Limits
from .report import ImportReport
from .safe_open import TABLE_SUFFIXES, read_any_vector
from .snapping import snap_points
from .table import read_table
from .vector_attrs import shape_attributes, source_rows
from ..messages import Message, register

register("import.fact.offset_removed", "{crs}（已去除偏移，现为 {project_crs}）",
         "{crs} (offset removed, now {project_crs})")
register("import.warn.garbled", "{columns} 中的文字像是乱码（编码不对？）；请选择编码后重新导入",
         "text in {columns} looks garbled (wrong encoding?); choose the encoding and import again")
register("import.warn.no_crs", "没有给出坐标系；按 WGS84/CGCS2000 经纬度导入"
         "（在高德/百度地图上取的点请用 --crs gcj02 或 bd09）",
         "no coordinate system given; assumed WGS84/CGCS2000 degrees "
         "(use --crs gcj02 or bd09 for points picked on Gaode/Baidu maps)")
register("import.warn.projected_degrees", "坐标系是投影坐标（米），但坐标看起来像经纬度；请检查 .prj 或用 --crs 指定",
         "the coordinate system is projected (metres) but the coordinates look like degrees; "
         "check the .prj or use --crs")
register("import.warn.features_one", "第 {row} 个要素：{note}", "feature {row}: {note}")
register("import.warn.features", "{n} 个要素（{rows}）：{note}", "{n} features ({rows}): {note}")
register("import.warn.outside_china", "{n} 个要素在中国境外；坐标系是否有误？",
         "{n} features lie outside China; wrong coordinate system?")
register("import.warn.far", "{n} 个要素距项目范围超过 50 km", "{n} features are more than 50 km from the project area")
register("import.warn.snapped", "{n} 个点被移入 {metres} m 内的楼栋",
         "{n} points were moved into the building within {metres} m of them")

FAR_FROM_PROJECT_M = 50_000.0


@dataclass
class VectorResult:
    """Rows ready for ``layer`` (project CRS, schema columns) and the report."""

    frame: gpd.GeoDataFrame
    report: ImportReport
    mapping: dict


def parse_crs_arg(value) -> str | None:
    """``--crs``: 'gcj02'/'bd09', an EPSG code ('EPSG:4549' or '4549'), or None.

    Raises
    ------
    ValueError
        Anything PROJ does not know.
    """
    if value is None or str(value).strip() == "":
        return None
    if chinacrs.is_offset_system(value):
        return chinacrs.normalize_name(value)
    text = str(value).strip()
    text = f"EPSG:{text}" if text.isdigit() else text
    try:
        return CRS.from_user_input(text).to_string()
    except CRSError:
        raise ValueError(Message("import.unknown_crs", crs=repr(value)).text()) from None


def import_vector(path, layer: str, *, source_layer=None, member=None, overrides=None,
                  crs=None, encoding=None, project_crs="EPSG:4490", project_extent=None,
                  buildings=None, compounds=None, snap_tolerance_m: float = 15.0,
                  existing_ids=(), limits: Limits = DEFAULT_LIMITS) -> VectorResult:
    """Read ``path`` into the shape of project layer ``layer``.

    Parameters
    ----------
    path : path-like
        .shp, .zip, .geojson, .kml, .gpkg, or .csv/.xlsx with coordinate columns.
    layer : str
        Target layer (a spatial key of :data:`geo.schema.LAYERS`).
    source_layer, member : str, optional
        Layer inside a GeoPackage/KML; file inside a zip.
    overrides : dict, optional
        ``{source field: target column}`` (``--map``).
    crs : str, optional
        Source CRS when the file has none or it is wrong: 'EPSG:xxxx', 'gcj02', 'bd09'.
    encoding : str, optional
        Attribute/CSV encoding override.
    project_extent : tuple, optional
        (minx, miny, maxx, maxy) in ``project_crs``; rows > 50 km away are warned about.
    buildings : GeoDataFrame, optional
        For point layers: points are assigned/snapped to buildings (project CRS).
    compounds : DataFrame, optional
        Resolves a 小区 name column to compound_id.
    """
    spec = LAYERS[layer]
    if not spec.is_spatial:
        raise ValueError(f"{layer} is not a map layer; rosters go through geo.importing.roster")
    report = ImportReport(source=Path(path).name, layer=layer)
    raw, mapping = _read(path, layer, report, source_layer=source_layer, member=member,
                         overrides=overrides, encoding=encoding, limits=limits)
    raw = _to_project_crs(raw, parse_crs_arg(crs), project_crs, report, path)
    frame = _check_rows(raw, spec, report)
    frame = shape_attributes(frame, mapping, layer, report, compounds, existing_ids)
    _check_extent(frame, project_extent, report)
    if spec.geometry == "Point" and buildings is not None and len(frame):
        _snap(frame, buildings, snap_tolerance_m, report)
    report.imported = len(frame)
    return VectorResult(frame, report, mapping)


def _read(path, layer, report, *, source_layer, member, overrides, encoding, limits):
    if Path(path).suffix.lower() in TABLE_SUFFIXES:
        table = read_table(path, sheet=source_layer, encoding=encoding, limits=limits)
        report.warnings += table.warnings
        mapping = resolve_mapping(table.frame.columns, layer, overrides, empty_columns(table.frame))
        raw = _points_from_table(table, mapping, report)
    else:
        opened = read_any_vector(path, member=member, layer=source_layer, encoding=encoding,
                                 limits=limits)
        report.warnings += opened.warnings
        report.facts["driver"] = opened.driver
        if opened.encoding is not None:
            report.facts["encoding"] = Message("import.fact.encoding_value", codec=opened.encoding.codec,
                                                why=opened.encoding.reason)
        raw = opened.frame
        mapping = resolve_mapping([c for c in raw.columns if c != raw.geometry.name], layer,
                                  overrides, empty_columns(raw))
    report.total = len(raw)
    report.facts["mapping"] = ", ".join(f"{s}→{t}" for s, t in mapping.items())
    report.field_map = dict(mapping)  # what the masked report may show (geo.importing.report)
    _warn_mojibake(raw, report)
    return raw, mapping


def _warn_mojibake(raw, report: ImportReport) -> None:
    bad = mojibake_columns(raw.drop(columns=[raw.geometry.name], errors="ignore"))
    if bad:
        report.warn(Message("import.warn.garbled", columns=", ".join(bad)))


def _points_from_table(table, mapping: dict, report: ImportReport) -> gpd.GeoDataFrame:
    by_target = {t: s for s, t in mapping.items()}
    if "x" not in by_target or "y" not in by_target:
        raise BadCrs(table.path, "no coordinate columns found (经度/纬度, lon/lat, x/y); "
                                 "use --map FIELD=x --map FIELD=y")
    x = pd.to_numeric(table.frame[by_target["x"]].str.strip(), errors="coerce")
    y = pd.to_numeric(table.frame[by_target["y"]].str.strip(), errors="coerce")
    geoms = gpd.points_from_xy(x, y)
    geoms[(x.isna() | y.isna()).to_numpy()] = None  # reported as "no geometry" later
    frame = gpd.GeoDataFrame(table.frame.copy(), geometry=geoms)
    frame.attrs["row_numbers"] = table.row_numbers
    return frame


def _to_project_crs(raw, crs, project_crs: str, report: ImportReport, path):
    bounds = _valid_bounds(raw)
    if crs in chinacrs.OFFSET_SYSTEMS:
        report.facts["crs"] = Message("import.fact.offset_removed", crs=crs, project_crs=project_crs)
        raw = geo_checks.undo_offset(raw.set_crs(None, allow_override=True), crs)
    elif crs is not None:
        raw = raw.set_crs(crs, allow_override=True)
    elif raw.crs is None:
        if bounds is not None and not geo_checks.looks_geographic(bounds):
            raise BadCrs(path, "no coordinate system and the coordinates are not degrees; "
                               "choose one with --crs EPSG:xxxx")
        report.warn(Message("import.warn.no_crs"))
        raw = raw.set_crs("EPSG:4490")
    _check_plausible(raw, bounds, path, report)
    report.facts.setdefault("crs", str(raw.crs.to_string()))
    return raw.to_crs(project_crs) if not CRS(raw.crs).equals(CRS(project_crs)) else raw


def _valid_bounds(raw):
    values = np.asarray(raw.geometry.values, dtype=object)
    usable = values[~shapely.is_missing(values) & ~shapely.is_empty(values)]
    bounds = tuple(shapely.total_bounds(usable)) if len(usable) else None
    return None if bounds is None or not np.isfinite(bounds).all() else tuple(bounds)


def _check_plausible(raw, bounds, path, report: ImportReport) -> None:
    """Catch a wrong .prj: degrees outside ±180/±90, or metres labelled as degrees."""
    if bounds is None:
        return
    geographic = CRS(raw.crs).is_geographic
    if geographic and not geo_checks.looks_geographic(bounds):
        raise BadCrs(path, f"the coordinate system says degrees but coordinates reach "
                           f"{max(map(abs, bounds)):,.0f}; the .prj is wrong — choose the "
                           "right one with --crs EPSG:xxxx")
    if not geographic and geo_checks.looks_geographic(bounds):
        report.warn(Message("import.warn.projected_degrees"))


def _check_rows(raw, spec, report: ImportReport) -> gpd.GeoDataFrame:
    rows = raw.attrs.get("row_numbers") or list(range(1, len(raw) + 1))
    keep, geoms, refused, notes = [], [], {}, {}
    for pos, geom in enumerate(raw.geometry.values):
        fixed, reason, note = geo_checks.check_geometry(geom, spec.accepts)
        if reason:
            refused[pos] = reason
            continue
        if note:
            notes.setdefault(note, []).append(rows[pos])
        keep.append(pos)
        geoms.append(fixed)
    for pos, original in zip(refused, source_rows(raw, list(refused))):
        report.reject(rows[pos], original, [refused[pos]])
    for note, numbers in notes.items():  # one warning per kind, not one per feature
        report.warn(_features_note(numbers, note))
    out = raw.iloc[keep].copy()
    out[raw.geometry.name] = gpd.GeoSeries(geoms, index=out.index, crs=raw.crs)
    out.attrs["row_numbers"] = [rows[p] for p in keep]
    return out


def _features_note(numbers: list[int], note, shown: int = 10) -> Message:
    """One warning for features with the same note: "3 features (7, 9, 12): repaired …"."""
    if len(numbers) == 1:
        return Message("import.warn.features_one", row=numbers[0], note=note)
    listed = ", ".join(map(str, numbers[:shown])) + (" …" if len(numbers) > shown else "")
    return Message("import.warn.features", n=len(numbers), rows=listed, note=note)


def _check_extent(frame, extent, report: ImportReport) -> None:
    if not len(frame) or not CRS(frame.crs).is_geographic:
        return
    outside = int(geo_checks.outside_china(frame.geometry.values).sum())
    if outside:
        report.warn(Message("import.warn.outside_china", n=outside))
    if extent is not None:
        far = int((geo_checks.distance_to_extent_m(frame.geometry.values, extent)
                   > FAR_FROM_PROJECT_M).sum())
        if far:
            report.warn(Message("import.warn.far", n=far))


def _snap(frame, buildings, tolerance_m: float, report: ImportReport) -> None:
    result = snap_points(frame.geometry, buildings.to_crs(frame.crs), tolerance_m)
    frame[frame.geometry.name] = gpd.GeoSeries(result.geometries, index=frame.index,
                                               crs=frame.crs)
    frame["building_id"] = result.building_ids
    if result.moved.any():
        report.warn(Message("import.warn.snapped", n=int(result.moved.sum()), metres=f"{tolerance_m:g}"))
