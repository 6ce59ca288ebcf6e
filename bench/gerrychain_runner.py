"""Runs GerryChain's recursive_tree_part on problems read from stdin (JSON); prints assignments.

Not part of the app: bench/bench_draft.py starts it with the interpreter of a separate
virtual environment that has GerryChain (its pins — numpy 2.4, pandas 3 — conflict with
the app's), made once with:

    python3.11 -m venv bench/.venv-gerrychain
    bench/.venv-gerrychain/bin/pip install gerrychain==1.0.0

Input: [{"id", "households": [...], "edges": [[a, b], ...], "k", "lower", "upper", "seed"}].
Output: [{"id", "assignment": [part per node] or null, "seconds", "error"}].
"""
import json
import random
import sys
import time
from functools import partial

import networkx as nx
from gerrychain.graph import Graph
from gerrychain.partition.initial_partition_generators import recursive_tree_part
from gerrychain.tree import bipartition_tree


def solve(problem):
    g = nx.Graph()
    for i, h in enumerate(problem["households"]):
        g.add_node(i, households=float(h))
    g.add_edges_from(map(tuple, problem["edges"]))
    k, lower, upper = problem["k"], problem["lower"], problem["upper"]
    total = sum(problem["households"])
    start = time.perf_counter()
    if k <= 1 or len(problem["households"]) <= 1:
        return {"id": problem["id"], "assignment": [0] * len(problem["households"]),
                "seconds": time.perf_counter() - start, "error": None}
    target = total / k
    # the widest epsilon that still keeps every part inside the band
    epsilon = max(min((target - lower) / target, (upper - target) / target), 0.01)
    try:
        parts = recursive_tree_part(Graph.from_networkx(g), range(k), target, "households", epsilon,
                                    bipartition_tree_fn=partial(bipartition_tree, max_attempts=20000),
                                    rng=random.Random(problem["seed"]))
        assignment = [int(parts[i]) for i in range(len(problem["households"]))]
        error = None
    except Exception as exc:  # noqa: BLE001 - reported in the table, the run goes on
        assignment, error = None, f"{type(exc).__name__}: {exc}"[:200]
    return {"id": problem["id"], "assignment": assignment, "seconds": time.perf_counter() - start,
            "error": error}


if __name__ == "__main__":
    print(json.dumps([solve(p) for p in json.load(sys.stdin)]))
