"""Grid redesign actions that need a question answered: new, rename, merge, delete, split.

Each asks with a standard dialog (a name, a target grid) and runs one
command through the session. The grids acted on are the session's chosen
grids: those selected in the balance panel or on the map, else the target.
"""
from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

from geo.editing.grids import DeleteGrid, MergeGrids, NewGrid, RenameGrid, SplitGrid

from .session import SessionActions


class GridActions(SessionActions):
    def _grid_label(self, g) -> str:
        return f"{self.session.project['grids'].at[g, 'name']} ({g})"

    def _pick_grid(self, title, text, grids, current=None):
        """Ask for one of ``grids``; None when cancelled."""
        labels = [self._grid_label(g) for g in grids]
        start = grids.index(current) if current in grids else 0
        label, ok = QInputDialog.getItem(self.window, title, text, labels, start, False)
        return grids[labels.index(label)] if ok and label in labels else None

    # ------------------------------------------------------------ new / rename
    def new_grid(self) -> bool:
        project = self.session.project
        comms = project["communities"]
        community = self.session.community() or (comms.index[0] if len(comms) else None)
        if len(comms) > 1:
            labels = [f"{n} ({c})" for c, n in zip(comms.index, comms["name"])]
            start = list(comms.index).index(community) if community in comms.index else 0
            label, ok = QInputDialog.getItem(self.window, self.tr("新建网格"), self.tr("所属社区："),
                                             labels, start, False)
            if not ok:
                return False
            community = comms.index[labels.index(label)]
        name, ok = QInputDialog.getText(self.window, self.tr("新建网格"),
                                        self.tr("网格名称（留空自动命名）："), QLineEdit.EchoMode.Normal, "")
        if not ok:
            return False
        command = NewGrid(community, name.strip() or None, with_branch=True)
        if self.session.run(command, self.tr("新建网格")):
            self.session.set_target(command.grid_id)  # a new grid is empty: paint into it next
            self.session.say(self.tr("已新建网格 {grid}，可用画笔把楼栋分配进来").format(grid=command.grid_id))
            return True
        return False

    def rename_grid(self) -> bool:
        grids = self.session.chosen_grids()
        if not grids:
            return self._need_grid()
        g = grids[0]
        old = str(self.session.project["grids"].at[g, "name"])
        name, ok = QInputDialog.getText(self.window, self.tr("重命名网格"), self.tr("网格 {grid} 的新名称：")
                                        .format(grid=g), QLineEdit.EchoMode.Normal, old)
        if not ok or not name.strip() or name.strip() == old:
            return False
        return self.session.run(RenameGrid(g, name.strip()), self.tr("重命名网格 {grid}").format(grid=g))

    # ------------------------------------------------------------ merge / delete
    def merge_grids(self) -> bool:
        grids = self.session.chosen_grids()
        if len(grids) < 2:
            QMessageBox.information(self.window, self.tr("合并网格"),
                                    self.tr("请在“网格均衡”面板或地图上选择两个或更多网格。"))
            return False
        target = self._pick_grid(self.tr("合并网格"), self.tr("合并后保留哪个网格（编号与党支部）？"),
                                 grids, self.session.target)
        if target is None:
            return False
        sources = [g for g in grids if g != target]
        text = self.tr("合并 {n} 个网格到 {grid}").format(n=len(sources), grid=target)
        if self.session.run(MergeGrids(sources, target), text):
            self.session.set_target(target)
            return True
        return False

    def delete_grid(self) -> bool:
        grids = self.session.chosen_grids()
        if not grids:
            return self._need_grid()
        g = grids[0]
        project = self.session.project
        count = len(self.session.balance.members.get(g, ()))
        target = None
        if count:
            community = project["grids"].at[g, "community_id"]
            others = [o for o in project["grids"].index[project["grids"]["community_id"] == community] if o != g]
            if not others:
                self.session.warn(self.tr("网格 {grid} 是本社区唯一的网格，不能删除。").format(grid=g))
                return False
            target = self._pick_grid(self.tr("删除网格"), self.tr("网格 {grid} 还有 {n} 栋楼，删除前它们移交给：")
                                     .format(grid=self._grid_label(g), n=count), others)
            if target is None:
                return False
        else:
            answer = QMessageBox.question(self.window, self.tr("删除网格"),
                                          self.tr("删除空网格 {grid}？").format(grid=self._grid_label(g)))
            if answer != QMessageBox.StandardButton.Yes:
                return False
        if self.session.target == g:
            self.session.set_target(target)
        return self.session.run(DeleteGrid(g, target), self.tr("删除网格 {grid}").format(grid=g))

    # ------------------------------------------------------------ split by picked buildings
    def split_selected(self) -> bool:
        """The buildings selected on the map leave their grid for a new one."""
        selection = self.window.selection
        ids = list(selection.ids("buildings")) if selection else []
        grid_of = self.session.balance.grid_of
        grids = {grid_of.get(i) for i in ids}
        if not ids or len(grids) != 1 or None in grids:
            QMessageBox.information(self.window, self.tr("按所选楼栋拆分"),
                                    self.tr("请先在地图上选择同一网格中的若干楼栋（图层面板选中“楼栋”后用选择工具）。"))
            return False
        grid = grids.pop()
        command = SplitGrid(grid, ids, balance=self.session.balance)
        if self.session.run(command, self.tr("拆分网格 {grid}").format(grid=grid)):
            self.session.set_target(command.new_grid_id)
            return True
        return False

    def _need_grid(self) -> bool:
        QMessageBox.information(self.window, self.tr("编辑网格"), self.tr("请先选择一个网格（目标网格或在“网格均衡”面板中选择）。"))
        return False
