"""The window watches the listening socket again after every reconnection.

Real widgets offscreen against the throwaway PostgreSQL/PostGIS server (tests/pg_server.py).
"""


def test_after_a_reconnection_the_listener_is_watched_again_even_under_the_old_socket_number(
        app, make_main_window, published_demo):
    _path, url = published_demo
    window = make_main_window(url)
    feature = next(f for f in window.features if type(f).__module__.endswith("shared_project"))
    feature.timer.stop()
    store = window.project.store
    old = feature.notifier
    assert old is not None and old.socket() == store.listener_fileno()
    old.setEnabled(False)  # what Qt does to a notifier whose socket was closed under it
    store._reconnected = True  # as when the new listening connection got the old socket's number
    feature.take_remote_changes()
    assert feature.notifier is not None and feature.notifier is not old and feature.notifier.isEnabled()
    assert feature.notifier.socket() == store.listener_fileno()
