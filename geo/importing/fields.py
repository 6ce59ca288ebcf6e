"""Which source column feeds which project column: guesses plus ``--map`` overrides.

Headers come in Chinese and English, with units in brackets, full-width
characters and Shapefile's 10-byte truncation. We normalise them and score
each (header, target) pair: an exact synonym beats a header that merely
contains one; each target and each header is used at most once.

Examples
--------
>>> guess_mapping(["姓名", "身份证号码", "联系电话（手机）", "住址"], "members")
{'姓名': 'name', '身份证号码': 'id_number', '联系电话（手机）': 'phone', '住址': 'address'}
>>> parse_map_args(["楼名=name"])
{'楼名': 'name'}
"""
from __future__ import annotations

import re
import unicodedata

from ..schema import LAYERS

#: Columns an import may fill that are not stored as such: coordinates of
#: table rows, and names that are resolved to ids (compound name → compound_id).
EXTRA_TARGETS = {
    "members": ("address", "org_name", "compound_name"),
    "buildings": ("compound_name", "x", "y"),
    "stations": ("x", "y"),
    "compounds": ("x", "y"),
}

_COMMON = {
    "x": ("经度", "东经", "lon", "lng", "long", "longitude", "x", "xcoord", "gcjlng", "bdlng",
          "pointx", "x坐标", "坐标x", "横坐标", "centerx", "centroidx"),
    "y": ("纬度", "北纬", "lat", "latitude", "y", "ycoord", "gcjlat", "bdlat",
          "pointy", "y坐标", "坐标y", "纵坐标", "centery", "centroidy"),
    "gender": ("性别", "sex", "gender"),
    "phone": ("手机", "手机号", "手机号码", "电话", "联系电话", "电话号码", "联系方式",
              "phone", "mobile", "tel", "telephone", "cellphone"),
    "id_number": ("身份证号", "身份证", "身份证号码", "公民身份号码", "证件号码", "证件号",
                  "idnumber", "idcard", "idno", "idcardno"),
    "org_name": ("党组织", "所在支部", "所在党组织", "党支部", "支部", "所属支部", "所属党组织",
                 "partybranch", "branch", "organization", "org"),
    "address": ("住址", "地址", "居住地址", "家庭住址", "现住址", "现居住地址", "门牌地址",
                "address", "addr", "homeaddress"),
    "kind": ("类别", "党员类别", "党员类型", "类型", "kind", "type", "category"),
    "roles": ("角色", "职务", "身份", "role", "roles"),
    "work_unit": ("工作单位", "单位", "所在单位", "workunit", "employer", "company"),
    "linked_households": ("联系户数", "联系户", "联户数", "linkedhouseholds"),
    "floors": ("层数", "楼层数", "楼层", "地上层数", "floors", "storeys", "stories", "floor"),
    "units": ("单元数", "单元", "units", "unitcount"),
    "households": ("户数", "住户数", "总户数", "户", "households", "hh", "hhcount"),
    "residents": ("人数", "居民数", "人口", "常住人口", "residents", "population", "pop"),
    "unit_no": ("单元号", "所在单元", "unitno"),
    "grid_id": ("网格", "网格编号", "网格号", "所属网格", "grid", "gridid", "gridno"),
    "compound_id": ("小区编号", "小区id", "compoundid"),
    "compound_name": ("小区", "小区名称", "小区名", "所属小区", "院落", "compound",
                      "compoundname", "estate"),
    "community_id": ("社区", "社区编号", "所属社区", "community", "communityid"),
    "street": ("街道", "所属街道", "street"),
    "built_year": ("建成年份", "建成年代", "建成时间", "年代", "builtyear", "year"),
    "level": ("级别", "层级", "等级", "level"),
    "status": ("状态", "建设状态", "status"),
    "service_radius_m": ("服务半径", "半径", "服务半径米", "radius", "serviceradius"),
    "category": ("类别", "单位类别", "category", "type"),
    "parent_id": ("上级", "上级组织", "上级编号", "parent", "parentid"),
}

#: What "name" and the id column are called in each layer's own files.
_NAMES = {
    "members": ("姓名", "名字", "党员姓名", "name", "fullname"),
    "buildings": ("楼号", "楼栋", "楼栋号", "楼名", "楼栋名称", "名称", "建筑名称", "name",
                  "bldgname", "building", "fcname"),
    "compounds": ("小区名称", "小区", "名称", "小区名", "name", "fcname"),
    "stations": ("站点名称", "名称", "服务站", "name", "fcname"),
}
#: GIS exports (ArcGIS feature classes, survey data) keep the real name in FCNAME.
_DEFAULT_NAMES = ("名称", "名字", "name", "fcname")
_IDS = ("编号", "代码", "id", "code", "fid")


def normalize_header(text) -> str:
    """Lower-case, NFKC (full-width → ASCII), without spaces, brackets and units."""
    text = unicodedata.normalize("NFKC", str(text)).lower()
    text = re.sub(r"[(\[（【].*?[)\]）】]", "", text)  # "半径(米)" → "半径"
    return re.sub(r"[\s_\-./:：、]+", "", text)


def targets_for(layer: str) -> list[str]:
    """Project columns of ``layer`` plus the import-only extras."""
    return LAYERS[layer].column_names + list(EXTRA_TARGETS.get(layer, ()))


def _synonyms(layer: str, target: str) -> tuple[str, ...]:
    spec = LAYERS[layer]
    if target == "name":
        return _NAMES.get(layer, _DEFAULT_NAMES)
    if target == spec.id_column:
        return _IDS + (target.replace("_", ""),)
    return _COMMON.get(target, (target.replace("_", ""),))


def _score(header: str, synonyms) -> int:
    best = 0
    for syn in map(normalize_header, synonyms):
        if header == syn:
            best = max(best, 1000 + len(syn))
        elif len(syn) >= 2 and (header.startswith(syn) or header.endswith(syn)
                                or (len(syn) >= 3 and syn in header)):
            # "百度经度", "中心点经度": a qualifier before the word still means the word
            best = max(best, 100 + len(syn))
    return best


def guess_mapping(headers, layer: str, empty=()) -> dict[str, str]:
    """Guess ``{source header: target column}`` for ``layer``.

    Parameters
    ----------
    headers : iterable of str
        Source column names in file order.
    layer : str
        A key of :data:`geo.schema.LAYERS`.
    empty : collection of str
        Headers whose column holds no value: any non-empty candidate is preferred
        (an empty ``NAME`` beside ``FCNAME`` holding the names).

    Returns
    -------
    dict
        Only confident guesses; unmapped headers are left out. Ordered by headers.
    """
    headers = list(headers)
    scored = []
    for h_pos, header in enumerate(headers):
        norm = normalize_header(header)
        for t_pos, target in enumerate(targets_for(layer)):
            score = _score(norm, _synonyms(layer, target))
            if score:
                score -= 2000 if header in empty else 0
                scored.append((-score, h_pos, t_pos, header, target))
    mapping, used = {}, set()
    for _, _, _, header, target in sorted(scored):
        if header not in mapping and target not in used:
            mapping[header] = target
            used.add(target)
    return {h: mapping[h] for h in headers if h in mapping}


#: ``--map FIELD=-`` (or an empty target from the wizard) means "do not import FIELD".
IGNORE_TARGETS = ("-", "")


def parse_map_args(items) -> dict[str, str]:
    """Parse ``["field=column", ...]`` (the CLI's ``--map``) into a dict.

    ``field=-`` keeps a field out of the import (it is not guessed either).

    Raises
    ------
    ValueError
        An item without ``=`` or with an empty side.
    """
    out = {}
    for item in items or ():
        source, sep, target = str(item).partition("=")
        if not sep or not source.strip() or not target.strip():
            raise ValueError(f"--map expects field=column, got {item!r}")
        out[source.strip()] = target.strip()
    return out


def resolve_mapping(headers, layer: str, overrides=None, empty=()) -> dict[str, str]:
    """Guesses with user overrides applied; an override wins its target outright.

    An override whose target is in :data:`IGNORE_TARGETS` leaves its header unmapped.

    Raises
    ------
    ValueError
        An override naming a header the file lacks or a column the layer lacks.
    """
    headers = list(headers)
    overrides = dict(overrides or {})
    allowed = targets_for(layer)
    for source, target in overrides.items():
        if source not in headers:
            raise ValueError(f"--map: the file has no field {source!r} "
                             f"(fields: {', '.join(map(str, headers))})")
        if target not in allowed and target not in IGNORE_TARGETS:
            raise ValueError(f"--map: layer {layer!r} has no column {target!r} "
                             f"(columns: {', '.join(allowed)})")
    mapping = {h: t for h, t in guess_mapping(headers, layer, empty).items()
               if h not in overrides and t not in overrides.values()}
    mapping.update({h: t for h, t in overrides.items() if t not in IGNORE_TARGETS})
    return {h: mapping[h] for h in headers if h in mapping}


def empty_columns(frame) -> set:
    """Headers of ``frame`` whose column holds no non-blank value (for :func:`guess_mapping`)."""
    out = set()
    for column in frame.columns:
        if column == "geometry":
            continue
        values = frame[column]
        if not values.map(lambda v: v is not None and v == v and str(v).strip() != "").any():
            out.add(column)
    return out
