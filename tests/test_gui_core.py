"""Core window services that features build on: undo stack, write lock, feature hooks."""
from PySide6.QtWidgets import QMessageBox

from geo.commands import SetValues
from gui.undo import run_and_push


def test_undo_and_redo_through_the_window(main_window, qtbot):
    window = main_window
    command = SetValues("grids", {"G1": {"name": "新名字"}}, "rename G1")
    run_and_push(window.undo_stack, window.project, command)
    assert window.project["grids"].at["G1", "name"] == "新名字"
    window.undo_action.trigger()
    assert window.project["grids"].at["G1", "name"] == "第一网格"
    window.redo_action.trigger()
    assert window.project["grids"].at["G1", "name"] == "新名字"
    assert window.undo_stack.count() == 1
    assert window.undo_dock.session_view.stack() is window.undo_stack


def test_second_window_on_the_same_project_is_warned(make_main_window, tiny_gpkg):
    first = make_main_window(tiny_gpkg)
    assert first._lock is not None
    second = make_main_window(tiny_gpkg)
    assert second._lock is None
    assert isinstance(second.lock_warning, QMessageBox) and second.lock_warning.isVisible()
    assert "编辑" in second.statusBar().currentMessage()
    second.lock_warning.close()


def test_lock_is_released_when_the_project_closes(make_main_window, tiny_gpkg):
    from geo.editing.lock import lock_path

    window = make_main_window(tiny_gpkg)
    assert lock_path(tiny_gpkg).exists()
    window.close()
    assert not lock_path(tiny_gpkg).exists()


def test_features_are_installed_and_menus_exist(main_window):
    assert isinstance(main_window.features, list)
    for menu in ("file_menu", "export_menu", "edit_menu", "view_menu", "analysis_menu", "tools_menu"):
        assert getattr(main_window, menu) is not None
    assert main_window.actions.import_data.text()


def test_coverage_model_is_built_once_and_follows_edits(main_window):
    model = main_window.coverage()
    assert model is main_window.coverage()
    assert model.grids.at["G1", "households"] == 100
    run_and_push(main_window.undo_stack, main_window.project,
                 SetValues("buildings", {"B2": {"grid_id": "G2"}}, "move B2"))
    assert model.grids.at["G1", "households"] == 60
