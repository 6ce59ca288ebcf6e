"""Entries grouped by key as one sorted array: a key's entries are one slice of it.

A dict of arrays (``groupby(...).indices``) builds one array per key in Python
(467,000 organizations at city scale); sorting once and slicing on demand does not.
"""
from __future__ import annotations

import numpy as np
import pandas as pd


class Groups:
    """``values`` (or positions) per key.

    ``codes[i]`` is entry i's key as a position in ``keys``; a negative code is in
    no group. ``entries[starts[k]:starts[k + 1]]`` are key k's, in their order.
    """

    def __init__(self, codes: np.ndarray, keys, values: np.ndarray | None = None):
        order = np.argsort(codes, kind="stable")  # the negative codes first, before starts[0]
        self.starts = np.searchsorted(codes[order], np.arange(len(keys) + 1))
        self.entries = order if values is None else values[order]
        self._keys = keys
        self._index = None  # built on the first look-up by key

    @classmethod
    def of(cls, keys, values: np.ndarray | None = None) -> Groups:
        """Grouped by ``keys`` (one per entry; a missing key is in no group)."""
        codes, uniques = pd.factorize(keys)
        return cls(codes, uniques, values)

    def get(self, key, default=()):
        """The entries of ``key``, or ``default`` for a key with none."""
        if self._index is None:
            self._index = pd.Index(self._keys)
        try:
            code = self._index.get_loc(key)
        except (KeyError, TypeError):
            return default
        return self.entries[self.starts[code]:self.starts[code + 1]]
