"""The editing session of one open project: brush settings, live balance, the undo path.

One :class:`EditSession` lives while a project is open. It owns the
:class:`geo.editing.balance.GridBalance` (households per grid, kept current
edit by edit) and the building index the brush queries, holds what the brush
may do (target grid, radius, locked grids, community, whole compounds) and
the in-progress stroke's preview, and is the one place where a command is
run and pushed: :meth:`run` catches a refused edit and says why instead of
raising into a mouse handler.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox

from geo.editing.assign import EditRefused
from geo.editing.balance import GridBalance
from geo.editing.brush import BrushOptions, BuildingIndex
from geo.editing.topology_guard import TopologyRefused
from geo.messages import Message

from ..undo import run_and_push

DEFAULT_RADIUS_M = 20.0


class EditSession(QObject):
    targetChanged = Signal(object)     # grid id or None
    optionsChanged = Signal()          # radius, locks, community, whole compounds
    previewChanged = Signal(dict)      # grid -> households while a stroke is drawn ({} when none)
    balanceChanged = Signal(set)       # grid ids whose committed figures changed

    def __init__(self, window, project):
        super().__init__(window)
        self.window, self.project = window, project
        self.balance = GridBalance(project)
        self.index = BuildingIndex(project)
        self.target = None
        self.radius_m = DEFAULT_RADIUS_M
        self.locked: set = set()
        self.whole_compounds = False
        self.preview: dict = {}
        self._on_balance = lambda grids: self.balanceChanged.emit(set(grids))
        self.balance.changed.connect(self._on_balance)
        # a new households band changes every grid's status (the balance bars and map outlines)
        self._on_rules = lambda _rules: self.balanceChanged.emit(set(self.project["grids"].index))
        project.rules_changed.connect(self._on_rules)

    def close(self) -> None:
        self.balance.changed.disconnect(self._on_balance)
        self.project.rules_changed.disconnect(self._on_rules)
        self.balance.close()
        self.project.changed.disconnect(self.index._on_changed)  # the index has no close()

    # ------------------------------------------------------------ brush settings
    def set_target(self, grid_id) -> None:
        if grid_id is not None and grid_id not in self.project["grids"].index:
            grid_id = None
        if grid_id != self.target:
            self.target = grid_id
            self.targetChanged.emit(grid_id)

    def set_radius(self, metres: float) -> None:
        self.radius_m = float(metres)
        self.optionsChanged.emit()

    def set_locked(self, grid_id, locked: bool) -> None:
        (self.locked.add if locked else self.locked.discard)(grid_id)
        self.optionsChanged.emit()

    def set_whole_compounds(self, on: bool) -> None:
        self.whole_compounds = bool(on)
        self.optionsChanged.emit()

    def options(self) -> BrushOptions:
        # the stroke keeps to the target grid's community (a grid belongs to exactly one)
        return BrushOptions(frozenset(self.locked), self.community(), self.whole_compounds)

    def community(self):
        grids = self.project["grids"]
        return grids.at[self.target, "community_id"] if self.target in grids.index else None

    # ------------------------------------------------------------ live figures
    def set_preview(self, preview: dict) -> None:
        self.preview = dict(preview)
        self.previewChanged.emit(self.preview)

    def households(self, grid_id) -> int:
        """Households of a grid, counting the stroke in progress."""
        return self.preview.get(grid_id, self.balance.households.get(grid_id, 0))

    def statuses(self, grid_ids):
        """"under", "ok" or "over" the band per grid (an object array), counting the stroke in progress."""
        return self.balance.statuses(grid_ids, self.preview)

    def status(self, grid_id) -> str:
        return self.statuses([grid_id])[0]

    def chosen_grids(self) -> list:
        """The grids an action applies to: those selected (map or balance panel), else the target."""
        selection = self.window.selection
        chosen = [g for g in (selection.ids("grids") if selection else ()) if g in self.project["grids"].index]
        return chosen or ([self.target] if self.target is not None else [])

    # ------------------------------------------------------------ the one way to edit
    def run(self, command, text: str | None = None) -> bool:
        """Run ``command`` and push it on the undo stack; a refused edit is explained, not raised."""
        if text and not isinstance(command.text, Message):
            # the undo history shows the user's language (a coded text already does, in both)
            command.text = text
        try:
            run_and_push(self.window.undo_stack, self.project, command)
        except TopologyRefused as exc:
            return self._confirm_and_force(command, exc)
        except EditRefused as exc:
            self.warn(self.tr("无法完成此编辑：{reason}").format(reason=str(exc)))
            return False
        return True

    def _confirm_and_force(self, command, refusal) -> bool:
        """The topology guard objected: say what would break and run it anyway if the user agrees."""
        if not hasattr(command, "force"):
            self.warn(self.tr("无法完成此编辑：{reason}").format(reason=str(refusal)))
            return False
        answer = QMessageBox.question(self.window, self.tr("网格拓扑"), self.tr(
            "{reason}\n\n仍然执行此编辑吗？").format(reason=str(refusal)))
        if answer != QMessageBox.StandardButton.Yes:
            self.say(self.tr("编辑已取消：{reason}").format(reason=str(refusal)))
            return False
        command.force = True
        return self.run(command)

    def explain_untaken(self, stroke, ids) -> None:
        """Say on the map why buildings under the brush stay out of ``stroke`` (a locked grid, another
        community); no box: the stroke goes on, and the balance shows what it did take."""
        grid_of = stroke.balance.grid_of
        untaken = [i for i in ids if i not in stroke.taken and grid_of.get(i) != stroke.target]
        if not untaken:
            return
        locked = sorted({str(grid_of.get(i)) for i in untaken if grid_of.get(i) in stroke.options.locked})
        if locked:
            text = self.tr("网格 {grids} 已锁定，其中的楼栋不能划出").format(grids="、".join(locked))
        else:
            communities = self.project["communities"]
            name = (communities.at[stroke.community, "name"] if stroke.community in communities.index
                    else stroke.community)
            text = self.tr("这些楼栋属于其他社区：画笔只在目标网格 {grid} 所在的{community}内分配").format(
                grid=stroke.target, community=name)
        self.window.notify(text, warning=True, timeout_ms=6000)

    def warn(self, text: str) -> None:
        """A refused edit: said on the map and in the status bar (where the eyes are), then in a box."""
        self.window.notify(text, warning=True, timeout_ms=8000)
        QMessageBox.warning(self.window, self.tr("编辑网格"), text)

    def say(self, text: str) -> None:
        self.window.notify(text, warning=False, timeout_ms=6000)


def session_of(canvas):
    """The editing session of the window holding ``canvas`` (map tools find it this way,
    because the canvas builds tools from a class with the canvas as only argument)."""
    window = canvas.window()
    for feature in getattr(window, "features", ()):
        session = getattr(feature, "session", None)
        if isinstance(session, EditSession) and session.project is canvas.project:
            return session
    return None


class SessionActions(QObject):
    """Actions that edit through the feature's current session (it changes per project)."""

    def __init__(self, window, session_getter):
        super().__init__(window)
        self.window, self._session = window, session_getter

    @property
    def session(self):
        return self._session()
