"""Every figure resting on estimated or missing households says how many (issue 10, point 3):
the Excel report's street sheet, the HTML map's legend, the charts, and imports marking
`households_source = attribute`."""
from __future__ import annotations

import openpyxl
import pytest

from geo.coverage import CoverageModel
from geo.estimates import estimate_command
from geo.export.map_legend import legend_html
from geo.export.project_map import project_layers
from geo.export.report_xlsx import write_report
from geo.figures import project_figures
from geo.households_source import counts, note
from geo.project import Project
from tests.factories import tiny_rules
from tests.test_estimates import _frames

NOTE = "2 栋楼户数为估算，1 栋缺户数"  # B1 and B2 estimated, B4 without floors or height


@pytest.fixture
def estimated():
    """The hand-made buildings of test_estimates after estimating: B1, B2 estimated, B4 blank."""
    project = Project(_frames(), tiny_rules())
    command, _ = estimate_command(project)
    command.do(project)
    return project


def test_counts_and_note(estimated):
    assert counts(estimated["buildings"]) == (2, 1)
    assert note(2, 1).text("zh") == NOTE
    assert note(2, 1).text("en") == "buildings with estimated households: 2, with none: 1"
    assert note(0, 0) is None


def test_report_street_sheet_says_how_many_are_estimated(estimated, tmp_path):
    path = write_report(tmp_path / "r.xlsx", estimated)
    rows = [tuple(r) for r in openpyxl.load_workbook(path)["街道"].iter_rows(values_only=True)]
    assert ("说明", NOTE) in rows
    assert ("户数为估算的楼栋数", 2) in rows and ("缺户数的楼栋数", 1) in rows


def test_report_without_estimates_or_blanks_has_no_note(tiny_gpkg, tmp_path):
    project = Project.open(tiny_gpkg)
    try:
        path = write_report(tmp_path / "r.xlsx", project)
    finally:
        project.close()
    labels = [r[0] for r in openpyxl.load_workbook(path)["街道"].iter_rows(values_only=True)]
    assert "说明" not in labels


def test_html_legend_says_how_many_are_estimated(estimated):
    layers = project_layers(estimated, project_figures(estimated))
    assert NOTE in legend_html(layers, "地图", "已脱敏")
    layers_without = [layer for layer in layers if "building_id" not in getattr(layer.frame, "columns", ())]
    assert NOTE not in legend_html(layers_without, "地图", "已脱敏")


def test_households_chart_title_says_how_many_are_estimated(app, estimated):
    from gui.coverage.charts import HouseholdsChart, SharesChart

    model = CoverageModel(estimated, live=False)
    for chart_class in (HouseholdsChart, SharesChart):
        chart = chart_class()
        try:
            data = chart_class.data_from(model, estimated)
            assert (data["households_estimated"], data["households_blank"]) == (2, 1)
            chart.show_data(data)
            assert NOTE in chart.plotItem.titleLabel.text
        finally:
            chart.deleteLater()


def test_imported_households_are_marked_attribute(tiny_gpkg):
    import geopandas as gpd

    from geo.importing.commit import plan_vector
    from geo.importing.report import ImportReport
    from tests.factories import _gdf, rect

    project = Project.open(tiny_gpkg)  # a file from before households_source
    try:
        frame = _gdf([{"building_id": "B9", "name": "9号楼", "households": 24, "geometry": rect(30, 40, 50, 50)},
                      {"building_id": "B8", "name": "8号楼", "households": None, "geometry": rect(70, 40, 80, 50)}])
        mapping = {"building_id": "building_id", "name": "name", "households": "households"}
        plan = plan_vector(project, "buildings", gpd.GeoDataFrame(frame),
                           mapping, ImportReport(source="楼栋.shp", layer="buildings"))
        plan.command.do(project)
        assert project["buildings"].loc["B9", "households_source"] == "attribute"
        assert project["buildings"].loc["B8", "households_source"] is None
    finally:
        project.close()
    reopened = Project.open(tiny_gpkg)
    try:
        assert reopened["buildings"].loc["B9", "households_source"] == "attribute"
    finally:
        reopened.close()
