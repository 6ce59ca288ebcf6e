"""The bundled demo street: generated on first use into ``data/``, deterministically."""
from __future__ import annotations

import sqlite3
from pathlib import Path


DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEMO_PATH = DATA_DIR / "demo_street.gpkg"
DEMO_SEED = 1
#: A table the current generator writes; a demo file without it was written by an older version.
NEWEST_TABLE = "cases"


def ensure_demo(path: Path = DEMO_PATH) -> Path:
    """Path of the demo project, writing it first if it is not there yet.

    A demo written by an older version (without the lists and cases) that was
    never edited (its history is empty) is written again, so that every view has
    something to show; an edited one is left as it is.
    """
    if not path.exists() or _outdated_and_untouched(path):
        from .demo import generate
        from .store import write_project  # here: the app checks for the demo before its window shows

        frames, rules = generate(scale="street", seed=DEMO_SEED)
        write_project(path, frames, rules)
    return path


def _outdated_and_untouched(path: Path) -> bool:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if NEWEST_TABLE in tables:
                return False
            return "history" not in tables or con.execute('SELECT COUNT(*) FROM "history"').fetchone()[0] == 0
        finally:
            con.close()
    except sqlite3.Error:
        return False  # not ours to judge: opening it reports what is wrong
