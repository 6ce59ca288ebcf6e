"""Labels on atlas pages show whole where they cross the page's outline and veil."""
import numpy as np
import pytest

pytest.importorskip("PySide6")

#: The map raster of the demo's A4 atlas page in its PDF (150 ppi, style scale 150/96).
RASTER = (1612, 948)
SCALE = 150 / 96


def rgb(image):
    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_RGB32)
    array = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)
    return array[:, :image.width(), :3][..., ::-1].astype(int)


def ink(pixels, hex_colour, tolerance=25):
    """Per column: how many pixels are the label's own colour (the veil and the red outline are not)."""
    target = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
    return (np.abs(pixels - target).max(axis=2) <= tolerance).sum(axis=0)


def test_labels_across_counts_only_boxes_cut_by_the_outline(app):
    from PySide6.QtGui import QPainterPath

    from gui.layout.composer import labels_across

    square = QPainterPath()
    square.addRect(100, 100, 100, 100)
    boxes = [("in", None, 120, 120, 40, 10), ("out", None, 300, 120, 40, 10),
             ("across", None, 180, 120, 40, 10), ("touching the pen", None, 150, 201, 20, 10)]
    assert labels_across(boxes, square, reach=2.0) == [False, False, True, True]


def test_demo_atlas_labels_across_the_outline_show_whole(app, demo_gpkg):
    """Every label the page's outline crosses is drawn whole in its own colour, each character.

    Drawn before the veil and outline, 幸福街道党群服务中心 on 和平社区's page lost its 心 to
    them (it read "…服务中"), and 解放社区党群服务站 on its own page was faded from 服务.
    """
    from PySide6.QtCore import QRectF

    from geo.project import Project
    from gui.app import cjk_family
    from gui.layout.atlas import atlas_pages
    from gui.layout.composer import MAP_MARGIN, LayoutComposer, feature_path
    from gui.layout.spec import LayoutSpec
    from gui.map.layer_style import LayerStack
    from gui.map.renderer import MapRenderer
    from gui.map.scene import MapScene
    from gui.map.view import MapView

    project = Project.open(demo_gpkg)
    try:
        scene, styles = MapScene(project), LayerStack.default().snapshot()
        renderer = MapRenderer(scene, cjk_family())
        composer = LayoutComposer(scene, renderer, styles, renderer.family)
        checked = set()
        for page in atlas_pages(scene, LayoutSpec(), "community"):
            view = MapView.fit(page.bounds, *RASTER, MAP_MARGIN)
            page_rgb = rgb(composer.map_image(page, view, SCALE))
            _, placements = renderer.render_unlabelled(view, styles, scale=SCALE)
            outline = feature_path(scene, view, *page.focus)
            for text, style, x, y, w, h in placements:
                box = QRectF(x, y, w, h)
                if not outline.intersects(box) or outline.contains(box):
                    continue
                x0, y0 = round(x), round(y)
                drawn = ink(page_rgb[y0:y0 + h, x0:x0 + w], style.colour)
                own = ink(rgb(renderer.sprites.sprite(text, style)), style.colour)
                for part, whole in zip(np.array_split(drawn, len(text)), np.array_split(own, len(text))):
                    if whole.sum() >= 5:
                        assert part.sum() >= 0.6 * whole.sum(), f"{page.title}: {text!r} is not drawn whole"
                checked.add(text)
        assert {"幸福街道党群服务中心", "解放社区党群服务站"} <= checked
    finally:
        project.close()
