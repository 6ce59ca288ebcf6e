"""The history panel: this session's undo stack above what the file recorded before.

The top list is the ``QUndoStack`` (click to undo/redo). Below a separator come
the operations the project file recorded in earlier sessions or by the command
line (:mod:`geo.history`); they cannot be undone from the Qt stack. While this
session has nothing on its stack, "undo the latest saved operation" reverts the
newest recorded one with the same function as ``main.py undo``. "撤销此操作"
reverts the selected recorded operation as a new change on this session's
stack (``main.py history PROJECT revert ID``), refused if its features changed since.
"""
from __future__ import annotations

from PySide6.QtWidgets import (QLabel, QListWidget, QMessageBox, QPushButton, QUndoView,
                               QVBoxLayout, QWidget)

from geo.events import ListenerError
from geo.history import read_history, undo_last
from geo.history_revert import revert_command
from geo.messages import CodedError, Message

from ..models.labels import layer_title
from ..undo import report_listener_error, run_and_push
from .base import RetranslatingDock

#: the newest recorded entries shown (the file may hold thousands)
SHOWN = 500


class UndoHistoryDock(RetranslatingDock):
    def __init__(self, undo_stack, parent=None):
        super().__init__(parent)
        self.setObjectName("UndoHistoryDock")
        self.undo_stack = undo_stack
        self._project = None
        self._entries = []
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        self.session_view = QUndoView(undo_stack, body)
        self.saved_label = QLabel(body)
        self.saved_label.setWordWrap(True)
        self.saved_list = QListWidget(body)
        self.saved_list.setSelectionMode(QListWidget.SelectionMode.SingleSelection)
        self.saved_list.itemSelectionChanged.connect(self._update_button)
        self.undo_saved_button = QPushButton(body)
        self.undo_saved_button.clicked.connect(self.undo_latest_saved)
        self.revert_button = QPushButton(body)
        self.revert_button.clicked.connect(self.revert_selected)
        for widget in (self.session_view, self.saved_label, self.saved_list, self.undo_saved_button,
                       self.revert_button):
            layout.addWidget(widget, 1 if isinstance(widget, (QUndoView, QListWidget)) else 0)
        self.setWidget(body)
        undo_stack.indexChanged.connect(self._update_button)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("操作历史"))
        self.session_view.setEmptyLabel(self.tr("<打开时的状态>"))
        self.saved_label.setText(self.tr("已保存的历史（此前的会话或命令行，不能在上方撤销）"))
        self.undo_saved_button.setText(self.tr("撤销最近一次（已保存）"))
        self.revert_button.setText(self.tr("撤销此操作"))
        self.revert_button.setToolTip(self.tr("把选中的已保存操作反向做一次，记为新的操作；"
                                              "其中的要素此后被改过时不做"))
        self._reword_session()
        self._fill()

    def _reword_session(self) -> None:
        """This session's steps with coded texts (geo Messages) in the new language."""
        for i in range(self.undo_stack.count()):
            step = self.undo_stack.command(i)
            command = getattr(step, "command", None)
            if command is not None and isinstance(command.text, Message):
                step.setText(str(command.text))

    # ------------------------------------------------------------ the project
    def set_project(self, project) -> None:
        """Show what ``project``'s file recorded before this session."""
        self._project = project
        self.refresh()

    def refresh(self) -> None:
        self._entries = []
        if self._project is not None and (self._project.path or self._project.location):
            try:  # a file, or a project on a server (its URL: geo.postgis)
                self._entries = read_history(self._project.path or self._project.location, SHOWN)
            except Exception:  # noqa: BLE001  an unreadable history must not stop the window
                self._entries = []
        self._fill()

    def _fill(self) -> None:
        self.saved_list.clear()
        for entry in self._entries:
            self.saved_list.addItem(self.entry_text(entry))
        self._update_button()

    def entry_text(self, entry) -> str:
        text = entry.text()  # coded entries in the interface's language; older ones as written
        if entry.undo_of is not None:
            text = self.tr("撤销 #{id}：{text}").format(id=entry.undo_of, text=text)
        counts = "；".join(self.tr("{layer} 新增 {inserted}，修改 {updated}，删除 {deleted}").format(
            layer=layer_title(layer), inserted=c.get("inserted", 0), updated=c.get("updated", 0),
            deleted=c.get("deleted", 0)) for layer, c in entry.counts.items())
        line = f"#{entry.entry_id}  {entry.time[:19].replace('T', ' ')}  {text}  {counts}"
        return line + (self.tr("（已撤销）") if entry.undone else "")

    def _update_button(self, *_):
        # only while this session's stack is empty: reverting a file entry under the
        # stack's own commands would make their undo wrong
        undoable = any(not e.undone and e.undo_of is None for e in self._entries)
        self.undo_saved_button.setEnabled(self._project is not None and self.undo_stack.count() == 0
                                          and undoable)
        chosen = self.selected_entry()
        self.revert_button.setEnabled(self._project is not None and chosen is not None
                                      and not chosen.undone and chosen.undo_of is None)

    def selected_entry(self):
        """The recorded entry selected in the list, or None."""
        row = self.saved_list.currentRow()
        selected = self.saved_list.selectedItems()
        return self._entries[row] if selected and 0 <= row < len(self._entries) else None

    def revert_selected(self) -> None:
        """Revert the selected entry as a new change on the undo stack (``history … revert``)."""
        entry = self.selected_entry()
        if self._project is None or entry is None:
            return
        try:  # checked first: a feature it touched may have changed since
            run_and_push(self.undo_stack, self._project, revert_command(self._project, entry.entry_id))
        except CodedError as exc:
            QMessageBox.warning(self, self.tr("不能撤销此操作"), str(exc))
        self.refresh()

    def undo_latest_saved(self) -> None:
        """Revert the newest recorded operation (as ``main.py undo`` does) and show the result."""
        if self._project is None or self.undo_stack.count():
            return
        try:
            undo_last(self._project, 1)
        except CodedError as exc:
            QMessageBox.warning(self, self.tr("不能撤销"), str(exc))
        except ListenerError as error:  # undone all the same
            report_listener_error(error, self.window())
        self.refresh()
