"""Which plan (方案) the live layers hold, and the rule that keeps proposals away from organizations.

The live ``grids``, ``buildings.grid_id`` and ``stations`` hold the *active* plan;
``organizations``, ``members`` and ``partner_links`` always describe the adopted
(current) organization. While a proposal is active, edits change only the layout:
the organization follows grid edits only in the current layout
(:mod:`geo.editing.orgs`), and a command that would write an organization,
member or partner link is refused (:func:`refuse_org_edits`), except the adoption
itself, which derives the organization for the plan it makes current.

Kept apart from :mod:`geo.editing.plans` so that :mod:`geo.editing.orgs` can ask
without an import cycle.
"""
from __future__ import annotations

from ..commands import CHANGE_CHECKS
from ..messages import register

#: Tables that describe the organization; a proposal never writes them.
ORG_LAYERS = frozenset({"organizations", "members", "partner_links"})

register("plan.org_locked", "方案中不能修改党组织：请先切换到现状或采纳该方案",
         "Organizations cannot be changed inside a plan: switch to the current layout or adopt the plan first")


def active_plan(project):
    """Id of the plan held in the live layers (None before the first plan)."""
    plans = project["plans"]
    if not len(plans):  # no plan yet (most projects): every edit asks, a comparison costs ~0.1 ms
        return None
    hit = plans.index[plans["active"] == 1]
    return hit[0] if len(hit) else None


def current_plan(project):
    """Id of the adopted plan (None before the first plan)."""
    plans = project["plans"]
    hit = plans.index[plans["status"] == "current"]
    return hit[0] if len(hit) else None


def in_proposal(project) -> bool:
    """True while the live layers hold a plan other than the current one."""
    active = active_plan(project)
    return active is not None and active != current_plan(project)


def refuse_org_edits(project, command, changes) -> None:
    """Raise :class:`~geo.editing.assign.EditRefused` when ``changes`` write the organization inside a proposal.

    Registered in :data:`geo.commands.CHANGE_CHECKS`, so every command is checked
    once, before it writes. A command with ``derives_organization = True`` (the
    adoption) is let through.
    """
    if getattr(command, "derives_organization", False) or not in_proposal(project):
        return
    if any(c[0] in ("update", "insert", "delete") and c[1] in ORG_LAYERS for c in changes):
        from .assign import EditRefused  # noqa: PLC0415 (assign imports orgs, which imports this)
        raise EditRefused("plan.org_locked")


if refuse_org_edits not in CHANGE_CHECKS:
    CHANGE_CHECKS.append(refuse_org_edits)
