"""Committing an import: one command, one transaction, undo restores exactly."""
import sqlite3

import geopandas as gpd
import pandas as pd
import pytest

from geo import idcard
from geo.importing.commit import ImportCommand, plan_roster, plan_vector
from geo.importing.report import ImportReport
from geo.project import Project
from tests.factories import METRIC, rect

#: these tests read the engine's English wording (the Chinese: tests/test_engine_language.py)
pytestmark = pytest.mark.usefixtures("english_messages")


@pytest.fixture
def project(tiny_gpkg):
    p = Project.open(tiny_gpkg)
    yield p
    p.close()


def member(name, id17, phone="13811112222", building="B1"):
    return {"member_id": "", "name": name, "gender": "", "phone": phone,
            "id_number": id17 + idcard.check_char(id17), "org_id": "O-B1",
            "building_id": building, "kind": "registered", "roles": "",
            "linked_households": 0, "unit_no": 1, "work_unit": ""}


def incoming(*rows):
    frame = pd.DataFrame(list(rows))
    frame["unit_no"] = frame["unit_no"].astype("Int64")
    return frame


def snapshot(project, layer):
    frame = project[layer]
    return frame.drop(columns="geometry", errors="ignore").copy(), (
        frame.geometry.to_wkb().tolist() if "geometry" in frame else None)


def rows_on_disk(path, layer):
    con = sqlite3.connect(path)
    try:
        return con.execute(f'SELECT COUNT(*) FROM "{layer}"').fetchone()[0]
    finally:
        con.close()


def buildings(rows):
    """New buildings in project coordinates from (id, name, households, metric box)."""
    frame = gpd.GeoDataFrame(
        [{"building_id": i, "name": n, "compound_id": "K1", "grid_id": "", "floors": 6,
          "units": 2, "households": hh, "residents": None, "address": ""}
         for i, n, hh, _ in rows],
        geometry=[rect(*box) for *_, box in rows], crs=METRIC).to_crs("EPSG:4490")
    frame.attrs["row_numbers"] = list(range(2, 2 + len(rows)))
    return frame


MAPPED = {"编号": "building_id", "名称": "name", "户数": "households"}


def test_roster_command_inserts_then_undo_restores_exactly(project, tiny_gpkg):
    before, _ = snapshot(project, "members")
    plan = plan_roster(project, incoming(member("王五", "11010519800101001"),
                                         member("赵六", "11010519810101002")))
    assert len(plan.inserted) == 2 and not plan.updated
    assert isinstance(plan.command, ImportCommand)
    plan.command.do(project)
    assert len(project["members"]) == 4 == rows_on_disk(tiny_gpkg, "members")
    assert set(project["members"].loc[plan.inserted, "name"]) == {"王五", "赵六"}
    plan.command.undo(project)
    pd.testing.assert_frame_equal(snapshot(project, "members")[0], before, check_dtype=False)
    assert rows_on_disk(tiny_gpkg, "members") == 2


def test_reimporting_a_roster_updates_and_adds_nobody(project):
    rows = [member("王五", "11010519800101001"), member("赵六", "11010519810101002")]
    plan_roster(project, incoming(*rows)).command.do(project)
    again = plan_roster(project, incoming(*rows))
    assert again.empty and len(again.unchanged) == 2
    rows[1]["phone"] = "13999998888"
    changed = plan_roster(project, incoming(*rows))
    assert not changed.inserted and len(changed.updated) == 1
    assert changed.command.changes(project) == [
        ("update", "members", changed.updated[0], {"phone": "13999998888"})]
    changed.command.do(project)
    assert (project["members"]["phone"] == "13999998888").sum() == 1
    assert len(project["members"]) == 4


def test_existing_building_is_updated_and_undo_restores_geometry(project):
    before, before_geoms = snapshot(project, "buildings")
    report = ImportReport(source="survey.shp", layer="buildings")
    frame = buildings([("B1", "1号楼", 66, (10, 10, 62, 26)), ("B9", "9号楼", 20, (30, 40, 50, 50))])
    plan = plan_vector(project, "buildings", frame, {**MAPPED}, report)
    assert plan.updated == ["B1"] and plan.inserted == ["B9"]
    plan.command.do(project)
    b1 = project["buildings"].loc["B1"]
    assert b1["households"] == 66 and b1["grid_id"] == "G1"  # unmapped columns kept
    assert project["buildings"].loc["B9", "grid_id"] == "G1"  # assigned by containment
    assert plan.assigned == ["B9"]
    assert b1["households_source"] == "attribute"  # the figure came from the file
    plan.command.undo(project)
    after, after_geoms = snapshot(project, "buildings")
    # the import added the (then empty) households_source column to this older file; undo
    # restores values, the column stays, blank
    assert after.pop("households_source").isna().all()
    pd.testing.assert_frame_equal(after, before, check_dtype=False)
    assert after_geoms == before_geoms


def test_existing_ids_rejected_when_asked_and_duplicates_in_file(project):
    report = ImportReport(source="survey.shp", layer="buildings", total=3, imported=3)
    frame = buildings([("B1", "1号楼", 66, (10, 10, 62, 26)), ("B8", "8号楼", 5, (30, 40, 50, 50)),
                       ("B8", "8号楼", 5, (70, 40, 80, 50))])
    plan = plan_vector(project, "buildings", frame, MAPPED, report, on_existing="reject")
    assert plan.inserted == ["B8"] and not plan.updated
    kinds = {row: str(reasons[0]).split(":")[0] for row, _, reasons in report.rejected_rows}
    assert kinds == {2: "id already exists", 4: "duplicate id in file"}
    assert report.imported == 1


def test_building_outside_every_grid_stays_unassigned(project):
    report = ImportReport(source="x.geojson", layer="buildings")
    frame = buildings([("B7", "7号楼", 10, (300, 300, 320, 320))])
    plan = plan_vector(project, "buildings", frame, MAPPED, report)
    assert plan.unassigned == ["B7"] and "in no grid" in plan.summary()
    plan.command.do(project)
    assert project["buildings"].loc["B7", "grid_id"] in ("", None)
    off = plan_vector(project, "buildings", buildings([("B6", "6号楼", 1, (30, 40, 50, 50))]),
                      MAPPED, ImportReport(), assign_grids=False)
    assert off.unassigned == ["B6"]


def test_same_geometry_without_ids_updates_instead_of_duplicating(project):
    frame = buildings([("B000004", "1号楼", 61, (0, 0, 1, 1))])  # a generated id
    frame = frame.set_geometry(gpd.GeoSeries([project["buildings"].loc["B1", "geometry"]],
                                             crs=frame.crs))
    plan = plan_vector(project, "buildings", frame, {"名称": "name", "户数": "households"},
                       ImportReport())
    assert plan.updated == ["B1"] and not plan.inserted


def test_a_failed_write_leaves_file_and_memory_as_they_were(project, tiny_gpkg, monkeypatch):
    before, _ = snapshot(project, "members")
    plan = plan_roster(project, incoming(*[member(f"人{i}", f"1101051980010{i:04d}")
                                           for i in range(5)]))
    calls = []
    real_insert = project.store._insert

    def flaky(layer, values):
        calls.append(layer)
        if len(calls) == 3:
            raise sqlite3.OperationalError("disk I/O error")
        return real_insert(layer, values)

    monkeypatch.setattr(project.store, "_insert", flaky)
    with pytest.raises(sqlite3.OperationalError):
        plan.command.do(project)
    assert rows_on_disk(tiny_gpkg, "members") == 2
    pd.testing.assert_frame_equal(snapshot(project, "members")[0], before)


def test_import_command_is_one_apply_call(project, monkeypatch):
    calls = []
    real_apply = project.apply
    monkeypatch.setattr(project, "apply", lambda changes, **kw: (calls.append(len(changes)),
                                                                 real_apply(changes, **kw)))
    report = ImportReport()
    frame = buildings([("B1", "1号楼", 66, (10, 10, 62, 26)), ("B9", "9号楼", 20, (30, 40, 50, 50))])
    plan = plan_vector(project, "buildings", frame, MAPPED, report)
    plan.command.do(project)
    plan.command.undo(project)
    assert calls == [2, 2]
