"""The window on the demo street: language switch, screenshots, Chinese glyphs (not boxes)."""
import numpy as np
import pytest
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QRawFont



def _pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    buffer = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    # copied while ``image`` is alive: the buffer is its memory
    return buffer.reshape(image.height(), image.bytesPerLine() // 4, 4)[:, :image.width(), :3].copy()


def _text_image(text: str, font: QFont) -> np.ndarray:
    image = QImage(120, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(font)
    painter.drawText(4, 30, text)
    painter.end()
    return _pixels(image)


def test_switch_language_live_to_english_and_back(main_window, qtbot):
    main_window.actions.lang_en.trigger()
    qtbot.waitUntil(lambda: main_window.file_menu.title() == "&File")  # LanguageChange is posted
    assert "GridAtlas Party-Building Grid Map" in main_window.windowTitle()
    assert main_window.attribute_dock.windowTitle() == "Attribute Table"
    assert main_window.attribute_dock.layer_box.currentText() == "Buildings"
    main_window.identify("buildings", "B1")
    assert "Building Party Group | 1号楼党小组" in main_window.identify_dock.text()
    from PySide6.QtCore import QSettings

    assert QSettings().value("ui/language") == "en"
    main_window.actions.lang_zh.trigger()
    qtbot.waitUntil(lambda: main_window.file_menu.title() == "文件(&F)")


def test_lang_option_gives_english_at_start(app, make_main_window, tiny_gpkg):
    from gui.app import install_translator

    install_translator(app, "en")  # what create_app(lang="en") does for --lang en
    window = make_main_window(tiny_gpkg)
    assert window.help_menu.title() == "&Help"
    assert window.layers_dock.windowTitle() == "Layers"


def test_chinese_renders_as_glyphs_not_boxes(app):
    font = app.font()
    raw = QRawFont.fromFont(font)
    assert all(raw.supportsCharacter(ord(ch)) for ch in "党建网格一张图楼栋社区")
    chinese = _text_image("网格", font)
    boxes = _text_image("\U000F0000\U000F0001", font)  # private-use: drawn as missing glyphs
    assert (chinese < 128).any()
    assert not np.array_equal(chinese, boxes)


def _settle(window, qtbot, action):
    """Do ``action`` and wait until the map has drawn the view it leads to.

    A moved view renders once it settles (the canvas's timer); a frame finishing
    meanwhile is an older request's, shown stretched to the new view -- a
    screenshot taken then shows a blurred map.
    """
    canvas = window.canvas
    action()
    if hasattr(canvas, "worker"):
        qtbot.waitUntil(lambda: not canvas._timer.isActive() and not canvas._edit_pending
                        and not canvas.worker.busy(), timeout=20_000)
    qtbot.wait(100)


@pytest.fixture
def demo_window(make_main_window, demo_gpkg):
    window = make_main_window(demo_gpkg)
    window.resize(1600, 1000)
    return window


def test_demo_window_screenshot(demo_window, output_dir, qtbot):
    window = demo_window
    qtbot.wait(200)
    grid = window.project["grids"].index[3]
    building = window.project["buildings"].index[window.project["buildings"]["grid_id"] == grid][0]
    window.selection.select("buildings", [building])
    window.identify("buildings", building)
    window.org_dock.search_edit.setText(window.project["grids"].at[grid, "name"])
    window.org_dock.run_search()
    _settle(window, qtbot, lambda: window.zoom_to_feature("grids", grid))
    image = window.grab().toImage()
    path = output_dir / "main_window_zh.png"
    assert image.save(str(path))
    pixels = _pixels(image)
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 50  # real content, not a blank window
    text = window.identify_dock.text()
    assert "党组织" in text and "所在位置" in text


def test_demo_window_screenshot_english(demo_window, output_dir, qtbot):
    demo_window.actions.lang_en.trigger()
    qtbot.waitUntil(lambda: demo_window.file_menu.title() == "&File")
    grid = demo_window.project["grids"].index[0]
    demo_window.identify("grids", grid)
    _settle(demo_window, qtbot, demo_window.canvas.zoom_full)
    image = demo_window.grab().toImage()
    assert image.save(str(output_dir / "main_window_en.png"))
    assert "GridAtlas Party-Building Grid Map" in demo_window.windowTitle()
    text = demo_window.identify_dock.text()
    assert grid in text and "Grid" in text
    # the whole street is on the map: most of the canvas is drawn, in many colours
    canvas = _pixels(demo_window.canvas.grab().toImage()).reshape(-1, 3).astype(int)
    background = np.bincount((canvas[:, 0] << 16) | (canvas[:, 1] << 8) | canvas[:, 2]).argmax()
    drawn = ((canvas[:, 0] << 16) | (canvas[:, 1] << 8) | canvas[:, 2]) != background
    assert drawn.mean() > 0.3
    assert len(np.unique(canvas[drawn], axis=0)) > 20
