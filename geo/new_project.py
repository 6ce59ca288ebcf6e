"""A new, empty project for a real street: no demo features, only the street itself.

The street's name is kept where the organization already records it: the street
working committee (街道党工委) is the root of the party organization, and a new
project starts with exactly that one organization. Every layer exists and is
empty, in the CRS the user's data will come in (CGCS2000 geographic unless
given); the metric CRS is chosen later from where the first data lies
(:attr:`geo.project.Project.metric_crs`), never from the demo.

Example
-------
>>> frames = new_project_frames("青年路街道")
>>> frames["organizations"]["name"].tolist()
['青年路街道党工委']
"""
from __future__ import annotations

import pandas as pd
import pyproj

from .messages import CodedError, register
from .schema import DEMO_CRS, LAYER_ORDER, LAYERS
from .store import empty_frame

STREET_ORG_ID = "O-S01"
STREET_CODE = "S01"
COMMITTEE_SUFFIX = "党工委"

register("new.street_blank", "街道名称不能为空", "the street name is empty")
register("new.bad_crs", "无法识别坐标系 {crs}：{reason}", "unknown coordinate system {crs}: {reason}")


def new_project_frames(street: str, crs=DEMO_CRS) -> dict[str, pd.DataFrame]:
    """Every layer empty in ``crs``, plus the street working committee named after ``street``."""
    street = (street or "").strip()
    if not street:
        raise CodedError("new.street_blank")
    crs = parse_crs(crs)
    frames = {}
    for name in LAYER_ORDER:
        frame = empty_frame(name)
        if LAYERS[name].is_spatial:
            frame = frame.set_crs(crs, allow_override=True)
        frames[name] = frame
    committee = {"org_id": STREET_ORG_ID, "parent_id": None, "level": "street_committee",
                 "name": street + COMMITTEE_SUFFIX, "area_type": "street", "area_id": STREET_CODE}
    frames["organizations"] = pd.DataFrame([committee], columns=LAYERS["organizations"].column_names)
    return frames


def parse_crs(crs) -> pyproj.CRS:
    """A CRS from user text (``EPSG:4490``, ``4490``, WKT); a coded error naming it otherwise."""
    text = str(crs).strip()
    try:
        return pyproj.CRS.from_user_input(int(text) if text.isdigit() else text)
    except pyproj.exceptions.CRSError as exc:
        raise CodedError("new.bad_crs", crs=text, reason=str(exc).splitlines()[0]) from None


def street_from_committee(organizations: pd.DataFrame) -> str:
    """The street's name as its working committee records it ('' when there is none)."""
    if "level" not in organizations.columns or not len(organizations):
        return ""
    names = organizations.loc[organizations["level"] == "street_committee", "name"].dropna()
    if names.empty:
        return ""
    name = str(names.iloc[0])
    return name[: -len(COMMITTEE_SUFFIX)] if name.endswith(COMMITTEE_SUFFIX) else name


register("start.communities", "项目还是空的：先导入社区边界（文件 → 导入数据，或 main.py import … --as communities）",
         "The project is empty: import the community boundaries first (File → Import data, or"
         " main.py import … --as communities)")
register("start.buildings", "已有社区边界：接着导入楼栋（--as buildings），然后是网格、小区、服务站和党员花名册",
         "Communities are in: import the buildings next (--as buildings), then grids, compounds, stations"
         " and the member roster")


def next_import_hint(project):
    """What a user starting from an empty project should import next (a Message), or None."""
    from .messages import Message

    if not len(project["communities"]) and not len(project["buildings"]) and not len(project["grids"]):
        return Message("start.communities")
    if not len(project["buildings"]):
        return Message("start.buildings")
    return None


register("new.exists", "{path}：文件已存在，不会覆盖（换一个文件名）",
         "{path}: the file exists and is not replaced (choose another name)")


def create_project(path, street: str, crs=DEMO_CRS):
    """Write a new empty project at ``path`` (never over an existing file); returns the path."""
    from pathlib import Path

    from .store import write_project

    path = Path(path)
    if path.exists() or path.is_symlink():
        raise CodedError("new.exists", path=path)
    return write_project(path, new_project_frames(street, crs))
