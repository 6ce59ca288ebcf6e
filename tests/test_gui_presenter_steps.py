"""Presenter mode: Home/End, the bookmark shown below the title, search over masked names only."""
from PySide6.QtCore import Qt

from geo.masking import mask_name


def presenter_of(window):
    from gui.features.presenting import Feature

    return next(f for f in window.features if isinstance(f, Feature)).presenter


def press(qtbot, window, key):
    window.activateWindow()
    qtbot.keyClick(window.canvas, key)


def test_home_and_end_jump_to_the_first_and_last_bookmark(make_main_window, demo_gpkg, qtbot):
    window = make_main_window(demo_gpkg)
    presenter = presenter_of(window)
    press(qtbot, window, Qt.Key.Key_F5)
    assert presenter.active and len(presenter.bookmarks) > 2
    press(qtbot, window, Qt.Key.Key_End)
    assert presenter.index == len(presenter.bookmarks) - 1
    press(qtbot, window, Qt.Key.Key_Home)
    assert presenter.index == 0
    press(qtbot, window, Qt.Key.Key_Escape)
    assert not presenter.active
    window.canvas.setFocus()
    view = window.canvas.view
    press(qtbot, window, Qt.Key.Key_End)  # not presenting: End is no bookmark key
    assert presenter.index == 0 and window.canvas.view == view


def test_bookmark_is_shown_below_the_title(make_main_window, demo_gpkg, qtbot, output_dir):
    """Looked at (presenter_bookmark.png, the 800×800 offscreen screen): no menus or panels; the
    white title box 「幸福街道党建网格一张图」 at the top centre, the dark caption 「和平社区（2/5）」
    under it; 和平社区 drawn large in a thick orange outline whose top edge runs just below the
    caption (the title covers none of it) and whose bottom reaches the scale bar; the legend box
    (stations, community, buildings and grids coloured by grid) sits in the bottom-right corner
    to the right of the community's outline, covering none of it (the view is fitted in the band
    left of the legend, the larger of that and the band above it)."""
    window = make_main_window(demo_gpkg)
    presenter = presenter_of(window)
    press(qtbot, window, Qt.Key.Key_F5)
    canvas = window.canvas
    for index in range(len(presenter.bookmarks)):
        presenter.go(index)
        x0, y0, x1, y1 = presenter.bookmarks[index].bounds
        xs, ys = canvas.scene.to_metric.transform([x0, x1], [y0, y1])
        _left, top = canvas.map_to_pixel(min(xs), max(ys))
        _right, bottom = canvas.map_to_pixel(max(xs), min(ys))
        header = presenter.overlay.header_bottom(canvas)
        assert top >= header - 1 and bottom <= canvas.height() + 1, presenter.bookmarks[index].name
        legend = presenter.overlay.legend_rect(canvas)
        right = canvas.map_to_pixel(max(xs), min(ys))[0]
        # the legend (bottom right) covers no corner of the area: it lies left of or above it
        assert right <= legend.left() + 1 or bottom <= legend.top() + 1, presenter.bookmarks[index].name
    presenter.go(1)
    qtbot.wait(300)  # the shot after full screen settled: a frame of the window's old size is gone
    with qtbot.waitSignal(canvas.renderFinished, timeout=20_000):
        canvas.refresh()
    assert canvas._frame.view.width == canvas.width()  # noqa: SLF001 (the frame shown is of this size)
    assert canvas.grab().toImage().save(str(output_dir / "presenter_bookmark.png"))
    presenter.leave()


def test_search_while_presenting_matches_masked_names_only(main_window, qtbot):
    members = main_window.project["members"]
    full = members["name"].dropna().iloc[0]
    masked = mask_name(full)
    assert masked != full
    dock, presenter = main_window.org_dock, presenter_of(main_window)

    def member_hits(text):
        dock.search_edit.setText(text)
        dock.run_search()
        return [dock.results.hit(i) for i in range(dock.results.rowCount())
                if dock.results.hit(i).kind == "member"]

    assert member_hits(full)
    presenter.enter()
    try:
        assert member_hits(full) == []  # typing a real name reveals nothing
        assert member_hits(masked) and all(h.label == masked or mask_name(h.label) for h in member_hits(masked))
    finally:
        presenter.leave()
    assert member_hits(full)


def test_presenter_title_reads_in_the_interface_language(main_window):
    from PySide6.QtWidgets import QApplication

    from gui.app import install_translator

    presenter = presenter_of(main_window)
    presenter.enter()
    assert presenter.overlay.title == "测试街道党建网格一张图"
    presenter.leave()
    install_translator(QApplication.instance(), "en")  # the app fixture switches back at teardown
    presenter.enter()
    try:
        assert presenter.overlay.title == "测试街道 party-building grid map"
    finally:
        presenter.leave()


def test_labels_keep_clear_of_the_title_caption_and_legend(make_main_window, demo_gpkg, qtbot):
    """A station's name went under the legend of the whole street's view (the CI shot of
    presenter.png): the frame's labels are now placed clear of what the overlay draws."""
    from PySide6.QtCore import QRectF

    window = make_main_window(demo_gpkg)
    presenter = presenter_of(window)
    canvas = window.canvas
    press(qtbot, window, Qt.Key.Key_F5)
    qtbot.wait(300)  # the window goes full screen: the canvas's size settles
    for index in range(len(presenter.bookmarks)):
        presenter.go(index)
        with qtbot.waitSignal(canvas.renderFinished, timeout=20_000):
            canvas.refresh()
        covered = presenter.overlay.covered(canvas)
        assert len(covered) == 3  # title, caption, legend
        frame = canvas._frame
        assert frame.keep_out == covered and frame.labels
        for placement in frame.labels:
            label = QRectF(*placement[2:])
            assert not any(label.intersects(QRectF(*box)) for box in covered), (index, placement)
    # zoomed far out the legend lists fewer layers: the labels keep clear of the box drawn now
    before = presenter.overlay.covered(canvas)
    canvas.zoom_at(canvas.width() / 2, canvas.height() / 2, 1 / 64)
    assert presenter.overlay.covered(canvas) != before
    assert canvas.renderer.label_keep_out == presenter.overlay.covered(canvas)
    press(qtbot, window, Qt.Key.Key_Escape)
    assert canvas.renderer.label_keep_out == ()
