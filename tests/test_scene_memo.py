"""The scene's memo across threads: what one thread is building from the same inputs another
waits for instead of building again (the GUI thread's overlays and the render thread both ask
for the edited grids' cache), and a failed build leaves the waiter to build itself."""
from __future__ import annotations

import threading

import pytest

from geo.project import Project
from gui.map.scene import MapScene


@pytest.fixture(scope="module")
def scene(demo_gpkg):
    return MapScene(Project.read(demo_gpkg))


def _in_thread(fn):
    out = {}
    thread = threading.Thread(target=lambda: out.update(value=fn()))
    thread.start()
    return thread, out


def test_a_second_thread_waits_for_the_same_build_and_gets_its_value(scene):
    deps, started, release, calls = (object(),), threading.Event(), threading.Event(), []

    def slow():
        calls.append(threading.get_ident())
        started.set()
        release.wait(5)
        return ["built"]

    first, got_first = _in_thread(lambda: scene.remember(("test", 1), deps, slow))
    started.wait(5)
    second, got_second = _in_thread(lambda: scene.remember(("test", 1), deps, lambda: calls.append("again")))
    second.join(0.2)
    assert second.is_alive()  # waiting, not building
    release.set()
    first.join(5)
    second.join(5)
    assert len(calls) == 1
    assert got_second["value"] is got_first["value"]


def test_other_inputs_are_built_at_once_without_waiting(scene):
    started, release = threading.Event(), threading.Event()
    first, _ = _in_thread(lambda: scene.remember(("test", 2), (object(),),
                                                 lambda: (started.set(), release.wait(5))))
    started.wait(5)
    try:
        assert scene.remember(("test", 2), (object(),), lambda: "mine") == "mine"
    finally:
        release.set()
        first.join(5)


def test_a_failed_build_leaves_the_waiter_to_build(scene):
    deps, started, release = (object(),), threading.Event(), threading.Event()

    def failing():
        started.set()
        release.wait(5)
        raise RuntimeError("cancelled")

    errors = []
    first = threading.Thread(target=lambda: _catch(errors, lambda: scene.remember(("test", 3), deps, failing)))
    first.start()
    started.wait(5)
    second, got = _in_thread(lambda: scene.remember(("test", 3), deps, lambda: "rebuilt"))
    release.set()
    first.join(5)
    second.join(5)
    assert [type(e) for e in errors] == [RuntimeError]
    assert got["value"] == "rebuilt"
    assert scene.remember(("test", 3), deps, lambda: "not again") == "rebuilt"


def test_asking_again_inside_ones_own_build_does_not_wait_for_oneself(scene):
    deps = (object(),)
    inner = []

    def outer():
        inner.append(scene.remember(("test", 4), deps, lambda: "inner"))
        return "outer"

    thread, got = _in_thread(lambda: scene.remember(("test", 4), deps, outer))
    thread.join(5)
    assert not thread.is_alive()
    assert inner == ["inner"] and got["value"] == "outer"


def _catch(errors, fn):
    try:
        fn()
    except Exception as exc:  # noqa: BLE001 (the test checks what was raised)
        errors.append(exc)


def test_a_build_that_started_earlier_and_ended_later_does_not_replace_a_newer_one(scene):
    old_deps, new_deps = (object(),), (object(),)
    started, release = threading.Event(), threading.Event()

    def old_build():  # the grids' colours of the outlines before an edit, worked out behind a frame
        started.set()
        release.wait(5)
        return "from the old outlines"

    behind, _ = _in_thread(lambda: scene.remember(("test", "order"), old_deps, old_build))
    started.wait(5)
    assert scene.remember(("test", "order"), new_deps, lambda: "from the edited outlines") == "from the edited outlines"
    release.set()
    behind.join(5)
    deps, value = scene.recall(("test", "order"))
    assert deps is new_deps and value == "from the edited outlines"
