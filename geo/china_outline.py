"""A coarse outline of China, the South China Sea islands included, for sanity checks.

Imports use it to catch data in the wrong coordinate system (a Web Mercator
file read as UTM lands in the Pacific). It is deliberately generous — about
30 km outside the border — because refusing a real Chinese street is worse than
letting a town just across a border river through. It is not a map: never draw
it or use it to decide where a border runs.

The vertices were written for this project by hand from the published
positions of border towns and island groups (漠河, 抚远, 珲春, 丹东, 东兴, 河口,
瑞丽, 樟木, 喀什, 霍尔果斯, 阿勒泰, 二连浩特, 满洲里; 西沙, 中沙, 南沙, 东沙).

Example
-------
>>> bool(in_china([114.37], [10.38])[0])   # 太平岛, 南沙群岛
True
>>> bool(in_china([139.69], [35.69])[0])   # Tokyo
False
"""
from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon

#: Mainland, Hainan and Taiwan, clockwise from the north (lon, lat).
_MAINLAND = [
    (123.0, 53.8), (126.0, 53.3), (127.8, 50.6), (130.8, 49.2), (133.2, 48.7), (135.3, 48.6),
    (134.9, 47.6), (133.6, 45.6), (131.8, 45.3), (131.5, 44.0), (131.0, 42.9), (130.7, 42.3),
    (130.0, 42.3), (128.8, 41.9), (128.0, 41.3), (126.0, 40.8), (124.2, 39.8), (123.0, 38.7),
    (123.6, 37.3), (123.0, 34.0), (123.2, 30.5), (124.0, 26.5), (123.2, 24.9), (122.2, 23.0),
    (122.0, 21.7), (120.9, 21.5), (119.0, 20.8), (117.5, 22.2), (114.2, 21.8), (111.6, 19.8),
    (110.0, 17.8), (108.4, 18.4), (108.3, 20.0), (108.2, 21.3), (107.9, 21.4), (106.6, 21.9),
    (105.5, 22.9), (104.0, 22.4), (102.2, 22.3), (101.8, 21.1), (101.0, 21.2), (99.5, 22.0),
    (99.3, 22.6), (98.8, 23.0), (97.5, 23.9), (98.0, 25.2), (98.6, 27.5), (97.5, 28.3),
    (96.5, 28.2), (94.0, 27.0), (92.0, 26.9), (91.6, 27.8), (89.5, 28.1), (89.2, 27.3),
    (88.8, 27.3), (88.6, 28.0), (88.0, 27.95), (86.0, 27.95), (85.0, 28.4), (83.5, 29.2),
    (82.0, 30.1), (81.0, 30.3), (79.5, 31.0), (79.0, 32.5), (78.3, 33.5), (78.0, 35.0),
    (76.0, 35.8), (75.0, 37.0), (74.5, 38.5), (73.5, 39.5), (74.0, 40.5), (76.5, 40.4),
    (78.0, 41.2), (80.2, 42.2), (80.3, 42.9), (80.3, 45.0), (82.3, 45.4), (82.6, 46.5),
    (83.0, 47.3), (85.5, 47.2), (86.0, 48.6), (87.5, 49.3), (87.9, 49.2), (90.8, 45.5),
    (95.0, 44.2), (97.0, 42.8), (101.5, 42.6), (105.0, 41.6), (107.0, 42.3), (110.5, 42.6),
    (111.9, 43.8), (113.5, 44.8), (116.5, 46.3), (118.5, 46.6), (119.9, 46.8), (118.5, 47.9),
    (116.0, 47.7), (115.6, 48.0), (116.1, 49.8), (117.9, 49.6), (119.3, 50.4), (120.2, 51.8),
    (121.8, 53.3),
]
#: South China Sea island groups (西沙, 中沙 with 黄岩岛, 东沙, 南沙 with 曾母暗沙).
_ISLANDS = [
    [(111.0, 15.5), (113.0, 15.5), (113.0, 17.3), (111.0, 17.3)],
    [(113.5, 14.9), (118.0, 14.9), (118.0, 16.4), (113.5, 16.4)],
    [(116.3, 20.4), (117.0, 20.4), (117.0, 21.0), (116.3, 21.0)],
    [(109.6, 12.0), (117.9, 12.0), (117.9, 10.0), (116.8, 8.4), (115.0, 6.0), (113.0, 5.6),
     (112.6, 4.3), (111.9, 3.7), (111.6, 4.5), (109.6, 6.5)],
]
#: Degrees added all round (about 30 km): border towns and coastal islets stay inside.
_MARGIN_DEG = 0.3

OUTLINE = MultiPolygon([Polygon(_MAINLAND), *(Polygon(p) for p in _ISLANDS)]).buffer(_MARGIN_DEG)
shapely.prepare(OUTLINE)


def in_china(lon, lat) -> np.ndarray:
    """True where a point (degrees, CGCS2000/WGS84/GCJ-02 alike at this scale) lies in China."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    return shapely.contains_xy(OUTLINE, lon, lat)
