"""The window on a server project: File → 连接数据库…, live updates from other clients, the status bar.

Real widgets offscreen against the throwaway PostgreSQL/PostGIS server (tests/pg_server.py).
"""
from PySide6.QtCore import QSettings

from geo.commands import SetValues
from geo.postgis import session_passwords
from geo.postgis.url import parse_url
from geo.project import Project


def _fill(dialog, cluster, schema, password=""):
    dialog.host.setText(cluster.socket_dir)
    dialog.port.setValue(cluster.port)
    dialog.database.setText("gridatlas")
    dialog.user.setText(cluster.user)
    dialog.schema.setText(schema)
    dialog.password.setText(password)


def test_the_dialog_makes_the_url_and_never_stores_the_password(app, pg_cluster, qtbot):
    from gui.dialogs.db_connect_dialog import DbConnectDialog

    dialog = DbConnectDialog()
    qtbot.addWidget(dialog)
    _fill(dialog, pg_cluster, "xingfu", password="s3cret")
    dialog.accept()
    loc = parse_url(dialog.url)
    assert loc.schema == "xingfu" and "s3cret" not in dialog.url
    assert session_passwords.password_for(loc.conninfo) == {"password": "s3cret"}
    settings = QSettings()
    settings.sync()
    stored = {key: settings.value(key) for key in settings.allKeys()}
    assert stored["database/schema"] == "xingfu"
    assert not any("s3cret" in str(v) for v in stored.values())
    assert dialog.password.text() == ""
    session_passwords.forget_all()


def test_a_bad_schema_name_is_explained_in_the_dialog(app, pg_cluster, qtbot):
    from gui.dialogs.db_connect_dialog import DbConnectDialog

    dialog = DbConnectDialog()
    qtbot.addWidget(dialog)
    _fill(dialog, pg_cluster, "Bad Name")
    dialog.accept()
    assert not dialog.error.isHidden() and "模式名" in dialog.error.text()
    assert dialog.result() == 0


def test_file_menu_opens_the_server_project(app, make_main_window, tiny_gpkg, published_demo, monkeypatch):
    from gui.dialogs import db_connect_dialog

    _path, url = published_demo
    window = make_main_window(tiny_gpkg)
    action = next(a for a in window.file_menu.actions() if a.objectName() == "action_connect_database")
    assert action.text() == "连接数据库(&D)…"
    monkeypatch.setattr(db_connect_dialog, "ask_project_url", lambda parent: url)
    action.trigger()
    assert window.project.store.is_shared and window.project.location == url
    label = window.findChild(type(window.status.summary), "ServerLabel")
    assert label.isVisible()
    assert "root@" in label.text() and f"模式 {parse_url(url).schema}" in label.text()
    assert "在线 1 人：root" in label.text()


def test_another_client_s_edit_shows_without_reopening(app, make_main_window, published_demo, qtbot):
    _path, url = published_demo
    window = make_main_window(url)
    building = window.project["buildings"].index[0]
    shown = []
    window.events.layerChanged.connect(shown.append)
    other = Project.open(url)
    try:
        SetValues("buildings", {building: {"households": 4321}}).do(other)
        qtbot.waitUntil(lambda: window.project["buildings"].at[building, "households"] == 4321, timeout=2000)
    finally:
        other.close()
    assert any(e.layer == "buildings" and building in e.ids for e in shown)
    assert window.status.summary.text()  # the figures were redrawn from the new state


def test_a_stale_edit_in_the_window_is_explained_and_reloaded(app, make_main_window, published_demo, monkeypatch):
    from geo.editing.assign import EditRefused
    from gui.undo import run_and_push

    _path, url = published_demo
    window = make_main_window(url)
    window.features  # noqa: B018  (the shared-project feature is installed)
    feature = next(f for f in window.features if type(f).__module__.endswith("shared_project"))
    feature.timer.stop()  # take nothing in: this window edits from what it read
    if feature.notifier is not None:
        feature.notifier.setEnabled(False)
    building = window.project["buildings"].index[1]
    other = Project.open(url)
    try:
        SetValues("buildings", {building: {"households": 7}}).do(other)
    finally:
        other.close()
    try:
        run_and_push(window.undo_stack, window.project, SetValues("buildings", {building: {"households": 8}}))
        raise AssertionError("the stale edit was not refused")
    except EditRefused as exc:
        assert building in str(exc)
    assert window.undo_stack.count() == 0
    assert window.project["buildings"].at[building, "households"] == 7


def test_the_history_panel_shows_the_server_s_entries_and_undoes_one(app, make_main_window, published_demo):
    _path, url = published_demo
    other = Project.open(url)
    building = other["buildings"].index[2]
    before = other["buildings"].at[building, "households"]
    try:
        SetValues("buildings", {building: {"households": 55}}).do(other)
    finally:
        other.close()
    window = make_main_window(url)
    dock = window.undo_dock
    assert dock.saved_list.count() == 1 and "#1" in dock.saved_list.item(0).text()
    assert dock.undo_saved_button.isEnabled()
    dock.undo_saved_button.click()  # reverted as a new change, through the same versions check
    assert window.project["buildings"].at[building, "households"] == before
    assert dock.saved_list.count() == 2


def test_after_a_server_restart_the_window_reconnects_and_says_so(app, make_main_window, published_demo,
                                                                   pg_cluster, qtbot):
    from geo.postgis import local_cluster
    from gui.undo import run_and_push

    _path, url = published_demo
    window = make_main_window(url)
    first, second = list(window.project["buildings"].index[5:7])
    local_cluster.restart(pg_cluster)
    qtbot.waitUntil(lambda: "已重新连接数据库" in window.statusBar().currentMessage(), timeout=10000)
    assert "root@" in window.statusBar().currentMessage()
    other = Project.open(url)
    try:  # live updates go on through the new listening connection
        SetValues("buildings", {first: {"households": 6543}}).do(other)
        qtbot.waitUntil(lambda: window.project["buildings"].at[first, "households"] == 6543, timeout=3000)
    finally:
        other.close()
    run_and_push(window.undo_stack, window.project, SetValues("buildings", {second: {"households": 3456}}))
    assert window.undo_stack.count() == 1
    fresh = Project.open(url)
    try:
        assert fresh["buildings"].at[second, "households"] == 3456
    finally:
        fresh.close()


def test_an_outage_is_said_once_and_the_return_of_the_server_too(app, make_main_window, published_demo,
                                                                 pg_cluster, qtbot):
    from geo.postgis import local_cluster

    _path, url = published_demo
    window = make_main_window(url)
    feature = next(f for f in window.features if type(f).__module__.endswith("shared_project"))
    said = []
    window.statusBar().messageChanged.connect(lambda text: text and said.append(text))
    local_cluster.stop(pg_cluster.data_dir)
    try:
        qtbot.waitUntil(lambda: any("与数据库的连接中断" in t for t in said), timeout=10000)
        qtbot.wait(2500)  # the timer tries again every second: the outage is not said again
        assert sum("与数据库的连接中断" in t for t in said) == 1
        assert feature.notifier is None  # the dead socket is not watched
    finally:
        local_cluster.start(pg_cluster.data_dir, pg_cluster.port, durable=False)
    qtbot.waitUntil(lambda: any("已重新连接数据库" in t for t in said), timeout=10000)
    assert feature.notifier is not None and feature.notifier.isEnabled()
