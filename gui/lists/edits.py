"""ListEdits: the one path from the lists' widgets to the undo stack.

Every change of a need, resource, project or case is a ``geo.lists`` ChangeSet
(AddItem, UpdateItem, DeleteItem, AdvanceCase, ClaimMatch) run and pushed with
:func:`gui.undo.run_and_push`, so undo/redo and the project's history see it.
A refused edit (:class:`geo.messages.CodedError`, e.g. ``EditRefused`` with a
``lists.*`` code) is said on the map and in a box, never swallowed.
"""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from geo.messages import CodedError

from ..undo import run_and_push


class ListEdits(QObject):
    def __init__(self, window, project):
        super().__init__(window)
        self.window, self.project = window, project
        self.last_refusal = None  # the text of the last refused edit (tests read it)

    def run(self, command, text: str) -> bool:
        """Run ``command`` as one undo step titled ``text``; False (and said why) when refused."""
        command.text = text  # the undo history shows the user's language
        try:
            run_and_push(self.window.undo_stack, self.project, command)
        except (CodedError, ValueError) as exc:  # a refusal (EditRefused is a CodedError)
            self.refused(str(exc))
            return False
        return True

    def refused(self, reason: str) -> None:
        self.last_refusal = self.tr("无法完成此操作：{reason}").format(reason=reason)
        self.window.notify(self.last_refusal, warning=True, timeout_ms=8000)
        QMessageBox.warning(self.window, self.tr("三项清单与事件"), self.last_refusal)
