"""Rows by id: the few ids an edit names, found one by one in the layer's index.

``Index.get_indexer`` first builds a hash table of the keys it is given (~0.2 ms a
call on a layer of 45,000 buildings, several calls an edit); the index's own table
is built once and kept, so a handful of ids costs microseconds through ``get_loc``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

#: Up to this many ids are looked up one by one; more go through one ``get_indexer``.
FEW = 64


def positions(index: pd.Index, ids, missing: bool = False) -> np.ndarray:
    """Row positions of ``ids`` in a unique ``index`` (-1 for an unknown id when ``missing``,
    else KeyError), as ``index.get_indexer``.

    Examples
    --------
    >>> positions(pd.Index(["a", "b"]), ["b", "x"], missing=True).tolist()
    [1, -1]
    """
    ids = list(ids)
    if len(ids) > FEW:  # a community's buildings: one call beats thousands of look-ups
        out = index.get_indexer(pd.Index(ids, dtype=object))
        if not missing and (out < 0).any():
            raise KeyError([i for i, k in zip(ids, out) if k < 0][:10])
        return out
    out = np.empty(len(ids), dtype=np.intp)
    for k, i in enumerate(ids):
        try:
            at = index.get_loc(i)
        except (KeyError, TypeError):
            if not missing:
                raise
            at = -1
        if not isinstance(at, (int, np.integer)):  # a repeated id: as get_indexer would refuse
            raise ValueError(f"id {i!r} is not unique")
        out[k] = at
    return out


def rows_of(series: pd.Series, pos) -> np.ndarray:
    """``series.to_numpy(dtype=object)[pos]`` without converting the whole column first
    (a column of another dtype would be copied whole: every building at city scale)."""
    if series.dtype == object:
        return series.to_numpy()[pos]
    return series.iloc[pos].to_numpy(dtype=object)
