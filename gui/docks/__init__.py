"""The main window's dock panels: layers, identify, attribute table, organization tree."""
