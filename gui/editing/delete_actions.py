"""Deleting the selected rows of the attribute table: confirmed, listed, one undo step.

The change is :func:`geo.deleting.delete_command`, the same as ``main.py
delete``: references to the deleted features are cleared (members of a
deleted building become unassigned), organizations and partner links that
lose their area are kept and listed. The confirmation shows that list before
anything happens; the command goes through the session, so Ctrl+Z restores
everything in one step. While presenter mode masks personal data, rows of a
layer holding it (members) are not deleted, as their cells are not edited.
"""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from geo.deleting import DELETABLE, delete_command
from geo.messages import CodedError
from geo.schema import LAYERS

from ..models.cell_edit import shows_masked
from ..models.labels import layer_title
from .session import SessionActions


def personal_data_hidden(layer: str) -> bool:
    """True while presenter mode masks a column of ``layer`` (so it may not be edited)."""
    return any(shows_masked(layer, column.name) for column in LAYERS[layer].columns)


class DeleteActions(SessionActions):
    """The table's "删除所选要素…" entry and what it does."""

    def table_menu(self, menu, layer, ids) -> None:
        """Add the delete entry for the rows ``ids`` of ``layer`` (deletable layers only)."""
        if self.session is None or not ids or layer not in DELETABLE:
            return
        ids = list(ids)
        menu.addSeparator()
        menu.addAction(self.tr("删除所选要素…")).triggered.connect(
            lambda _=False: self.delete(layer, ids))

    def delete(self, layer: str, ids) -> bool:
        """Ask, then delete ``ids`` from ``layer`` as one undoable command; True if done."""
        session = self.session
        if personal_data_hidden(layer):
            session.warn(self.tr("演示模式下个人信息已脱敏，不能删除{layer}。").format(
                layer=layer_title(layer)))
            return False
        try:
            command, result = delete_command(session.project, layer, ids)
        except CodedError as exc:  # the rows went away meanwhile (an undo, another edit)
            session.warn(self.tr("无法完成此编辑：{reason}").format(reason=str(exc)))
            return False
        if not self._confirmed(layer, result):
            return False
        done = session.run(command, self.tr("删除{layer} {n} 个要素").format(
            layer=layer_title(layer), n=len(result.deleted)))
        if done:
            self.window.selection.clear(layer)
        return done

    def _confirmed(self, layer: str, result) -> bool:
        lines = [str(line) for line in result.lines()[1:]]
        text = self.tr("删除{layer}中的 {n} 个要素？").format(layer=layer_title(layer),
                                                          n=len(result.deleted))
        if lines:
            text += "\n\n" + self.tr("同时会：") + "\n" + "\n".join(f"• {line}" for line in lines)
        text += "\n\n" + self.tr("可以用“撤销”恢复。")
        answer = QMessageBox.question(self.window, self.tr("删除所选要素"), text)
        return answer == QMessageBox.StandardButton.Yes
