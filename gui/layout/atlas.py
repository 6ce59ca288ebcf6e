"""Which pages a layout export makes: one view, or an atlas of communities or grids.

Also the one entry point the CLI and the dialog share, :func:`export_layout`,
which builds the scene, renderer and composer once for all pages.
"""
from __future__ import annotations

from pathlib import Path

from .spec import LayoutPage, LayoutSpec, default_texts

#: ``--atlas`` value → (layer, Chinese noun used in file names).
ATLAS_LAYERS = {"community": ("communities", "社区"), "grid": ("grids", "网格")}


def single_page(scene, spec: LayoutSpec, bounds=None) -> LayoutPage:
    """The whole project, or ``bounds`` (metric CRS of ``scene``)."""
    bounds = bounds or scene.bounds() or (0.0, 0.0, 1000.0, 1000.0)
    return LayoutPage(spec.title, spec.subtitle, tuple(bounds), name=spec.title)


def atlas_pages(scene, spec: LayoutSpec, by: str) -> list[LayoutPage]:
    """One page per community (``by="community"``) or grid, in id order.

    A page's title is the feature's name (a grid adds its community's), with
    the spec's title, when given, in the subtitle.
    """
    layer, _ = ATLAS_LAYERS[by]
    project, cache = scene.project, scene.cache(layer)
    frame = project[layer]
    communities = project["communities"]["name"] if "name" in project["communities"] else None
    pages = []
    for id_ in sorted(frame.index.tolist(), key=str):
        i = cache.position.get(id_)
        if i is None or not cache.geoms[i].area:
            continue
        name = str(frame.at[id_, "name"] or id_)
        if layer == "grids" and communities is not None:
            owner = communities.get(frame.at[id_, "community_id"], "")
            name = name if not owner or name.startswith(str(owner)) else f"{owner} {name}"
        subtitle = " · ".join(t for t in (spec.title, spec.subtitle) if t)
        pages.append(LayoutPage(name, subtitle, tuple(float(v) for v in cache.bbox[i]),
                                focus=(layer, id_), name=f"{id_}_{name}"))
    return pages


def export_layout(project, out, fmt: str, spec: LayoutSpec, atlas: str | None = None,
                  bounds=None, styles=None, family: str | None = None,
                  force: bool = False) -> list[Path]:
    """Render ``project`` as a layout (or an atlas) to ``out``; returns the files written.

    ``bounds`` is an extent in the project CRS (minx, miny, maxx, maxy);
    ``styles`` a layer-style snapshot (default cartography when None).
    Every output passes the output guard first: the project file itself is
    never overwritten, a file of another kind only with ``force``
    (:class:`geo.output_guard.OutputRefused` otherwise).
    Needs a QApplication (fonts).
    """
    from ..map.layer_style import LayerStack
    from ..map.renderer import MapRenderer
    from ..map.scene import MapScene
    from .composer import LayoutComposer
    from .writers import write_pages

    protect = [project.path] if project.path else []
    scene = MapScene(project)
    spec = default_texts(project, spec)
    styles = list(styles) if styles is not None else LayerStack.default().snapshot()
    composer = LayoutComposer(scene, MapRenderer(scene, family), styles, family)
    if atlas:
        pages = atlas_pages(scene, spec, atlas)
        if not pages:
            raise ValueError(f"the project has no {ATLAS_LAYERS[atlas][0]} to make an atlas of")
        name = f"{project.street_name or 'atlas'}_{ATLAS_LAYERS[atlas][1]}图集"
        # the PDF's document title names the street, not the first page's community
        return write_pages(out, fmt, composer, spec, pages, atlas_name=name,
                           protect=protect, force=force, title=project.street_name or None)
    metric = _to_metric(scene, bounds) if bounds else None
    return write_pages(out, fmt, composer, spec, [single_page(scene, spec, metric)],
                       protect=protect, force=force)


def _to_metric(scene, bounds):
    x0, y0, x1, y1 = bounds
    xs, ys = scene.to_metric.transform([x0, x1, x0, x1], [y0, y0, y1, y1])
    return (min(xs), min(ys), max(xs), max(ys))
