"""Deleting features without leaving dangling references (``main.py delete``, the attribute table).

Deleting is how a street removes what it does not want (demo features, a wrong
import). References to a deleted feature are blanked, never left dangling, and
everything that lost its link is listed: members of a deleted building become
unassigned, buildings of a deleted grid or compound lose their grid or compound.
Organizations and partner links whose area is deleted are kept (they hold the
party's own records) and listed so the user can reattach or delete them. One
change list: one transaction, one undo step.

Example
-------
>>> command, result = delete_command(project, "buildings", ["B1"])   # doctest: +SKIP
>>> result.unassigned["members"]                                      # doctest: +SKIP
['M1']
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .commands import ChangeList
from .messages import CodedError, Message, register
from .schema import AREA_LAYERS, LAYERS, REFERENCES

#: Layers a user may delete from (plan tables are managed by the plan commands).
DELETABLE = ("communities", "grids", "compounds", "buildings", "stations", "organizations",
             "members", "partners", "partner_links")

register("delete.unknown_layer", "不能从图层 {layer} 删除（可删除：{allowed}）",
         "cannot delete from layer {layer} (allowed: {allowed})")
register("delete.unknown_ids", "{layer} 中没有这些编号：{ids}", "{layer} has no features with ids: {ids}")
register("delete.nothing", "没有指定要删除的要素", "no features given to delete")
register("delete.summary", "删除 {layer} {count} 个要素", "delete {count} features from {layer}")
register("delete.unassigned", "{layer}.{column} 清空 {count} 处：{ids}",
         "{layer}.{column} cleared for {count}: {ids}")
register("delete.orphaned", "{layer} 失去所在区域 {count} 个（保留，请重新关联或删除）：{ids}",
         "{layer} left without their area, {count} (kept: reattach or delete them): {ids}")


@dataclass
class DeleteResult:
    layer: str
    deleted: list
    unassigned: dict = field(default_factory=dict)  # (layer, column) -> ids whose reference was cleared
    orphaned: dict = field(default_factory=dict)    # layer -> ids kept although their area is gone

    def lines(self) -> list[Message]:
        out = [Message("delete.summary", layer=self.layer, count=len(self.deleted))]
        for (layer, column), ids in self.unassigned.items():
            out.append(Message("delete.unassigned", layer=layer, column=column, count=len(ids), ids=_some(ids)))
        for layer, ids in self.orphaned.items():
            out.append(Message("delete.orphaned", layer=layer, count=len(ids), ids=_some(ids)))
        return out


def delete_changes(project, layer: str, ids=None) -> tuple[list[tuple], DeleteResult]:
    """Changes deleting ``ids`` from ``layer`` (all of it for ``ids=None``) and clearing references."""
    if layer not in DELETABLE:
        raise CodedError("delete.unknown_layer", layer=layer, allowed=", ".join(DELETABLE))
    frame = project[layer]
    ids = list(frame.index) if ids is None else list(dict.fromkeys(ids))
    unknown = [i for i in ids if i not in frame.index]
    if unknown:
        raise CodedError("delete.unknown_ids", layer=layer, ids=_some(unknown))
    result = DeleteResult(layer, ids)
    gone = set(ids)
    changes: list[tuple] = []
    for (ref_layer, column), target in REFERENCES.items():
        if target != layer or ref_layer == layer and column == LAYERS[layer].id_column:
            continue
        refs = project[ref_layer]
        hit = refs.index[refs[column].isin(gone).to_numpy()]
        hit = [i for i in hit if not (ref_layer == layer and i in gone)]
        if hit:
            changes += [("update", ref_layer, i, {column: None}) for i in hit]
            result.unassigned[(ref_layer, column)] = list(hit)
    changes += _plan_rows(project, layer, gone)
    _orphans(project, layer, gone, result)
    changes += [("delete", layer, i) for i in ids]
    return changes, result


def delete_command(project, layer: str, ids=None) -> tuple[ChangeList, DeleteResult]:
    """An undoable command for :func:`delete_changes`."""
    changes, result = delete_changes(project, layer, ids)
    return ChangeList(result.lines()[0], changes), result  # coded: both languages in the history


def _plan_rows(project, layer, gone) -> list[tuple]:
    """Stored plans forget deleted buildings (their assignment rows would dangle)."""
    if layer != "buildings" or "plan_assignments" not in project.layers:
        return []
    rows = project["plan_assignments"]
    return [("delete", "plan_assignments", r) for r in rows.index[rows["building_id"].isin(gone).to_numpy()]]


def _orphans(project, layer, gone, result) -> None:
    area_type = {v: k for k, v in AREA_LAYERS.items()}.get(layer)
    if area_type is None:
        return
    orgs = project["organizations"]
    hit = orgs.index[((orgs["area_type"] == area_type) & orgs["area_id"].isin(gone)).to_numpy()]
    if len(hit):
        result.orphaned["organizations"] = list(hit)
    links = project["partner_links"]
    hit = links.index[((links["target_type"] == area_type) & links["target_id"].isin(gone)).to_numpy()]
    if len(hit):
        result.orphaned["partner_links"] = list(hit)


def _some(ids, n: int = 10) -> str:
    ids = [str(i) for i in ids]
    return ", ".join(ids[:n]) + (f" … (+{len(ids) - n})" if len(ids) > n else "")
