"""Page layouts of the map for print and sharing: PNG, PDF and SVG, one page or an atlas.

``spec.py`` says what a page holds (paper, dpi, title…); ``composer.py`` draws
one page with any QPainter; ``writers.py`` turns pages into files; ``atlas.py``
makes one page per community or grid; ``dialog.py`` is the GUI front end
(File → Export → 地图排版…) and ``gui/render_cli.py`` the command line one.
"""
