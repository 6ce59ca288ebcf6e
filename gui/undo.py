"""The Qt edge of undo: a ``QUndoCommand`` that runs a ``geo.commands.Command``.

The command objects live in ``geo/`` and know nothing of Qt; the undo stack
only needs to call them. ``QUndoStack.push`` calls ``redo``, so pushing
performs the edit (Orange's canvas commands work the same way).

PySide6 does not let an exception raised in ``redo`` reach the caller of
``push``: it is printed and the command still lands on the stack. An edit that
can fail (an import writing thousands of rows) therefore runs first with
:func:`run_and_push`, and only a command that succeeded is pushed.

A :class:`geo.events.ListenerError` is not a failure of the edit: the change
is on disk and in memory, only a view failed to follow it. Such a command is
pushed all the same (so undo still matches the file) and the error is shown
to the user once the stack is idle (:func:`report_listener_error`).
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox, QWidget

from geo.events import ListenerError

log = logging.getLogger(__name__)


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
        super().__init__(str(command.text), parent)  # a coded text reads in the current language
        self.project = project
        self.command = command
        self._skip_redo = done
        self.window = None  # where listener errors are shown (run_and_push sets the stack's parent)

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        try:
            self.command.do(self.project)
        except ListenerError as error:  # done all the same
            report_listener_error(error, self.window)

    def undo(self) -> None:
        try:
            self.command.undo(self.project)
        except ListenerError as error:  # undone all the same
            report_listener_error(error, self.window)


def run_and_push(stack, project, command) -> None:
    """Run ``command``; push it on ``stack`` if it succeeded (else re-raise).

    A command whose only failure was a listener's (:class:`ListenerError`) did
    succeed: it is pushed and the error is reported.
    """
    error = None
    try:
        command.do(project)
    except ListenerError as exc:
        error = exc
    pushed = GeoUndoCommand(project, command, done=True)
    pushed.window = stack.parent()
    stack.push(pushed)
    if error is not None:
        report_listener_error(error, stack.parent())


def report_listener_error(error: ListenerError, parent=None) -> None:
    """Log the failing listeners' tracebacks and tell the user, after the current event."""
    for callback, exc in error.errors:
        log.error("listener %r failed", callback, exc_info=exc)
    title, text = QCoreApplication.translate("Undo", "界面更新出错"), str(error)
    if isinstance(parent, QWidget):  # the context drops the call if the window is gone
        QTimer.singleShot(0, parent, lambda: QMessageBox.warning(parent, title, text))
    else:
        QTimer.singleShot(0, lambda: QMessageBox.warning(None, title, text))
