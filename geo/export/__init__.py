"""Exporters: files that leave GridAtlas (Excel reports, offline HTML maps).

Every exporter takes a :class:`geo.masking.MaskPolicy` and defaults to
:data:`geo.masking.MASKED`. Heavy packages (openpyxl, folium) are imported by
the submodule that needs them, so ``import geo.export`` stays cheap.
"""
