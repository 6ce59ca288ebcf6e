"""A realistic year of 三项清单 for the demo street: needs, resources, and the projects that match them.

About ten needs and six resources per grid and year; most needs are claimed
within a few weeks by a partner unit, a member or the grid branch (the
resource's provider, preferring the partner that takes the need's grid,
compound or building under 四包), some get a second project, a few stay open
long enough to show in the gap list. The case loop is :mod:`geo.demo.cases`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import people
from .cases import cases
from .list_common import DAYS, END, Places, date_text, in_time_order, list_frame

NEEDS_PER_GRID = 10
#: category -> (share of needs, titles)
NEED_KINDS = {
    "养老助餐": (0.16, ("独居老人助餐", "老年食堂送餐上门", "高龄老人上门探访")),
    "设施维修": (0.20, ("楼道灯损坏", "单元门禁故障", "暖气不热", "屋顶漏水", "下水管道堵塞")),
    "环境卫生": (0.16, ("楼道杂物清理", "垃圾分类点异味", "绿化带杂草清理", "蚊虫消杀")),
    "停车管理": (0.12, ("非机动车充电桩", "小区停车位紧张", "消防通道占用")),
    "助老助残": (0.10, ("无障碍坡道", "助浴服务", "代购代办")),
    "文体活动": (0.12, ("广场舞场地", "儿童暑期托管", "老年大学课程")),
    "就业帮扶": (0.06, ("失业人员技能培训", "灵活就业岗位推荐")),
    "政策咨询": (0.08, ("医保政策咨询", "法律咨询", "养老保险咨询")),
}
#: resource category -> (unit, quantity range, titles)
RESOURCE_KINDS = {
    "志愿服务": ("小时", (20, 200), ("志愿服务队", "党员志愿服务")),
    "场地": ("平方米", (30, 300), ("会议室共享", "活动室开放")),
    "资金": ("元", (2000, 50000), ("共建资金", "微心愿资金")),
    "养老助餐": ("次", (50, 500), ("爱心助餐", "老年餐补贴")),
    "设施维修": ("次", (10, 100), ("水电维修服务", "门禁维修")),
    "环境卫生": ("次", (10, 60), ("环境整治志愿", "清运车辆支援")),
    "停车管理": ("个", (10, 80), ("错时共享车位", "充电桩捐建")),
    "助老助残": ("次", (20, 120), ("上门助浴", "代购代办服务")),
    "文体活动": ("次", (5, 30), ("文艺演出", "暑期托管课堂")),
    "就业帮扶": ("个", (5, 40), ("就业岗位", "技能培训名额")),
    "政策咨询": ("次", (10, 60), ("法律咨询", "政策宣讲")),
}


def demo_lists(layers: dict, seed: int) -> dict:
    """The needs, resources, projects, cases and case_events layers for demo ``layers``.

    Deterministic for ``seed`` (its own random stream: the other layers do not change).
    """
    rng = np.random.default_rng([seed, 15])
    places = Places.of(layers)
    need_rows = _needs(places, len(layers["grids"]), rng)
    resource_rows = _resources(layers, places, rng)
    project_rows, need_rows = _projects(need_rows, resource_rows, layers, places, rng)
    case_rows, event_rows = cases(places, len(layers["grids"]), rng)
    return {
        "needs": list_frame("needs", need_rows, places.point_of(need_rows["target_type"], need_rows["target_id"])),
        "resources": list_frame("resources", resource_rows,
                                places.point_of(resource_rows["target_type"], resource_rows["target_id"])),
        "projects": list_frame("projects", project_rows,
                               places.point_of(project_rows["need_type"], project_rows["need_target"])),
        "cases": list_frame("cases", case_rows, places.point_of(case_rows["target_type"], case_rows["target_id"])),
        "case_events": list_frame("case_events", event_rows),
    }


def _titles(categories, kinds: dict, index: int, rng) -> np.ndarray:
    return np.array([kinds[c][index][rng.integers(len(kinds[c][index]))] for c in categories], dtype=object)


def _needs(places: Places, grids: int, rng) -> pd.DataFrame:
    n = int(rng.poisson(NEEDS_PER_GRID * grids))
    kinds = list(NEED_KINDS)
    shares = np.array([NEED_KINDS[k][0] for k in kinds])
    category = np.array(kinds, dtype=object)[rng.choice(len(kinds), n, p=shares / shares.sum())]
    category, day = in_time_order(category, rng)
    rows = places.pick(n, (0.6, 0.25, 0.15), rng)
    reported = rng.random(n) < 0.7  # the rest come from the grid branch's own visits
    male = rng.random(n) < 0.45
    rows = rows.assign(
        need_id=[f"N{i:04d}" for i in range(1, n + 1)], category=category, day=day,
        title=_titles(category, NEED_KINDS, 1, rng), created_at=[date_text(d) for d in day],
        reporter_name=np.where(reported, people.person_names(male, rng), None),
        reporter_phone=np.where(reported, people.phone_numbers(n, rng), None),
        org_id=places.branch_of_grid.reindex(rows["grid_id"]).to_numpy(dtype=object), note=None)
    return rows


def _resources(layers, places: Places, rng) -> pd.DataFrame:
    links = layers["partner_links"]
    partners = layers["partners"]
    by_partner = links.groupby("partner_id").head(1).set_index("partner_id")  # one place each partner names
    offers = []
    for pid in partners["partner_id"]:
        for _ in range(int(rng.integers(2, 6))):
            offers.append(("partner", pid) + (tuple(by_partner.loc[pid, ["target_type", "target_id"]])
                                              if pid in by_partner.index else (None, None)))
    members = layers["members"]
    volunteers = members[members["kind"] == "in_service"]
    take = rng.choice(len(volunteers), size=min(len(volunteers), max(10, 2 * len(layers["grids"]))), replace=False)
    for _, member in volunteers.iloc[np.sort(take)].iterrows():
        offers.append(("member", member["member_id"], "building", member["building_id"]))
    rows = pd.DataFrame(offers, columns=["provider_type", "provider_id", "target_type", "target_id"])
    n = len(rows)
    kinds = list(RESOURCE_KINDS)
    category = np.array(kinds, dtype=object)[rng.integers(len(kinds), size=n)]
    category = np.where(rows["provider_type"] == "member", np.where(rng.random(n) < 0.6, "志愿服务", category), category)
    low_high = np.array([RESOURCE_KINDS[c][1] for c in category], dtype=float)
    quantity = np.round(low_high[:, 0] + rng.random(n) * (low_high[:, 1] - low_high[:, 0]), -1)
    return rows.assign(resource_id=[f"R{i:04d}" for i in range(1, n + 1)], category=category,
                       title=_titles(category, RESOURCE_KINDS, 2, rng), quantity=np.maximum(quantity, 5.0),
                       unit=[RESOURCE_KINDS[c][0] for c in category], note=None)


def _projects(needs: pd.DataFrame, resources: pd.DataFrame, layers, places: Places, rng):
    """Claim most needs; a need's status follows its projects."""
    responsible = _responsible_resources(layers, resources, places)
    by_category = resources.groupby("category")["resource_id"].apply(list).to_dict()
    rows, status = [], needs["day"].map(lambda _: "open").to_numpy(dtype=object)
    for i, need in enumerate(needs.itertuples()):
        claim_day = need.day + int(rng.exponential(9))
        stale = rng.random() < 0.06  # nobody takes it: a gap after need_unmatched_days
        if claim_day >= DAYS or stale:
            continue
        done = []
        for extra in range(1 + (rng.random() < 0.25)):
            resource = _choose(need, responsible, by_category, resources, rng)
            day = min(claim_day + extra * int(rng.integers(0, 6)), DAYS - 1)
            finish = day + int(rng.integers(3, 45))
            row = resources.loc[resources["resource_id"] == resource].iloc[0]
            kind, who = row["provider_type"], row["provider_id"]
            if rng.random() < 0.1 and isinstance(need.org_id, str):
                kind, who = "org", need.org_id  # the grid branch takes it on itself
            state = "done" if finish < DAYS else ("in_progress" if DAYS - day > 3 else "claimed")
            done.append(state == "done")
            rows.append({"need_id": need.need_id, "resource_id": resource, "title": need.title,
                         "claimed_by_type": kind, "claimed_by": who, "claimed_at": date_text(day), "status": state,
                         "done_at": date_text(finish) if state == "done" else None, "note": None,
                         "need_type": need.target_type, "need_target": need.target_id, "day": day})
        status[i] = "done" if all(done) else "claimed"
    projects = pd.DataFrame(rows).sort_values(["day", "need_id"], kind="stable").reset_index(drop=True)
    projects["project_id"] = [f"P{i:04d}" for i in range(1, len(projects) + 1)]
    return projects, needs.assign(status=status)


def _responsible_resources(layers, resources, places: Places) -> dict:
    """(target_type, target_id) -> resource ids of partners linked there (四包)."""
    links = layers["partner_links"]
    partner_resources = resources[resources["provider_type"] == "partner"].groupby("provider_id")["resource_id"].apply(list)
    out: dict = {}
    for partner, kind, target in zip(links["partner_id"], links["target_type"], links["target_id"]):
        out.setdefault((kind, target), []).extend(partner_resources.get(partner, []))
    return out


def _choose(need, responsible: dict, by_category: dict, resources, rng) -> str:
    keys = [(need.target_type, need.target_id), ("grid", need.grid_id)]
    mine = [r for key in keys for r in responsible.get(key, [])]
    same = set(by_category.get(need.category, []))
    for pool in ([r for r in mine if r in same], sorted(same), mine):
        if pool:
            return pool[int(rng.integers(len(pool)))]
    return resources["resource_id"].iloc[int(rng.integers(len(resources)))]


__all__ = ["demo_lists", "END"]
