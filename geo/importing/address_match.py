"""Match parsed addresses to the project's buildings (and units).

A compound is recognised when its full name or its core (the name without
小区/花园/宿舍 …) appears in the address; the longest such name wins, so
"幸福小区二期" is not taken for "幸福小区". Without a compound in the address
the building number must be unique in the whole project, otherwise the
match is reported as ambiguous with the candidates.

Examples
--------
>>> import pandas as pd
>>> compounds = pd.DataFrame({"compound_id": ["C1"], "name": ["幸福小区"]})
>>> buildings = pd.DataFrame({"building_id": ["B3"], "name": ["3号楼"],
...                           "compound_id": ["C1"], "units": [4]})
>>> AddressMatcher(buildings, compounds).match_text("幸福3栋2单元501").building_id
'B3'
"""
from __future__ import annotations

from collections import defaultdict

import pandas as pd

from .address import AddressMatch, ParsedAddress, building_number, compound_core
from .address import normalize_address, parse_address
from ..messages import Message, register

register("address.unparsed", "地址中没有楼号", "no building number in the address")
register("address.no_compound", "没有名为 {name} 的小区", "no compound called {name}")
register("address.where_compound", "在 {name} 中", "in {name}")
register("address.where_project", "在本项目中", "in the project")
register("address.no_building", "{where}没有 {building} 号楼", "no building {building} {where}")
register("address.ambiguous", "{where}的 {building} 号楼不唯一（{candidates}）",
         "building {building} {where} is ambiguous ({candidates})")
register("address.no_unit_known", "{unit} 单元不存在（该楼只有 {units} 个单元）",
         "unit {unit} does not exist (building has {units})")
register("address.no_unit", "{unit} 单元不存在（超过 {units}）", "unit {unit} does not exist (more than {units})")

#: Highest unit number believed when the building's unit count is unknown.
MAX_UNITS = 99


class AddressMatcher:
    """Index buildings by (compound, building number) and match addresses to them.

    Parameters
    ----------
    buildings : DataFrame
        Columns building_id, name, compound_id; ``units`` optional (checks the unit).
    compounds : DataFrame
        Columns compound_id, name.
    """

    def __init__(self, buildings: pd.DataFrame, compounds: pd.DataFrame):
        self._names = {}  # normalised name or core → compound_id
        self._seen: dict[str, frozenset] = {}  # text → compounds_in(text)
        for cid, name in zip(compounds["compound_id"], compounds["name"]):
            full, core = normalize_address(name), compound_core(name)
            # A one-character core ("甲" of "甲小区") would match almost anything.
            for key in {full, core if len(core) >= 2 else full}:
                if key:
                    self._names.setdefault(key, set()).add(str(cid))
        self._index = defaultdict(list)  # (compound_id, number) → [building_id]
        self._units = {}
        has_units = "units" in buildings.columns
        for row in buildings.itertuples(index=False):
            number = building_number(row.name)
            if number is not None:
                self._index[(str(row.compound_id), number)].append(str(row.building_id))
            if has_units and pd.notna(row.units):
                self._units[str(row.building_id)] = int(row.units)

    def compounds_in(self, text: str) -> set[str]:
        """Compound ids whose longest known name appears in ``text``."""
        norm = normalize_address(text)
        if norm in self._names:  # no longer name can fit in the text
            return set(self._names[norm])
        # A roster names the same few compounds thousands of times: scan the
        # names once per distinct text, not once per row.
        if norm not in self._seen:
            hits = [(len(key), ids) for key, ids in self._names.items() if key in norm]
            longest = max((length for length, _ in hits), default=0)
            self._seen[norm] = frozenset().union(*(ids for length, ids in hits
                                                   if length == longest))
        return set(self._seen[norm])

    def match(self, parsed: ParsedAddress | None, compound_hint: str = "") -> AddressMatch:
        """Match one parsed address; ``compound_hint`` is a separate 小区 column, if any."""
        if parsed is None:
            return AddressMatch("unparsed", message=Message("address.unparsed"))
        text = parsed.compound or compound_hint or ""
        if text:
            compound_ids = self.compounds_in(text) or self.compounds_in(compound_hint or "")
            if not compound_ids:
                return AddressMatch("no_compound", message=Message("address.no_compound", name=repr(text)))
        else:
            compound_ids = {cid for cid, _ in self._index}
        found = sorted(b for cid in compound_ids for b in self._index.get((cid, parsed.building), []))
        return self._result(parsed, found, text)

    def _result(self, parsed: ParsedAddress, found: list[str], text: str) -> AddressMatch:
        where = Message("address.where_compound", name=repr(text)) if text else Message("address.where_project")
        if not found:
            return AddressMatch("no_building",
                                message=Message("address.no_building", building=parsed.building,
                                                where=where))
        if len(found) > 1:
            return AddressMatch("ambiguous", candidates=found,
                                message=Message("address.ambiguous", building=parsed.building, where=where,
                                                candidates=", ".join(found[:5])))
        building_id = found[0]
        units = self._units.get(building_id)
        if parsed.unit is not None and not 1 <= parsed.unit <= (units or MAX_UNITS):
            why = Message("address.no_unit_known" if units else "address.no_unit", unit=parsed.unit,
                          units=units or MAX_UNITS)
            return AddressMatch("no_unit", building_id, parsed.unit, why)
        return AddressMatch("matched", building_id, parsed.unit)

    def match_text(self, text, compound_hint: str = "") -> AddressMatch:
        """Parse and match a free-text address in one step."""
        return self.match(parse_address(text), compound_hint)
