"""ListsChart: open cases, overdue cases and open needs per community (or per grid of one).

A tab of the charts dock (:meth:`gui.coverage.charts_dock.ChartsDock.add_chart`).
The dock hands every chart the coverage model; this one reads the lists'
figures instead (:class:`geo.lists.figures.ListFigures`, asked for when drawn
through the getter given with :meth:`ListsChart.set_source`, so they are
computed only once the chart is looked at). Clicking a bar selects its grid or community.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..coverage.chart_base import BarChart
from ..coverage.charts import GROUPS_UP_TO, _short_labels
from .labels import OVERDUE_COLOUR, figure_title

#: figure -> bar colour
SERIES = {"cases_open": "#4477AA", "cases_overdue": OVERDUE_COLOUR, "needs_open": "#CCBB44"}


class ListsChart(BarChart):
    source = None  # the export copy (type(self)()) draws from data and never needs it

    def set_source(self, getter) -> None:
        """``getter()`` returns the ListFigures to draw (or None: nothing to draw)."""
        self.source = getter

    def tab_title(self) -> str:
        return self.tr("事件与需求")

    def data_from(self, _coverage, project, community=None):
        figures = self.source() if self.source is not None else None
        if figures is None or project is None:
            return None
        if community is None:
            rows, layer = figures.frame("community"), "communities"
        else:
            grids = project["grids"]
            rows = figures.frame("grid").reindex(grids.index[grids["community_id"] == community])
            layer = "grids"
        total = len(rows)
        if total > GROUPS_UP_TO:  # thousands of communities at city: the most pressing first
            order = rows[list(SERIES)].apply(pd.to_numeric, errors="coerce").fillna(0)
            order = order.sort_values(["cases_overdue", "cases_open", "needs_open"], ascending=False, kind="stable")
            rows = rows.loc[order.index[:GROUPS_UP_TO]]
        ids = rows.index.to_series().astype(str)
        if "name" in project[layer].columns:  # one lookup for all rows (thousands of grids at city)
            ids = project[layer]["name"].astype(str).reindex(rows.index).fillna(ids)
        labels = ids.tolist()
        values = {k: pd.to_numeric(rows[k], errors="coerce").fillna(0).to_numpy(dtype=float) for k in SERIES}
        return {"layer": layer, "ids": rows.index.tolist(), "labels": labels, "values": values, "total": total}

    def draw(self, data) -> None:
        note = self.shown_of_note(data, self.tr("事件最多的 {n} 个（共 {total} 个）"))
        self.set_title(self.tr("事件与需求（件）"), note)
        self.add_legend(colCount=len(SERIES))
        n, k = len(data["ids"]), len(SERIES)
        width = 0.8 / k
        top = 1.0
        for j, (field, colour) in enumerate(SERIES.items()):
            v = data["values"][field]
            top = max(top, float(v.max()) if n else 0.0)
            x0 = np.arange(n) - 0.4 + j * width
            rects = np.column_stack([x0, np.zeros(n), x0 + width, v])
            self.add_bars(rects, [colour] * n, data["layer"], data["ids"], name=figure_title(field))
        self.set_categories("bottom", _short_labels(data["labels"]))
        self.plotItem.setYRange(0, top * 1.05, padding=0)  # the legend sits below the plot (ChartLegend)
        self.plotItem.setXRange(-0.6, max(n, 1) - 0.4, padding=0)
        self.plotItem.getAxis("left").setGrid(60)
