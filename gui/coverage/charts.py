"""The three coverage charts: households per grid against the band, coverage shares,
planned against actual.

Each chart has a ``data_from(model, project, community)`` that reads the
:class:`geo.coverage.CoverageModel` into plain data, and draws it with
:class:`gui.coverage.chart_base.BarChart`. ``community`` (an id or None)
narrows a chart to one community.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtGui import QFontMetrics

from .chart_base import BRIGHT, BarChart, cjk_font
from .labels import CHART_LABELS, tr

BAND_COLOURS = {"in": BRIGHT[0], "under": BRIGHT[3], "over": BRIGHT[4]}
BAR = 0.7  # bar thickness in category units
#: The planned chart's axis ends at most here (percent), whatever room its counts would want.
MAX_TOP = 400.0
#: Pixels around a written count (pyqtgraph's text item has a margin).
COUNT_PADDING = 6


#: More grids than this in scope: the households chart shows how many grids fall in each
#: households range (tens of bars) instead of one bar per grid (50,000 at city: unreadable, ~1 s).
BARS_UP_TO = 200
#: Bin widths tried for the histogram; one that divides both band limits keeps each bin on one side.
NICE_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000)
HISTOGRAM_BINS = 30
#: More rows than this in a chart of grouped bars (several per row): only this many are shown.
GROUPS_UP_TO = 40


class HouseholdsChart(BarChart):
    """Households per grid against the band (shaded): one bar per grid, out-of-band bars coloured;
    for a scope of more than :data:`BARS_UP_TO` grids a histogram of grids per households range."""

    @staticmethod
    def data_from(model, project, community=None) -> dict:
        grids = model.grids
        if community is not None:
            grids = grids[grids["community_id"] == community]
        rules = project.rules
        common = {"min": rules.households_min, "max": rules.households_max, **_households_quality(grids)}
        if len(grids) > BARS_UP_TO:
            return {"histogram": True, **_households_histogram(grids, common["min"], common["max"]), **common}
        grids = grids.sort_values("households", ascending=False, kind="stable")
        return {"ids": grids.index.tolist(), "labels": grids["name"].astype(str).tolist(),
                "households": grids["households"].to_numpy(dtype=float),
                "band": grids["band"].astype(str).tolist(), **common}

    def draw(self, data) -> None:
        if data.get("histogram"):
            self._draw_histogram(data)
            return
        self.set_title(self.tr("各网格户数与规定范围"), self.households_note(data))
        self.set_axis_label("bottom", self.tr("户数"))
        self.add_legend()
        n, hh, band = len(data["ids"]), data["households"], np.array(data["band"], dtype=object)
        self._add_band(data)
        names = self._band_names()
        for kind, colour in BAND_COLOURS.items():
            pos = np.flatnonzero(band == kind)
            rects = [(0, i - BAR / 2, hh[i], i + BAR / 2) for i in pos]
            self.add_bars(rects, [colour] * len(pos), "grids", [data["ids"][i] for i in pos],
                          name=f"{names[kind]} ({len(pos)})")  # named items join the legend
        self.set_categories("left", data["labels"])
        self.plotItem.invertY(True)
        self.plotItem.setYRange(-0.6, max(n, 1) - 0.4, padding=0)
        self.plotItem.setXRange(0, max(float(hh.max()) if n else 0, data["max"]) * 1.05, padding=0)
        self.plotItem.getAxis("bottom").setGrid(60)

    def _draw_histogram(self, data) -> None:
        """Grids per households range, stacked by band (under, in, over), the band shaded."""
        self.set_title(self.tr("各网格户数分布与规定范围"), self.households_note(data))
        self.set_axis_label("bottom", self.tr("户数"))
        self.set_axis_label("left", self.tr("网格数"))
        self.add_legend()
        self._add_band(data)
        edges, names = data["edges"], self._band_names()
        base = np.zeros(len(edges) - 1)
        for kind, colour in BAND_COLOURS.items():
            counts = data["counts"][kind]
            rects = np.column_stack([edges[:-1], base, edges[1:], base + counts])[counts > 0]
            self.add_bars(rects, [colour] * max(len(rects), 1), None, [],
                          name=f"{names[kind]} ({int(counts.sum())})")
            base = base + counts
        top = float(base.max()) if len(base) else 1.0
        self.plotItem.setYRange(0, max(top, 1.0) * 1.05, padding=0)
        self.plotItem.setXRange(float(edges[0]), float(edges[-1]), padding=0)
        self.plotItem.getAxis("left").setGrid(60)

    def _add_band(self, data) -> None:
        region = pg.LinearRegionItem((data["min"], data["max"]), orientation="vertical", movable=False,
                                     brush=pg.mkBrush(34, 136, 51, 40), pen=pg.mkPen("#228833", width=2))
        self.plotItem.addItem(region)

    def _band_names(self) -> dict:
        return {"in": self.tr("在范围内"), "under": self.tr("低于范围"), "over": self.tr("高于范围")}


def _households_histogram(grids, low: float, high: float) -> dict:
    """Bin edges and, per band, how many grids fall in each bin."""
    hh = grids["households"].to_numpy(dtype=float)
    hh = np.where(np.isfinite(hh), hh, 0.0)
    top = max(float(hh.max()) if len(hh) else 0.0, float(high)) + 1
    fitting = [s for s in NICE_STEPS if s * HISTOGRAM_BINS >= top] or [NICE_STEPS[-1]]
    # a step dividing both limits puts the band's edges on bin edges (a bin lies on one side)
    step = next((s for s in fitting[:3] if low % s == 0 and high % s == 0), fitting[0])
    edges = np.arange(0.0, np.ceil(top / step) * step + step / 2, step)
    band = grids["band"].astype(str).to_numpy()
    counts = {kind: np.histogram(hh[band == kind], bins=edges)[0] for kind in BAND_COLOURS}
    return {"edges": edges, "counts": counts}


class SharesChart(BarChart):
    """Coverage shares per community (or per grid of one community) as grouped bars."""

    SERIES = {  # label key -> (community figure, grid figure)
        "branch": ("grid_branch_share", "has_branch"),
        "group": ("building_group_share", "building_group_share"),
        "unit_head": ("unit_head_share", "unit_head_share"),
        "linked": ("linked_share", "linked_share"),
        "station": ("station_coverage_share", "station_coverage_share"),
    }

    @staticmethod
    def data_from(model, project, community=None) -> dict:
        if community is None:
            rows, layer, which = model.communities, "communities", 0
        else:
            rows, layer, which = model.grids[model.grids["community_id"] == community], "grids", 1
        values = pd.DataFrame({k: pd.to_numeric(rows[spec[which]], errors="coerce").astype(float) * 100
                               for k, spec in SharesChart.SERIES.items()}, index=rows.index)
        total, quality = len(rows), _households_quality(rows)
        if total > GROUPS_UP_TO:  # thousands of communities at city: the lowest covered first
            values = values.loc[values.mean(axis=1).sort_values(kind="stable").index[:GROUPS_UP_TO]]
            rows = rows.loc[values.index]
        return {"layer": layer, "ids": rows.index.tolist(), "labels": rows["name"].astype(str).tolist(),
                "values": {k: values[k].to_numpy() for k in SharesChart.SERIES}, "total": total, **quality}

    def draw(self, data) -> None:
        notes = [self.shown_of_note(data, self.tr("覆盖率最低的 {n} 个（共 {total} 个）")),
                 self.households_note(data)]
        self.set_title(self.tr("覆盖率（%）"), "；".join(n for n in notes if n) or None)
        self.set_axis_label("left", "%")
        self.add_legend()
        n, k = len(data["ids"]), len(self.SERIES)
        width = 0.8 / k
        for j, (key, colour) in enumerate(zip(self.SERIES, BRIGHT)):
            v = np.nan_to_num(data["values"][key])
            x0 = np.arange(n) - 0.4 + j * width
            rects = np.column_stack([x0, np.zeros(n), x0 + width, v])
            self.add_bars(rects, [colour] * n, data["layer"], data["ids"],
                          name=tr(CHART_LABELS[key]))
        self.set_categories("bottom", _short_labels(data["labels"]))
        self.plotItem.setYRange(0, 105, padding=0)
        self.plotItem.setXRange(-0.6, max(n, 1) - 0.4, padding=0)
        self.plotItem.getAxis("left").setGrid(60)


class PlannedChart(BarChart):
    """Actual against planned or required, as a share of the target with the counts written."""

    _counts: tuple = ()  # (where a row's counts start, their width in pixels) per row

    @staticmethod
    def data_from(model, project, community=None) -> dict:
        row = model.street if community is None else model.communities.loc[community].to_dict()
        items = [("branch", row["grids_with_branch"], row["grids"]),
                 ("grid_head", row["grids_with_grid_head"], row["grids"]),
                 ("central", row["central_households"], row["central_households_required"]),
                 ("linked_households", row["linked_households"], row["households"]),
                 ("unit_head", row["units_with_head"], row["units"]),
                 ("group", row["buildings_with_group"], row["buildings"])]
        built, planned = _station_counts(project, community)
        if built + planned:
            items.insert(0, ("stations", built, built + planned))
        return {"items": [(key, int(a or 0), int(t or 0)) for key, a, t in items]}

    def draw(self, data) -> None:
        self.set_title(self.tr("实有与应有（规划）对比"))
        self.set_axis_label("bottom", self.tr("完成比例（%）"))
        items = data["items"]
        pct = np.array([a / t * 100 if t else 0.0 for _, a, t in items])
        target = [(0, i - BAR / 2, 100, i + BAR / 2) for i in range(len(items))]
        self.add_bars(target, ["#DDDDDD"] * len(items), None, [])
        colours = [BRIGHT[2] if p >= 100 else BRIGHT[0] for p in pct]
        self.add_bars([(0, i - BAR / 3, p, i + BAR / 3) for i, p in enumerate(pct)], colours, None, [])
        metrics, counts = QFontMetrics(cjk_font(self.look.bar_label_px)), []
        for i, (_, actual, total) in enumerate(items):
            text, start = f"{actual:,} / {total:,}", max(pct[i], 100) + 1
            self.add_text(text, start, i)
            counts.append((start, metrics.horizontalAdvance(text) + 2 * COUNT_PADDING))
        self._counts = tuple(counts)
        self.set_categories("left", [tr(CHART_LABELS[key]) for key, _, _ in items])
        self.plotItem.invertY(True)
        self.plotItem.setYRange(-0.6, max(len(items), 1) - 0.4, padding=0)
        # percent of the target: past 100 only the counts are written, and over-achievers drawn
        self.plotItem.getAxis("bottom").setTicks([[(v, str(v)) for v in (0, 50, 100)], [(25, ""), (75, "")]])
        self.plotItem.addItem(pg.InfiniteLine(100, angle=90, pen=pg.mkPen("#555555", width=1.5)))
        self._fit_counts()

    def _fit_data_area(self) -> None:
        super()._fit_data_area()
        self._fit_counts()

    def _fit_counts(self) -> None:
        """Widen the axis past 100 % until every row's counts fit beside its bar (they were cut
        off in a dock: 110 % left 30 pixels for "11,962 / 16,526")."""
        if not self._counts or self.data is None or self.plotItem is None:
            return
        width = self.plotItem.vb.width()
        top = 110.0
        for start, text_px in self._counts:
            # start + text_px / (width / top) <= top
            top = max(top, start * width / (width - text_px) if width > text_px else MAX_TOP)
        self.plotItem.setXRange(0, min(top, MAX_TOP), padding=0)


def _households_quality(rows) -> dict:
    """Buildings behind the shown rows whose households are estimated or missing."""
    return {key: int(pd.to_numeric(rows.get(column, pd.Series(dtype=float)), errors="coerce").fillna(0).sum())
            for key, column in (("households_estimated", "households_estimated_buildings"),
                                ("households_blank", "households_blank_buildings"))}


def _station_counts(project, community) -> tuple[int, int]:
    stations = project["stations"]
    if community is not None and "community_id" in stations.columns:
        stations = stations[stations["community_id"] == community]
    status = stations["status"].fillna("").astype(str)
    built = int((status == "built").sum())
    return built, len(stations) - built


def _short_labels(labels: list[str]) -> list[str]:
    """Drop a prefix every label shares ("和平社区第1网格" → "第1网格" within one community)."""
    if len(labels) < 2:
        return labels
    prefix = _common_prefix(labels)
    return [t[len(prefix):] or t for t in labels] if len(prefix) >= 2 else labels


def _common_prefix(labels) -> str:
    first, last = min(labels), max(labels)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return first[:n]
