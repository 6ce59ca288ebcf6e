"""Import speed, end to end: ``python bench/bench_import.py [--rows 16000 100000] [--json]``.

Times what a user waits on: the ``import`` command (a fresh process reading the
file, validating every row, planning and writing one transaction) on a copy of a
demo project, for

* a member roster (.xlsx or .csv) of N rows: valid ID numbers, addresses of the
  project's buildings with unit and room, plus a few bad rows (no address, bad
  ID, unknown building, a control character, an address without a unit);
* a buildings GeoJSON of N small squares inside the project area.

Prints median and p95 per case next to the target (100,000 rows < 30 s).
The demo project is generated once into ``bench/out/`` (street scale by default).
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.demo.people import birth_dates, id_numbers, person_names, phone_numbers  # noqa: E402
from geo.project import Project  # noqa: E402

TARGET_S = {100_000: 30.0}
OUT = ROOT / "bench" / "out"


def demo_project(scale: str) -> Path:
    """The cached demo project of ``scale`` (generated with ``main.py demo`` when absent)."""
    path = OUT / f"bench_import_{scale}.gpkg"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(ROOT / "main.py"), "demo", str(path),
                        "--scale", scale], check=True, stdout=subprocess.DEVNULL)
    return path


def roster_rows(project_path: Path, n: int, seed: int = 7) -> list[list[str]]:
    """Header plus ``n`` roster rows; about 0.1 % are bad in different ways."""
    rng = np.random.default_rng(seed)
    project = Project.open(project_path)
    try:
        b = project["buildings"]
        addresses = b["address"].astype(str).to_numpy()
        units = b["units"].fillna(1).astype(int).clip(lower=1).to_numpy()
    finally:
        project.close()
    male = rng.random(n) < 0.5
    names = person_names(male, rng)
    ids = id_numbers(male, *birth_dates(n, rng), rng)
    phones = phone_numbers(n, rng)
    pick = rng.integers(len(addresses), size=n)
    unit = 1 + (rng.random(n) * units[pick]).astype(int)
    room = rng.integers(1, 7, n) * 100 + rng.integers(1, 5, n)
    kinds = np.array(["", "在职党员", "流动党员"], dtype=object)[rng.integers(3, size=n)]
    rows = [["姓名", "性别", "身份证号", "联系电话", "住址", "党员类别"]]
    for i in range(n):
        rows.append([names[i], "男" if male[i] else "女", ids[i], phones[i],
                     f"{addresses[pick[i]]}{unit[i]}单元{room[i]}", kinds[i]])
    _spoil(rows, rng)
    return rows


def _spoil(rows: list[list[str]], rng) -> None:
    """A few rows of each kind users send: blank address, bad ID, nowhere, odd characters."""
    n = len(rows) - 1
    bad = rng.choice(np.arange(1, n + 1), size=min(n, max(6, n // 1000)), replace=False)
    for k, r in enumerate(bad):
        row = rows[r]
        match k % 6:
            case 0: row[4] = ""
            case 1: row[2] = row[2][:17] + ("0" if row[2][17] != "0" else "1")
            case 2: row[4] = "火星小区99号楼1单元101"
            case 3: row[0] = row[0] + "\x7f\u200b"  # xlsx refuses \x00-\x1f
            case 4: row[4] = row[4].split("单元")[0][:-1]  # no unit number
            case 5: row[3] = "12345"


def write_roster(rows: list[list[str]], path: Path) -> None:
    if path.suffix == ".csv":
        import csv
        with path.open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(rows)
        return
    import openpyxl
    # A normal workbook, as Excel writes it: with the sheet's <dimension> (write-only
    # mode leaves it out, and openpyxl then parses the whole sheet once more to size it).
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "党员"
    for row in rows:
        ws.append(row)
    wb.save(path)


def write_buildings(project_path: Path, n: int, path: Path, seed: int = 11) -> None:
    """``n`` 10 m squares scattered over the project's extent, with name/floors/households."""
    import geopandas as gpd
    import shapely

    rng = np.random.default_rng(seed)
    project = Project.open(project_path)
    try:
        minx, miny, maxx, maxy = project.bounds()
        crs = project.crs or "EPSG:4490"
    finally:
        project.close()
    x = rng.uniform(minx, maxx, n)
    y = rng.uniform(miny, maxy, n)
    d = 0.0001
    boxes = shapely.box(x, y, x + d, y + d)
    frame = gpd.GeoDataFrame({"名称": [f"{i + 1}号楼" for i in range(n)],
                              "层数": rng.integers(2, 30, n), "户数": rng.integers(6, 200, n)},
                             geometry=boxes, crs=crs)
    frame.to_file(path, driver="GeoJSON")


def time_import(project: Path, source: Path, layer: str, repeats: int) -> list[float]:
    """Seconds of ``main.py import`` per run, each on a fresh copy of the project."""
    times = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory(prefix="gridatlas-bench-") as tmp:
            copy = Path(tmp) / "p.gpkg"
            shutil.copyfile(project, copy)
            t = time.perf_counter()
            done = subprocess.run([sys.executable, str(ROOT / "main.py"), "import", str(copy),
                                   str(source), "--as", layer], capture_output=True, text=True)
            times.append(time.perf_counter() - t)
            if done.returncode not in (0, 1):
                raise SystemExit(f"import failed ({done.returncode}): {done.stderr.strip()}")
    return times


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[16_000, 100_000])
    parser.add_argument("--scale", choices=("street", "district"), default="street")
    parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx",
                        help="roster file format")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", choices=("members", "buildings"))
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    project = demo_project(args.scale)
    results = []
    with tempfile.TemporaryDirectory(prefix="gridatlas-bench-files-") as tmp:
        for n in args.rows:
            cases = []
            if args.only in (None, "members"):
                roster = Path(tmp) / f"roster_{n}.{args.format}"
                write_roster(roster_rows(project, n), roster)
                cases.append(("members", roster))
            if args.only in (None, "buildings"):
                shapes = Path(tmp) / f"buildings_{n}.geojson"
                write_buildings(project, n, shapes)
                cases.append(("buildings", shapes))
            for layer, source in cases:
                times = time_import(project, source, layer, args.repeats)
                results.append({"layer": layer, "rows": n, "file": source.suffix[1:],
                                "median_s": round(statistics.median(times), 2),
                                "p95_s": round(_p95(times), 2),
                                "target_s": TARGET_S.get(n)})
                if not args.json:
                    r = results[-1]
                    target = f"(target < {r['target_s']:g} s)" if r["target_s"] else ""
                    print(f"import {layer:9s} {n:>7,} rows ({r['file']}): median "
                          f"{r['median_s']:.2f} s, p95 {r['p95_s']:.2f} s {target}", flush=True)
    if args.json:
        print(json.dumps({"scale": args.scale, "results": results}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
