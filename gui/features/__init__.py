"""Features that plug into the main window: each a module here with a ``Feature`` class.

The window builds its core (map, layers, identify, table, organization tree,
undo stack, menus) and then installs every feature found here, in name order;
at launch both the panels and the features come in just after the window is on
screen (``MainWindow.add_features``), so import what a feature needs only when
it is built or used, never to show the window.
A feature adds its own docks, actions, menu entries, map tools and overlays,
so that independent work (coverage views, grid editing, presenting) does not
crowd one window module.

A feature's life cycle::

    feature = Feature(window)      # build widgets and actions once
    feature.project_opened()       # window.project / selection / canvas / styles are new
    feature.project_closing()      # before they go away (optional)
    feature.retranslate()          # after a language change (optional)

Useful window attributes: ``project``, ``selection``, ``canvas``, ``styles``
(the canvas's LayerStack), ``events`` (Qt signals for project changes),
``undo_stack`` (QUndoStack; push ``gui.undo`` commands, see ``run_and_push``),
``coverage()`` (the live :class:`geo.coverage.CoverageModel`, built on first
use), the menus ``file_menu``, ``export_menu``, ``edit_menu``, ``view_menu``,
``analysis_menu``, ``tools_menu``, ``zoom_to_feature(layer, id)``, and
``notify(text, warning=True)`` (a message in the status bar and on the map,
already worded in the user's language).
"""
from __future__ import annotations

import importlib
import pkgutil


class Feature:
    """Base class with no-op hooks."""

    def __init__(self, window):
        self.window = window

    def project_opened(self) -> None:
        pass

    def project_closing(self) -> None:
        pass

    def retranslate(self) -> None:
        pass


def install_features(window) -> list[Feature]:
    features = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        cls = getattr(module, "Feature", None)
        if cls is not None:
            features.append(cls(window))
    return features
