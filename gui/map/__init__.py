"""The map: geometry caches, styles, the renderer and the interactive canvas.

``renderer.MapRenderer`` draws a :class:`view.MapView` of a project into a
QImage; ``canvas.MapCanvas`` shows it interactively and ``gui.render_cli``
writes it to a PNG, with the same code.
"""
