"""stats --json carries the list and case figures per grid, community and street; --as-of counts a past day."""
import json

from geo.cli import main


def test_stats_json_has_the_list_figures_as_of_a_day(lists_gpkg, capsys):
    assert main(["stats", str(lists_gpkg), "--json", "--as-of", "2026-03-10"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == "2026-03-10"
    grids = {g["grid_id"]: g for g in data["grids"]}
    assert grids["G2"]["cases_overdue"] == 1 and grids["G2"]["cases_closed_on_time_share"] == 0.0
    assert grids["G1"]["satisfaction_mean"] == 5.0 and grids["G1"]["needs_open"] == 1
    assert data["communities"][0]["cases_resolved_share"] == 0.6
    assert data["street"]["needs_total"] == 4 and data["street"]["resources_total"] == 3
    assert {"households", "buildings", "members"} <= set(data["street"])  # the coverage keys stay


def test_stats_json_as_of_before_anything_gives_nulls_for_shares(lists_gpkg, capsys):
    assert main(["stats", str(lists_gpkg), "--json", "--as-of", "2025-01-01"]) == 0
    data = json.loads(capsys.readouterr().out)
    g1 = {g["grid_id"]: g for g in data["grids"]}["G1"]
    assert g1["cases_total"] == 0 and g1["cases_resolved_share"] is None and g1["satisfaction_mean"] is None


def test_stats_text_and_a_bad_day(lists_gpkg, capsys):
    assert main(["stats", str(lists_gpkg)]) == 0
    out = capsys.readouterr().out
    assert "需求 4（待认领 2）" in out and "needs_total" not in out
    assert main(["stats", str(lists_gpkg), "--as-of", "2026-02-30"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "2026-02-30" in err
