"""The charts dock reads the model only when shown (once for a burst of edits while hidden);
a scope of many grids shows a histogram of households per grid (issue 13)."""
import numpy as np
import pytest
from PySide6.QtWidgets import QApplication


@pytest.fixture
def model(demo_coverage):
    return demo_coverage


@pytest.fixture
def dock(app):
    from gui.coverage.charts_dock import ChartsDock

    dock = ChartsDock()
    yield dock
    dock.close()
    dock.deleteLater()


def _count_reads(monkeypatch, chart_class):
    calls = []
    original = chart_class.data_from

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(chart_class, "data_from", staticmethod(counted))
    return calls


def test_hidden_dock_reads_nothing_until_shown_then_once(dock, model, monkeypatch):
    from gui.coverage.charts import HouseholdsChart

    project, coverage = model
    reads = _count_reads(monkeypatch, HouseholdsChart)
    for _ in range(5):  # a burst of edits while the dock is hidden
        dock.set_model(coverage, project)
    QApplication.processEvents()
    assert reads == [] and dock.households.data is None and dock.pending()
    dock.show()
    QApplication.processEvents()
    assert len(reads) == 1 and dock.households.data is not None and not dock.pending()
    dock.set_model(coverage, project)  # shown: read at once
    assert len(reads) == 2


def test_export_of_a_hidden_dock_reads_the_model_first(dock, model, tmp_path):
    project, coverage = model
    dock.set_model(coverage, project)
    assert dock.planned.data is None
    written = dock.export_png(tmp_path)
    assert {p.name for p in written} == {"households_per_grid.png", "coverage_shares.png",
                                          "planned_vs_actual.png"}
    assert dock.planned.data is not None and not dock.pending()


def test_many_grids_are_shown_as_a_histogram_with_the_band(model, monkeypatch, app, tmp_path):
    from gui.coverage import charts
    from gui.coverage.charts import HouseholdsChart

    project, coverage = model
    monkeypatch.setattr(charts, "BARS_UP_TO", 5)
    data = HouseholdsChart.data_from(coverage, project)
    assert data["histogram"]
    grids = coverage.grids
    for kind in ("in", "under", "over"):
        assert int(data["counts"][kind].sum()) == int((grids["band"] == kind).sum())
    edges = data["edges"]
    assert edges[0] == 0 and edges[-1] > grids["households"].max()
    assert data["min"] in edges and data["max"] in edges  # the band's limits are bin edges
    chart = HouseholdsChart()
    try:
        chart.show_data(data)
        assert len(chart.plotItem.legend.items) == 3
        assert chart.export_png(tmp_path / "h.png") and (tmp_path / "h.png").stat().st_size > 0
    finally:
        chart.close()
        chart.deleteLater()
    # one community's few grids keep one bar per grid
    community = grids["community_id"].iloc[0]
    monkeypatch.setattr(charts, "BARS_UP_TO", 200)
    few = HouseholdsChart.data_from(coverage, project, community)
    assert not few.get("histogram") and len(few["ids"]) == int((grids["community_id"] == community).sum())
    assert np.all(np.diff(few["households"]) <= 0)


def test_many_communities_show_the_lowest_covered_with_a_note(model, monkeypatch, app):
    from gui.coverage import charts
    from gui.coverage.charts import SharesChart

    project, coverage = model
    everything = SharesChart.data_from(coverage, project)
    assert everything["total"] == len(everything["ids"]) > 2
    monkeypatch.setattr(charts, "GROUPS_UP_TO", 2)
    data = SharesChart.data_from(coverage, project)
    assert data["total"] == everything["total"] and len(data["ids"]) == len(data["labels"]) == 2
    mean = {i: np.nanmean([everything["values"][k][n] for k in SharesChart.SERIES])
            for n, i in enumerate(everything["ids"])}
    lowest = sorted(mean.values())[:2]
    assert sorted(mean[i] for i in data["ids"]) == lowest
    chart = SharesChart()
    try:
        chart.show_data(data)
        assert f"（共 {data['total']} 个）" in chart.plotItem.titleLabel.text
        chart.show_data(everything)
        assert "（共" not in chart.plotItem.titleLabel.text
    finally:
        chart.close()
        chart.deleteLater()


def test_many_communities_in_the_lists_chart_show_the_most_pressing(model, monkeypatch, app):
    import pandas as pd

    from gui.lists import lists_chart
    from gui.lists.lists_chart import ListsChart

    project, _coverage = model
    ids = project["communities"].index[:4]
    frame = pd.DataFrame({"cases_open": [1, 5, 0, 2], "cases_overdue": [0, 1, 0, 1],
                          "needs_open": [3, 0, 9, 0]}, index=ids)

    class Figures:
        def frame(self, level):
            return frame

    monkeypatch.setattr(lists_chart, "GROUPS_UP_TO", 2)
    chart = ListsChart()
    try:
        chart.set_source(Figures)
        data = chart.data_from(None, project)
        assert data["ids"] == [ids[1], ids[3]] and data["total"] == 4  # overdue first, then open
        assert data["labels"] == project["communities"]["name"].astype(str).loc[[ids[1], ids[3]]].tolist()
        chart.show_data(data)
        assert "（共 4 个）" in chart.plotItem.titleLabel.text
    finally:
        chart.close()
        chart.deleteLater()
