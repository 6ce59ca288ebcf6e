"""The list figures on the map: a per-grid (or per-community) density view of cases, needs, projects.

:class:`ListChoropleth` is the coverage choropleth
(:class:`gui.coverage.overlay.FigureChoropleth`) reading its values from
:class:`geo.lists.figures.ListFigures` (kept current edit by edit) and
titling its legend with the lists' words. Only one figure colours a layer at
a time: showing a list figure first takes down a coverage figure.
"""
from __future__ import annotations

import pandas as pd

from ..coverage.overlay import FigureChoropleth
from .labels import figure_title, figure_unit

#: Map layer -> the level of :func:`geo.lists.figures.list_figures`.
LEVELS = {"grids": "grid", "communities": "community"}


class ListChoropleth(FigureChoropleth):
    def values(self, model, layer: str, field: str) -> pd.Series:
        frame = model.frame(LEVELS[layer]).reindex(self.window.project[layer].index)
        values = pd.to_numeric(frame[field], errors="coerce").astype(float)
        if not field.endswith(("_share", "_mean")):  # a count: a grid without items has none
            values = values.fillna(0.0)
        return values * 100 if field.endswith("_share") else values

    def _apply(self, model) -> None:
        layer, field = self.current
        values = self.values(model, layer, field)
        self.window.canvas.scene.set_values(layer, field, values)
        self.window.styles.set_graduated(layer, field, values.to_numpy(),
                                         title=figure_title(field), unit=figure_unit(field))
