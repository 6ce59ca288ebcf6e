"""Which grid each list item is counted in, kept current edit by edit (Qt-free).

The rule is the figures' own (:func:`geo.lists.places.item_grids`: building →
its grid, compound → the grid holding most of its buildings, grid → itself,
point → the grid containing it; a project lies where its need lies). The
answers of a layer are computed once, in one vectorised call; after an edit
only the changed items are located again (:meth:`ItemGrids.forget`), and
everything when buildings, compounds or grids changed (:meth:`forget_all`).
"""
from __future__ import annotations

from geo.lists.places import item_grids

#: The layers whose edits can move an item to another grid.
PLACE_LAYERS = frozenset({"buildings", "compounds", "grids"})


#: Columns of those layers that decide which grid an item counts in.
PLACE_COLUMNS = frozenset({"grid_id", "compound_id", "geometry"})


def moves_items(event) -> bool:
    """Whether a ``LayerChanged`` of a place layer can move items to another grid."""
    return event.layer in PLACE_LAYERS and bool(
        event.inserted or event.deleted or not event.columns or set(event.columns) & PLACE_COLUMNS)


class ItemGrids:
    def __init__(self, project):
        self.project = project
        self._grids: dict[str, dict] = {}     # layer -> {item id: grid id or None}
        self._stale: dict[str, set] = {}      # layer -> ids to locate again

    def forget(self, layer: str, ids) -> None:
        if layer in self._grids:
            self._stale.setdefault(layer, set()).update(ids)
        if layer == "needs":  # a project lies where its need lies
            self._grids.pop("projects", None)

    def forget_all(self) -> None:
        self._grids.clear()
        self._stale.clear()

    def grid_of(self, layer: str, id_):
        """The grid id of item ``id_`` of ``layer``, or None when it lies in none."""
        return self._layer(layer).get(id_)

    def _layer(self, layer: str) -> dict:
        known = self._grids.get(layer)
        if known is None:
            known = self._grids[layer] = _as_dict(item_grids(self.project, layer))
            self._stale.pop(layer, None)
        stale = self._stale.pop(layer, None)
        if stale:
            for id_ in stale:
                known.pop(id_, None)
            present = [i for i in stale if i in self.project[layer].index]
            if present:
                known.update(_as_dict(item_grids(self.project, layer, present)))
        return known


def _as_dict(series) -> dict:
    return {k: (v if v is not None and v == v else None) for k, v in series.items()}
