"""A draft written as a new plan (方案): never the current layout, nothing else touched.

The plan starts as a copy of the active layout (:class:`geo.editing.plans.CreatePlan`:
assignments, grids, stations); the drafted communities' grids are then replaced
by the draft's and their buildings reassigned. Organizations, members and every
other table are left alone: branches and groups follow only when the plan is
adopted (:mod:`geo.editing.plan_adoption`).
"""
from __future__ import annotations

from ..commands import ChangeSet
from ..messages import Message
from ..editing.plans import CreatePlan


class DraftPlan(ChangeSet):
    """Create a proposal holding a :class:`~geo.drafting.draft.DraftResult` (one undo step)."""

    def __init__(self, result, name: str, note: str = ""):
        super().__init__(Message("command.draft_plan", name=name))
        self.result, self.name, self.note = result, name, note
        self.plan_id = None

    def changes(self, project):
        create = CreatePlan(self.name, self.note)
        changes = create.changes(project)
        self.plan_id = create.plan_id
        drafted = {g.grid_id: g for g in self.result.grids}
        dropped = set(self.result.replaced)
        out = []
        for change in changes:
            if change[0] == "insert" and change[1] == "plan_assignments" and change[2]["plan_id"] == self.plan_id:
                building = change[2]["building_id"]
                if building in self.result.assignment:
                    change = ("insert", "plan_assignments", {**change[2], "grid_id": self.result.assignment[building]})
            elif change[0] == "insert" and change[1] == "plan_grids" and change[2]["plan_id"] == self.plan_id:
                grid = change[2]["grid_id"]
                if grid in dropped:
                    continue
                if grid in drafted:  # redrawn in place (minimal change keeps the grid's code)
                    change = ("insert", "plan_grids", {**change[2], **_grid_row(drafted.pop(grid))})
            out.append(change)
        out += [("insert", "plan_grids", {"row_id": f"{self.plan_id}|{g.grid_id}", "plan_id": self.plan_id,
                                          **_grid_row(g)}) for g in drafted.values()]
        return out


def _grid_row(grid) -> dict:
    return {"grid_id": grid.grid_id, "name": grid.name, "community_id": grid.community_id,
            "geometry": grid.geometry}
