"""WGS84 ↔ GCJ-02 ↔ BD-09: the Chinese web-map offsets PROJ does not know.

Points picked on Gaode/Amap or Tencent maps are GCJ-02; on Baidu maps BD-09.
Both are a published, deliberately non-linear offset from WGS84 (GCJ-02 by a
few hundred metres, BD-09 a further ~1 km). The forward formulas are public;
the inverses are not closed-form, so we solve them by fixed-point iteration,
which converges to well below a millimetre in a few steps because the offset
changes slowly over space.

WGS84 and CGCS2000 (EPSG:4490) differ by less than a metre here, so the
result of an inverse is labelled EPSG:4490 directly (see DOMAIN.md).

Examples
--------
>>> lon, lat = wgs84_to_gcj02(121.5272106, 31.1774276)
>>> round(float(lon), 6), round(float(lat), 6)
(121.531542, 31.175304)
>>> back = gcj02_to_wgs84(lon, lat)
>>> round(float(back[0]), 7), round(float(back[1]), 7)
(121.5272106, 31.1774276)
"""
from __future__ import annotations

import numpy as np
import shapely

#: Krasovsky 1940 ellipsoid, which the GCJ-02 formula is defined on.
_A = 6378245.0
_EE = 0.00669342162296594323
_X_PI = np.pi * 3000.0 / 180.0

#: The coarse "is this China" box the published formula uses for passthrough.
CHINA_BOX = (72.004, 0.8293, 137.8347, 55.8271)

#: Names accepted for the offset systems (``--crs gcj02``).
OFFSET_SYSTEMS = ("gcj02", "bd09")

_TOLERANCE_DEG = 1e-11  # ~1 µm; stop iterating below this
_MAX_ITER = 12


def out_of_china(lon, lat) -> np.ndarray:
    """True where a point lies outside the box the GCJ-02 formula shifts."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    west, south, east, north = CHINA_BOX
    return (lon < west) | (lon > east) | (lat < south) | (lat > north)


def _shift_lat(x, y):
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    ret += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    ret += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    ret += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    return ret


def _shift_lon(x, y):
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    ret += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    ret += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    ret += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lon, lat):
    """Forward GCJ-02 offset; points outside China pass through unchanged.

    Parameters
    ----------
    lon, lat : array_like
        WGS84 degrees (scalars or arrays of the same shape).

    Returns
    -------
    tuple of numpy.ndarray
        GCJ-02 longitude and latitude.
    """
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    x, y = lon - 105.0, lat - 35.0
    rad = lat / 180.0 * np.pi
    magic = 1.0 - _EE * np.sin(rad) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = _shift_lat(x, y) * 180.0 / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * np.pi)
    dlon = _shift_lon(x, y) * 180.0 / (_A / sqrt_magic * np.cos(rad) * np.pi)
    outside = out_of_china(lon, lat)
    return np.where(outside, lon, lon + dlon), np.where(outside, lat, lat + dlat)


def gcj02_to_bd09(lon, lat):
    """Forward BD-09 offset from GCJ-02 (Baidu's published formula)."""
    x, y = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    z = np.hypot(x, y) + 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * _X_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def wgs84_to_bd09(lon, lat):
    """WGS84 → GCJ-02 → BD-09."""
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


def _invert(forward, lon, lat):
    """Solve forward(p) = (lon, lat) for p by fixed-point iteration.

    The offset is smooth and small, so p_{k+1} = p_k - (forward(p_k) - target)
    contracts strongly; a few rounds reach micro-degree agreement.
    """
    t_lon, t_lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    p_lon, p_lat = t_lon.copy(), t_lat.copy()
    for _ in range(_MAX_ITER):
        f_lon, f_lat = forward(p_lon, p_lat)
        d_lon, d_lat = f_lon - t_lon, f_lat - t_lat
        p_lon, p_lat = p_lon - d_lon, p_lat - d_lat
        if np.all(np.abs(d_lon) < _TOLERANCE_DEG) and np.all(np.abs(d_lat) < _TOLERANCE_DEG):
            break
    return p_lon, p_lat


def gcj02_to_wgs84(lon, lat):
    """Inverse of :func:`wgs84_to_gcj02` (iterative, < 1 mm against the formula)."""
    return _invert(wgs84_to_gcj02, lon, lat)


def bd09_to_gcj02(lon, lat):
    """Inverse of :func:`gcj02_to_bd09` (iterative, < 1 mm against the formula)."""
    return _invert(gcj02_to_bd09, lon, lat)


def bd09_to_wgs84(lon, lat):
    """BD-09 → GCJ-02 → WGS84, both steps iterative."""
    return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))


_TO_WGS84 = {"gcj02": gcj02_to_wgs84, "bd09": bd09_to_wgs84}


def is_offset_system(name) -> bool:
    """True for 'gcj02'/'bd09' in any case, with or without a dash."""
    return normalize_name(name) in OFFSET_SYSTEMS


def normalize_name(name) -> str:
    """'GCJ-02', 'gcj02', 'BD09' → 'gcj02' / 'bd09'; other names lowered."""
    return str(name or "").strip().lower().replace("-", "").replace("_", "")


def _xy_converter(system: str):
    to_wgs = _TO_WGS84[normalize_name(system)]

    def convert(coords: np.ndarray) -> np.ndarray:
        lon, lat = to_wgs(coords[:, 0], coords[:, 1])
        return np.column_stack([lon, lat])

    return convert


def geometries_to_cgcs2000(geometries, system: str):
    """Undo a GCJ-02/BD-09 offset on an array of shapely geometries.

    Parameters
    ----------
    geometries : array_like of shapely.Geometry
        Coordinates in the offset system, lon/lat degrees.
    system : {'gcj02', 'bd09'}

    Returns
    -------
    numpy.ndarray of shapely.Geometry
        The same geometries in WGS84 ≈ CGCS2000 degrees.
    """
    if not is_offset_system(system):
        raise ValueError(f"not an offset system: {system!r} (use gcj02 or bd09)")
    return shapely.transform(np.asarray(geometries, dtype=object), _xy_converter(system))


def to_cgcs2000(gdf, system: str):
    """Return a copy of a GeoDataFrame moved from gcj02/bd09 to EPSG:4490.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> g = gpd.GeoDataFrame(geometry=[shapely.Point(116.41, 39.92)])
    >>> str(to_cgcs2000(g, "gcj02").crs)
    'EPSG:4490'
    """
    import geopandas as gpd  # only this helper needs geopandas

    out = gdf.copy()
    moved = geometries_to_cgcs2000(out.geometry.values, system)
    out[out.geometry.name] = gpd.GeoSeries(moved, index=out.index)
    return out.set_crs("EPSG:4490", allow_override=True)
