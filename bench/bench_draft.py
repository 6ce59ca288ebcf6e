"""Automatic grid drafting against GerryChain's recursive_tree_part; station siting.

Usage::

    .venv/bin/python bench/bench_draft.py [--scale street|street3000|district|all] [--json]
        [--no-gerrychain] [--repeat N] [--workers N]

Scenarios: the demo street (~370 buildings, 4 communities), a 3,000-building street
(the first communities of the district demo), the district demo (~45,000 buildings).
For each it drafts every community with our drafter and, on the same communities,
buildings, neighbour graph and band, with GerryChain's recursive_tree_part (which
knows nothing of compounds: it gets buildings as units), then prints side by side:
grids, share in band, share contiguous, mean Polsby-Popper of the derived boundaries,
compounds split, seconds. Last, site-stations with K = 20 on the district.

Times (medians of ``--repeat`` runs, the two drafters alternating in one process so
that both see the same machine load; the load average is printed):

* ``assign 1p`` — the assignment alone (which building goes to which grid), one process:
  for ours the neighbour graph, units, bisection and repair of every community
  (:func:`geo.drafting.community_draft.assign_community`); for GerryChain its graph and
  recursive_tree_part, summed over communities (it is handed our neighbour graph
  ready-made, and its interpreter start is not counted). The like-for-like column:
  GerryChain runs in one process.
* ``assign Np`` — ours, the same on ``--workers`` processes (default: one per core).
* ``draft 1p`` / ``draft Np`` — ours end to end, as ``main.py draft`` runs: the assignment
  plus the grid boundaries (Voronoi tiling), their Polsby-Popper, names, codes and
  exceptions, on one process and on N. GerryChain makes no boundaries: no figure.

GerryChain is a benchmark-only dependency in its own environment (its pins conflict
with the app's); make it once with::

    python3.11 -m venv bench/.venv-gerrychain
    bench/.venv-gerrychain/bin/pip install gerrychain==1.0.0

Targets (issue 11): demo street < 1 s; 3,000-building street < 5 s; district < 60 s;
ours: 100 % of grids in band where possible, contiguous, mean Polsby-Popper at least
GerryChain's, fewer compounds split, faster. site-stations on the district < 10 s (K = 20).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import shapely

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"
GERRY_PYTHON = ROOT / "bench" / ".venv-gerrychain" / "bin" / "python"

from geo.drafting.community_draft import assign_community  # noqa: E402
from geo.drafting.draft import choose_k, draft, prepare_draft  # noqa: E402
from geo.drafting.workers import default_workers, run_jobs  # noqa: E402
from geo.drafting.neighbours import components, neighbour_edges  # noqa: E402
from geo.drafting.units import build_units, unit_edges  # noqa: E402
from geo.editing.assign import building_communities  # noqa: E402
from geo.editing.compactness import compactness_of  # noqa: E402
from geo.editing.metric import to_metric  # noqa: E402
from geo.project import Project  # noqa: E402
from geo.tiling import derive_grid_polygons  # noqa: E402

TARGETS = {"street": 1.0, "street3000": 5.0, "district": 60.0}


def ensure(scale: str) -> Path:
    path = OUT / f"{scale}.gpkg"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(ROOT / "main.py"), "demo", str(path), "--scale", scale], check=True)
    return path


def scenario(name: str):
    """(project, communities) for a scenario."""
    project = Project.open(ensure("street" if name == "street" else "district"))
    comms = list(project["communities"].index)
    if name == "street3000":
        per = building_communities(project, project["buildings"].index).value_counts()
        chosen, count = [], 0
        for c in comms:
            if count >= 3000:
                break
            chosen.append(c)
            count += int(per.get(c, 0))
        comms = chosen
    return project, comms


# ---------------------------------------------------------------- shared per-community inputs

class Community:
    """The units, their graph and the band for one community (identical for both drafters)."""

    def __init__(self, project, community, ids, lower, upper):
        b = project["buildings"].loc[ids]
        self.ids = np.asarray(ids)
        self.geoms = to_metric(project, b.geometry.values.to_numpy())
        pts = shapely.point_on_surface(self.geoms)
        self.xy = np.column_stack([shapely.get_x(pts), shapely.get_y(pts)])
        self.households = np.nan_to_num(b["households"].to_numpy(float))
        self.compounds = b["compound_id"].to_numpy(object)
        self.edges = neighbour_edges(self.xy, self.households, lower)
        self.units = build_units(self.xy, self.households, self.compounds, self.edges, lower, upper,
                                 np.random.default_rng(0))
        self.unit_edges = unit_edges(self.units.units, self.edges, len(self.xy))
        self.container = to_metric(project, np.array([project["communities"].geometry[community]], dtype=object))[0]
        self.community = community


def measure(comm_list, labels_per_comm, lower, upper, seconds) -> dict:
    """The comparison figures for one drafter's labels (building position -> grid label per community)."""
    in_band = contiguous = grids = split = 0
    pp = []
    for comm, labels in zip(comm_list, labels_per_comm):
        if labels is None:
            continue
        for label in sorted(set(labels), key=str):
            mask = labels == label
            grids += 1
            in_band += lower <= comm.households[mask].sum() <= upper
            nodes = np.flatnonzero(mask)
            local = {v: i for i, v in enumerate(nodes)}
            sub = np.array([(local[a], local[b]) for a, b in comm.edges if a in local and b in local]).reshape(-1, 2)
            contiguous += components(len(nodes), sub)[0] == 1
        for c in {c for c in comm.compounds if c == c and c}:
            split += len(set(labels[comm.compounds == c])) > 1
        polygons = derive_grid_polygons(comm.container, comm.geoms, labels)
        pp += list(compactness_of(np.array(list(polygons.values()), dtype=object))["polsby_popper"])
    return {"grids": grids, "in_band_share": in_band / max(grids, 1), "contiguous_share": contiguous / max(grids, 1),
            "mean_polsby_popper": float(np.nanmean(pp)) if pp else None, "compounds_split": split,
            "seconds": seconds}


def ours(project, comms, lower, upper, workers):
    """One draft: (result, wall seconds). The result holds its summed phase times."""
    start = time.perf_counter()
    result = draft(project, communities=comms, band=(lower, upper), seed=1, workers=workers,
                   progress=_progress if len(comms) > 50 else None)
    return result, time.perf_counter() - start


def assignment_only(project, comms, lower, upper, workers):
    """Wall seconds of the assignment alone (no boundaries) on ``workers`` processes."""
    _, jobs = prepare_draft(project, comms, (lower, upper), (), seed=1)
    start = time.perf_counter()
    run_jobs(assign_community, jobs, workers)
    return time.perf_counter() - start


def _progress(done, total):
    if done % 50 == 0 or done == total:
        print(f"  drafted {done}/{total} communities", file=sys.stderr, flush=True)


def gerrychain(comm_list, lower, upper):
    """(labels per community, solve seconds summed over communities, wall seconds, failed communities)."""
    # GerryChain does not know compounds: it gets buildings as units (as the issue measured it),
    # on the same neighbour graph and band; whole-compound units leave it no cut to find.
    problems = []
    for n, comm in enumerate(comm_list):
        problems.append({"id": n, "households": comm.households.tolist(), "edges": comm.edges.tolist(),
                         "k": choose_k(comm.households.sum(), lower, upper),
                         "lower": lower, "upper": upper, "seed": 1})
    start = time.perf_counter()
    run = subprocess.run([str(GERRY_PYTHON), str(ROOT / "bench" / "gerrychain_runner.py")],
                         input=json.dumps(problems), capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    answers = {a["id"]: a for a in json.loads(run.stdout)}
    labels, failed = [], 0
    for n, comm in enumerate(comm_list):
        answer = answers[n]
        if answer["assignment"] is None:
            failed += 1
            labels.append(None)
            continue
        labels.append(np.array([f"gc{part}" for part in answer["assignment"]], dtype=object))
    solve = sum(a["seconds"] for a in answers.values())
    return labels, solve, wall, failed


def run_scenario(name, repeat, with_gc, workers):
    project, comms = scenario(name)
    lower, upper = project.rules.households_min, project.rules.households_max
    per = building_communities(project, project["buildings"].index)
    comm_list = [Community(project, c, per.index[per == c], lower, upper) for c in comms]
    comm_list = [c for c in comm_list if len(c.ids)]
    workers = workers or default_workers()
    one, many, assign, assign_many, gc_solve, gc_wall = [], [], [], [], [], []
    loads = [os.getloadavg()[0]]
    for _ in range(repeat):  # alternate, so that both drafters see the same load
        assign.append(assignment_only(project, comms, lower, upper, 1))
        assign_many.append(assignment_only(project, comms, lower, upper, workers))
        result, seconds = ours(project, comms, lower, upper, workers=1)
        one.append(seconds)
        parallel, seconds = ours(project, comms, lower, upper, workers=workers)
        many.append(seconds)
        assert parallel.assignment == result.assignment, "the number of processes changed the draft"
        if with_gc:
            labels, solve, wall, failed = gerrychain(comm_list, lower, upper)
            gc_solve.append(solve)
            gc_wall.append(wall)
        loads.append(os.getloadavg()[0])
    ours_labels = [np.array([result.assignment[i] for i in c.ids], dtype=object) for c in comm_list]
    row = {"scenario": name, "buildings": int(sum(len(c.ids) for c in comm_list)), "communities": len(comm_list),
           "target_s": TARGETS[name], "repeat": repeat, "load_average_1min": loads,
           "ours": measure(comm_list, ours_labels, lower, upper, statistics.median(one))}
    row["ours"].update({"assign_seconds": statistics.median(assign), "assign_seconds_workers": statistics.median(assign_many),
                        "seconds_one_process": statistics.median(one), "seconds_workers": statistics.median(many),
                        "workers": parallel.workers, "assign_seconds_all": assign, "assign_seconds_workers_all": assign_many,
                        "seconds_one_process_all": one, "seconds_workers_all": many})
    if with_gc:
        row["gerrychain"] = measure(comm_list, labels, lower, upper, statistics.median(gc_solve))
        row["gerrychain"].update({"failed_communities": failed, "assign_seconds": statistics.median(gc_solve),
                                  "wall_seconds": statistics.median(gc_wall), "assign_seconds_all": gc_solve})
    project.close()
    return row


def siting(k=20):
    from geo.siting import site_stations

    project = Project.open(ensure("district"))
    start = time.perf_counter()
    result = site_stations(project, k)
    seconds = time.perf_counter() - start
    project.close()
    return {"k": k, "seconds": seconds, "target_s": 10.0, "method": result.method,
            "covered_before": result.covered_before, "covered_after": result.covered_after}


def print_table(rows, site):
    print(f"{'scenario':<12}{'drafter':<12}{'grids':>6}{'in band':>9}{'contig.':>9}{'mean PP':>9}"
          f"{'split':>7}{'assign 1p':>11}{'assign Np':>11}{'draft 1p':>10}{'draft Np':>10}{'target':>8}")
    for row in rows:
        for who in ("ours", "gerrychain"):
            m = row.get(who)
            if not m:
                continue
            pp = "-" if m["mean_polsby_popper"] is None else f"{m['mean_polsby_popper']:.3f}"
            extra = f"  ({m['failed_communities']} communities failed)" if m.get("failed_communities") else ""
            if who == "ours":
                assign_n = f"{m['assign_seconds_workers']:.2f} ({m['workers']})"
                one, many = f"{m['seconds_one_process']:.2f}", f"{m['seconds_workers']:.2f}"
            else:
                assign_n, one, many = "-", "-", "-"
            print(f"{row['scenario']:<12}{who:<12}{m['grids']:>6}{m['in_band_share']:>9.1%}"
                  f"{m['contiguous_share']:>9.1%}{pp:>9}{m['compounds_split']:>7}{m['assign_seconds']:>11.2f}"
                  f"{assign_n:>11}{one:>10}{many:>10}{(row['target_s'] if who == 'ours' else ''):>8}{extra}")
        loads = ", ".join(f"{x:.1f}" for x in row["load_average_1min"])
        print(f"{'':<12}medians of {row['repeat']} runs; 1-minute load average during the runs: {loads}")
    if site:
        print(f"site-stations district K={site['k']}: {site['seconds']:.2f} s (target < {site['target_s']:.0f} s,"
              f" {site['method']}); covered {site['covered_before']:.0f} → {site['covered_after']:.0f} households")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["street", "street3000", "district", "all"], default="all")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-gerrychain", action="store_true")
    parser.add_argument("--repeat", type=int, default=5, help="runs per scenario (medians)")
    parser.add_argument("--workers", type=int, default=None, help="processes for the N-process column (default: cores)")
    args = parser.parse_args(argv)
    with_gc = not args.no_gerrychain and GERRY_PYTHON.exists()
    if not with_gc and not args.no_gerrychain:
        print("GerryChain is not installed for the benchmark; see the instructions at the top of this file",
              file=sys.stderr)
    names = ["street", "street3000", "district"] if args.scale == "all" else [args.scale]
    rows = [run_scenario(n, args.repeat, with_gc, args.workers) for n in names]
    site = siting() if args.scale in ("district", "all") else None
    if args.json:
        print(json.dumps({"scenarios": rows, "site_stations": site}, ensure_ascii=False, indent=1))
    else:
        print_table(rows, site)


if __name__ == "__main__":
    main()
