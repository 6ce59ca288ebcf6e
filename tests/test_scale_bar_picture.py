"""The canvas's scale bar is kept as a picture: it looks like the bar drawn straight on the map,
sits on whole device pixels, and is drawn again only when the scale, place, style scale or pixel
ratio change."""
import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage, QPainter

from gui.map.decorations import ScaleBarPicture, draw_scale_bar


def _pixels(image):
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.width(), 4)[..., :3].astype(int)


def _map(draw):
    image = QImage(360, 160, QImage.Format.Format_RGB32)
    image.fill(QColor("#88AACC"))
    painter = QPainter(image)
    draw(painter)
    painter.end()
    return _pixels(image)


@pytest.mark.parametrize("scale", [1.0, 1.8])
def test_the_picture_matches_the_bar_drawn_on_the_map(app, scale):
    from gui.app import cjk_family

    family, bottom = cjk_family(), 160 - 12 * scale
    direct = _map(lambda p: draw_scale_bar(p, 3.7, 16 * scale, bottom, family, scale=scale))
    kept = _map(lambda p: ScaleBarPicture().paint(p, 3.7, 16 * scale, bottom, family, scale=scale))
    background = _map(lambda p: None)
    drawn = (direct != background).any(axis=2)
    assert drawn.sum() > 500  # a bar with its text was drawn
    # the same pixels but where the text's antialiased edges are composed once more
    differ = np.abs(direct - kept).max(axis=2)
    assert differ.max() <= 40 and (differ > 0).sum() < 0.1 * drawn.sum()


def test_the_picture_is_drawn_again_only_when_what_it_shows_changes(app):
    picture = ScaleBarPicture()
    canvas = QImage(200, 100, QImage.Format.Format_RGB32)
    painter = QPainter(canvas)
    picture.paint(painter, 2.0, 16, 88)
    first = picture._image
    picture.paint(painter, 2.0, 16, 88)
    assert picture._image is first  # a paint with nothing changed lays the same picture
    picture.paint(painter, 4.0, 16, 88)  # zoomed out: another length
    assert picture._image is not first
    second = picture._image
    picture.paint(painter, 4.0, 16, 88, ratio=2.0)  # a high-density screen
    assert picture._image is not second and picture._image.devicePixelRatio() == 2.0
    painter.end()


@pytest.mark.parametrize("ratio", [1.5, 2.0])
def test_on_a_high_density_screen_the_picture_sits_on_whole_device_pixels(app, ratio):
    picture = ScaleBarPicture()
    canvas = QImage(round(300 * ratio), round(120 * ratio), QImage.Format.Format_RGB32)
    canvas.setDevicePixelRatio(ratio)
    painter = QPainter(canvas)
    picture.paint(painter, 2.0, 16 * 1.8, 120 - 12 * 1.8, scale=1.8, ratio=ratio)  # presenter mode
    painter.end()
    x, y = picture._at.x() * ratio, picture._at.y() * ratio
    assert abs(x - round(x)) < 1e-9 and abs(y - round(y)) < 1e-9
    assert picture._image.devicePixelRatio() == ratio

