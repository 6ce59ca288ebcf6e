"""The gap list: what is missing, where, how much closes it, and where to zoom.

Every row of :func:`gap_frame` has

``type``, ``severity`` (3 high .. 1 low), ``title`` (Chinese), ``layer``,
``id``, ``name``, ``community_id``, ``grid_id``, ``needed`` and
``needed_unit`` (how much closes the gap), ``households`` (households
affected, the tie-breaker within a severity), ``detail`` (a
:class:`geo.messages.Message`: what exactly is missing, worded in the reader's
language by :func:`detail_texts`), and
``x``, ``y``, ``minx``, ``miny``, ``maxx``, ``maxy``: the centre and the
bounding box of the feature to zoom to, in the project's CRS (NaN when the
feature has no location, e.g. an organization whose area does not exist).

Rows are sorted by severity, then households affected, then ``needed``.
Member names are always masked (张*明): the gap list is an organizational
view and travels in reports.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from ..masking import mask_name
from ..messages import Message, register

# what exactly is missing, one code per wording (the detail column holds Messages)
register("gap_detail.no_branch", "未建网格党支部", "No grid party branch")
register("gap_detail.under_band", "户数 {households}，低于规定范围 {low}-{high}",
         "{households} households, below the band {low}-{high}")
register("gap_detail.over_band", "户数 {households}，高于规定范围 {low}-{high}",
         "{households} households, above the band {low}-{high}")
register("gap_detail.unlinked", "已联系 {linked} 户，按 1:{per} 还需中心户 {needed} 名",
         "{linked} households linked; at 1:{per}, {needed} more central households are needed")
register("gap_detail.no_head", "无网格长", "No grid head")
register("gap_detail.no_staff", "无网格员", "No grid worker")
register("gap_detail.no_partner", "无一级共建单位包联", "No level-1 partner unit takes this grid")
register("gap_detail.no_grid", "未划入任何网格", "In no grid")
register("gap_detail.no_station", "无已建服务站", "No station is built")
register("gap_detail.station_short", "距最近已建站服务范围 {metres} 米",
         "{metres} m beyond the nearest built station's service radius")
register("gap_detail.no_station_planned", "无已建服务站；规划站 {station} 建成后覆盖",
         "No station is built; planned station {station} will cover it")
register("gap_detail.station_short_planned", "距最近已建站服务范围 {metres} 米；规划站 {station} 建成后覆盖",
         "{metres} m beyond the nearest built station's service radius;"
         " planned station {station} will cover it")
register("gap_detail.no_group", "未建楼栋党小组", "No building party group")
register("gap_detail.unit_no_head", "{units} 个单元中 {missing} 个无单元长",
         "{missing} of {units} stairwell units have no unit head")
register("gap_detail.member_no_building", "未填所在楼栋", "No building given")
register("gap_detail.member_building_missing", "楼栋 {building} 不存在", "Building {building} does not exist")
register("gap_detail.member_building_no_grid", "楼栋 {building} 未划入网格", "Building {building} is in no grid")
register("gap_detail.area_missing", "范围 {area_type} {area_id} 不存在", "Its area, {area_type} {area_id}, does not exist")
_AREA_TYPES = {t: register(f"gap_detail.area.{t}", zh, en) for t, zh, en in (
    ("street", "街道", "street"), ("community", "社区", "community"), ("grid", "网格", "grid"),
    ("compound", "小区", "compound"), ("building", "楼栋", "building"))}


def _details(code, n: int, **columns) -> np.ndarray:
    """``n`` Messages of ``code``; each keyword is a scalar or a sequence of ``n`` values.

    Rows with the same values share one (immutable) Message, built without the
    constructor (the code is checked once): most rows repeat a few values (3 个单元中
    1 个无单元长), so 34,000 unit gaps of the district demo cost a few thousand objects.
    The rows are grouped by hashing each column once (``pandas.factorize``), not
    row by row in Python: a city has hundreds of thousands of gap rows.
    """
    out = np.empty(n, dtype=object)
    if not n:
        return out
    if not columns:
        out[:] = [Message(code)] * n  # one shared, immutable message
        return out
    Message(code)  # an unknown code raises here, once
    keys = tuple(columns)
    values = [np.full(n, v, dtype=object) if np.isscalar(v) or v is None else np.asarray(v, dtype=object)
              for v in columns.values()]
    combined = np.zeros(n, dtype=np.int64)
    for column in values:
        codes, uniques = pd.factorize(column, use_na_sentinel=False)
        combined = pd.factorize(combined * (len(uniques) + 1) + codes)[0].astype(np.int64)  # stays small
    _, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
    new = Message.__new__
    messages = np.empty(len(first), dtype=object)
    for k, row in enumerate(first.tolist()):
        message = messages[k] = new(Message)
        message.code, message.params = code, {key: column[row] for key, column in zip(keys, values)}
    out[:] = messages[inverse.reshape(-1)]
    return out


def _pick(choices: np.ndarray, *options: np.ndarray) -> np.ndarray:
    """Per row, the Message of the option ``choices`` names (0, 1, ...)."""
    out = np.empty(len(choices), dtype=object)
    for i, option in enumerate(options):
        hit = choices == i
        out[hit] = option[hit]
    return out


def detail_texts(details, lang: str | None = None) -> list[str]:
    """The ``detail`` column worded in ``lang`` (default: the current message language);
    plain strings (gap kinds that bring their own text) are kept as they are."""
    return [d.text(lang) if isinstance(d, Message) else ("" if d is None else str(d)) for d in details]

#: type -> (severity, layer, needed_unit, title)
GAP_TYPES: dict[str, tuple[int, str, str, str]] = {
    "grid_no_branch": (3, "grids", "个", "网格未建党支部"),
    "org_area_missing": (3, "organizations", "个", "党组织所辖范围不存在"),
    "grid_out_of_band": (2, "grids", "户", "网格户数不在规定范围"),
    "households_unlinked": (2, "grids", "户", "住户未被党员中心户联系"),
    "building_outside_stations": (2, "buildings", "米", "楼栋不在已建服务站服务半径内"),
    "grid_no_head": (2, "grids", "人", "网格无网格长"),
    "building_no_grid": (2, "buildings", "个", "楼栋未划入网格"),
    "member_no_grid": (2, "members", "人", "党员所在楼栋不在任何网格"),
    "grid_no_staff": (1, "grids", "人", "网格无网格员"),
    "grid_no_partner": (1, "grids", "个", "网格无一级包联单位"),
    "building_no_group": (1, "buildings", "个", "楼栋未建党小组"),
    "unit_no_head": (1, "buildings", "个", "单元无单元长"),
    # the lists and the case loop (geo.lists.gaps): needed = days overdue / days open
    "case_overdue": (3, "cases", "天", "事件超期未办结"),
    "need_unmatched": (2, "needs", "天", "需求长期未认领"),
}
COLUMNS = ["type", "severity", "title", "layer", "id", "name", "community_id", "grid_id",
           "needed", "needed_unit", "households", "detail", "x", "y", "minx", "miny", "maxx", "maxy"]
_BOX = ["minx", "miny", "maxx", "maxy"]


def _rows(kind, ids, names, g, needed, households, detail, boxes) -> dict:
    """One kind's rows as columns of numpy arrays (scalars stand for every row).

    Plain arrays, joined by :func:`_frame` once: a DataFrame per kind costs ~3 ms
    of pandas bookkeeping, most of an edit's few changed rows.
    """
    boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)
    n = len(boxes)
    if isinstance(detail, str):  # one code for every row
        detail = _details(detail, n)

    def column(v, dtype):
        return np.full(n, v, dtype=dtype) if np.isscalar(v) else np.asarray(v, dtype=dtype).reshape(n)

    out = {"type": np.full(n, kind, dtype=object), "id": column(ids, object), "name": column(names, object),
           "g": column(g, np.int64), "needed": column(needed, float), "households": column(households, np.int64),
           "detail": column(detail, object)}
    for k, name in enumerate(_BOX):
        out[name] = boxes[:, k].copy()
    return out


def _frame(parts) -> pd.DataFrame:
    """The kinds' rows (see :func:`_rows`) in one frame, in the order given."""
    parts = list(parts) or [_rows("", [], [], [], [], [], [], [])]
    return pd.DataFrame({c: np.concatenate([p[c] for p in parts]) for c in parts[0]})


def _grid_gaps(s, grids, kind: str, mask, needed, detail) -> pd.DataFrame:
    pos = np.flatnonzero(np.asarray(mask))
    geoms = s.project["grids"].geometry.to_numpy()[pos]
    take = (lambda v: np.asarray(v)[pos]) if not np.isscalar(needed) else (lambda v: v)
    return _rows(kind, grids.index[pos], grids["name"].to_numpy()[pos], pos, take(needed),
                 grids["households"].to_numpy()[pos],
                 detail(pos) if callable(detail) else detail, shapely.bounds(geoms))


def _grid_types(s, within=None, figures=None) -> dict:
    """Makers of the grid gap kinds; ``within`` (bool per grid) keeps only those grids;
    ``figures`` is ``s.grid_frame()`` when the caller has it already."""
    f, r = s.grid_frame() if figures is None else figures, s.rules
    hh = f["households"].to_numpy()
    keep = (lambda mask: np.asarray(mask, dtype=bool)) if within is None else (
        lambda mask: np.asarray(mask, dtype=bool) & within)

    def band(pos):
        n, low, high = len(pos), r.households_min, r.households_max
        return _pick(f["under_band"].to_numpy()[pos].astype(int),
                     _details("gap_detail.over_band", n, households=hh[pos], low=low, high=high),
                     _details("gap_detail.under_band", n, households=hh[pos], low=low, high=high))

    def unlinked(pos):
        return _details("gap_detail.unlinked", len(pos), linked=f["linked_households"].to_numpy()[pos],
                        per=r.households_per_central,
                        needed=f["central_households_needed"].to_numpy()[pos])

    return {
        "grid_no_branch": lambda: _grid_gaps(s, f, "grid_no_branch", keep(~f["has_branch"]), 1,
                                             "gap_detail.no_branch"),
        "grid_out_of_band": lambda: _grid_gaps(s, f, "grid_out_of_band", keep(~f["in_band"]), f["band_needed"],
                                               band),
        "households_unlinked": lambda: _grid_gaps(
            s, f, "households_unlinked", keep(f["unlinked_households"] > 0), f["unlinked_households"], unlinked),
        "grid_no_head": lambda: _grid_gaps(s, f, "grid_no_head", keep(~f["has_grid_head"]), 1,
                                           "gap_detail.no_head"),
        "grid_no_staff": lambda: _grid_gaps(s, f, "grid_no_staff", keep(~f["has_grid_staff"]), 1,
                                            "gap_detail.no_staff"),
        "grid_no_partner": lambda: _grid_gaps(s, f, "grid_no_partner", keep(~f["has_partner"]), 1,
                                              "gap_detail.no_partner"),
    }


def _building_gaps(s, kind, mask, needed, detail) -> pd.DataFrame:
    pos = np.flatnonzero(mask)
    b = s.project["buildings"].iloc[pos]
    take = (lambda v: v) if np.isscalar(needed) else (lambda v: np.asarray(v)[pos])
    return _rows(kind, b.index, building_names(s.project, b), s.b["g"][pos], take(needed),
                 s.b["households"][pos], detail(pos) if callable(detail) else detail, s.bounds[pos])


def building_names(project, b: pd.DataFrame) -> np.ndarray:
    """``compound name + building name`` ("幸福小区1号楼"): building names repeat across compounds."""
    compound = b["compound_id"].map(project["compounds"]["name"]).fillna("")
    return (compound.astype(str) + b["name"].fillna("").astype(str)).to_numpy(dtype=object)


def _station_detail(s, pos) -> np.ndarray:
    ids = np.append(s.stations.ids, None)[s.b["planned_by"][pos]]
    short = pd.Series(s.b["shortfall_m"][pos]).round(0)
    metres = [None if m != m else int(m) for m in short.to_numpy(dtype=float)]
    n = len(pos)
    choice = short.isna().to_numpy().astype(int) + 2 * (~pd.isna(ids)).astype(int)
    return _pick(choice, _details("gap_detail.station_short", n, metres=metres),
                 _details("gap_detail.no_station", n),
                 _details("gap_detail.station_short_planned", n, metres=metres, station=ids),
                 _details("gap_detail.no_station_planned", n, station=ids))


def _building_types(s, within=None) -> dict:
    """Makers of the building gap kinds; ``within`` (bool per building) keeps only those buildings."""
    b = s.b
    keep = (lambda mask: mask) if within is None else (lambda mask: mask & within)
    return {
        "building_no_grid": lambda: _building_gaps(s, "building_no_grid", keep(b["g"] < 0), 1,
                                                   "gap_detail.no_grid"),
        "building_outside_stations": lambda: _building_gaps(
            s, "building_outside_stations", keep(b["cov_built"] == 0), b["shortfall_m"],
            lambda pos: _station_detail(s, pos)),
        "building_no_group": lambda: _building_gaps(s, "building_no_group", keep(b["groups"] == 0), 1,
                                                    "gap_detail.no_group"),
        "unit_no_head": lambda: _building_gaps(
            s, "unit_no_head", keep(b["units_with_head"] < b["units"]), b["units"] - b["units_with_head"],
            lambda pos: _details("gap_detail.unit_no_head", len(pos), units=b["units"][pos],
                                 missing=b["units"][pos] - b["units_with_head"][pos])),
    }


def _member_gaps(s) -> pd.DataFrame:
    mb = s.mt["b"].to_numpy()
    g = np.append(s.b["g"], -1)[mb]
    pos = np.flatnonzero(g < 0)
    members = s.project["members"]
    rows = members.loc[s.mt.index[pos]]
    bid = rows["building_id"].astype(object).to_numpy()
    blank = pd.isna(bid) | (pd.Series(bid).astype(str).str.strip() == "").to_numpy()
    n = len(pos)
    detail = _pick(np.where(blank, 0, np.where(mb[pos] < 0, 1, 2)),
                   _details("gap_detail.member_no_building", n),
                   _details("gap_detail.member_building_missing", n, building=bid),
                   _details("gap_detail.member_building_no_grid", n, building=bid))
    boxes = np.vstack([s.bounds, np.full((1, 4), np.nan)])[mb[pos]]
    return _rows("member_no_grid", rows.index, rows["name"].map(mask_name).to_numpy(),
                 np.full(len(pos), -1), 1, np.zeros(len(pos)), detail, boxes)


def _list_gaps(s, kind) -> pd.DataFrame:
    """Overdue cases and needs unmatched too long, as of today (geo.lists.gaps), from their
    stored states as the lists' figures count them; :class:`GapRows` notes the day, so a
    read on a later day judges them again."""
    from ..lists.gaps import gap_parts  # noqa: PLC0415 (geo.lists is optional to coverage)

    return _rows(kind, **gap_parts(s.project, kind, s.project["grids"].index))


def _org_gaps(s) -> pd.DataFrame:
    ids = s.ot.index[s.ot["missing"].to_numpy().astype(bool)]
    orgs = s.project["organizations"]
    ids = ids[ids.isin(orgs.index)]
    rows = orgs.loc[ids]
    kinds = [Message(_AREA_TYPES[t]) if t in _AREA_TYPES else t for t in rows["area_type"]]
    detail = _details("gap_detail.area_missing", len(ids), area_type=kinds, area_id=rows["area_id"].to_numpy())
    return _rows("org_area_missing", ids, rows["name"].to_numpy(), np.full(len(ids), -1), 1,
                 np.zeros(len(ids)), detail, np.full((len(ids), 4), np.nan))


def gap_frame(s, types=None, community=None) -> pd.DataFrame:
    """All gaps of a :class:`geo.coverage.state.CoverageState`, most severe first.

    Parameters
    ----------
    s : CoverageState
    types : iterable of str, optional
        Only these types (keys of :data:`GAP_TYPES`); unknown types raise ValueError.
    community : str, optional
        Only gaps located in this community (via the feature's grid).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`, fresh RangeIndex.
    """
    wanted = list(GAP_TYPES) if types is None else list(types)
    unknown = [t for t in wanted if t not in GAP_TYPES]
    if unknown:
        raise ValueError(f"unknown gap type(s): {', '.join(unknown)}; known: {', '.join(GAP_TYPES)}")
    makers = _makers(s)
    return _sorted(_locate(s, _frame(makers[t]() for t in wanted), community))


def _makers(s, grids=None, buildings=None, figures=None) -> dict:
    return {**_grid_types(s, grids, figures), **_building_types(s, buildings), **_whole_makers(s)}


def _whole_makers(s) -> dict:
    return {"member_no_grid": lambda: _member_gaps(s), "org_area_missing": lambda: _org_gaps(s),
            **{kind: (lambda kind=kind: _list_gaps(s, kind)) for kind in ("case_overdue", "need_unmatched")}}


#: Kinds not tied to one grid's figures: recomputed whole, but only after edits that can change
#: them (members in no grid, organizations whose area is missing, the lists' kinds dated by today).
_WHOLE_KINDS = ("member_no_grid", "org_area_missing", "case_overdue", "need_unmatched")
LIST_KINDS = ("case_overdue", "need_unmatched")
_KIND_CODES = {t: i for i, t in enumerate(GAP_TYPES)}
_BY_GRID = np.array([GAP_TYPES[t][1] in ("grids", "buildings") for t in GAP_TYPES])
#: above this many changed rows a whole sort beats placing each row by bisection
_MERGE_LIMIT = 2000


class GapRows:
    """A full gap list with what placing rows into it again needs.

    ``frame`` is :func:`gap_frame` (all types, all communities); ``g`` the grid
    position and ``kind`` the :data:`GAP_TYPES` position of each row (so finding
    the rows an edit replaces compares integers, not 50,000 ids); ``day`` the
    date the lists' kinds were judged on.
    """

    __slots__ = ("frame", "g", "kind", "day", "str_ids")

    def __init__(self, s, frame: pd.DataFrame):
        self.frame = frame
        self.g = _grid_codes(s, frame)
        self.kind = frame["type"].map(_KIND_CODES).to_numpy(dtype=np.int64)
        self.day = _today()
        self.str_ids = _string_ids(frame)


def _grid_codes(s, frame: pd.DataFrame) -> np.ndarray:
    grid_id = frame["grid_id"]
    codes = s.project["grids"].index.get_indexer(grid_id.where(grid_id.notna(), "\0"))
    return np.asarray(codes, dtype=np.int64)


def _string_ids(frame: pd.DataFrame) -> bool:
    ids = frame["id"].to_numpy(dtype=object)
    return not len(ids) or pd.api.types.infer_dtype(ids, skipna=False) == "string"


def _today() -> str:
    from ..lists.counts import day_text  # noqa: PLC0415 (geo.lists is optional to coverage)

    return day_text(None)


def updated_gap_frame(s, previous: pd.DataFrame, grids) -> pd.DataFrame:
    """The full gap list after an edit, recomputing only the rows the edit can have changed.

    ``previous`` is :func:`gap_frame` (all types, all communities) before the
    edit; ``grids`` are the positions of the grids whose figures or gap rows the
    edit changed. Every kind in ``_WHOLE_KINDS`` is made again (see
    :func:`update_gap_rows` to say which). The result equals ``gap_frame(s)``.
    """
    return update_gap_rows(s, GapRows(s, previous), grids).frame


def update_gap_rows(s, previous: GapRows, grids, whole=None, figures=None) -> GapRows:
    """``previous`` with the rows of grids ``grids`` and kinds ``whole`` made again.

    Rows of the grids at positions ``grids`` and of the buildings in them (or in
    no grid) are computed again, with the kinds ``whole`` of ``_WHOLE_KINDS``
    (None: all of them; the lists' kinds always when the day changed); every
    other row is kept, in place. The new rows are placed by bisection into the
    kept ones, which are sorted already, so the result equals ``gap_frame(s)``
    (the sort is total: type and id break ties) without sorting the whole list.
    An edit that inserts or deletes grids, communities or buildings shifts the
    positions: call :func:`gap_frame` then. ``figures`` is ``s.grid_frame()`` when the
    caller has it already.
    """
    whole = set(_WHOLE_KINDS if whole is None else whole)
    day = _today()
    if day != previous.day:
        whole.update(LIST_KINDS)
    grids = np.asarray(list(grids), dtype=np.int64)
    grids = grids[(grids >= 0) & (grids < s.G)]
    sel = np.zeros(s.G + 1, dtype=bool)
    sel[grids] = True
    sel[s.G] = True  # buildings in no grid: few, and nothing names them
    redo = np.zeros(len(GAP_TYPES), dtype=bool)
    redo[[_KIND_CODES[k] for k in whole]] = True
    stale = redo[previous.kind] | (_BY_GRID[previous.kind] & sel[previous.g])  # g -1: sel[-1] (no grid)
    b_sel = sel[np.where(s.b["g"] < 0, s.G, s.b["g"])]
    makers = _makers(s, sel[:s.G], b_sel, figures)  # the kinds of no grid ignore the selection
    parts = [makers[t]() for t in GAP_TYPES if t in whole or t not in _WHOLE_KINDS]
    fresh = _sorted(_locate(s, _frame(parts), None))
    keep = np.flatnonzero(~stale)
    merged = _merged(previous, keep, fresh)
    rows = GapRows.__new__(GapRows)
    rows.day = day
    if merged is None:  # many rows, or ids the bisection cannot compare: sort the whole list
        kept = previous.frame.take(keep)
        rows.frame = _sorted(pd.concat([p for p in (kept, fresh) if len(p)] or [fresh], ignore_index=True))
        rows.g, rows.kind = _grid_codes(s, rows.frame), rows.frame["type"].map(_KIND_CODES).to_numpy(np.int64)
        rows.str_ids = _string_ids(rows.frame)
        return rows
    rows.frame, order = merged
    rows.g = np.concatenate([previous.g, _grid_codes(s, fresh)])[order]
    rows.kind = np.concatenate([previous.kind, fresh["type"].map(_KIND_CODES).to_numpy(np.int64)])[order]
    rows.str_ids = True
    return rows


def _merged(previous: GapRows, keep: np.ndarray, fresh: pd.DataFrame):
    """Rows ``keep`` of the previous list with the sorted ``fresh`` rows placed among them, and
    the order (positions into the previous rows, then the fresh ones); None when bisection
    does not apply (see :func:`update_gap_rows`)."""
    import bisect  # noqa: PLC0415

    old = previous.frame
    if len(fresh) > _MERGE_LIMIT or not previous.str_ids or not _string_ids(fresh) \
            or any(old[c].dtype != fresh[c].dtype for c in COLUMNS):
        return None
    # read row by row by the bisection only: no copy of a whole column
    sev, hh = old["severity"].array, old["households"].to_numpy()
    needed, kinds, ids = old["needed"].to_numpy(dtype=float), old["type"].to_numpy(), old["id"].to_numpy()

    def key(i):  # the lexsort key of _sorted, row by row
        n = needed[i]
        return -sev[i], -hh[i], np.inf if n != n else -n, kinds[i], str(ids[i])

    f_sev, f_hh = fresh["severity"].to_numpy(dtype=np.int64), fresh["households"].to_numpy(dtype=float)
    f_needed, f_kinds, f_ids = fresh["needed"].to_numpy(dtype=float), fresh["type"].to_numpy(), fresh["id"].to_numpy()
    at = np.empty(len(fresh), dtype=np.int64)
    low = 0
    for j in range(len(fresh)):  # fresh is sorted: each row lands at or after the one before
        n = f_needed[j]
        k = (-f_sev[j], -f_hh[j], np.inf if n != n else -n, f_kinds[j], str(f_ids[j]))
        low = at[j] = bisect.bisect_right(keep, k, lo=low, key=key)
    # positions into previous rows then fresh rows, in the final order
    order = np.insert(keep, at, len(old) + np.arange(len(fresh)))
    # the runs of consecutive rows, copied whole: gathering every row by position (``take``)
    # costs ~170 ms on a city's 550,000 rows, copying the runs a third of that
    n = len(old)
    # a run never spans the last previous row and the first fresh one (n - 1, n)
    breaks = np.flatnonzero((np.diff(order) != 1) | (order[1:] == n)) + 1
    starts, ends = np.concatenate([[0], breaks]), np.concatenate([breaks, [len(order)]])
    pieces = [old.iloc[order[a]:order[a] + (b - a)] if order[a] < n
              else fresh.iloc[order[a] - n:order[a] - n + (b - a)] for a, b in zip(starts, ends)]
    out = pd.concat(pieces or [fresh], ignore_index=True)
    return out, order


_SEVERITY = {t: v[0] for t, v in GAP_TYPES.items()}
_META = {name: {t: v[i] for t, v in GAP_TYPES.items()} for i, name in ((1, "layer"), (2, "needed_unit"),
                                                                        (3, "title"))}


def _locate(s, f: pd.DataFrame, community) -> pd.DataFrame:
    """Grid and community ids, the kinds' fixed columns and the centre of each row."""
    g = f.pop("g").to_numpy()
    grid_ids = np.append(s.project["grids"].index.to_numpy().astype(object), None)
    comm_of_grid = np.append(s.project["grids"]["community_id"].to_numpy().astype(object), None)
    f["grid_id"] = grid_ids[g]
    f["community_id"] = comm_of_grid[g]
    if community is not None:
        f = f[f["community_id"] == community].copy()
    kinds = f["type"]
    f["severity"] = kinds.map(_SEVERITY).astype("Int64")
    for name, values in _META.items():
        f[name] = kinds.map(values).astype(object)
    f["x"] = (f["minx"] + f["maxx"]) / 2
    f["y"] = (f["miny"] + f["maxy"]) / 2
    return f[COLUMNS]


def _sorted(f: pd.DataFrame) -> pd.DataFrame:
    """Severity, households and needed descending (NaN last), then type and id: one ``lexsort``."""
    ids = f["id"].to_numpy(dtype=object)
    if len(f) and pd.api.types.infer_dtype(ids, skipna=False) == "string":
        needed = f["needed"].to_numpy(dtype=float)
        kinds = pd.factorize(f["type"], sort=True)[0]
        order = np.lexsort((ids.astype(str), kinds, np.where(np.isnan(needed), np.inf, -needed),
                            -f["households"].to_numpy(dtype=float), -f["severity"].to_numpy(dtype=np.int64)))
        out = f.take(order)
    else:  # ids of other types (or none): pandas compares them as Python does
        out = f.sort_values(["severity", "households", "needed", "type", "id"],
                            ascending=[False, False, False, True, True], kind="stable")
    out.index = pd.RangeIndex(len(out))  # the rows are a fresh copy already: no second one
    return out


def building_frame(s) -> pd.DataFrame:
    """Per-building derived columns (for map styling and the building table)."""
    b, frame = s.b, s.project["buildings"]
    g = b["g"]
    grid_ids = np.append(s.project["grids"].index.to_numpy().astype(object), None)
    return pd.DataFrame({
        "building_id": frame.index.to_numpy(), "grid_id": grid_ids[g],
        "households": b["households"], "units": b["units"], "units_with_head": b["units_with_head"],
        "members": b["members"], "central_households": b["central_households"],
        "linked_households": np.minimum(b["linked_raw"], b["households"]),
        "has_group": b["groups"] > 0, "has_partner": b["partners"] > 0,
        "station_covered": b["cov_built"] > 0, "station_covered_with_planned": b["cov_any"] > 0,
        "planned_station_id": np.append(s.stations.ids, None)[b["planned_by"]],
        "station_shortfall_m": b["shortfall_m"],
    }, index=frame.index)

