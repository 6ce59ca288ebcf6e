"""The bundled demo street: generated on first use into ``data/``, deterministically."""
from __future__ import annotations

from pathlib import Path

from .store import write_project

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEMO_PATH = DATA_DIR / "demo_street.gpkg"
DEMO_SEED = 1


def ensure_demo(path: Path = DEMO_PATH) -> Path:
    """Path of the demo project, writing it first if it is not there yet."""
    if not path.exists():
        from .demo import generate

        frames, rules = generate(scale="street", seed=DEMO_SEED)
        write_project(path, frames, rules)
    return path
