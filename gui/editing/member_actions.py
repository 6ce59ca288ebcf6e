"""Organization edits from the identify panel and the organization tree.

Context menus (members: organization, building, roles, central household,
unit head; buildings: move to the target grid, party group, partner units;
grids and compounds: partner units; stations: radius, status, delete) and
drag and drop in the tree (a member onto an organization; a building's party
group onto a grid branch moves the building to that grid). Every action is
one command from :mod:`geo.editing.members` / :mod:`geo.editing.stations`.
"""
from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

from geo.commands import ChangeList
from geo.editing import members as mem
from geo.editing import org_setup
from geo.editing import stations as st
from geo.editing.assign import ReassignBuildings, reassign_compound
from geo.editing.orgs import building_group_of
from geo.schema import MEMBER_ROLES, STATION_STATUSES, split_roles

from .gap_fixes import pick_member_building
from .session import SessionActions

from ..models.labels import coded_value
from .roles_dialog import ask_roles

_TARGET_TYPE = {"grids": "grid", "compounds": "compound", "buildings": "building"}


class MemberActions(SessionActions):
    @property
    def project(self):
        return self.session.project

    def _add(self, menu, text, slot) -> None:
        menu.addAction(text).triggered.connect(lambda _=False: slot())

    # ------------------------------------------------------------ menus
    def identify_menu(self, menu, key, shown) -> None:
        """Fill ``menu`` for the identify item ``key`` ((layer, id) or None) of the feature ``shown``."""
        if self.session is None:
            return
        layer, id_ = key if key and key[0] in ("members", "stations", "buildings", "grids", "compounds") \
            else (shown or (None, None))
        self.menu_for(menu, layer, id_)

    def tree_menu(self, menu, key) -> None:
        if self.session is None or key is None:
            return
        kind, id_ = key
        if kind == "member":
            return self.menu_for(menu, "members", id_)
        orgs = self.project["organizations"]
        area_type, area_id = orgs.at[id_, "area_type"], orgs.at[id_, "area_id"]
        layer = {"building": "buildings", "grid": "grids", "compound": "compounds"}.get(area_type)
        if layer is not None and area_id in self.project[layer].index:
            self.menu_for(menu, layer, area_id)

    def table_menu(self, menu, layer, ids) -> None:
        """Fill ``menu`` for the attribute-table rows ``ids`` of ``layer``: one row gets the
        identify panel's menu; several get the actions that can apply to all at once."""
        if self.session is None or not ids:
            return
        if len(ids) == 1:
            return self.menu_for(menu, layer, ids[0])
        ids = list(ids)
        if layer == "members":
            self._add(menu, self.tr("{n} 名党员调整所在党组织…").format(n=len(ids)),
                      lambda: self.move_to_org_all(ids))
        elif layer == "buildings" and self.session.target is not None:
            self._add(menu, self.tr("{n} 栋楼移到目标网格 {grid}").format(n=len(ids), grid=self.session.target),
                      lambda: self.to_target_all(ids))

    def menu_for(self, menu, layer, id_) -> None:
        builders = {"members": self._member_menu, "buildings": self._building_menu,
                    "stations": self._station_menu, "grids": self._partner_menu,
                    "compounds": self._compound_menu}
        if layer in builders and id_ in self.project[layer].index:
            builders[layer](menu, layer, id_)

    def _member_menu(self, menu, _layer, m) -> None:
        self._add(menu, self.tr("调整所在党组织…"), lambda: self.move_to_org(m))
        self._add(menu, self.tr("调整所在楼栋…"), lambda: self.move_to_building(m))
        self._add(menu, self.tr("在地图上选择所在楼栋"), lambda: self.pick_building(m))
        self._add(menu, self.tr("设置职务…"), lambda: self.set_roles(m))
        self._add(menu, self.tr("设为党员中心户…"), lambda: self.central_household(m))
        self._add(menu, self.tr("设为本单元单元长"), lambda: self.unit_head(m))

    def _building_menu(self, menu, layer, b) -> None:
        target = self.session.target
        if target is not None:
            self._add(menu, self.tr("移到目标网格 {grid}").format(grid=target), lambda: self.to_target(b))
            self._add(menu, self.tr("整个小区移到目标网格 {grid}").format(grid=target),
                      lambda: self.compound_to_target(b))
        if building_group_of(self.project, b) is None:
            self._add(menu, self.tr("建立楼栋党小组"), lambda: self.add_group(b))
        else:
            self._add(menu, self.tr("撤销楼栋党小组"), lambda: self.remove_group(b))
        self._partner_menu(menu, layer, b)

    def _compound_menu(self, menu, layer, c) -> None:
        if self.session.target is not None:
            self._add(menu, self.tr("整个小区移到目标网格 {grid}").format(grid=self.session.target),
                      lambda: self._run_compound(c))
        self._partner_menu(menu, layer, c)

    def _partner_menu(self, menu, layer, id_) -> None:
        menu.addSeparator()
        self._add(menu, self.tr("关联共建单位…"), lambda: self.link_partner(layer, id_))
        if len(self._links_of(layer, id_)):
            self._add(menu, self.tr("解除共建关联…"), lambda: self.unlink_partner(layer, id_))

    def _station_menu(self, menu, _layer, s) -> None:
        self._add(menu, self.tr("修改服务半径…"), lambda: self.station_radius(s))
        self._add(menu, self.tr("修改建设状态…"), lambda: self.station_status(s))
        self._add(menu, self.tr("删除服务站"), lambda: self.delete_station(s))

    # ------------------------------------------------------------ choosing
    def _choose(self, title, text, frame, label_column, current=None, editable=True):
        ids = list(frame.index)
        labels = [f"{frame.at[i, label_column]} ({i})" for i in ids]
        start = ids.index(current) if current in ids else 0
        label, ok = QInputDialog.getItem(self.window, title, text, labels, start, editable)
        return ids[labels.index(label)] if ok and label in labels else None

    # ------------------------------------------------------------ members
    def move_to_org(self, m) -> bool:
        current = self.project["members"].at[m, "org_id"]
        org = self._choose(self.tr("调整党组织"), self.tr("转入的党组织："), self.project["organizations"], "name", current)
        if org is None or org == current:
            return False
        return self.session.run(mem.move_member(self.project, m, org_id=org),
                                self.tr("党员 {id} 转入 {org}").format(id=m, org=org))

    def move_to_org_all(self, ids) -> bool:
        org = self._choose(self.tr("调整党组织"), self.tr("转入的党组织："), self.project["organizations"], "name")
        members = self.project["members"]
        moving = [m for m in ids if m in members.index and members.at[m, "org_id"] != org]
        if org is None or not moving:
            return False
        # one change list, so one transaction however many members move
        changes = [c for m in moving for c in mem.move_member(self.project, m, org_id=org).changes(self.project)]
        command = ChangeList("", changes)
        return self.session.run(command, self.tr("{n} 名党员转入 {org}").format(n=len(moving), org=org))

    def move_to_building(self, m) -> bool:
        current = self.project["members"].at[m, "building_id"]
        text, ok = QInputDialog.getText(self.window, self.tr("调整所在楼栋"), self.tr("楼栋编号："),
                                        QLineEdit.EchoMode.Normal, "" if current != current else str(current or ""))
        if not ok or not text.strip() or text.strip() == current:
            return False
        # the organization follows the building when the member was filed by place
        return self.session.run(org_setup.member_to_building(self.project, m, text.strip()))

    def pick_building(self, m) -> bool:
        """The next building clicked on the map becomes the member's (the organization follows)."""
        return pick_member_building(self.window, self.session, m)

    def set_roles(self, m) -> bool:
        roles = ask_roles(self.window, split_roles(self.project["members"].at[m, "roles"]), MEMBER_ROLES)
        if roles is None:
            return False
        return self.session.run(mem.move_member(self.project, m, roles=roles),
                                self.tr("设置党员 {id} 的职务").format(id=m))

    def central_household(self, m) -> bool:
        now = self.project["members"].at[m, "linked_households"]
        n, ok = QInputDialog.getInt(self.window, self.tr("党员中心户"), self.tr("联系户数（0 表示取消）："),
                                    int(now) if now == now and now else self.project.rules.households_per_central,
                                    0, 1000)
        if not ok:
            return False
        return self.session.run(mem.set_central_household(self.project, m, n),
                                self.tr("党员 {id} 联系 {n} 户").format(id=m, n=n))

    def unit_head(self, m) -> bool:
        row = self.project["members"].loc[m]
        building, unit = row.get("building_id"), row.get("unit_no")
        if building is None or building != building or unit is None or unit != unit:
            self.session.warn(self.tr("党员 {id} 没有登记楼栋和单元，不能设为单元长。").format(id=m))
            return False
        return self.session.run(mem.set_unit_head(self.project, building, int(unit), m),
                                self.tr("党员 {id} 任单元长").format(id=m))

    # ------------------------------------------------------------ buildings and partners
    def to_target(self, b) -> bool:
        return self.session.run(ReassignBuildings({b: self.session.target}),
                                self.tr("楼栋 {b} 移到网格 {grid}").format(b=b, grid=self.session.target))

    def to_target_all(self, ids) -> bool:
        target = self.session.target
        return self.session.run(ReassignBuildings(dict.fromkeys(ids, target), balance=self.session.balance),
                                self.tr("{n} 栋楼移到网格 {grid}").format(n=len(ids), grid=target))

    def compound_to_target(self, b) -> bool:
        compound = self.project["buildings"].at[b, "compound_id"]
        if compound is None or compound != compound:
            return self.to_target(b)
        return self._run_compound(compound)

    def _run_compound(self, compound) -> bool:
        command = reassign_compound(self.project, compound, self.session.target, balance=self.session.balance)
        return self.session.run(command, self.tr("小区 {c} 整体移到网格 {grid}").format(
            c=compound, grid=self.session.target))

    def add_group(self, b) -> bool:
        return self.session.run(mem.set_building_group(self.project, b), self.tr("建立楼栋 {b} 党小组").format(b=b))

    def remove_group(self, b) -> bool:
        return self.session.run(mem.remove_building_group(self.project, b), self.tr("撤销楼栋 {b} 党小组").format(b=b))

    def _links_of(self, layer, id_):
        links = self.project["partner_links"]
        return links[(links["target_type"] == _TARGET_TYPE[layer]) & (links["target_id"] == id_)]

    def link_partner(self, layer, id_) -> bool:
        partner = self._choose(self.tr("关联共建单位"), self.tr("共建单位："), self.project["partners"], "name")
        if partner is None:
            return False
        return self.session.run(mem.link_partner(self.project, partner, _TARGET_TYPE[layer], id_),
                                self.tr("{p} 包联 {id}").format(p=partner, id=id_))

    def unlink_partner(self, layer, id_) -> bool:
        links = self._links_of(layer, id_)
        names = self.project["partners"]["name"]
        frame = links.assign(label=[names.get(p, p) for p in links["partner_id"]])
        link = self._choose(self.tr("解除共建关联"), self.tr("解除哪个单位的包联："), frame, "label", editable=False)
        if link is None:
            return False
        return self.session.run(mem.unlink_partner(self.project, link), self.tr("解除包联 {id}").format(id=link))

    # ------------------------------------------------------------ stations
    def station_radius(self, s) -> bool:
        now = float(self.project["stations"].at[s, "service_radius_m"] or self.project.rules.station_radius_m)
        r, ok = QInputDialog.getDouble(self.window, self.tr("服务半径"), self.tr("服务半径（米）："), now, 10, 5000, 0)
        if not ok or r == now:
            return False
        return self.session.run(st.set_station_radius(self.project, s, r),
                                self.tr("服务站 {id} 半径改为 {r:.0f} 米").format(id=s, r=r))

    def station_status(self, s) -> bool:
        labels = [coded_value(x) for x in STATION_STATUSES]
        now = self.project["stations"].at[s, "status"]
        start = STATION_STATUSES.index(now) if now in STATION_STATUSES else 0
        label, ok = QInputDialog.getItem(self.window, self.tr("建设状态"), self.tr("状态："), labels, start, False)
        if not ok or label not in labels or STATION_STATUSES[labels.index(label)] == now:
            return False
        status = STATION_STATUSES[labels.index(label)]
        return self.session.run(st.set_station_status(self.project, s, status),
                                self.tr("服务站 {id} 状态改为 {s}").format(id=s, s=label))

    def delete_station(self, s) -> bool:
        name = self.project["stations"].at[s, "name"]
        if QMessageBox.question(self.window, self.tr("删除服务站"), self.tr("删除服务站“{name}”？").format(name=name)) \
                != QMessageBox.StandardButton.Yes:
            return False
        return self.session.run(st.delete_station(self.project, s), self.tr("删除服务站 {id}").format(id=s))

    # ------------------------------------------------------------ tree drag and drop
    def tree_drop(self, sources, target) -> bool:
        """Drop tree nodes ``sources`` on the organization node ``target`` (both ("org"|"member", id))."""
        if self.session is None or target is None or target[0] != "org":
            return False
        orgs = self.project["organizations"]
        org = target[1]
        done = False
        for kind, id_ in sources:
            if kind == "member":
                if self.project["members"].at[id_, "org_id"] != org:
                    done |= self.session.run(mem.move_member(self.project, id_, org_id=org),
                                             self.tr("党员 {id} 转入 {org}").format(id=id_, org=org))
            elif orgs.at[id_, "area_type"] == "building" and orgs.at[org, "area_type"] == "grid":
                building, grid = orgs.at[id_, "area_id"], orgs.at[org, "area_id"]
                done |= self.session.run(ReassignBuildings({building: grid}, balance=self.session.balance),
                                         self.tr("楼栋 {b} 移到网格 {grid}").format(b=building, grid=grid))
        return done
