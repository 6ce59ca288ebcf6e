"""The window shows before the engine loads, and ends up exactly as a window built whole.

The launch shows the main window with its menus, toolbar and a map placeholder
before pandas/geopandas, the panels and the features are imported; they come
in behind it (gui.launch, gui.opening). Nothing here measures time.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pandas", "geopandas", "pyogrio", "pyqtgraph", "openpyxl", "scipy")

#: main.py open, with MainWindow.show reporting what was imported when the window showed
SHOW_PROBE = """
import json, sys
import gui.main_window as mw
shown = mw.MainWindow.show
def show(self):
    print(json.dumps({"heavy": [m for m in %r if m in sys.modules],
                      "menus": [a.text() for a in self.menuBar().actions()],
                      "toolbar": len(self.toolbar.actions())}), flush=True)
    shown(self)
mw.MainWindow.show = show
import main
sys.exit(main.main(["open", sys.argv[1]]))
""" % (HEAVY,)


def test_the_window_shows_before_the_engine_and_the_features_are_imported(tiny_gpkg, tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "GRIDATLAS_OPEN_MARKS": "1",
           "XDG_CONFIG_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", SHOW_PROBE, str(tiny_gpkg)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    shown = json.loads(next(line for line in result.stdout.splitlines() if line.startswith("{")))
    assert shown["heavy"] == []
    assert "文件(&F)" in shown["menus"] and shown["toolbar"] > 0
    names = [json.loads(line)["mark"] for line in result.stderr.splitlines() if line.startswith('{"mark"')]
    assert names.index("window") < names.index("first_frame") < names.index("ready")


def _shape(window):
    """What a user can reach: menus and their entries, panels, toolbars (QAction.menu() is
    not used: its wrappers crashed PySide6 at teardown)."""
    from PySide6.QtWidgets import QDockWidget, QMenu, QToolBar

    menus = sorted((m.title(), tuple(a.text() for a in m.actions() if not a.isSeparator()))
                   for m in window.findChildren(QMenu) if m.title())  # not the menu bar's overflow
    docks = sorted(d.objectName() for d in window.findChildren(QDockWidget))
    bars = sorted((b.objectName(), len(b.actions())) for b in window.findChildren(QToolBar))
    return menus, docks, bars


def test_a_window_shown_before_its_features_ends_as_a_window_built_whole(make_main_window, tiny_gpkg, qtbot):
    from gui.main_window import MainWindow

    window = MainWindow(defer_features=True)
    qtbot.addWidget(window)
    assert window.attribute_dock is None and window.features == []
    window.show()
    opening = window.open_in_background(tiny_gpkg)
    with qtbot.waitSignal(opening.finished, timeout=60_000):
        pass
    assert window.features and window.attribute_dock is not None
    assert window.actions.import_data.isEnabled()
    org_actions = next(f.org_tree_actions for f in window.features if hasattr(f, "org_tree_actions"))
    assert window.project.street_name in org_actions.figures_text(None)  # Excel's module, loaded on use
    shape = _shape(window)
    chinese_title = window.attribute_dock.windowTitle()
    window.set_language("en")  # panels and features made after the window speak the new language too
    try:
        assert window.file_menu.title() == "&File" and window.attribute_dock.windowTitle() != chinese_title
    finally:
        window.set_language("zh")
    window.close()  # frees the project's write lock for the window built whole

    assert shape == _shape(make_main_window(tiny_gpkg))
