"""The demo generator and the grid tiling: invariants on real generated data."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo import idcard, tiling
from geo.demo import generate
from geo.rules import Rules
from geo.schema import LAYERS, ORG_AREA_TYPES, REFERENCES, split_roles

METRIC = "EPSG:4548"


@pytest.fixture(scope="module")
def demo():
    layers, rules = generate("street", seed=1)
    return layers, rules


@pytest.fixture(scope="module")
def layers(demo):
    return demo[0]


@pytest.fixture(scope="module")
def metric(layers):
    return {name: layers[name].to_crs(METRIC) for name in ("communities", "grids", "compounds",
                                                           "buildings", "stations")}


def test_every_layer_matches_the_schema(demo):
    layers, rules = demo
    assert isinstance(rules, Rules)
    assert set(layers) == set(LAYERS)
    for name, layer in LAYERS.items():
        frame = layers[name]
        columns = [c for c in frame.columns if c != "geometry"]
        assert columns == layer.column_names, name
        for col in layer.columns:
            # an int column with blanks (a case's satisfaction before the visit) is float, as read back
            blanks = col.kind == "int" and frame[col.name].isna().any()
            assert str(frame[col.name].dtype) == ("float64" if blanks else col.pandas_dtype), (name, col.name)
        if layer.is_spatial:
            assert isinstance(frame, gpd.GeoDataFrame)
            assert frame.geometry.name == "geometry" and frame.crs == "EPSG:4490"
            assert set(frame.geom_type) <= set(layer.accepts)
        else:
            assert not isinstance(frame, gpd.GeoDataFrame)


def test_ids_are_unique_and_references_resolve(layers):
    for name, layer in LAYERS.items():
        assert layers[name][layer.id_column].is_unique, name
    for (name, column), target in REFERENCES.items():
        values = layers[name][column].dropna()
        known = set(layers[target][LAYERS[target].id_column])
        assert set(values) <= known, (name, column)
    for level, area_type in ORG_AREA_TYPES.items():
        orgs = layers["organizations"].query("level == @level")
        assert (orgs["area_type"] == area_type).all()
        if area_type != "street":
            target = {"community": "communities", "grid": "grids", "building": "buildings"}[area_type]
            assert set(orgs["area_id"]) <= set(layers[target][LAYERS[target].id_column])


def test_buildings_sit_in_one_grid_of_their_community(layers, metric):
    b = layers["buildings"].merge(layers["compounds"][["compound_id", "community_id"]], on="compound_id")
    grid_comm = layers["grids"].set_index("grid_id")["community_id"]
    assert b["grid_id"].notna().all()
    assert (grid_comm[b["grid_id"]].to_numpy() == b["community_id"].to_numpy()).all()
    grids = metric["grids"].set_index("grid_id").geometry
    own = grids[layers["buildings"]["grid_id"]].to_numpy()
    inside = shapely.area(shapely.intersection(metric["buildings"].geometry.to_numpy(), own))
    assert np.allclose(inside, metric["buildings"].area.to_numpy(), rtol=1e-6)


def test_grids_tile_each_community(metric):
    grids = metric["grids"]
    for cid, community in metric["communities"].set_index("community_id").geometry.items():
        parts = grids.loc[grids["community_id"] == cid].geometry.to_numpy()
        union = shapely.union_all(parts)
        assert abs(union.area - community.area) <= 1e-6 * community.area
        assert shapely.symmetric_difference(union, community).area <= 1e-6 * community.area
        assert abs(shapely.area(parts).sum() - union.area) <= 1e-6 * union.area  # no overlaps


def test_communities_tile_the_street(metric):
    parts = metric["communities"].geometry.to_numpy()
    union = shapely.union_all(parts)
    assert union.geom_type == "Polygon" and len(union.interiors) == 0  # no gaps
    assert abs(shapely.area(parts).sum() - union.area) <= 1e-6 * union.area
    assert 3.0e6 < union.area < 3.4e6  # about 2.0 km x 1.6 km
    assert 4 <= len(parts) <= 6


def test_geometries_are_valid_and_consistently_oriented(layers):
    for name in ("communities", "grids", "compounds", "buildings"):
        geoms = layers[name].geometry.to_numpy()
        assert shapely.is_valid(geoms).all(), name
        shells = shapely.get_exterior_ring(shapely.get_parts(geoms))
        assert shapely.is_ccw(shells).all(), name


def test_the_street_looks_like_the_brief(layers):
    b = layers["buildings"]
    assert 14_000 <= b["households"].sum() <= 17_500
    assert b["floors"].between(4, 18).all() and b["units"].between(2, 4).all()
    assert (b["households"] % (b["floors"] * b["units"]) == 0).all()
    assert 30 <= len(layers["grids"]) <= 60
    share = len(layers["members"]) / b["residents"].sum()
    assert 0.05 <= share <= 0.075
    centre = layers["communities"].union_all().centroid
    assert abs(centre.x - 117.0) < 0.02 and abs(centre.y - 36.65) < 0.02


def test_members_have_valid_ids_matching_gender(layers):
    m = layers["members"]
    assert m["id_number"].map(idcard.is_valid).all()
    assert m["id_number"].is_unique and m["phone"].is_unique
    odd = m["id_number"].str[16].astype(int) % 2 == 1
    assert ((m["gender"] == "男") == odd).all()
    assert m["phone"].str.fullmatch(r"1[3589]\d{9}").all()
    years = m["id_number"].str[6:10].astype(int)
    assert years.between(1940, 2000).all()
    assert m["name"].str.len().between(2, 3).all()
    assert set(m["kind"]) == {"registered", "in_service", "floating"}
    assert m.loc[m["kind"] == "in_service", "work_unit"].notna().all()
    assert m.loc[m["kind"] != "in_service", "work_unit"].isna().all()
    units = m.merge(layers["buildings"][["building_id", "units"]], on="building_id")
    assert units["unit_no"].between(1, units["units"]).all()


def test_roles_follow_the_grid_model(layers):
    m = layers["members"].merge(layers["buildings"][["building_id", "grid_id"]], on="building_id")
    roles = m["roles"].map(split_roles)
    has = {r: roles.map(lambda rs, r=r: r in rs) for r in ("grid_head", "grid_staff", "central_household")}
    assert (m[has["grid_head"]].groupby("grid_id").size() == 1).all()
    assert m[has["grid_head"]]["grid_id"].nunique() == len(layers["grids"])
    assert m[has["grid_staff"]].groupby("grid_id").size().between(2, 4).all()
    linked = m["linked_households"]
    assert (linked[has["central_household"]].between(8, 12)).all() and (linked[~has["central_household"]] == 0).all()


def test_deliberate_flaws_are_present(layers, metric):
    rules = Rules()
    hh = layers["buildings"].groupby("grid_id")["households"].sum()
    assert (hh < rules.households_min).any() and (hh > rules.households_max).any()
    orgs = layers["organizations"]
    branches = set(orgs.loc[orgs["level"] == "grid_branch", "area_id"])
    assert len(set(layers["grids"]["grid_id"]) - branches) >= 1
    groups = set(orgs.loc[orgs["level"] == "building_group", "area_id"])
    assert len(set(layers["buildings"]["building_id"]) - groups) >= 1
    assert 1 <= (layers["stations"]["status"] == "planned").sum() <= 2
    linked = layers["members"]["linked_households"].sum()
    assert 0 < linked < layers["buildings"]["households"].sum()
    targets = set(layers["partner_links"].query("target_type == 'grid'")["target_id"])
    assert len(set(layers["grids"]["grid_id"]) - targets) >= 1
    built = metric["stations"].query("status == 'built'")
    far = np.ones(len(metric["compounds"]), dtype=bool)
    for point, radius in zip(built.geometry, built["service_radius_m"]):
        far &= metric["compounds"].distance(point).to_numpy() > radius
    assert far.any()


def test_same_seed_same_frames_other_seed_differs():
    first, _ = generate("street", seed=1)
    again, _ = generate("street", seed=1)
    other, _ = generate("street", seed=2)
    for name in first:
        a, b = first[name], again[name]
        if isinstance(a, gpd.GeoDataFrame):
            assert (a.geometry.to_wkb() == b.geometry.to_wkb()).all(), name
            a, b = pd.DataFrame(a.drop(columns="geometry")), pd.DataFrame(b.drop(columns="geometry"))
        pd.testing.assert_frame_equal(a, b)
    assert not first["buildings"]["households"].equals(other["buildings"]["households"])


# --- geo.tiling ------------------------------------------------------------------

def test_tiling_splits_a_rectangle_between_two_buildings():
    community = shapely.box(0, 0, 100, 50)
    parts = tiling.derive_grid_polygons(community, [shapely.box(10, 10, 30, 40), shapely.box(70, 10, 90, 40)],
                                        ["a", "b"])
    assert sorted(parts) == ["a", "b"]
    # The boundary is the perpendicular bisector between the buildings: x = 50.
    assert parts["a"].equals(shapely.MultiPolygon([shapely.box(0, 0, 50, 50)]).normalize()) or \
        abs(parts["a"].area - 2500) < 1e-6 and parts["a"].bounds[2] == pytest.approx(50)
    assert shapely.union_all(list(parts.values())).symmetric_difference(community).area < 1e-9


def test_tiling_is_exact_and_keeps_buildings_in_their_grid():
    community = shapely.Polygon([(0, 0), (600, -40), (650, 420), (-20, 400)])
    xs, ys = np.meshgrid(np.arange(30, 560, 85), np.arange(20, 360, 45))
    buildings = shapely.box(xs.ravel(), ys.ravel(), xs.ravel() + 60, ys.ravel() + 13)
    buildings = buildings[shapely.within(buildings, community)]
    labels = [f"g{int(x // 200)}{int(y // 180)}" for x, y in shapely.get_coordinates(shapely.centroid(buildings))]
    parts = tiling.derive_grid_polygons(community, buildings, labels)
    assert set(parts) == set(labels)
    union = shapely.union_all(list(parts.values()))
    assert shapely.symmetric_difference(union, community).area < 1e-6 * community.area
    assert abs(sum(p.area for p in parts.values()) - community.area) < 1e-6 * community.area
    for geom, label in zip(buildings, labels):
        assert shapely.intersection(geom, parts[label]).area == pytest.approx(geom.area)
    assert all(p.is_valid and p.geom_type == "MultiPolygon" for p in parts.values())


def test_tiling_one_label_returns_the_container_and_a_lattice_tiles_exactly():
    community = shapely.box(0, 0, 800, 600)
    assert tiling.derive_grid_polygons(community, [shapely.box(10, 10, 60, 23)], ["x"])["x"].area == 480_000
    xs, ys = np.meshgrid(np.arange(20, 760, 80), np.arange(20, 580, 40))
    buildings = shapely.box(xs.ravel(), ys.ravel(), xs.ravel() + 60, ys.ravel() + 13)
    labels = [f"g{int(x // 160)}{int(y // 300)}" for x, y in zip(xs.ravel(), ys.ravel())]
    parts = tiling.derive_grid_polygons(community, buildings, labels)
    assert set(parts) == set(labels)
    assert sum(p.area for p in parts.values()) == pytest.approx(community.area)
    for geom, label in zip(buildings, labels):
        assert shapely.intersection(geom, parts[label]).area == pytest.approx(geom.area)


def test_tiling_keeps_a_building_whole_next_to_another_grids_compound():
    """A building far from other grids' buildings but near another grid's whole compound
    (only its outline is sampled) must still lie wholly in its own grid."""
    community = shapely.box(0, 0, 400, 300)
    mine = [shapely.box(20, 150, 80, 163), shapely.box(20, 250, 80, 263)]
    # the other grid's compound: a thin strip 20 m south of the first building, no building near
    strip = shapely.box(0, 120, 300, 130)
    theirs = [shapely.box(300, 20, 360, 33)]
    extra = tiling.sample_outlines([strip], ["other"], spacing=10.0)
    parts = tiling.derive_grid_polygons(community, mine + theirs, ["own", "own", "other"],
                                        extra_points=extra)
    for geom in mine:
        assert shapely.intersection(geom, parts["own"]).area == pytest.approx(geom.area)


@pytest.mark.slow
def test_district_scale_is_consistent():
    layers, _ = generate("district", seed=1)
    assert 4_000 <= len(layers["grids"]) <= 6_000
    assert 40_000 <= len(layers["buildings"]) <= 60_000
    for name, layer in LAYERS.items():
        assert layers[name][layer.id_column].is_unique, name
    assert layers["communities"]["name"].is_unique and layers["grids"]["name"].is_unique
    assert set(layers["buildings"]["grid_id"]) <= set(layers["grids"]["grid_id"])
    assert set(layers["members"]["building_id"]) <= set(layers["buildings"]["building_id"])
    assert set(layers["members"]["org_id"]) <= set(layers["organizations"]["org_id"])
    assert layers["members"]["id_number"].is_unique
