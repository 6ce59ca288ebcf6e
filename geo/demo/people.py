"""Fictional people in bulk: names, genders, ID numbers, phone numbers.

Vectorized so that a million members take seconds. ID numbers carry a valid
GB 11643 check character and a 17th digit that matches the gender (odd = male).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import idcard
from . import names

_POW17 = 10 ** np.arange(16, -1, -1, dtype=np.int64)


def person_names(male: np.ndarray, rng) -> np.ndarray:
    """Two- or three-character names: a weighted common surname plus one or two given characters."""
    n = len(male)
    p = names.SURNAME_WEIGHTS / names.SURNAME_WEIGHTS.sum()
    surname = np.array(names.SURNAMES, dtype=object)[rng.choice(len(names.SURNAMES), n, p=p)]
    pools = [np.array(names.GIVEN_FEMALE, dtype=object), np.array(names.GIVEN_MALE, dtype=object)]
    first = np.where(male, pools[1][rng.integers(len(pools[1]), size=n)], pools[0][rng.integers(len(pools[0]), size=n)])
    second = np.where(male, pools[1][rng.integers(len(pools[1]), size=n)], pools[0][rng.integers(len(pools[0]), size=n)])
    second = np.where(rng.random(n) < 0.65, second, "")
    return (pd.Series(surname) + pd.Series(first) + pd.Series(second)).to_numpy(dtype=object)


def birth_dates(n: int, rng) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Years 1940-2000 (most members born 1955-1985), months, days (1-28: always a real date)."""
    year = 1940 + np.clip(np.round(rng.normal(30, 13, n)), 0, 60).astype(np.int64)
    return year, rng.integers(1, 13, n), rng.integers(1, 29, n)


def id_numbers(male: np.ndarray, year, month, day, rng) -> np.ndarray:
    """Distinct 18-character ID numbers with a valid MOD 11-2 check character."""
    n = len(male)
    region = np.array(names.REGION_CODES, dtype=np.int64)[rng.integers(len(names.REGION_CODES), size=n)]
    head = region * 10**11 + year * 10**7 + month * 10**5 + day * 10**3

    def draw(size, is_male):  # two serial digits, then an odd digit for men, even for women
        return rng.integers(0, 100, size) * 10 + rng.integers(0, 5, size) * 2 + is_male

    body = head + draw(n, male.astype(np.int64))
    body = _make_unique(body, lambda idx: head[idx] + draw(len(idx), male[idx].astype(np.int64)))
    digits = body[:, None] // _POW17 % 10
    check = idcard.check_chars_vectorized(digits)
    return (pd.Series(body.astype(str)) + pd.Series(check)).to_numpy(dtype=object)


def phone_numbers(n: int, rng) -> np.ndarray:
    """Distinct 11-digit mobile numbers on 13x/15x/18x/19x prefixes (fictional)."""
    prefix = np.array(names.PHONE_PREFIXES, dtype=np.int64)
    head = prefix[rng.integers(len(prefix), size=n)] * 10**8
    number = _make_unique(head + rng.integers(0, 10**8, n),
                          lambda idx: head[idx] + rng.integers(0, 10**8, len(idx)))
    return number.astype(str).astype(object)


def _make_unique(values: np.ndarray, redraw) -> np.ndarray:
    """Redraw repeated values (the later copies) until all are distinct."""
    values = values.copy()
    for _ in range(50):
        dup = np.flatnonzero(pd.Series(values).duplicated().to_numpy())
        if len(dup) == 0:
            return values
        values[dup] = redraw(dup)
    raise RuntimeError("could not draw distinct values")
