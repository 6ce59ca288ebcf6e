"""PickBuildingTool: the next building clicked on the map answers a question, then the old tool is back.

Used to move a member by pointing at their building (the gap list's 党员所在楼栋不在任何网格,
the member's context menu). :func:`pick_building` arms the tool with a callback;
a click on a building calls it with the building's id and restores the tool
that was active; Esc, or choosing another tool, calls it with None. A click
beside every building keeps waiting. What a click hits is answered by
:class:`geo.hit_test.FeatureIndex` (the smallest polygon under the cursor).
"""
from __future__ import annotations

from PySide6.QtCore import Qt

from ..map.canvas import register_tool
from ..map.tools import CLICK_PIXELS, HIT_PIXELS, MapTool


class PickBuildingTool(MapTool):
    name = "pick_building"
    cursor = Qt.CursorShape.CrossCursor

    def __init__(self, canvas):
        super().__init__(canvas)
        self.on_picked = None
        self.previous = "identify"
        self.start = None

    def arm(self, on_picked, previous: str) -> None:
        self.on_picked, self.previous = on_picked, previous or "identify"

    def press(self, event) -> None:
        self.start = event.position()

    def release(self, event) -> None:
        start, self.start = self.start, None
        if start is None or (event.position() - start).manhattanLength() >= CLICK_PIXELS:
            return
        building = self.building_at(start.x(), start.y())
        if building is not None:
            self._finish(building, restore=True)

    def building_at(self, px: float, py: float):
        """The building under a pixel, or None."""
        x, y = self.canvas.pixel_to_map(px, py)
        hits = self.canvas.feature_index("buildings").at_point(x, y, HIT_PIXELS * self.canvas.view.mpp)
        return hits[0] if hits else None

    def cancel(self) -> None:
        """Esc: no building; the previous tool comes back."""
        self.start = None
        if self.on_picked is not None:
            self._finish(None, restore=True)

    def deactivate(self) -> None:
        # another tool was chosen: the question is dropped (the canvas is switching already)
        self.start = None
        if self.on_picked is not None:
            self._finish(None, restore=False)

    def _finish(self, building, restore: bool) -> None:
        callback, self.on_picked = self.on_picked, None
        if restore:
            self.canvas.set_tool(self.previous)
        if callback is not None:
            callback(building)


register_tool(PickBuildingTool.name, PickBuildingTool)


def pick_building(canvas, on_picked) -> bool:
    """Arm the map: ``on_picked(building_id or None)`` is called after the next click (or Esc)."""
    previous = canvas.tool.name if canvas.tool.name != PickBuildingTool.name else canvas.tool.previous
    canvas.set_tool(PickBuildingTool.name)
    canvas.tool.arm(on_picked, previous)
    return True
