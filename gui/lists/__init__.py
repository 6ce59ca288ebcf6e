"""三项清单 (needs, resources, projects) and the case loop in the window (issue 15).

Thin Qt over :mod:`geo.lists`: the lists dock (:mod:`.lists_dock`, a tab per
list over :mod:`.table_model` models that follow edits row by row), the entry
form (:mod:`.item_form`), matching (:mod:`.match_dialog`), the case panel with
its timeline (:mod:`.case_panel`), open cases on the map (:mod:`.cases_overlay`),
the list figures as a choropleth and a chart (:mod:`.figures_view`,
:mod:`.lists_chart`) and the context-menu entries (:mod:`.place_menus`).
Every edit runs through :mod:`.operations` as a ``geo.lists`` command on the
window's undo stack. :mod:`gui.features.lists` wires it all into the window.
"""
