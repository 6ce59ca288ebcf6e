"""The coverage views: gap list, charts, figure choropleth, map highlights, rules dialog.

All of them read :class:`geo.coverage.CoverageModel` (``window.coverage()``)
and are wired into the window by :mod:`gui.features.coverage`.
"""
