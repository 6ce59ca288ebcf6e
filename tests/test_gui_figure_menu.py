"""The figure menu shared by the coverage and the lists menus: none or one figure of grids or
communities, exclusive across both submenus, the choice kept through a rebuild (language switch).

Real QMenus offscreen; the window test runs the real main window on the tiny project.
"""


def entry_texts(menu):
    out = {}
    for action in menu.actions():
        sub = action.menu()
        out[action.text()] = [a.text() for a in sub.actions()] if sub is not None else None
    return out


def test_one_figure_at_most_and_kept_through_a_rebuild(app):
    from gui.widgets.figure_menu import FigureMenu

    menu = FigureMenu()
    chosen = []
    menu.figureChosen.connect(lambda layer, field: chosen.append((layer, field)))
    sections = [("grids", "网格", {"households": "户数", "members": "党员数"}),
                ("communities", "社区", {"households": "户数"})]
    menu.fill("无专题图", sections)
    assert entry_texts(menu) == {"无专题图": None, "网格": ["户数", "党员数"], "社区": ["户数"]}
    assert menu.chosen() == (None, None)
    entries = menu.entries()
    entries[("grids", "members")].trigger()
    assert chosen == [("grids", "members")] and menu.chosen() == ("grids", "members")
    entries[("communities", "households")].trigger()  # one group across both submenus
    assert menu.chosen() == ("communities", "households") and not entries[("grids", "members")].isChecked()
    menu.fill("No figure", [("grids", "Grids", {"households": "Households"}),
                            ("communities", "Communities", {"households": "Households"})])
    assert menu.chosen() == ("communities", "households")
    assert entry_texts(menu) == {"No figure": None, "Grids": ["Households"], "Communities": ["Households"]}
    menu.check("grids", "members")  # no longer offered: shown as no figure
    assert menu.chosen() == (None, None)
    assert len(menu.actions()) == 3  # the old entries are gone, not hidden
    menu.deleteLater()


def test_the_coverage_and_lists_menus_choose_one_figure_for_the_map(main_window):
    from gui.features.coverage import Feature as Coverage
    from gui.features.lists import Feature as Lists
    from gui.widgets.figure_menu import FigureMenu

    coverage = next(f for f in main_window.features if isinstance(f, Coverage))
    lists = next(f for f in main_window.features if isinstance(f, Lists))
    coverage_menu, lists_menu = coverage.actions.figure_menu, lists.actions.figure_menu
    assert isinstance(coverage_menu, FigureMenu) and isinstance(lists_menu, FigureMenu)
    assert set(entry_texts(lists_menu)) == {"无专题图", "按网格", "按社区"}
    assert entry_texts(lists_menu)["按网格"][0] == "需求数"  # the vocabulary's word, as in stats and Excel
    coverage_menu.entries()[("grids", "households")].trigger()
    assert coverage.choropleth.current is not None and coverage_menu.chosen() == ("grids", "households")
    lists_menu.entries()[("grids", "needs_open")].trigger()
    assert coverage_menu.chosen() == (None, None) and coverage.choropleth.current is None
    assert lists_menu.chosen() == ("grids", "needs_open")
    main_window.set_language("en")
    try:
        assert lists_menu.chosen() == ("grids", "needs_open")
        assert lists_menu.entries()[("grids", "needs_open")].text() == "Needs open"
        assert coverage_menu.chosen() == (None, None)
    finally:
        main_window.set_language("zh")
    lists_menu.entries()[(None, None)].trigger()
    assert lists.choropleth.current is None and lists_menu.chosen() == (None, None)
