"""The Qt edge of undo: a ``QUndoCommand`` that runs a ``geo.commands.Command``.

The command objects live in ``geo/`` and know nothing of Qt; the undo stack
only needs to call them. ``QUndoStack.push`` calls ``redo``, so pushing
performs the edit (Orange's canvas commands work the same way).

PySide6 does not let an exception raised in ``redo`` reach the caller of
``push``: it is printed and the command still lands on the stack. An edit that
can fail (an import writing thousands of rows) therefore runs first with
:func:`run_and_push`, and only a command that succeeded is pushed.
"""
from __future__ import annotations

from PySide6.QtGui import QUndoCommand


class GeoUndoCommand(QUndoCommand):
    """Wrap ``command`` (a :class:`geo.commands.Command`) acting on ``project``.

    Parameters
    ----------
    project : geo.project.Project
    command : geo.commands.Command
    done : bool
        The command has already been run; the stack's first ``redo`` is skipped.
    """

    def __init__(self, project, command, done: bool = False, parent=None):
        super().__init__(command.text, parent)
        self.project = project
        self.command = command
        self._skip_redo = done

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self.command.do(self.project)

    def undo(self) -> None:
        self.command.undo(self.project)


def run_and_push(stack, project, command) -> None:
    """Run ``command``; push it on ``stack`` only if it succeeded (else re-raise)."""
    command.do(project)
    stack.push(GeoUndoCommand(project, command, done=True))
