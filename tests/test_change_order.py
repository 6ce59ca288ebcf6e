"""Validate, commit, then notify: a refused change leaves the file alone; a failing
listener never leaves disk, memory and the command disagreeing."""
import gc

import pytest

from geo.bookmarks import add_user_bookmark, user_bookmarks
from geo.commands import ChangeList, Macro, SetValues
from geo.events import Event, ListenerError
from geo.messages import CodedError
from geo.project import Project
from geo.store import read_layers
from tests.factories import tiny_rules
from tests.test_store import table_digest


@pytest.fixture
def project(tiny_gpkg):
    project = Project.open(tiny_gpkg)
    yield project
    project.close()


def households_on_disk(path, building):
    return int(read_layers(path).frames["buildings"].set_index("building_id").at[building, "households"])


def broken_listener(*_):
    raise RuntimeError("a view that cannot follow")


# ---------------------------------------------------------------- validate before writing

@pytest.mark.parametrize("settings", [
    [("setting", "households_min", "600")],                                   # above the maximum
    [("setting", "households_min", "60"), ("setting", "households_max", "abc")],  # not a number
    [("setting", "station_radius_m", "-5")],
])
def test_a_bad_setting_is_refused_before_the_file_is_touched(project, tiny_gpkg, settings):
    before = table_digest(tiny_gpkg, "settings")
    with pytest.raises(CodedError) as caught:
        project.apply(settings)
    assert caught.value.message is not None  # worded in both languages
    assert table_digest(tiny_gpkg, "settings") == before
    assert project.rules == tiny_rules()
    reopened = read_layers(tiny_gpkg)
    assert reopened.rules == tiny_rules() and reopened.problems == []


def test_a_band_edited_at_both_ends_is_checked_as_a_whole(project, tiny_gpkg):
    # 50-80 → 600-800 passes through 600-80 if checked one key at a time
    project.apply([("setting", "households_min", "600"), ("setting", "households_max", "800")])
    assert (project.rules.households_min, project.rules.households_max) == (600, 800)
    assert read_layers(tiny_gpkg).rules == project.rules


def test_an_update_of_an_unknown_id_is_refused_and_adds_no_row(project, tiny_gpkg):
    before = table_digest(tiny_gpkg, "buildings")
    with pytest.raises(CodedError, match="B404"):
        project.apply([("update", "buildings", "B1", {"households": 61}),
                       ("update", "buildings", "B404", {"households": 1})])
    assert table_digest(tiny_gpkg, "buildings") == before
    assert list(project["buildings"].index) == ["B1", "B2", "B3"]
    assert project["buildings"].at["B1", "households"] == 60


def test_a_bookmark_with_a_bad_extent_is_refused_before_writing(project, tiny_gpkg):
    add_user_bookmark(project, "好的", (0.0, 0.0, 1.0, 1.0))
    before = table_digest(tiny_gpkg, "settings")
    with pytest.raises(CodedError):
        add_user_bookmark(project, "坏的", (0.0, float("nan"), 1.0, 1.0))
    assert table_digest(tiny_gpkg, "settings") == before
    assert [b.name for b in user_bookmarks(project)] == ["好的"]


# ---------------------------------------------------------------- listeners that raise

def test_every_listener_is_called_and_the_failures_reported_together():
    event, heard = Event(), []
    event.connect(broken_listener)
    event.connect(heard.append)
    event.connect(lambda value: 1 / 0)
    with pytest.raises(ListenerError) as caught:
        event.emit("x")
    assert heard == ["x"]
    assert [type(e) for _, e in caught.value.errors] == [RuntimeError, ZeroDivisionError]
    assert "2" in caught.value.text("en")


def test_bound_methods_are_held_weakly_and_functions_strongly():
    class View:
        def __init__(self):
            self.heard = []

        def on_event(self, value):
            self.heard.append(value)

    event, kept = Event(), []
    view = View()
    event.connect(view.on_event)
    event.connect(lambda value: kept.append(value))
    event.emit(1)
    del view
    gc.collect()
    event.emit(2)
    assert kept == [1, 2] and len(event) == 1


def test_a_failing_listener_leaves_disk_memory_and_command_in_step(project, tiny_gpkg):
    heard = []
    project.changed.connect(broken_listener)
    project.changed.connect(heard.append)
    command = SetValues("buildings", {"B1": {"households": 75}})
    with pytest.raises(ListenerError):
        command.do(project)
    assert [e.ids for e in heard] == [("B1",)]  # the healthy listener still heard it
    assert project["buildings"].at["B1", "households"] == 75
    assert households_on_disk(tiny_gpkg, "B1") == 75
    with pytest.raises(ListenerError):  # undo is an edit like any other
        command.undo(project)
    assert project["buildings"].at["B1", "households"] == 60
    assert households_on_disk(tiny_gpkg, "B1") == 60


def test_a_macro_runs_every_part_despite_a_failing_listener(project, tiny_gpkg):
    project.changed.connect(broken_listener)
    macro = Macro("two", [SetValues("buildings", {"B1": {"households": 71}}),
                          SetValues("buildings", {"B2": {"households": 42}})])
    with pytest.raises(ListenerError) as caught:
        macro.do(project)
    assert len(caught.value.errors) == 2  # one per part, reported once
    assert households_on_disk(tiny_gpkg, "B1") == 71 and households_on_disk(tiny_gpkg, "B2") == 42
    with pytest.raises(ListenerError):
        macro.undo(project)
    assert households_on_disk(tiny_gpkg, "B1") == 60 and households_on_disk(tiny_gpkg, "B2") == 40
    assert project["buildings"]["households"].tolist() == [60, 40, 30]


def test_rules_stand_when_a_rules_listener_fails(project, tiny_gpkg):
    heard = []
    project.rules_changed.connect(broken_listener)
    project.rules_changed.connect(heard.append)
    command = ChangeList("band", [("setting", "households_max", "90")])
    with pytest.raises(ListenerError):
        command.do(project)
    assert project.rules.households_max == 90 and read_layers(tiny_gpkg).rules.households_max == 90
    assert heard == [project.rules]
    with pytest.raises(ListenerError):
        command.undo(project)
    assert read_layers(tiny_gpkg).rules == project.rules == tiny_rules()
