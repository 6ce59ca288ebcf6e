"""Entering a need or a case where it is: the map's and the organization tree's context menus.

Right-click on the map: over a building, compound or grid the menu offers
登记需求 / 登记事件 located at that feature; over anything else (or nothing)
at that point. The identify panel offers the same for the feature it shows,
and the organization tree for the area of a grid branch, building group or
compound organization. The form opens with the
place filled in (:meth:`gui.lists.operations.ListOperations.enter`).
"""
from __future__ import annotations

from PySide6.QtCore import QObject
from shapely.geometry import Point

#: Map layers an item can be located at, and the target type they give.
TARGET_TYPES = {"buildings": "building", "compounds": "compound", "grids": "grid"}
#: Organization area types an item can be located at.
AREA_TARGETS = ("building", "compound", "grid")


class PlaceMenus(QObject):
    def __init__(self, window, operations_getter):
        super().__init__(window)
        self.window, self._operations = window, operations_getter

    def _entries(self, menu, place: dict) -> None:
        operations = self._operations()
        if operations is None:
            return
        menu.addSeparator()
        need = menu.addAction(self.tr("在此登记需求…"))
        need.triggered.connect(lambda _=False: operations.enter("needs", place=place))
        case = menu.addAction(self.tr("在此登记事件…"))
        case.triggered.connect(lambda _=False: operations.enter("cases", place=place))

    def map_menu(self, menu, hit, xy) -> None:
        """Canvas provider: ``hit`` (layer, id) under the cursor or None; ``xy`` in the project CRS."""
        if hit is not None and hit[0] in TARGET_TYPES:
            place = {"target_type": TARGET_TYPES[hit[0]], "target_id": hit[1]}
        else:
            place = {"target_type": "point", "geometry": Point(*xy)}
        self._entries(menu, place)

    def identify_menu(self, menu, key, shown) -> None:
        """Identify panel provider: the item ``key`` ((layer, id) or None) of the feature ``shown``."""
        layer, id_ = key if key and key[0] in TARGET_TYPES else (shown or (None, None))
        if layer in TARGET_TYPES:
            self._entries(menu, {"target_type": TARGET_TYPES[layer], "target_id": id_})

    def tree_menu(self, menu, key) -> None:
        """Organization tree provider: ``key`` is (kind, id) of the node."""
        if key is None or key[0] != "org" or self.window.project is None:
            return
        orgs = self.window.project["organizations"]
        if key[1] not in orgs.index:
            return
        area_type, area_id = orgs.at[key[1], "area_type"], orgs.at[key[1], "area_id"]
        if area_type in AREA_TARGETS and area_id == area_id and area_id:
            self._entries(menu, {"target_type": area_type, "target_id": area_id})
