"""The lists on the map (issue 15): open cases by state with overdue ones in red, the list
figures as a choropleth and a chart that follow edits, and a look at the window (PNG)."""

import pytest
from PySide6.QtWidgets import QMessageBox


@pytest.fixture(autouse=True)
def no_boxes(monkeypatch):
    def fail(*args):
        raise AssertionError(f"unexpected message box: {args[1:]}")

    for name in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, fail)


def lists_feature(window):
    from gui.features.lists import Feature

    return next(f for f in window.features if isinstance(f, Feature))


def add_case(feature, target_type, target_id, title, category, reported_at=None, due_at=None):
    from geo.lists.items import AddItem

    values = {"title": title, "category": category, "target_type": target_type, "target_id": target_id,
              "source": "patrol", "reported_at": reported_at, "due_at": due_at}
    command = AddItem("cases", values)
    assert feature.operations.edits.run(command, "add")
    return command.item_id


def test_list_figure_choropleth_and_chart_follow_edits(main_window):
    from gui.lists.figures_view import ListChoropleth
    from gui.map.layer_style import GRADUATED, BY_GRID

    window, feature = main_window, lists_feature(main_window)
    add_case(feature, "building", "B1", "噪音", "矛盾纠纷")
    feature.show_figure("grids", "cases_open")
    style = window.styles["grids"]
    assert style.mode == GRADUATED and style.graduated.title == "未办结事件数"  # the stats/Excel word
    values = feature.choropleth.values(feature.figures, "grids", "cases_open")
    assert values.to_dict() == {"G1": 1.0, "G2": 0.0}
    assert (style.graduated.low, style.graduated.high) == (0.0, 1.0)

    add_case(feature, "building", "B3", "占道", "停车管理")
    feature.refresh_views()  # as the event loop would, once per command
    assert feature.choropleth.values(feature.figures, "grids", "cases_open").to_dict() == {"G1": 1.0, "G2": 1.0}
    graduated = window.styles["grids"].graduated  # the classes follow: both grids now hold one
    assert (graduated.low, graduated.high) == (1.0, 1.0)

    coverage = next(f for f in window.features if hasattr(f, "charts_dock"))
    coverage.actions.charts.trigger()  # 分析 → 统计图表: the dock comes forward and draws
    assert feature.chart in coverage.charts_dock.charts()
    data = feature.chart.data
    assert data["layer"] == "communities" and list(data["values"]["cases_open"]) == [2.0]

    coverage.show_figure("grids", "households")  # a coverage figure takes over the grids ...
    feature.show_figure("grids", "needs_open")    # ... and a list figure takes it back
    assert coverage.choropleth.current is None and feature.choropleth.current == ("grids", "needs_open")
    feature.show_figure(None, None)
    assert window.styles["grids"].mode == BY_GRID
    assert isinstance(feature.choropleth, ListChoropleth)


def test_right_click_on_a_case_dot_opens_it_in_the_dock(main_window):
    window, feature = main_window, lists_feature(main_window)
    case = add_case(feature, "building", "B3", "楼道堆物", "环境卫生", reported_at="2026-01-02", due_at="2026-01-05")
    assert not feature.dock.loaded()  # a hidden dock fills no table (a city has 500,000 needs)
    feature.actions.cases_overlay.setChecked(True)
    assert feature.overlay.counts() == {"open": 1, "overdue": 1}
    point = window.project["cases"].geometry[case]
    x, y = window.canvas.map_to_pixel(*window.canvas.scene.to_metric.transform(point.x, point.y))
    menu = window.canvas.context_menu(x + 3, y)
    action = next(a for a in menu.actions() if a.text() == f"办理事件 {case}…")
    action.trigger()
    assert feature.dock.isVisible() and feature.dock.case_panel.case_id == case
    assert "已超期" in feature.dock.case_panel.title.text()
    assert window.canvas.context_menu(x + 60, y) is not None  # elsewhere: only the entering entries
    assert not any(a.text().startswith("办理事件") for a in window.canvas.context_menu(x + 60, y).actions())
    feature.actions.cases_overlay.setChecked(False)  # the overlay hidden: no dot to hit
    assert not any(a.text().startswith("办理事件") for a in window.canvas.context_menu(x, y).actions())


def test_the_gap_list_closes_list_gaps(main_window):
    window, feature = main_window, lists_feature(main_window)
    case = add_case(feature, "building", "B1", "楼道堆物", "环境卫生", reported_at="2026-01-02", due_at="2026-01-05")
    coverage = next(f for f in window.features if hasattr(f, "charts_dock"))
    coverage.actions.gap_list.trigger()
    model = window.gap_dock.model
    rows = [r for r in range(model.rowCount()) if model.gap(r)["type"] == "case_overdue"]
    assert len(rows) == 1 and model.gap(rows[0])["id"] == case
    menu = window.gap_dock.context_menu(rows[0])
    action = next(a for a in menu.actions() if a.text() == f"办理事件 {case}…")
    action.trigger()
    assert feature.dock.isVisible() and feature.dock.case_panel.case_id == case


def test_many_open_cases_are_stamped_in_their_colours(main_window, qtbot):
    from PySide6.QtGui import QColor

    from geo.commands import ChangeList
    from geo.lists.items import ensure_list_tables
    from gui.lists.cases_overlay import FEW_DOTS
    from gui.lists.labels import OVERDUE_COLOUR

    window, feature = main_window, lists_feature(main_window)
    ensure_list_tables(window.project)
    grids = window.project["grids"].geometry
    points = grids["G1"].representative_point(), grids["G2"].representative_point()
    rows = [("insert", "cases", {"case_id": f"C{i:04d}", "title": "t", "category": "其他", "target_type": "point",
                                 "source": "patrol", "state": "found", "reported_at": "2026-01-01",
                                 "due_at": "2026-01-02" if i % 2 else "2999-01-01", "geometry": points[i % 2]})
            for i in range(FEW_DOTS + 100)]
    assert feature.operations.edits.run(ChangeList("bulk", rows), "bulk")
    feature.actions.cases_overlay.setChecked(True)
    assert feature.overlay.counts() == {"open": FEW_DOTS + 100, "overdue": (FEW_DOTS + 100) // 2}
    image = window.canvas.grab().toImage()
    assert feature.overlay.drawn == FEW_DOTS + 100
    for point, colour in zip(points, (QColor("#4477AA"), QColor(OVERDUE_COLOUR))):
        x, y = window.canvas.map_to_pixel(*window.canvas.scene.to_metric.transform(point.x, point.y))
        assert image.pixelColor(int(x), int(y)) == colour


def test_window_with_the_lists_dock_and_the_cases_overlay(make_main_window, demo_copy, output_dir, qtbot):
    window = make_main_window(demo_copy)
    feature = lists_feature(window)
    project = window.project
    if len(project["cases"]) < 10:  # a demo without lists: a few cases of our own
        buildings = list(project["buildings"].index[::40])[:12]
        for i, building in enumerate(buildings):
            late = i % 4 == 0
            add_case(feature, "building", building, f"事件{i + 1}", ("矛盾纠纷", "环境卫生", "设施维修")[i % 3],
                     reported_at="2026-01-05" if late else None, due_at="2026-01-12" if late else None)
    feature.actions.dock.trigger()
    feature.actions.cases_overlay.setChecked(True)
    counts = feature.overlay.counts()
    assert counts["open"] > 0 and counts["overdue"] > 0
    tab = feature.dock.list_tabs["cases"]
    case = next(i for i in tab.proxy.ids() if tab.model.value(tab.model.row_of(i), "overdue"))
    feature.dock.show_item("cases", case)
    assert feature.dock.case_panel.case_id == case and feature.dock.case_panel.step_buttons  # open: steps offered
    window.resize(1600, 1000)
    window.canvas.zoom_full()
    qtbot.waitSignal(window.canvas.renderFinished, timeout=20_000).wait()
    assert feature.overlay.drawn > 0
    path = output_dir / "lists_dock_and_cases.png"
    assert window.grab().save(str(path))
    assert path.stat().st_size > 10_000

    feature.show_figure("grids", "cases_total")  # the per-grid density view, and its chart
    coverage = next(f for f in window.features if hasattr(f, "charts_dock"))
    coverage.actions.charts.trigger()
    coverage.charts_dock.tabs.setCurrentWidget(feature.chart)
    assert feature.chart.data is not None and sum(feature.chart.data["values"]["cases_open"]) == counts["open"]
    qtbot.waitSignal(window.canvas.renderFinished, timeout=20_000).wait()
    path = output_dir / "cases_per_grid_and_chart.png"
    assert window.grab().save(str(path))
