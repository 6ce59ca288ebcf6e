"""Station siting: where K new party-mass service stations cover the most households.

This is the maximal covering location problem (Church & ReVelle): choose K
sites among candidates so that the households within a station's radius — and
not already within reach of an existing station — are as many as possible.

* Exact: a mixed-integer programme solved by HiGHS through :func:`scipy.optimize.milp`
  (binary x_j per candidate, y_i ∈ [0, 1] per building, y_i ≤ Σ x_j over the
  candidates covering i, Σ x_j = K, maximise Σ households_i · y_i).
* Greedy, for large candidate sets: each step takes the candidate with the largest
  newly covered total (lazy evaluation; coverage is submodular, so the greedy
  answer is within 1 − 1/e of the optimum, and in practice much closer — a test
  compares both on small cases).

Example
-------
>>> result = site_stations(project, k=3)          # doctest: +SKIP
>>> result.covered_after - result.covered_before   # doctest: +SKIP
2140.0
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix, csr_matrix

from .editing.metric import from_metric, to_metric
from .messages import CodedError, Message, register

#: Above this many candidates the greedy is used (the programme grows with candidates × buildings).
EXACT_LIMIT = 1500
#: Seconds HiGHS may take before its best answer so far is used.
TIME_LIMIT_S = 30.0

register("siting.bad_k", "新增服务站数量应为 1 到 {max}：{k}", "the number of new stations must be 1 to {max}: {k}")
register("siting.bad_radius", "服务半径应为正数：{radius}", "the service radius must be positive: {radius}")
register("siting.no_candidates", "没有候选位置：{source}", "no candidate sites: {source}")
register("siting.no_households", "项目中没有有户数的楼栋，无从选址", "no building has households: nothing to site for")
register("siting.station_name", "规划党群服务站{n}（新覆盖{gain}户）", "Proposed station {n} (+{gain} households)")
register("siting.candidate_file", "{path}：无法读取候选位置（{reason}）", "{path}: cannot read candidate sites ({reason})")


@dataclass
class Proposal:
    x: float          # project CRS
    y: float
    gain: float       # households newly covered when added in this order
    source: str       # which candidate (building id, grid id, or row of the file)


@dataclass
class SitingResult:
    proposals: list = field(default_factory=list)
    covered_before: float = 0.0
    covered_after: float = 0.0
    total: float = 0.0
    radius: float = 500.0
    method: str = "exact"

    def to_json(self, plan_id=None) -> dict:
        return {"plan": plan_id, "method": self.method, "radius_m": self.radius,
                "households_total": int(self.total), "covered_before": int(self.covered_before),
                "covered_after": int(self.covered_after),
                "stations": [{"x": p.x, "y": p.y, "gain": int(p.gain), "candidate": p.source}
                             for p in self.proposals]}


def site_stations(project, k: int, radius: float | None = None, candidates="buildings",
                  method: str = "auto") -> SitingResult:
    """Propose ``k`` planned stations maximising newly covered households.

    ``candidates``: ``"buildings"`` (their representative points), ``"grid-centroids"``,
    or a path to a point file (GeoJSON/GeoPackage/Shapefile, or CSV with lon/lat columns).
    ``method``: ``"exact"``, ``"greedy"`` or ``"auto"`` (exact up to :data:`EXACT_LIMIT`).
    """
    radius = float(radius if radius is not None else project.rules.station_radius_m)
    if not radius > 0:
        raise CodedError("siting.bad_radius", radius=radius)
    b = project["buildings"]
    households = np.nan_to_num(b["households"].to_numpy(dtype=float), nan=0.0)
    if not len(b) or households.sum() <= 0:
        raise CodedError("siting.no_households")
    demand = shapely.point_on_surface(to_metric(project, b.geometry.values.to_numpy()))
    sites, labels = _candidates(project, candidates)
    if not 1 <= k <= len(sites):
        raise CodedError("siting.bad_k", k=k, max=len(sites))
    covered = _already_covered(project, demand)
    open_ = ~covered & (households > 0)
    cover = _coverage(sites, demand[open_], radius)            # candidates × open buildings
    weights = households[open_]
    use_exact = method == "exact" or (method == "auto" and len(sites) <= EXACT_LIMIT)
    chosen = _exact(cover, weights, k) if use_exact else _greedy(cover, weights, k)
    result = SitingResult(radius=radius, method="exact" if use_exact else "greedy",
                          total=float(households.sum()), covered_before=float(households[covered].sum()))
    order = _in_gain_order(cover, weights, chosen)
    points = from_metric(project, np.asarray(sites[order], dtype=object))
    seen = np.zeros(len(weights), dtype=bool)
    for j, point in zip(order, points):
        row = cover.getrow(j).indices
        gain = weights[row[~seen[row]]].sum()
        seen[row] = True
        result.proposals.append(Proposal(point.x, point.y, float(gain), str(labels[j])))
    result.covered_after = result.covered_before + sum(p.gain for p in result.proposals)
    return result


# ---------------------------------------------------------------- inputs

def _candidates(project, source):
    if source == "buildings":
        b = project["buildings"]
        return shapely.point_on_surface(to_metric(project, b.geometry.values.to_numpy())), np.asarray(b.index)
    if source == "grid-centroids":
        g = project["grids"]
        if not len(g):
            raise CodedError("siting.no_candidates", source=source)
        return shapely.point_on_surface(to_metric(project, g.geometry.values.to_numpy())), np.asarray(g.index)
    return _file_candidates(project, Path(source))


def _file_candidates(project, path: Path):
    import geopandas as gpd
    import pandas as pd

    try:
        if path.suffix.lower() in (".csv", ".txt"):
            table = pd.read_csv(path, encoding="utf-8-sig")
            lon = _column(table, ("lon", "lng", "longitude", "x", "经度", "point_x"))
            lat = _column(table, ("lat", "latitude", "y", "纬度", "point_y"))
            frame = gpd.GeoDataFrame(table, geometry=gpd.points_from_xy(table[lon], table[lat]), crs="EPSG:4490")
        else:
            frame = gpd.read_file(path)
            if frame.crs is None:
                frame = frame.set_crs("EPSG:4490")
    except (OSError, ValueError, KeyError) as exc:
        raise CodedError("siting.candidate_file", path=path, reason=str(exc).splitlines()[0]) from None
    frame = frame[~(frame.geometry.isna() | frame.geometry.is_empty)]
    if not len(frame):
        raise CodedError("siting.no_candidates", source=str(path))
    points = shapely.point_on_surface(frame.to_crs(project.metric_crs).geometry.values.to_numpy())
    return points, np.array([f"{path.name}:{i + 1}" for i in range(len(frame))], dtype=object)


def _column(table, names):
    lowered = {str(c).strip().lower(): c for c in table.columns}
    for name in names:
        if name in lowered:
            return lowered[name]
    raise KeyError(f"no column named one of {', '.join(names)}")


def _already_covered(project, demand) -> np.ndarray:
    """Buildings within reach of an existing station (built or planned), each with its own radius."""
    stations = project["stations"]
    covered = np.zeros(len(demand), dtype=bool)
    if not len(stations):
        return covered
    points = to_metric(project, stations.geometry.values.to_numpy())
    radii = stations["service_radius_m"].fillna(project.rules.station_radius_m).to_numpy(dtype=float)
    tree = shapely.STRtree(demand)
    for point, r in zip(points, radii):
        covered[tree.query(point, predicate="dwithin", distance=r + 1e-3)] = True
    return covered


def _coverage(sites, demand, radius) -> csr_matrix:
    """Sparse candidates × demand matrix: 1 where a demand point is within ``radius`` (1 mm slack)."""
    if not len(demand):
        return csr_matrix((len(sites), 0))
    tree = shapely.STRtree(demand)
    rows, cols = tree.query(sites, predicate="dwithin", distance=radius + 1e-3)
    return coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(sites), len(demand))).tocsr()


# ---------------------------------------------------------------- solving

def _exact(cover: csr_matrix, weights: np.ndarray, k: int) -> list[int]:
    n_sites, n_demand = cover.shape
    if n_demand == 0:
        return list(range(k))
    # variables: x (n_sites, binary) then y (n_demand, continuous)
    c = np.concatenate([np.zeros(n_sites), -weights])
    link = coo_matrix(cover.T)  # y_i - Σ_j cover[j, i] x_j <= 0
    a_link = _hstack(-link, _identity(n_demand))
    a_count = coo_matrix(np.concatenate([np.ones(n_sites), np.zeros(n_demand)])[None, :])
    constraints = [LinearConstraint(a_link, -np.inf, 0.0), LinearConstraint(a_count, k, k)]
    integrality = np.concatenate([np.ones(n_sites), np.zeros(n_demand)])
    res = milp(c, constraints=constraints, integrality=integrality, bounds=Bounds(0, 1),
               options={"time_limit": TIME_LIMIT_S})
    if res.x is None:
        return _greedy(cover, weights, k)
    chosen = list(np.flatnonzero(res.x[:n_sites] > 0.5))
    if len(chosen) < k:  # ties with zero gain: fill with unused candidates so K are proposed
        chosen += [j for j in _greedy(cover, weights, k) if j not in chosen][: k - len(chosen)]
    return chosen[:k]


def _greedy(cover: csr_matrix, weights: np.ndarray, k: int) -> list[int]:
    """Lazy greedy: a candidate's gain can only fall as others are chosen."""
    seen = np.zeros(cover.shape[1], dtype=bool)
    heap = [(-float(weights[cover.getrow(j).indices].sum()), j) for j in range(cover.shape[0])]
    heapq.heapify(heap)
    chosen = []
    while heap and len(chosen) < k:
        neg, j = heapq.heappop(heap)
        row = cover.getrow(j).indices
        gain = float(weights[row[~seen[row]]].sum())
        if heap and gain < -heap[0][0] - 1e-9:
            heapq.heappush(heap, (-gain, j))
            continue
        chosen.append(j)
        seen[row] = True
    return chosen


def _in_gain_order(cover, weights, chosen) -> list[int]:
    """The chosen sites ordered so each adds the most of what is left (for per-station gains)."""
    left, order = list(chosen), []
    seen = np.zeros(cover.shape[1], dtype=bool)
    while left:
        gains = [weights[cover.getrow(j).indices[~seen[cover.getrow(j).indices]]].sum() for j in left]
        j = left.pop(int(np.argmax(gains)))
        order.append(j)
        seen[cover.getrow(j).indices] = True
    return order


def _identity(n):
    from scipy.sparse import identity

    return identity(n, format="coo")


def _hstack(a, b):
    from scipy.sparse import hstack

    return hstack([a, b], format="csr")


# ---------------------------------------------------------------- into a plan

def proposal_rows(project, result, start: int = 1) -> list[dict]:
    """Station rows (planned, with the radius used) for the proposals, ids not used anywhere yet."""
    from shapely.geometry import Point

    taken = set(project["stations"].index)
    if "plan_stations" in project.layers and len(project["plan_stations"]):
        taken |= set(project["plan_stations"]["station_id"])
    comms = project["communities"]
    rows, n = [], start
    for i, p in enumerate(result.proposals, 1):
        while f"PS{n:03d}" in taken:
            n += 1
        station_id = f"PS{n:03d}"
        taken.add(station_id)
        point = Point(p.x, p.y)
        hit = comms.index[comms.geometry.contains(point)] if len(comms) else []
        # the gain in the name: it is what the map labels, so the proposals say why they are there
        name = Message("siting.station_name", n=i, gain=int(p.gain)).text()
        rows.append({"station_id": station_id, "name": name, "level": "grid", "status": "planned",
                     "service_radius_m": result.radius, "community_id": hit[0] if len(hit) else None,
                     "geometry": point})
    return rows


class SitingPlan:
    """A proposal holding the current layout plus the proposed stations (one undo step)."""

    def __new__(cls, project, result, name: str):
        from .commands import ChangeList
        from .editing.plans import CreatePlan

        create = CreatePlan(name)
        changes = create.changes(project)
        changes += [("insert", "plan_stations", {"row_id": f"{create.plan_id}|{row['station_id']}",
                                                 "plan_id": create.plan_id, **row})
                    for row in proposal_rows(project, result)]
        command = ChangeList(Message("command.site_stations", name=name), changes)
        command.plan_id = create.plan_id
        return command
