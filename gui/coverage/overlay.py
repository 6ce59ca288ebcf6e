"""FigureChoropleth: any coverage figure drawn as the graduated style of grids or communities.

The figure is not a column of the project file, so the values go to the map
through :meth:`gui.map.scene.MapScene.set_values` and the layer's style
becomes graduated on that field (:meth:`LayerStack.set_graduated`), which
also gives the layers dock its legend. Shares (0..1) are shown in percent so
the legend reads "72 – 85". Clearing restores the layer's previous style.
"""
from __future__ import annotations

import pandas as pd

from ..map.layer_style import BY_GRID, GRADUATED, default_styles
from .labels import figure_title, figure_unit

CHOROPLETH_ALPHA = 0.75  # a figure needs a fill you can read (grids are 0.3, communities 0)


class FigureChoropleth:
    def __init__(self, window):
        self.window = window
        self.current: tuple[str, str] | None = None  # (layer, field)
        self._previous = None  # the layer's style before, to restore

    def values(self, model, layer: str, field: str) -> pd.Series:
        frame = model.grids if layer == "grids" else model.communities
        values = pd.to_numeric(frame[field], errors="coerce").astype(float)
        return values * 100 if field.endswith("_share") else values

    def show(self, model, layer: str, field: str) -> None:
        """Colour ``layer`` ("grids" or "communities") by ``field`` of the coverage model."""
        if self.current is not None and self.current[0] != layer:
            self.clear()
        if self.current is None:
            self._previous = self.window.styles[layer]
        self.current = (layer, field)
        self._apply(model)
        self.window.styles.set_fill_alpha(layer, CHOROPLETH_ALPHA)
        self.window.layers_dock.select_layer(layer)  # its legend shows the classes

    def _apply(self, model) -> None:
        layer, field = self.current
        values = self.values(model, layer, field)
        self.window.canvas.scene.set_values(layer, field, values)
        self.window.styles.set_graduated(layer, field, values.to_numpy(),
                                         title=figure_title(layer, field), unit=figure_unit(field))

    def update(self, model) -> None:
        """The figures changed: new values (and class breaks), then redraw."""
        if self.current is not None:
            self._apply(model)
            self.window.canvas.refresh()

    def clear(self) -> None:
        if self.current is None:
            return
        layer, field = self.current
        self.current = None
        previous, styles = self._previous, self.window.styles
        self.window.canvas.scene.set_values(layer, field, None)
        if previous.mode == BY_GRID:
            styles.set_by_grid(layer)
        elif (previous.mode == GRADUATED and previous.graduated is not None
              and previous.graduated.field not in self.window.project[layer].columns):
            # another view's figure was showing (not a column): back to the default look
            default = next(s for s in default_styles() if s.name == layer)
            styles.set_by_grid(layer) if default.mode == BY_GRID else styles.set_single(layer, default.colour)
            previous = default
        elif previous.mode == GRADUATED and previous.graduated is not None:
            styles.set_graduated(layer, previous.graduated.field,
                                 self.window.project[layer][previous.graduated.field].to_numpy(),
                                 title=previous.graduated.title, unit=previous.graduated.unit)
        else:
            styles.set_single(layer, previous.colour)
        styles.set_fill_alpha(layer, previous.fill_alpha)

    def forget(self) -> None:
        """The project closed: its canvas and styles are gone with it."""
        self.current = self._previous = None
