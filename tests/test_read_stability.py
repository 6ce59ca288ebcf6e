"""Reading an edited project never crashes the process and gives what GDAL would give.

pyogrio's Arrow reader (GDAL 3.10's GeoPackage ``GetNextArrowArrayAsynchronous``,
used for tables with holes in their fids, i.e. every edited project) crashed
``check`` at random; such tables are now read through an SQL result layer
(geo.gpkg_read).
"""
import subprocess
import sys
from pathlib import Path

import pyogrio
import pytest

from geo.store import ProjectStore, normalize_types, read_layers
from tests.factories import assert_same_frame

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def edited_gpkg(demo_gpkg, tmp_path_factory):
    """The demo street after thousands of feature-level updates, inserts and deletes."""
    path = tmp_path_factory.mktemp("edited") / "edited.gpkg"
    path.write_bytes(Path(demo_gpkg).read_bytes())
    frames = read_layers(path).frames
    buildings, members = frames["buildings"], frames["members"]
    store = ProjectStore(path)
    for round_ in range(6):
        part = buildings.iloc[round_::6]
        changes = [("update", "buildings", b, {"name": f"改{round_}", "geometry": g.buffer(1e-6)})
                   for b, g in zip(part["building_id"][::2], part.geometry[::2])]
        changes += [("delete", "members", m) for m in members["member_id"].iloc[round_::25]]
        changes += [("insert", "buildings", {"building_id": f"NEW{round_}-{i}", "name": None,
                                             "households": i, "geometry": g})
                    for i, g in enumerate(part.geometry[1::2][:20])]
        changes += [("delete", "buildings", b) for b in part["building_id"][1::2][20:30]]
        store.apply(changes)
    store.close()
    return path


READER = r"""
import sys
from geo.store import read_layers
from geo.validate import check_layers
loaded = read_layers(sys.argv[1])
check_layers(loaded)
print(len(loaded.frames["buildings"]), len(loaded.frames["members"]))
"""


def test_edited_project_reads_in_many_processes(edited_gpkg):
    expected = read_layers(edited_gpkg)
    want = f"{len(expected.frames['buildings'])} {len(expected.frames['members'])}"
    for _ in range(12):
        result = subprocess.run([sys.executable, "-c", READER, str(edited_gpkg)], cwd=ROOT,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr[-2000:]  # -11 was the crash
        assert result.stdout.strip() == want


def test_tables_with_holes_are_read_by_sql_and_the_rest_by_layer(edited_gpkg):
    from geo import gpkg, gpkg_read

    con = gpkg.connect(edited_gpkg, readonly=True)
    try:
        assert not gpkg_read.arrow_is_safe(con, "members")  # rows were deleted
        assert not gpkg_read.arrow_is_safe(con, "buildings")
        assert gpkg_read.arrow_is_safe(con, "grids")
    finally:
        con.close()


def test_reader_gives_what_gdal_gives(edited_gpkg):
    loaded = read_layers(edited_gpkg)
    for name, frame in loaded.frames.items():
        gdal = pyogrio.read_dataframe(edited_gpkg, layer=name, use_arrow=False)
        if hasattr(gdal, "geometry") and gdal.geometry.name != "geometry":
            gdal = gdal.rename_geometry("geometry")
        gdal = normalize_types(name, gdal)
        assert_same_frame(frame, gdal, name)
    buildings = loaded.frames["buildings"].set_index("building_id")
    assert "NEW5-0" in buildings.index and (buildings["name"] == "改3").any()
