"""The cycle collector leaves the survivors of a full collection alone until a project closes."""
import gc
import shutil
import weakref

import pytest

from geo.collector import freeze_after_full_collections, stop_freezing, thaw


@pytest.fixture(autouse=True)
def collector_as_usual_afterwards():
    yield
    stop_freezing()  # the rest of the suite collects as Python does by default (see conftest.app)


class Node:
    pass


def _frozen_garbage_cycle():
    """A reference cycle frozen by a full collection, then dropped: a weak reference to it."""
    node = Node()
    node.me = node
    ref = weakref.ref(node)
    gc.collect()  # a full collection: the cycle survives it (still referenced) and is frozen
    assert not any(o is node for o in gc.get_objects(generation=2))
    del node
    return ref


def test_survivors_of_a_full_collection_are_frozen_and_thawed_on_request():
    freeze_after_full_collections()
    callbacks = len(gc.callbacks)
    freeze_after_full_collections()  # once per process, whoever asks
    assert len(gc.callbacks) == callbacks
    ref = _frozen_garbage_cycle()
    assert gc.get_freeze_count() > 0
    gc.collect()
    assert ref() is not None  # frozen: the cycle is not walked, so not freed
    thaw()
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert ref() is None


def test_closing_a_project_gives_its_objects_back_to_the_collector(make_main_window, tiny_gpkg, tmp_path):
    freeze_after_full_collections()
    window = make_main_window(tiny_gpkg)
    ref = _frozen_garbage_cycle()
    assert window.open_project(shutil.copy(tiny_gpkg, tmp_path / "other.gpkg"))
    gc.collect()
    assert ref() is None


def test_referrers_are_hidden_while_frozen_and_found_once_freezing_stops():
    holder, held = Node(), Node()
    holder.held = held
    freeze_after_full_collections()
    gc.collect()
    assert not gc.get_referrers(held)  # what Hypothesis asks of its random generator
    stop_freezing()
    assert holder.__dict__ in gc.get_referrers(held) or holder in gc.get_referrers(held)
    gc.collect()
    assert gc.get_freeze_count() == 0
