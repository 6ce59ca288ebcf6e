"""rows_of_ids through codes_of gives the rows (or the error) its own look-up gave."""
import numpy as np
import pandas as pd
import pytest

from gui.models.attribute_table_model import FEW_IDS, AttributeTableModel


def _old_rows_of_ids(index, ids):  # rows_of_ids before it called codes_of
    if not len(ids):
        return np.empty(0, dtype=np.int64)
    if len(ids) <= FEW_IDS and index.is_unique:
        rows = []
        for id_ in ids:
            try:
                row = index.get_loc(id_)
            except (KeyError, TypeError, pd.errors.InvalidIndexError):
                continue
            if isinstance(row, (int, np.integer)):
                rows.append(row)
        return np.asarray(rows, dtype=np.int64)
    rows = index.get_indexer(list(ids))
    return rows[rows >= 0]


def _outcome(rows_of, index, ids):
    try:
        rows = rows_of(index, ids)
    except Exception as error:  # noqa: BLE001 (the same refusal is part of the behaviour)
        return type(error)
    return rows.dtype, rows.tolist()


INDEXES = [
    pd.Index([f"G{k:03d}" for k in range(120)], dtype=object),
    pd.Index([f"G{k:03d}" for k in range(120)], dtype="string"),
    pd.Index(np.arange(100, 220)),
    pd.RangeIndex(120),
    pd.date_range("2020-01-01", periods=120, freq="D"),
    pd.Index(["a", "b", "a"], dtype=object),
    pd.Index([], dtype=object),
]
# not a partial date such as "2020-02": a date index's get_loc matched it as a slice, which a few
# ids left out and many ids (get_indexer) found; codes_of now finds it either way (ids are strings)
POOL = ["G001", "G050", "G119", "G999", "", None, np.nan, 5, 105, 219, 3.0, "2020-01-05",
        pd.Timestamp("2020-01-07"), ("G001",), ["G001"], "a"]


class _Model(AttributeTableModel):
    def __init__(self, index):  # no project, no Qt object: only rows_of_ids is called
        self._frame = pd.DataFrame(index=index)

    @property
    def frame(self):
        return self._frame


@pytest.mark.parametrize("index", INDEXES, ids=lambda i: str(i.dtype) + str(len(i)))
def test_rows_of_ids_as_before(index):
    model = _Model(index)
    rng = np.random.default_rng(5)
    for n in [0, 1, 2, 3, FEW_IDS, FEW_IDS + 1, 90]:
        for _ in range(40):
            ids = tuple(POOL[int(k)] for k in rng.integers(0, len(POOL), n))
            # an empty layer asked many ids, one unhashable: get_indexer raised TypeError, codes_of
            # answers no rows without asking it (real ids are strings)
            for hashable in (False, True) if len(index) else (True,):
                if hashable:
                    ids = tuple(i for i in ids if not isinstance(i, list))
                new = _outcome(lambda index, ids: model.rows_of_ids(ids), index, ids)
                assert new == _outcome(_old_rows_of_ids, index, ids), ids
