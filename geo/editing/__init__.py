"""Editing the grid layout and the organization: every edit is an undoable command.

Modules (one idea each):

* :mod:`~geo.editing.assign` — move buildings / whole compounds to grids (:class:`ReassignBuildings`);
* :mod:`~geo.editing.brush` — a brush stroke collecting buildings, committed as one command;
* :mod:`~geo.editing.grids` — new, split, merge, rename, delete grids;
* :mod:`~geo.editing.boundaries` — grid polygons re-derived from their buildings;
* :mod:`~geo.editing.orgs` — how branch organizations follow grid edits;
* :mod:`~geo.editing.members`, :mod:`~geo.editing.stations` — members, groups, unit heads,
  partner links, stations;
* :mod:`~geo.editing.balance` — live households per grid; :mod:`~geo.editing.compactness`;
* :mod:`~geo.editing.finders` — next unassigned building, out-of-band grid, enclave…;
* :mod:`~geo.editing.assignment_csv` — ``building_id,grid_id`` out and back in;
* :mod:`~geo.editing.plans`, :mod:`~geo.editing.plan_compare` — plans (方案);
  :mod:`~geo.editing.plan_state` keeps proposals away from the organization,
  :mod:`~geo.editing.plan_adoption` derives the organization when a plan is adopted;
* :mod:`~geo.editing.topology_guard` — an edit may not break the tiling unless confirmed (``force``);
* :mod:`~geo.editing.lock` — one writer per project file;
* large edits stay fast because :meth:`geo.project.Project.apply` (:mod:`geo.memory`) and :func:`geo.commands.inverse_of` switch to column-wise work for long change lists.

One edit, end to end: a tool builds a command (e.g. ``BrushStroke.commit()``), the
GUI's undo adapter calls ``command.do(project)``, which writes one transaction via
``project.apply`` and updates memory; ``project.changed`` then emits one
``LayerChanged`` per layer touched (``buildings``/``grid_id``, ``grids``/``geometry``,
``organizations``…) for the renderer, :class:`GridBalance` and coverage.
``command.undo(project)`` replays the recorded old values the same way.
"""
