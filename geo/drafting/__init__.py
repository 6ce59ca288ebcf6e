"""Automatic grid drafting (自动划分网格): a first layout for a community, as a plan.

Modules, one idea each:

* :mod:`~geo.drafting.neighbours` — which buildings neighbour which (Gabriel graph of
  their representative points, long gaps cut);
* :mod:`~geo.drafting.units` — the indivisible pieces: whole compounds ("一小区一支部"),
  compounds too big for one grid split as little as possible, towers alone;
* :mod:`~geo.drafting.bisect` — recursive bisection of a connected set of units into
  k contiguous, compact parts within the household band;
* :mod:`~geo.drafting.naming` — 第N网格 numbered north-west to south-east, codes continuing
  the community's scheme;
* :mod:`~geo.drafting.community_draft` — one community from plain arrays: its grids, their
  exceptions and boundaries (no project, no shared state);
* :mod:`~geo.drafting.workers` — independent communities drafted on several processes,
  results in input order, with progress and cancel;
* :mod:`~geo.drafting.draft` — a whole project: the communities' inputs, then codes,
  names, the grids' figures and every exception with its reason;
* :mod:`~geo.drafting.minimal_change` — bring an existing layout into band moving as few
  buildings as possible;
* :mod:`~geo.drafting.to_plan` — the result written as a new plan (方案), never the
  current layout.
"""
