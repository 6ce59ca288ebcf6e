import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "test-output"


@pytest.fixture
def output_dir(request):
    """A folder under test-output/ for pictures and files a test wants kept for a look."""
    path = OUTPUT / request.node.name.replace("/", "_").replace("[", "_").replace("]", "")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def tiny_gpkg(tmp_path):
    from tests.factories import write_tiny

    return write_tiny(tmp_path / "tiny.gpkg")


@pytest.fixture(scope="session")
def demo_gpkg(tmp_path_factory):
    """The demo street written once per test session."""
    from geo.demo import generate
    from geo.store import write_project

    path = tmp_path_factory.mktemp("demo") / "demo.gpkg"
    frames, rules = generate(scale="street", seed=1)
    return write_project(path, frames, rules)
