"""Projects on a database server: File → 连接数据库…, live updates, who is connected.

When the open project is on a server (:mod:`geo.postgis`), other clients'
commits are announced on the project's NOTIFY channel. A
:class:`QSocketNotifier` on the listening connection's socket wakes the window
as soon as one arrives (a one-second timer is the safety net), and
:meth:`geo.project.Project.sync_remote` takes the changed features in and
emits the usual change events: map, figures, balance and gap list follow as
after a local edit. The status bar names the server and who has the project open.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QSocketNotifier, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

from geo.events import ListenerError

from . import Feature as BaseFeature

log = logging.getLogger(__name__)

#: the safety-net poll, and how often the list of connected users is refreshed (every 10th)
POLL_MS = 1000


class Feature(BaseFeature):
    def __init__(self, window):
        super().__init__(window)
        self.connect_action = QAction(window)
        self.connect_action.setObjectName("action_connect_database")
        self.connect_action.triggered.connect(self.connect_dialog)
        window.file_menu.insertAction(window.recent_menu.menuAction(), self.connect_action)
        self.label = QLabel(window)
        self.label.setObjectName("ServerLabel")
        self.label.hide()
        window.statusBar().addPermanentWidget(self.label)
        self.notifier = None
        self._lost = False  # the server could not be reached at the last try
        self.timer = QTimer(window, interval=POLL_MS, timeout=self.take_remote_changes)
        self._ticks = 0
        self._clients: list[str] = []
        self.retranslate()

    # ------------------------------------------------------------ opening
    def connect_dialog(self) -> None:
        from ..dialogs.db_connect_dialog import ask_project_url

        url = ask_project_url(self.window)
        if url:
            self.window.open_project(url)

    def project_opened(self) -> None:
        store = self.window.project.store
        if store is None or not store.is_shared:
            self.label.hide()
            return
        self._lost = False
        self._watch_listener(store)
        self.timer.start()
        self._refresh_clients()
        self.label.show()

    def project_closing(self) -> None:
        self.timer.stop()
        self._unwatch_listener()
        self.label.hide()

    def _watch_listener(self, store) -> None:
        """Wake on the listening connection's socket (a new one after each reconnection)."""
        self._unwatch_listener()
        fileno = store.listener_fileno()
        if fileno is not None:
            self.notifier = QSocketNotifier(fileno, QSocketNotifier.Type.Read, self.window)
            self.notifier.activated.connect(self.take_remote_changes)

    def _unwatch_listener(self) -> None:
        if self.notifier is not None:
            self.notifier.setEnabled(False)
            self.notifier.deleteLater()
            self.notifier = None

    # ------------------------------------------------------------ others' edits
    def take_remote_changes(self, *_args) -> None:
        project = self.window.project
        if project is None or project.store is None or not project.store.is_shared:
            return
        try:
            events = project.sync_remote()
        except ListenerError as error:  # taken in all the same; a view failed to follow
            from ..undo import report_listener_error

            report_listener_error(error, self.window)
            events = []
        except Exception as exc:  # noqa: BLE001  the server went away: say so once, keep the window
            self._connection_lost(exc)
            return
        if self._said_reconnected(project.store):
            return
        if events:
            self.window.statusBar().showMessage(
                QCoreApplication.translate("SharedProject", "已载入其他用户的修改"), 4000)
        self._ticks += 1
        if self._ticks % 10 == 0:
            self._refresh_clients()

    def _connection_lost(self, exc) -> None:
        """Said once per outage (the timer keeps trying every second); the old socket is not watched."""
        self._unwatch_listener()
        if self._lost:
            return
        self._lost = True
        log.warning("cannot take in remote changes: %s", exc)
        self.window.notify(QCoreApplication.translate(
            "SharedProject", "与数据库的连接中断：{problem}；正在重新连接…").format(problem=str(exc)))

    def _said_reconnected(self, store) -> bool:
        """After the listener or the editing connection was made again: say so, watch the new socket."""
        if not store.take_reconnected() and not self._lost:
            return False
        self._lost = False
        # always: a new listening socket may have the old one's number, and Qt disabled the
        # notifier when that socket closed under it
        self._watch_listener(store)
        self.window.notify(QCoreApplication.translate(
            "SharedProject", "已重新连接数据库 {server}").format(server=store.who),
            warning=False)
        self._refresh_clients()
        return True

    def _refresh_clients(self) -> None:
        try:
            self._clients = self.window.project.store.connected_clients()
        except Exception as exc:  # noqa: BLE001  shown as unknown; editing goes on
            log.warning("cannot list connected clients: %s", exc)
            self._clients = []
        self.retranslate()

    # ------------------------------------------------------------ texts
    def retranslate(self) -> None:
        self.connect_action.setText(QCoreApplication.translate("SharedProject", "连接数据库(&D)…"))
        project = self.window.project
        store = project.store if project is not None else None
        if store is None or not store.is_shared:
            return
        self.label.setText(QCoreApplication.translate(
            "SharedProject", "服务器 {server} · 模式 {schema} · 在线 {count} 人：{users}").format(
            server=store.who, schema=store.server.schema, count=len(self._clients),
            users=", ".join(dict.fromkeys(self._clients)) or "-"))
