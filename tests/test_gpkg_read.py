"""The project reader gives exactly what pyogrio's Arrow reader gives, with less work.

geo.gpkg_read.read_table converts GDAL's Arrow table column by column (sharing
one string per repeated value, skipping that hashing for distinct values);
Project.read indexes the frames it read in place. Neither may change a value,
a dtype, a column order or a caller's frames.
"""
import numpy as np
import pandas as pd
import pyarrow as pa
import pyogrio
import pytest

from geo import gpkg, gpkg_read
from geo.project import Project
from geo.schema import LAYERS
from geo.store import ProjectStore, read_layers
from tests.factories import assert_same_frame


@pytest.mark.parametrize("by_table", [True, False])
def test_read_table_equals_pyogrio(demo_gpkg, by_table):
    con = gpkg.connect(demo_gpkg, readonly=True)
    try:
        info = gpkg.layer_info(con)
    finally:
        con.close()
    for name in info:
        if by_table:
            theirs = pyogrio.read_dataframe(demo_gpkg, layer=name, use_arrow=True)
        else:
            theirs = pyogrio.read_dataframe(demo_gpkg, sql=gpkg_read.select_all(name), use_arrow=True)
        ours, text = gpkg_read.read_table(demo_gpkg, name, by_table)
        assert_same_frame(ours, theirs, name)
        for column in text:
            assert all(v is None or isinstance(v, str) for v in ours[column]), (name, column)


def test_blanks_read_as_pyogrio_reads_them(demo_copy):
    store = ProjectStore(demo_copy)
    building = read_layers(demo_copy).frames["buildings"]["building_id"].iloc[0]
    store.apply([("update", "buildings", building, {"name": None, "residents": None})])
    store.close()
    ours, _ = gpkg_read.read_table(demo_copy, "buildings", by_table=False)
    theirs = pyogrio.read_dataframe(demo_copy, sql=gpkg_read.select_all("buildings"), use_arrow=True)
    assert_same_frame(ours, theirs, "buildings")
    row = ours.set_index("building_id").loc[building]
    assert row["name"] is None and np.isnan(row["residents"])


def test_repeated_text_shares_one_string_per_value():
    n = 3 * gpkg_read.DISTINCT_SAMPLE
    ids = pa.chunked_array([pa.array([f"M{i:07d}" for i in range(n)])])
    grouped = pa.chunked_array([pa.array([f"B{i // 4:07d}" for i in range(n)])])  # households of one building
    far = pa.chunked_array([pa.array([f"O{i % 997:04d}" for i in range(n)])])   # repeats far apart
    blanks = pa.chunked_array([pa.array([None] * n, type=pa.string())])
    # mostly distinct (two names of three shared by two members): making each string is cheaper
    pairs = pa.chunked_array([pa.array([f"N{i * 2 // 3:07d}" for i in range(n)])])
    assert not gpkg_read._repeats(ids) and not gpkg_read._repeats(pairs)
    assert gpkg_read._repeats(grouped) and gpkg_read._repeats(far) and gpkg_read._repeats(blanks)
    table = pa.table({"member_id": ids, "building_id": grouped, "org_id": far})
    frame, text = gpkg_read.to_frame({"geometry_name": ""}, table)
    assert text == ["member_id", "building_id", "org_id"]
    assert len({id(v) for v in frame["building_id"]}) == n // 4
    assert len({id(v) for v in frame["org_id"]}) == 997
    assert frame["member_id"].tolist() == [f"M{i:07d}" for i in range(n)]


def test_read_project_is_indexed_by_id_and_equal_to_a_copying_open(demo_gpkg):
    read = Project.read(demo_gpkg)
    copied = Project(read_layers(demo_gpkg).frames)  # the copying path other callers take
    for name, layer in LAYERS.items():
        frame = read[name]
        if len(frame):
            assert frame.index.tolist() == frame[layer.id_column].tolist(), name
            assert frame.index.name is None, name
        assert_same_frame(frame, copied[name], name)
        pd.testing.assert_index_equal(frame.index, copied[name].index)


def test_a_callers_frames_are_never_changed_by_the_project(demo_gpkg):
    frames = read_layers(demo_gpkg).frames
    before = frames["grids"].copy()
    project = Project(frames)
    grid = project["grids"].index[0]
    project["grids"].loc[grid, "name"] = "改"
    assert isinstance(frames["grids"].index, pd.RangeIndex)
    pd.testing.assert_frame_equal(pd.DataFrame(frames["grids"].drop(columns="geometry")),
                                  pd.DataFrame(before.drop(columns="geometry")))
