"""Editing speed on the city-scale demo: ``python bench/bench_editing.py [PROJECT.gpkg]``.

Measures on a copy of ``bench/out/city.gpkg`` (generate it with
``python main.py demo bench/out/city.gpkg --scale city`` when absent):

* moving one building: the command (one transaction) + in-memory update + balance
  of its grids, without and with re-deriving the two grids' boundaries (target < 20 ms
  for the former);
* one step of a 200-building brush stroke's preview (target < 50 ms);
* deriving one grid's new boundary after an edit (target < 50 ms).
"""
from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.editing.assign import ReassignBuildings  # noqa: E402
from geo.editing.balance import GridBalance  # noqa: E402
from geo.editing.boundaries import derive_boundaries  # noqa: E402
from geo.editing.brush import BrushStroke, BuildingIndex  # noqa: E402
from geo.project import Project  # noqa: E402


def _ms(samples):
    return f"median {statistics.median(samples) * 1000:.1f} ms, max {max(samples) * 1000:.1f} ms"


def _pairs(project, n):
    """(building, other grid of the same community) for n buildings spread over the city."""
    b, grids = project["buildings"], project["grids"]
    by_comm = grids.groupby("community_id").groups
    out = []
    for building in b.index[:: max(1, len(b) // n)][:n]:
        grid = b.at[building, "grid_id"]
        others = [g for g in by_comm[grids.at[grid, "community_id"]] if g != grid]
        if others:
            out.append((building, grid, others[0]))
    return out


def bench_move(project, balance, pairs, derive):
    times = []
    for building, old, new in pairs:
        t = time.perf_counter()
        command = ReassignBuildings({building: new}, derive=derive, balance=balance)
        command.do(project)
        balance.figures([old, new])
        times.append(time.perf_counter() - t)
        command.undo(project)
    return times


def bench_brush(project, balance, index):
    b = project["buildings"]
    grid = b["grid_id"].iloc[len(b) // 2]
    community = project["grids"].at[grid, "community_id"]
    grids = project["grids"]
    target = [g for g in grids.index[grids["community_id"] == community] if g != grid][0]
    in_comm = b.index[b["grid_id"].isin(grids.index[grids["community_id"] == community])]
    index.warm()  # the tool builds it when activated, not on the first stroke step
    stroke = BrushStroke(project, target, balance=balance, index=index)
    times = []
    for building in in_comm[:200]:
        p = b.at[building, "geometry"].representative_point()
        t = time.perf_counter()
        stroke.move_to(p.x, p.y, radius_m=5)
        stroke.preview()
        times.append(time.perf_counter() - t)
    return times, len(stroke.taken)


def bench_derive(project, balance, pairs):
    times = []
    for building, old, new in pairs:
        t = time.perf_counter()
        derive_boundaries(project, [old, new], {building: new}, balance=balance)
        times.append(time.perf_counter() - t)
    return times


def main(argv) -> None:
    src = Path(argv[0]) if argv else ROOT / "bench" / "out" / "city.gpkg"
    if not src.exists():
        raise SystemExit(f"{src} missing: python main.py demo {src} --scale city")
    with tempfile.TemporaryDirectory(dir=src.parent) as tmp:
        path = Path(tmp) / "edit.gpkg"
        shutil.copy(src, path)
        t = time.perf_counter()
        project = Project.open(path)
        balance, index = GridBalance(project), BuildingIndex(project)
        print(f"{src.name}: {len(project['buildings'])} buildings, {len(project['grids'])} grids;"
              f" open + balance {time.perf_counter() - t:.1f} s", flush=True)
        balance.org_for("grid_branch", None)  # build the org look-up once, as the GUI does on open
        pairs = _pairs(project, 30)
        print(f"move one building, no boundary: {_ms(bench_move(project, balance, pairs, False))}"
              " (target < 20 ms)", flush=True)
        print(f"move one building + re-derive its 2 grids: {_ms(bench_move(project, balance, pairs, True))}",
              flush=True)
        times, taken = bench_brush(project, balance, index)
        print(f"brush step preview ({len(times)} steps, {taken} buildings): {_ms(times)} (target < 50 ms)",
              flush=True)
        print(f"derive one grid's boundary after an edit: {_ms(bench_derive(project, balance, pairs))}"
              " (target < 50 ms)", flush=True)
        project.close()


if __name__ == "__main__":
    main(sys.argv[1:])
