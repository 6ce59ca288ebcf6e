"""Finding places, organizations and people by name: the index behind the search box.

The index is built once per project from the layers' name-like columns and
answers a query with ranked :class:`Hit` records. Each hit names the thing
found (layer and id) and the map feature to jump to (``target_layer`` and
``target_id``): an organization jumps to its area, a member to the building
they live in. Plain Python (pandas/numpy) so it is tested without a window.

Ranking: an exact match first, then a match at the start of the text, then
anywhere; within a rank, areas before buildings before organizations before
people, then shorter labels first.

Examples
--------
>>> from tests.factories import tiny_frames  # doctest: +SKIP
>>> index = SearchIndex.from_frames(tiny_frames())  # doctest: +SKIP
>>> [h.label for h in index.search("第一网格")][:1]  # doctest: +SKIP
['第一网格']
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .schema import AREA_LAYERS

#: Kinds in display order; the order also ranks hits of equal quality.
KINDS = ("community", "grid", "compound", "building", "station", "organization", "member")
_KIND_RANK = {kind: i for i, kind in enumerate(KINDS)}


@dataclass(frozen=True)
class Hit:
    """One search result: what was found and where on the map to go."""

    kind: str
    layer: str
    id: object
    label: str
    target_layer: str | None
    target_id: object


class SearchIndex:
    """Lower-cased search texts for every named thing of a project.

    Parameters
    ----------
    entries : DataFrame
        Columns ``kind, layer, id, label, text, target_layer, target_id``;
        ``text`` is what is matched (lower case, may hold several names).
    """

    def __init__(self, entries: pd.DataFrame):
        self.entries = entries.reset_index(drop=True)
        self._text = self.entries["text"].to_numpy(dtype=object)
        self._kind_rank = self.entries["kind"].map(_KIND_RANK).to_numpy()
        self._label_len = self.entries["label"].str.len().to_numpy()

    @classmethod
    def from_project(cls, project) -> "SearchIndex":
        return cls.from_frames(project.layers)

    @classmethod
    def from_frames(cls, frames) -> "SearchIndex":
        parts = [_areas(frames, "communities", "community"), _areas(frames, "grids", "grid"),
                 _areas(frames, "compounds", "compound"), _buildings(frames),
                 _areas(frames, "stations", "station"), _organizations(frames), _members(frames)]
        parts = [p for p in parts if len(p)]
        columns = ["kind", "layer", "id", "label", "text", "target_layer", "target_id"]
        entries = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
        return cls(entries[columns])

    def __len__(self) -> int:
        return len(self.entries)

    def search(self, query: str, limit: int = 50) -> list[Hit]:
        """Hits whose text contains ``query`` (case-insensitive), best first."""
        query = (query or "").strip().lower()
        if not query or not len(self.entries):
            return []
        texts = pd.Series(self._text, copy=False)
        found = np.flatnonzero(texts.str.contains(query, regex=False, na=False).to_numpy())
        if not len(found):
            return []
        quality = _match_quality(self._text[found], self.entries["label"].to_numpy()[found], query)
        order = np.lexsort((self._label_len[found], self._kind_rank[found], quality))
        rows = self.entries.iloc[found[order[:limit]]]
        return [Hit(r.kind, r.layer, r.id, r.label, _none(r.target_layer), _none(r.target_id))
                for r in rows.itertuples(index=False)]


def _none(value):
    """NaN (what pandas puts in a missing object cell) as None."""
    return None if value is None or value != value else value


def _match_quality(texts, labels, query: str) -> np.ndarray:
    """0 for an exact label, 1 for a text starting with the query, 2 otherwise."""
    exact = np.fromiter((str(lab).lower() == query for lab in labels), bool, len(labels))
    prefix = np.fromiter((t.startswith(query) for t in texts), bool, len(texts))
    return np.where(exact, 0, np.where(prefix, 1, 2))


def _text(*columns) -> pd.Series:
    """Several text columns joined with a separator no query contains."""
    joined = columns[0].fillna("").astype(str)
    for col in columns[1:]:
        joined = joined + "\u0001" + col.fillna("").astype(str)
    return joined.str.lower()


def _frame(kind, layer, ids, labels, text, target_layer, target_ids) -> pd.DataFrame:
    return pd.DataFrame({"kind": kind, "layer": layer, "id": np.asarray(ids, dtype=object),
                         "label": np.asarray(labels, dtype=object), "text": np.asarray(text, dtype=object),
                         "target_layer": target_layer, "target_id": np.asarray(target_ids, dtype=object)})


def _areas(frames, layer: str, kind: str) -> pd.DataFrame:
    frame = frames.get(layer)
    if frame is None or not len(frame):
        return pd.DataFrame()
    names = frame["name"].fillna("").astype(str)
    ids = frame.index.to_numpy()
    return _frame(kind, layer, ids, names, _text(frame["name"], pd.Series(ids, index=frame.index)),
                  layer, ids)


def _buildings(frames) -> pd.DataFrame:
    """A building is found by its name ("3号楼"), address, or compound + name."""
    frame = frames.get("buildings")
    if frame is None or not len(frame):
        return pd.DataFrame()
    compounds = frames.get("compounds")
    compound_name = (frame["compound_id"].map(compounds["name"]) if compounds is not None and len(compounds)
                     else pd.Series("", index=frame.index))
    compound_name = compound_name.fillna("").astype(str)
    name = frame["name"].fillna("").astype(str)
    address = frame["address"] if "address" in frame.columns else pd.Series("", index=frame.index)
    label = address.where(address.notna() & (address.astype(str) != ""), compound_name + name)
    ids = frame.index.to_numpy()
    text = _text(name, address, compound_name + name, pd.Series(ids, index=frame.index))
    return _frame("building", "buildings", ids, label.astype(str), text, "buildings", ids)


def _organizations(frames) -> pd.DataFrame:
    frame = frames.get("organizations")
    if frame is None or not len(frame):
        return pd.DataFrame()
    area_layer = frame["area_type"].map(AREA_LAYERS)
    return _frame("organization", "organizations", frame.index.to_numpy(), frame["name"].fillna(""),
                  _text(frame["name"]), area_layer.to_numpy(dtype=object),
                  frame["area_id"].where(area_layer.notna()).to_numpy(dtype=object))


def _members(frames) -> pd.DataFrame:
    """A member is found by name and jumps to the building they are registered in."""
    frame = frames.get("members")
    if frame is None or not len(frame):
        return pd.DataFrame()
    building = frame["building_id"]
    target_layer = np.where(building.notna(), "buildings", None)
    return _frame("member", "members", frame.index.to_numpy(), frame["name"].fillna(""),
                  _text(frame["name"]), target_layer, building.to_numpy(dtype=object))
