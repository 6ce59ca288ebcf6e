"""`main.py new`: an empty project for a real street, usable by every command before any import."""
from __future__ import annotations

import json

import geopandas as gpd
from openpyxl import load_workbook
from shapely.geometry import box

from geo.crs import gauss_kruger_epsg
from geo.project import Project
from main import main


def _new(tmp_path, *extra):
    path = tmp_path / "青年路 #1.gpkg"
    assert main(["new", str(path), "--street", "青年路街道", *extra]) == 0
    return path


def test_new_project_is_empty_valid_and_named(tmp_path, capsys):
    path = _new(tmp_path)
    out = capsys.readouterr().out
    assert "青年路街道" in out and "communities" in out  # says what to import first
    assert main(["check", str(path)]) == 0
    project = Project.open(path)
    try:
        assert project.street_name == "青年路街道"
        for name in ("communities", "grids", "compounds", "buildings", "stations", "members"):
            assert len(project[name]) == 0, name
        assert list(project["organizations"]["level"]) == ["street_committee"]
        assert project.crs.to_epsg() == 4490
    finally:
        project.close()


def test_new_refuses_an_existing_file_and_bad_arguments(tmp_path, capsys):
    path = _new(tmp_path)
    before = path.read_bytes()
    assert main(["new", str(path), "--street", "别的街道"]) == 2
    assert path.read_bytes() == before
    assert main(["new", str(tmp_path / "b.gpkg"), "--street", "  "]) == 2
    assert main(["new", str(tmp_path / "c.gpkg"), "--street", "某街道", "--crs", "EPSG:999999"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and all(line.startswith("error:") for line in err)
    assert "999999" in err[2]
    assert not (tmp_path / "b.gpkg").exists() and not (tmp_path / "c.gpkg").exists()


def test_every_command_works_on_the_empty_project(tmp_path, capsys):
    path = _new(tmp_path)
    capsys.readouterr()
    assert main(["stats", str(path), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["street"]["name"] == "青年路街道" and stats["grids"] == [] and stats["gaps"] == []
    assert main(["gaps", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["report", str(path), "--out", str(tmp_path / "r.xlsx")]) == 0
    assert "街道" in load_workbook(tmp_path / "r.xlsx").sheetnames
    assert main(["export-html", str(path), "--out", str(tmp_path / "m.html")]) == 0
    assert "青年路街道" in (tmp_path / "m.html").read_text(encoding="utf-8")
    assert main(["render", str(path), "--out", str(tmp_path / "m.png"), "--size", "400x300"]) == 0
    assert (tmp_path / "m.png").stat().st_size > 0


def test_metric_crs_follows_the_first_data_not_the_demo(tmp_path):
    path = _new(tmp_path)
    # A community near Ürümqi (87.6°E): its Gauss-Krüger zone is far from the default's (117°E).
    source = tmp_path / "社区.geojson"
    gpd.GeoDataFrame({"community_id": ["C1"], "name": ["友好社区"]},
                     geometry=[box(87.60, 43.80, 87.61, 43.81)], crs="EPSG:4326").to_file(source)
    empty = Project.open(path)
    try:
        assert empty.metric_crs.to_epsg() == gauss_kruger_epsg(117.0)
    finally:
        empty.close()
    assert main(["import", str(path), str(source), "--as", "communities"]) in (0, 1)
    project = Project.open(path)
    try:
        assert len(project["communities"]) == 1
        assert project.metric_crs.to_epsg() == gauss_kruger_epsg(87.6)
    finally:
        project.close()


def test_file_new_project_in_the_window(make_main_window, demo_gpkg, tmp_path, monkeypatch, qtbot, output_dir):
    from PySide6.QtWidgets import QDialog, QFileDialog

    from gui.dialogs import new_project_dialog

    window = make_main_window(demo_gpkg)
    target = tmp_path / "我的街道.gpkg"

    def fake_exec(dialog):
        dialog.street.setText("我的街道")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(new_project_dialog.NewProjectDialog, "exec", fake_exec)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.actions.new.trigger()
    assert window.project.path == target and window.project.street_name == "我的街道"
    assert len(window.project["buildings"]) == 0
    qtbot.waitSignal(window.canvas.renderFinished, timeout=20_000).wait()
    image = window.canvas.grab()
    image.save(str(output_dir / "empty_project.png"))
    # the hint box is drawn in the middle of the otherwise empty map: white pixels there
    centre = image.toImage().pixelColor(image.width() // 2, image.height() // 2)
    assert centre.lightness() > 240
    assert main(["check", str(target)]) == 0
