"""Tile an area among labelled features: grid boundaries from the buildings in them.

A grid is drawn as the part of its community that is nearer to one of its own
buildings than to any other grid's. We sample points along the outlines of the
labelled features, take their Voronoi diagram, dissolve the cells per label and
clip the result to the container. Where two grids face each other across a
road, the boundary runs along the road's centreline, which is where people
draw it by hand.

The result is exact by construction: the Voronoi cells cover the container and
do not overlap, so the union of the returned polygons is the container and
their pairwise overlaps have (numerically) zero area.

Examples
--------
>>> from shapely import box
>>> parts = derive_grid_polygons(box(0, 0, 100, 50),
...                              [box(10, 10, 30, 40), box(70, 10, 90, 40)], ["a", "b"])
>>> sorted(parts), round(parts["a"].area + parts["b"].area, 6)
(['a', 'b'], 5000.0)
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from shapely.geometry import MultiPolygon

#: Sample spacing along outlines in metres: small enough that every point of a
#: building lies in its own grid (buildings stand >= ~3 m from other features).
DEFAULT_SPACING = 5.0
#: A building farther than this from every other grid's buildings cannot be
#: reached by their cells, so its outline is not sampled densely (must exceed
#: half the longest building side plus the widest gap to a neighbour).
_BORDER_DISTANCE = 45.0
#: shapely.get_type_id of a Polygon.
_POLYGON = 3


def sample_outlines(geoms, labels: Sequence, spacing: float = DEFAULT_SPACING):
    """Points every ``spacing`` metres along polygon outlines, with their labels.

    Parameters
    ----------
    geoms : array-like of shapely Polygon/MultiPolygon
        Features in a metric CRS.
    labels : sequence
        One label per feature.
    spacing : float
        Maximum distance between consecutive samples.

    Returns
    -------
    xy : numpy.ndarray, shape (n, 2)
    point_labels : numpy.ndarray, shape (n,)
    """
    geoms = np.asarray(geoms, dtype=object)
    if len(geoms) == 0:
        return np.empty((0, 2)), np.empty(0, dtype=object)
    rings = shapely.segmentize(shapely.boundary(geoms), spacing)
    xy, index = shapely.get_coordinates(rings, return_index=True)
    return xy, np.asarray(labels, dtype=object)[index]


def tile_by_labels(container, xy: np.ndarray, point_labels: np.ndarray) -> dict:
    """Split ``container`` among labels by the nearest labelled sample point.

    Parameters
    ----------
    container : shapely Polygon or MultiPolygon
        The area to tile (metric CRS).
    xy : numpy.ndarray, shape (n, 2)
        Sample points.
    point_labels : numpy.ndarray, shape (n,)
        Label of each point.

    Returns
    -------
    dict
        label -> MultiPolygon, in sorted label order. Labels whose part of the
        container is empty are left out.
    """
    xy, point_labels = _dedupe(np.asarray(xy, dtype=float), np.asarray(point_labels, dtype=object))
    names, codes = np.unique(point_labels.astype(str), return_inverse=True)
    originals = {str(v): v for v in point_labels}
    if len(names) == 0:
        return {}
    if len(names) == 1:
        return {originals[names[0]]: _as_multipolygon(container)}
    cells = _voronoi_cells(container, xy)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(names) + 1))
    dissolved = [_dissolve(cells[order[a:b]]) for a, b in zip(bounds[:-1], bounds[1:])]
    clipped = _clip(np.array(dissolved, dtype=object), container)
    result = {}
    for name, geom in zip(names, clipped):
        multi = _as_multipolygon(geom)
        if not multi.is_empty:
            result[originals[name]] = multi
    return result


def derive_grid_polygons(community_polygon, building_geoms, building_grid_ids: Sequence,
                         extra_points=None, spacing: float = DEFAULT_SPACING) -> dict:
    """Grid polygons that tile a community, drawn around each grid's buildings.

    Parameters
    ----------
    community_polygon : shapely Polygon or MultiPolygon
        The community, in a metric CRS (metres).
    building_geoms : array-like of Polygon
        The community's buildings, same CRS.
    building_grid_ids : sequence
        The grid of each building.
    extra_points : tuple (xy, labels), optional
        More labelled sample points, e.g. ``sample_outlines(compounds, grid_ids)``
        for compounds kept whole in one grid, so that boundaries follow compound
        edges rather than running between buildings.
    spacing : float
        Sample spacing along building outlines in metres.

    Returns
    -------
    dict
        grid_id -> MultiPolygon. Their union is the community; pairwise
        overlaps have zero area.
    """
    geoms = np.asarray(building_geoms, dtype=object)
    grid_ids = np.asarray(building_grid_ids, dtype=object)
    extra_xy = np.empty((0, 2))
    extra_labels = np.empty(0, dtype=object)
    if extra_points is not None:
        extra_xy = np.asarray(extra_points[0], dtype=float).reshape(-1, 2)
        extra_labels = np.asarray(extra_points[1], dtype=object)
    # Extra points count as neighbours too: a whole compound of another grid
    # next to a building would otherwise claim part of it (coarse corner samples).
    border = _near_other_label(geoms, grid_ids, _BORDER_DISTANCE,
                               shapely.points(extra_xy), extra_labels)
    # Only buildings near another grid shape the boundaries; the rest need just
    # their corners, which keeps the Voronoi diagram (the cost) small.
    xy_b, lab_b = sample_outlines(geoms[border], grid_ids[border], spacing)
    xy_i, lab_i = sample_outlines(geoms[~border], grid_ids[~border], 1e9)
    xy = np.vstack([xy_b, xy_i, extra_xy])
    labels = np.concatenate([lab_b, lab_i, extra_labels])
    return tile_by_labels(community_polygon, xy, labels)


def _near_other_label(geoms: np.ndarray, labels: np.ndarray, distance: float,
                      others=None, other_labels=None) -> np.ndarray:
    """Mask of ``geoms`` within ``distance`` of a feature with another label,
    among ``geoms`` themselves and the optional ``others``."""
    if len(geoms) == 0:
        return np.zeros(0, dtype=bool)
    if others is not None and len(others):
        near = np.concatenate([geoms, np.asarray(others, dtype=object)])
        near_labels = np.concatenate([labels, np.asarray(other_labels, dtype=object)])
    else:
        near, near_labels = geoms, labels
    # Candidates by envelope first, and the exact distance only for pairs of different
    # labels: most pairs near a building are its own grid's (same result as querying
    # with predicate="dwithin", whose candidates are these same envelopes).
    x0, y0, x1, y1 = shapely.bounds(geoms).T
    reach = shapely.box(x0 - distance, y0 - distance, x1 + distance, y1 + distance)
    mine, theirs = shapely.STRtree(near).query(reach)
    differ = labels[mine].astype(str) != near_labels[theirs].astype(str)
    mine, theirs = mine[differ], theirs[differ]
    close = shapely.dwithin(geoms[mine], near[theirs], distance)
    mask = np.zeros(len(geoms), dtype=bool)
    mask[mine[close]] = True
    return mask


def _dissolve(cells):
    """Union of Voronoi cells; the fast coverage union needs an exact coverage, which near-coincident
    sample points (a building edge on a compound edge) can spoil by a sliver."""
    try:
        return shapely.coverage_union_all(cells)
    except shapely.errors.GEOSException:
        pass
    cells = np.array([_polygonal(c) for c in shapely.make_valid(cells)], dtype=object)
    try:
        return _polygonal(shapely.union_all(cells))
    except shapely.errors.GEOSException:  # snapped to 1 µm, the slivers go
        return _polygonal(shapely.union_all(cells, grid_size=1e-6))


def _polygonal(geom):
    """The polygon parts of a geometry (make_valid can leave lines and points beside them)."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _clip(parts, container):
    """Each dissolved part within the container; a sliver-spoiled part is repaired first
    (GEOS's "side location conflict" on nearly coincident edges), snapped to 1 µm."""
    try:
        return shapely.intersection(parts, container)
    except shapely.errors.GEOSException:
        repaired = np.array([_polygonal(shapely.make_valid(p)) for p in parts], dtype=object)
        return shapely.intersection(repaired, _polygonal(shapely.make_valid(container)), grid_size=1e-6)


def _dedupe(xy: np.ndarray, labels: np.ndarray):
    """Drop repeated points (ring closures, touching outlines): Voronoi needs distinct sites.
    The first occurrence wins, so the result does not depend on hashing."""
    if len(xy) == 0:
        return xy, labels
    # the rows np.unique(axis=0) finds, sorted by two keys instead (np.unique on rows
    # sorts a structured view: ~1 ms per edit); the lowest index of each row is kept
    rounded = np.round(xy, 6)
    order = np.lexsort((rounded[:, 1], rounded[:, 0]))
    ranked = rounded[order]
    starts = np.flatnonzero(np.concatenate([[True], (ranked[1:] != ranked[:-1]).any(axis=1)]))
    keep = np.sort(np.minimum.reduceat(order, starts))
    return xy[keep], labels[keep]


def _voronoi_cells(container, xy: np.ndarray) -> np.ndarray:
    """One Voronoi cell per point (in input order), covering the container's envelope."""
    x0, y0, x1, y1 = shapely.bounds(container)
    px0, py0 = xy.min(axis=0)
    px1, py1 = xy.max(axis=0)
    pad = max(x1 - x0, y1 - y0, px1 - px0, py1 - py0) + 1.0
    frame = shapely.box(min(x0, px0) - pad, min(y0, py0) - pad, max(x1, px1) + pad, max(y1, py1) + pad)
    diagram = shapely.voronoi_polygons(shapely.multipoints(xy), extend_to=frame, ordered=True)
    cells = shapely.get_parts(diagram)
    if len(cells) != len(xy):  # GEOS merges sites closer than its tolerance
        raise ValueError(f"Voronoi returned {len(cells)} cells for {len(xy)} points")
    return cells


def _as_multipolygon(geom) -> MultiPolygon:
    """Keep only the polygonal parts (clipping can leave stray lines or points)."""
    parts = [geom] if shapely.get_type_id(geom) == _POLYGON else shapely.get_parts(geom)
    out = []
    for p in parts:
        # a collection's member may itself be a multipolygon (make_valid after a reprojection
        # folded an edge: MultiPolygon + LineString), whose polygons count as much as loose ones
        if p.geom_type == "MultiPolygon":
            out.extend(q for q in shapely.get_parts(p) if not q.is_empty)
        elif p.geom_type == "Polygon" and not p.is_empty:
            out.append(p)
    return MultiPolygon(out)
