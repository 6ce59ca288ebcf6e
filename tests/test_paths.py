"""Any file name a user can type opens, saves (save as), checks and exports, and SQLite
touches exactly that file: no stray file beside it, no other file read or written."""
import shutil

import pytest

from geo import gpkg
from geo.cli import main as cli
from geo.project import Project
from geo.store import ProjectStore, read_layers, save_as

NAMES = ["3#楼.gpkg", "a?b.gpkg", "p%20q.gpkg", "50% 完成.gpkg", "有 空格 的 名字.gpkg",
         "x" * 195 + ".gpkg", "#?%23&=;.gpkg", "file:odd.gpkg"]


@pytest.mark.parametrize("name", NAMES)
def test_odd_names_open_edit_save_as_and_export(tiny_gpkg, tmp_path, name, capsys):
    folder = tmp_path / "work"
    folder.mkdir()
    path = folder / name
    shutil.copyfile(tiny_gpkg, path)
    if "%20" in name:  # the file SQLite would use if it decoded the name
        (folder / name.replace("%20", " ")).write_bytes(b"decoy: must stay untouched")

    project = Project.open(path)
    building = project["buildings"].index[0]
    project.apply([("update", "buildings", building, {"name": "改过的"})])
    copy = save_as(project.store, folder / ("copy " + name[-60:]))
    project.close()

    assert read_layers(path).frames["buildings"].set_index("building_id").at[building, "name"] == "改过的"
    assert read_layers(copy).frames["buildings"].set_index("building_id").at[building, "name"] == "改过的"
    html = folder / (name[:-5][:60] + ".html")
    assert cli(["check", str(path)]) in (0, 1)
    assert cli(["stats", str(path)]) == 0
    assert cli(["export-html", str(path), "--out", str(html)]) == 0
    assert html.stat().st_size > 0
    assert "error" not in capsys.readouterr().err
    expected = {name, copy.name, html.name} | ({name.replace("%20", " ")} if "%20" in name else set())
    assert {p.name for p in folder.iterdir()} == expected  # no stray files, no journals
    if "%20" in name:
        assert (folder / name.replace("%20", " ")).read_bytes() == b"decoy: must stay untouched"


def test_sqlite_uri_names_exactly_the_file(tmp_path):
    path = tmp_path / "3#楼 ?a=b %20 50%.gpkg"
    uri = gpkg.sqlite_uri(path, "ro")
    assert uri.endswith("?mode=ro") and uri.count("?") == 1 and "#" not in uri
    import sqlite3

    con = sqlite3.connect(gpkg.sqlite_uri(path, "rwc"), uri=True)
    con.execute("CREATE TABLE t (x)")
    con.close()
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_store_on_a_relative_odd_name(tiny_gpkg, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(tiny_gpkg, tmp_path / "#1.gpkg")
    store = ProjectStore("#1.gpkg")
    store.apply([("setting", "households_max", "600")])
    store.close()
    assert read_layers("#1.gpkg").rules.households_max == 600
