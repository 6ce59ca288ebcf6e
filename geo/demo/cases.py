"""A year of the case loop for the demo street: found → triaged → handled → closed → visited.

About fifteen cases per grid and year, seasonal by category (sanitation in
summer, repairs in winter); most are closed within their category's time limit
(the default rules), a few late, a few returned or escalated, one in thirty
reopened; most closed cases get a satisfaction visit (mostly 4–5). Every step
is a ``case_events`` row. Cases still open at the end of the demo year keep
their state, and a handful of stalled ones are overdue.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..rules import Rules
from . import people
from .list_common import DAYS, Places, date_text, in_time_order, time_text

CASES_PER_GRID = 15
#: category -> (share, titles, handler type)
CASE_KINDS = {
    "矛盾纠纷": (0.28, ("邻里噪音纠纷", "楼上漏水引发矛盾", "宠物扰民", "物业费纠纷", "家庭矛盾调解"), "mediation"),
    "环境卫生": (0.22, ("楼道堆物", "垃圾清运不及时", "私搭乱建", "小广告清理"), "grid"),
    "设施维修": (0.20, ("路灯不亮", "井盖破损", "暖气管道漏水", "电梯故障"), "street_dept"),
    "停车管理": (0.15, ("车辆乱停乱放", "占用消防通道", "僵尸车清理"), "community"),
    "治安巡防": (0.06, ("电动车入户充电", "可疑人员出入"), "grid"),
    "养老助餐": (0.04, ("独居老人无人照料", "助餐点排队过长"), "community"),
    "其他": (0.05, ("其他事项",), "grid"),
}
SOURCES = {"patrol": 0.45, "resident": 0.35, "central_household": 0.15, "other": 0.05}
DEPARTMENTS = ("城管科", "社会事务科", "平安建设办", "物业管理办")
SCORES = {5: 0.6, 4: 0.3, 3: 0.07, 2: 0.02, 1: 0.01}
STALLED = 5  # cases that stall in handling weeks before the year ends: overdue


def cases(places: Places, grids: int, rng) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The cases and case_events rows (not yet layer frames)."""
    n = int(rng.poisson(CASES_PER_GRID * grids))
    kinds = list(CASE_KINDS)
    shares = np.array([CASE_KINDS[k][0] for k in kinds])
    category = np.array(kinds, dtype=object)[rng.choice(len(kinds), n, p=shares / shares.sum())]
    category, day = in_time_order(category, rng)
    start = day + 0.33 + rng.random(n) * 0.45  # 8:00 to 18:50
    rows = places.pick(n, (0.7, 0.15, 0.15), rng)
    source = np.array(list(SOURCES), dtype=object)[rng.choice(len(SOURCES), n, p=list(SOURCES.values()))]
    named = np.isin(source, ["resident", "central_household"])
    male = rng.random(n) < 0.5
    rules = Rules()
    late_starters = np.flatnonzero((start > DAYS - 60) & (start < DAYS - 25))
    stalled = set(rng.choice(late_starters, min(STALLED, len(late_starters)), replace=False))
    case_rows, events = [], []
    for i in range(n):
        case_id = f"C{i + 1:04d}"
        limit = rules.case_limit_days(category[i])
        steps = _steps(start[i], limit, i in stalled, rng)
        kept = [s for s in steps if s[1] < DAYS]  # what happened by the end of the year
        handler = CASE_KINDS[category[i]][2]
        state = kept[-1][0]
        closing = [t for s, t in kept if s == "closed"]
        visited = state == "visited"
        case_rows.append({
            "case_id": case_id, "title": CASE_KINDS[category[i]][1][rng.integers(len(CASE_KINDS[category[i]][1]))],
            "category": category[i], "source": source[i], "state": state, "handler_type": handler,
            "handler_id": _handler_id(handler, rows.iloc[i], places, rng),
            "reported_at": date_text(start[i]), "due_at": date_text(int(start[i]) + limit),
            "closed_at": date_text(closing[-1]) if state in ("closed", "visited") and closing else None,
            "satisfaction": int(rng.choice(list(SCORES), p=list(SCORES.values()))) if visited else None,
            "note": None})
        events += [{"case_id": case_id, "time": time_text(t), "from_state": prev, "to_state": s,
                    "actor": _actor(s, handler), "note": None}
                   for (s, t), prev in zip(kept, [None] + [s for s, _ in kept[:-1]])]
    frame = pd.concat([pd.DataFrame(case_rows), rows[["target_type", "target_id"]]], axis=1)
    frame["reporter_name"] = np.where(named, people.person_names(male, rng), None)
    frame["reporter_phone"] = np.where(named, people.phone_numbers(n, rng), None)
    events = pd.DataFrame(events)
    events.insert(0, "event_id", [f"E{i:06d}" for i in range(1, len(events) + 1)])
    return frame, events


def _steps(t: float, limit: int, stalled: bool, rng) -> list[tuple[str, float]]:
    """(state, time in days) of one case's life, from "found" on."""
    steps = [("found", t)]
    if rng.random() < 0.04:  # not ours to handle: sent back, then triaged again
        steps += [("returned", t + 0.1), ("triage", t + 1.0 + rng.random())]
    else:
        steps.append(("triage", t + 0.05 + rng.random() * 0.8))
    if rng.random() < 0.05:  # beyond the grid: escalated to the street
        steps += [("escalated", steps[-1][1] + 0.5), ("in_progress", steps[-1][1] + 1.5 + rng.random())]
    else:
        steps.append(("in_progress", steps[-1][1] + rng.random() * 0.5))
    if stalled:
        return steps
    late = rng.random() < 0.08
    took = limit * (1.05 + rng.random() if late else 0.15 + rng.random() * 0.8)
    close = max(t + took, steps[-1][1] + 0.1)
    steps.append(("closed", close))
    if rng.random() < 0.03:  # the resident says it is not solved: reopened and closed again
        steps += [("in_progress", close + 2), ("closed", close + 3 + rng.random() * 3)]
    if rng.random() < 0.88:
        steps.append(("visited", steps[-1][1] + 1 + rng.random() * 4))
    return steps


def _handler_id(handler: str, row, places: Places, rng):
    if handler == "grid":
        return row["grid_id"]
    if handler == "community":
        return places.community_of_grid.get(row["grid_id"])
    if handler == "street_dept":
        return DEPARTMENTS[int(rng.integers(len(DEPARTMENTS)))]
    return "人民调解委员会"


def _actor(state: str, handler: str) -> str:
    return {"found": "网格员", "triage": "网格党支部", "returned": "网格党支部", "escalated": "社区党委",
            "visited": "社区党委"}.get(state, {"mediation": "调解队", "street_dept": "街道部门",
                                                  "community": "社区", "grid": "网格员"}.get(handler, "网格员"))
