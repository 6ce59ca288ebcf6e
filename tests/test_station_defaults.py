"""Stations imported through ``main.py import`` arrive with a status and a radius."""
from __future__ import annotations

from geo.cli import main as cli_main
from geo.importing.reasons import kind_label
from geo.messages import Message
from geo.new_project import create_project
from geo.project import Project
from geo.rules import Rules


def _csv(path, rows, header="名称,经度,纬度") -> str:
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


def _stations(gpkg):
    project = Project.open(gpkg)
    try:
        return project["stations"].set_index("name")[["status", "service_radius_m"]]
    finally:
        project.close()


def _status_note(n, status):
    return str(Message("import.station_default_status", n=n,
                       status=Message(f"import.station_status.{status}")))


def _radius_note(n, radius):
    return str(Message("import.station_default_radius", n=n, radius=float(radius)))


def _new(tmp_path, radius=None):
    gpkg = create_project(tmp_path / "p.gpkg", "测试街道")
    if radius is not None:
        project = Project.open(gpkg)
        try:
            project.set_rules(Rules(station_radius_m=radius))
        finally:
            project.close()
    return str(gpkg)


def test_file_without_status_or_radius_gets_built_and_the_rule(tmp_path, capsys):
    gpkg = _new(tmp_path, radius=800)
    csv = _csv(tmp_path / "站.csv", ["一站,116.40,39.90", "二站,116.41,39.91"])
    assert cli_main(["import", gpkg, csv, "--as", "stations"]) == 0
    out = capsys.readouterr().out
    assert _status_note(2, "built") in out and _radius_note(2, 800) in out
    assert "no source field for status" not in out
    stations = _stations(gpkg)
    assert stations["status"].tolist() == ["built", "built"]
    assert stations["service_radius_m"].tolist() == [800.0, 800.0]
    capsys.readouterr()
    cli_main(["check", gpkg])
    out = capsys.readouterr().out  # nothing left for check to complain about
    assert str(Message("complete.station_status")) not in out
    assert str(Message("complete.station_radius")) not in out


def test_planned_flag_words_and_unknown_status(tmp_path, capsys):
    gpkg = _new(tmp_path)
    csv = _csv(tmp_path / "站.csv", ["一站,116.40,39.90,,300", "二站,116.41,39.91,已建成,",
                                     "三站,116.42,39.92,拆除,200", "四站,116.43,39.93,Planned,"],
               header="名称,经度,纬度,状态,服务半径")
    assert cli_main(["import", gpkg, csv, "--as", "stations", "--station-status", "planned"]) == 1
    out = capsys.readouterr().out
    assert f"{kind_label('unknown status')}: 1" in out  # counted by kind, worded in the language
    assert _status_note(1, "planned") in out and _radius_note(2, 500) in out
    stations = _stations(gpkg)
    assert stations.to_dict("index") == {
        "一站": {"status": "planned", "service_radius_m": 300.0},
        "二站": {"status": "built", "service_radius_m": 500.0},
        "四站": {"status": "planned", "service_radius_m": 500.0}}


def test_stored_stations_keep_their_values_on_reimport(tmp_path, capsys):
    gpkg = _new(tmp_path)
    first = _csv(tmp_path / "a.csv", ["ST01,一站,116.40,39.90,规划中,250"],
                 header="编号,名称,经度,纬度,状态,服务半径")
    assert cli_main(["import", gpkg, first, "--as", "stations"]) == 0
    again = _csv(tmp_path / "b.csv", ["ST01,一站改名,116.40,39.90"], header="编号,名称,经度,纬度")
    assert cli_main(["import", gpkg, again, "--as", "stations"]) == 0
    out = capsys.readouterr().out
    assert _status_note(1, "built") not in out and _radius_note(1, 500) not in out
    assert _stations(gpkg).to_dict("index") == {
        "一站改名": {"status": "planned", "service_radius_m": 250.0}}


def test_station_status_flag_is_for_stations_only(tmp_path, capsys):
    gpkg = _new(tmp_path)
    csv = _csv(tmp_path / "站.csv", ["一站,116.40,39.90"])
    assert cli_main(["import", gpkg, csv, "--as", "buildings", "--station-status", "built"]) == 2
    assert "--as stations" in capsys.readouterr().err
