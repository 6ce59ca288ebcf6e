"""The import wizard asks before importing a file that looks wrong, as the CLI refuses without a flag."""
import geopandas as gpd
import numpy as np
import shapely
from PySide6.QtWidgets import QMessageBox

from geo import chinacrs
from tests.test_gui_import_wizard import app, choose_file, make_wizard, no_dialogs, project  # noqa: F401


def _gcj_compounds(project, path):
    comp = project["compounds"].to_crs("EPSG:4326")
    moved = shapely.transform(comp.geometry.values,
                              lambda xy: np.column_stack(chinacrs.wgs84_to_gcj02(xy[:, 0], xy[:, 1])))
    gpd.GeoDataFrame({"小区编号": [f"N{i}" for i in range(len(comp))], "小区名称": comp["name"].to_numpy()},
                     geometry=moved, crs="EPSG:4326").to_file(path)
    return path


def _to_problems(wizard):
    wizard.next()  # preview
    wizard.next()  # mapping
    wizard.next()  # problems: runs the dry run


def test_wizard_asks_and_imports_when_the_user_confirms(app, qtbot, project, tmp_path, monkeypatch,  # noqa: F811
                                                       no_dialogs):
    path = _gcj_compounds(project, tmp_path / "小区.geojson")
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    wizard, stack = make_wizard(qtbot, project)
    choose_file(wizard, path, monkeypatch)
    _to_problems(wizard)
    assert asked and "gcj02" in asked[0]
    assert wizard.problems_page.isComplete()
    assert wizard.session.accept_location


def test_wizard_stops_when_the_user_declines(app, qtbot, project, tmp_path, monkeypatch, no_dialogs):  # noqa: F811
    path = _gcj_compounds(project, tmp_path / "小区.geojson")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    wizard, stack = make_wizard(qtbot, project)
    choose_file(wizard, path, monkeypatch)
    _to_problems(wizard)
    assert not wizard.problems_page.isComplete()
    assert "gcj02" in wizard.problems_page.counts.text()
    assert stack.count() == 0
