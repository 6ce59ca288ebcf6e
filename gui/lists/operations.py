"""ListOperations: what the lists' buttons, menus and panels do, as undoable geo commands.

Entering and editing go through :class:`~.item_form.ItemFormDialog`; the
form is built (:meth:`form`), then its values are submitted (:meth:`submit`)
as ``AddItem`` or ``UpdateItem``. A refused submission says why and the form
opens again with what was typed, so nothing entered is lost. Matching goes
through :class:`~.match_dialog.MatchDialog` and ``ClaimMatch``; case steps
through ``AdvanceCase``. Every command text is in the user's language, since
the undo history shows it.
"""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog

from geo.lists.case_states import AdvanceCase
from geo.lists.items import AddItem, DeleteItem, UpdateItem

from .edits import ListEdits
from .item_form import ItemFormDialog
from .labels import layer_title, value_text


class ListOperations(QObject):
    def __init__(self, window, project):
        super().__init__(window)
        self.window, self.project = window, project
        self.edits = ListEdits(window, project)
        self.last_added = None  # (layer, id) of the last item entered (the dock shows it)

    # ------------------------------------------------------------ entering and editing
    def form(self, layer: str, item_id=None, place=None) -> ItemFormDialog:
        return ItemFormDialog(self.project, layer, item_id, place, self.window)

    def submit(self, form: ItemFormDialog) -> bool:
        """Run the form's values as an AddItem (new) or UpdateItem (edit); False when refused."""
        layer, what = form.layer, layer_title(form.layer)
        if form.item_id is None:
            command = AddItem(layer, form.values(), geometry=form.geometry())
            done = self.edits.run(command, self.tr("登记{what}").format(what=what))
            if done:
                self.last_added = (layer, command.item_id)
            return done
        changes = form.changes()
        if not changes:
            return True
        return self.edits.run(UpdateItem(layer, form.item_id, changes),
                              self.tr("修改{what} {item}").format(what=what, item=form.item_id))

    def enter(self, layer: str, item_id=None, place=None) -> bool:
        """Open the form until its values are accepted or the user cancels."""
        form = self.form(layer, item_id, place)
        while form.exec() == QDialog.DialogCode.Accepted:
            if self.submit(form):
                return True
        return False

    def delete(self, layer: str, item_id) -> bool:
        return self.edits.run(DeleteItem(layer, item_id),
                              self.tr("删除{what} {item}").format(what=layer_title(layer), item=item_id))

    # ------------------------------------------------------------ matching
    def match_dialog(self, need_id):
        from .match_dialog import MatchDialog  # noqa: PLC0415 (only when asked)

        return MatchDialog(self.project, need_id, self.window)

    def claim(self, need_id, resource_id, claimed_by_type, claimed_by) -> bool:
        """ClaimMatch: the project is made and the need marked claimed, as one undo step."""
        from geo.lists.matching import ClaimMatch  # noqa: PLC0415

        command = ClaimMatch(need_id, resource_id, claimed_by_type, claimed_by)
        return self.edits.run(command, self.tr("认领需求 {need}（资源 {resource}）").format(
            need=need_id, resource=resource_id))

    def match(self, need_id) -> bool:
        """Suggest resources for ``need_id`` and claim the one chosen."""
        dialog = self.match_dialog(need_id)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            choice = dialog.choice()
            if choice is not None and self.claim(need_id, *choice):
                return True
        return False

    # ------------------------------------------------------------ the case loop
    def advance(self, case_id, to_state: str, options: dict) -> bool:
        """AdvanceCase with the panel's actor, note, satisfaction and handler."""
        command = AdvanceCase(case_id, to_state, **options)
        return self.edits.run(command, self.tr("事件 {case} 转为“{state}”").format(
            case=case_id, state=value_text("state", to_state)))
