"""三项清单 (needs, resources, projects) and the case loop, per grid.

Qt-free; every edit is a :class:`geo.commands.ChangeSet` (one transaction, one
history entry, one undo step):

- :mod:`.items` — ``AddItem`` / ``UpdateItem`` / ``DeleteItem`` for needs, resources, projects, cases;
- :mod:`.case_states` — the case state machine and ``AdvanceCase``;
- :mod:`.matching` — ``suggest_resources`` and ``ClaimMatch`` (a need matched into a project);
- :mod:`.figures` — ``list_figures`` (per grid, community, street; as of a date) and ``ListFigures``;
- :mod:`.gaps` — needs unmatched too long and overdue cases, for the gap list;
- :mod:`.places` — where an item is (its point, the grid it counts in).
"""
