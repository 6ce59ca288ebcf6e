"""A deterministic, clearly fictional demo project: one street, a district or a city.

The bundled demo is 幸福街道, a northern Chinese street of about 40,000
residents near lon 117.0, lat 36.65, with the realistic gaps a coverage
analysis should find (grids outside the household band, grids without a
branch or partner, buildings without a party group, a compound outside every
built station's radius next to a planned station, households no central
household links).

Examples
--------
>>> layers, rules = generate("street", seed=1)  # doctest: +SKIP
>>> sorted(layers) == sorted(LAYERS)  # doctest: +SKIP
True
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from ..rules import Rules
from ..schema import LAYER_ORDER, LAYERS
from . import city, frames, members, orgs, partners
from .lists import demo_lists

__all__ = ["generate", "SCALES"]
SCALES = tuple(city.SCALES)


def generate(scale: str = "street", seed: int = 1):
    """Generate every layer of a demo project.

    Parameters
    ----------
    scale : {"street", "district", "city"}
        One street (~16,000 households, ~40 grids); ~5,000 grids; ~50,000 grids.
    seed : int
        The same (scale, seed) always gives identical frames.

    Returns
    -------
    layers : dict
        Layer name -> GeoDataFrame (spatial layers, EPSG:4490) or DataFrame,
        with exactly the columns of ``geo.schema.LAYERS``.
    rules : geo.rules.Rules
        The default rules.
    """
    layout = city.layout(scale, seed)
    rng = np.random.default_rng([seed, 11])
    t = frames.identify(layout)
    tree = orgs.organizations(t["streets"], t["communities"], t["grids"], t["buildings"], rng)
    people = members.members(t["buildings"], t["grids"], tree.member_org, tree.has_branch,
                             tree.has_group, layout.member_rate, rng)
    found, links = partners.partners(t["streets"], t["grids"], t["compounds"], t["buildings"], rng)
    tables = {"organizations": tree.table, "members": people, "partners": found, "partner_links": links}
    layers = _spatial_layers(t)
    layers.update({name: frames.layer_frame(name, table) for name, table in tables.items()})
    if scale == "street":  # a year of 三项清单 and cases (a district's would be ~100 times larger)
        layers.update(demo_lists(layers, seed))
    # Layers the demo has no content for (e.g. saved grid plans) come back empty but typed.
    layers.update({name: frames.empty_frame(name) for name in LAYERS if name not in layers})
    order = [name for name in LAYER_ORDER if name in LAYERS] + [n for n in LAYERS if n not in LAYER_ORDER]
    return {name: layers[name] for name in order}, Rules()


def _spatial_layers(t: dict) -> dict:
    """The five map layers in EPSG:4490."""
    dx, dy = t["streets"]["dx"].to_numpy(), t["streets"]["dy"].to_numpy()
    out = {}
    for name in ("communities", "grids", "compounds", "buildings"):
        table = t[name]
        street = table["street"].to_numpy()
        geoms = frames.to_geographic(table["geometry"].to_numpy(), dx[street], dy[street])
        if name == "communities":
            table = table.drop(columns="street").rename(columns={"street_name": "street"})
        out[name] = frames.layer_frame(name, table, geoms)
    st = t["stations"]
    points = shapely.points(st["x"].to_numpy(), st["y"].to_numpy())
    street = st["street"].to_numpy()
    out["stations"] = frames.layer_frame("stations", st, frames.to_geographic(points, dx[street], dy[street]))
    return out


def counts(layers: dict) -> pd.Series:
    """Rows per layer (handy for reports and benchmarks)."""
    return pd.Series({name: len(frame) for name, frame in layers.items()})
