"""The party organization tree as a lazy item model.

Street committee → community committees → grid branches → building groups →
members. The organizations and members frames are grouped once (children
positions per ``parent_id`` and per ``org_id``); tree nodes are only created
when a view expands a parent (``canFetchMore``/``fetchMore``), members in
batches, so a million members cost one ``groupby`` and the nodes on screen.

Indexes carry a node number (``internalId``) into ``self._nodes``; node 0 is
the invisible root.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, Qt

from geo.grouping import Groups

from .display import display_value
from .labels import coded_value

MEMBER_BATCH = 500
NODE_ROLE = Qt.ItemDataRole.UserRole + 1  # ("org", org_id) or ("member", member_id)
NODE_MIME = "application/x-gridatlas-org-nodes"


@dataclass
class _Node:
    kind: str            # "root" | "org" | "member"
    key: object          # org_id, or the member's row position
    parent: int
    row: int
    children: list = field(default_factory=list)
    orgs_done: bool = False
    members_done: int = 0  # how many of the org's direct members have nodes


class OrgTreeModel(QAbstractItemModel):
    def __init__(self, project, parent=None):
        super().__init__(parent)
        self._project = project
        self._group()
        self._nodes = [_Node("root", None, -1, 0)]
        self._org_node: dict = {}
        self._member_node: dict = {}  # member row position -> node number (nodes made so far)
        self.drop_handler = None  # (source keys, target key) -> bool; set by the dock

    # ------------------------------------------------------------ grouping (once)
    def _group(self) -> None:
        orgs, members = self._project["organizations"], self._project["members"]
        self._org_ids = orgs.index.to_numpy()
        known = orgs["parent_id"].isin(orgs.index).to_numpy()
        parents = orgs["parent_id"].where(known)
        self._child_orgs = Groups.of(parents.to_numpy(dtype=object), self._org_ids)
        self._root_orgs = self._org_ids[~known]
        self._members_of = Groups.of(members["org_id"].to_numpy(dtype=object)) if len(members) else {}
        self._parent_of = dict(zip(self._org_ids.tolist(), parents.tolist()))
        self._moved_children: dict = {}  # org -> its sub-organizations, for parents an org moved from or to
        # the frame's order (rows come or go only with a regroup): the order children are listed in
        self._position = dict(zip(self._org_ids.tolist(), range(len(self._org_ids))))
        self._by_area = None  # built on the first look-up (a selection on the map)
        self._total = self._subtree_counts(orgs.index.get_indexer(parents), members)

    def _subtree_counts(self, parent_pos: np.ndarray, members) -> dict:
        """Members in each organization and everything below it, summed level by level in numpy."""
        n = len(self._org_ids)
        own = np.zeros(n, dtype=np.int64)
        if len(members):
            codes = pd.Index(self._org_ids).get_indexer(members["org_id"])
            own = np.bincount(codes[codes >= 0], minlength=n).astype(np.int64)
        depth = np.zeros(n, dtype=np.int64)
        has_parent = parent_pos >= 0
        for _ in range(64):  # a cycle in hand-edited data stops here
            deeper = np.where(has_parent, depth[parent_pos] + 1, 0)
            if np.array_equal(deeper, depth):
                break
            depth = deeper
        total = own.copy()
        for level in range(int(depth.max(initial=0)), 0, -1):
            at = np.flatnonzero((depth == level) & has_parent)
            np.add.at(total, parent_pos[at], total[at])
        return dict(zip(self._org_ids.tolist(), total.tolist()))

    # ------------------------------------------------------------ look-ups for the dock
    def org_for_area(self, area_type: str, area_id):
        if self._by_area is None:
            orgs = self._project["organizations"]
            self._by_area = dict(zip(zip(orgs["area_type"].tolist(), orgs["area_id"].tolist()), self._org_ids.tolist()))
        return self._by_area.get((area_type, area_id))

    def node_key(self, index) -> tuple | None:
        if not index.isValid():
            return None
        node = self._nodes[index.internalId()]
        if node.kind == "org":
            return ("org", node.key)
        return ("member", self._project["members"].index[node.key])

    def member_count(self, org_id) -> int:
        return self._total.get(org_id, 0)

    def index_of_org(self, org_id) -> QModelIndex:
        """The index of ``org_id``, creating the nodes on its path if needed."""
        path, node = [], org_id
        while node is not None and node == node and node not in path:
            path.append(node)
            node = self._parent_of.get(node)
        index = QModelIndex()
        for org in reversed(path):
            if self.canFetchMore(index) and not self._nodes[self._node_id(index)].orgs_done:
                self.fetchMore(index)
            number = self._org_node.get(org)
            if number is None:
                return QModelIndex()
            index = self.createIndex(self._nodes[number].row, 0, number)
        return index

    # ------------------------------------------------------------ lazy children
    def _node_id(self, parent: QModelIndex) -> int:
        return parent.internalId() if parent.isValid() else 0

    def _org_children(self, node: _Node):
        return self._root_orgs if node.kind == "root" else self._children_of(node.key)

    def _children_of(self, org):
        moved = self._moved_children.get(org)
        return moved if moved is not None else self._child_orgs.get(org, ())

    def _member_rows(self, node: _Node):
        return self._members_of.get(node.key, ()) if node.kind == "org" else ()

    def hasChildren(self, parent=QModelIndex()) -> bool:
        node = self._nodes[self._node_id(parent)]
        if node.kind == "member" or parent.column() > 0:  # children hang under column 0 only
            return False
        return bool(node.children) or len(self._org_children(node)) > 0 or len(self._member_rows(node)) > 0

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        node = self._nodes[self._node_id(parent)]
        if node.kind == "member" or parent.column() > 0:
            return False
        return not node.orgs_done or node.members_done < len(self._member_rows(node))

    def fetchMore(self, parent=QModelIndex()) -> None:
        if parent.column() > 0:
            return
        number = self._node_id(parent)
        node = self._nodes[number]
        new = []
        if not node.orgs_done:
            new = [("org", org) for org in self._org_children(node)]
            node.orgs_done = True
        if not new:  # sub-organizations come first, then members batch by batch
            rows = self._member_rows(node)[node.members_done:node.members_done + MEMBER_BATCH]
            node.members_done += len(rows)
            new = [("member", int(r)) for r in rows]
        if not new:
            return
        first = len(node.children)
        self.beginInsertRows(parent, first, first + len(new) - 1)
        for offset, (kind, key) in enumerate(new):
            self._nodes.append(_Node(kind, key, number, first + offset))
            node.children.append(len(self._nodes) - 1)
            if kind == "org":
                self._org_node[key] = len(self._nodes) - 1
            else:
                self._member_node[key] = len(self._nodes) - 1
        self.endInsertRows()

    # ------------------------------------------------------------ following edits that keep the shape
    def refresh_nodes(self, layer: str, ids) -> None:
        """Texts of ``ids`` (organizations or members) changed, not where they hang: redraw their
        nodes (those made so far) and forget the area look-up."""
        if layer == "organizations":
            self._by_area = None
            numbers = [self._org_node.get(i) for i in ids]
        else:
            rows = self._project["members"].index.get_indexer(list(ids))
            numbers = [self._member_node.get(int(r)) for r in rows if r >= 0]
        for number in numbers:
            if number is not None:
                row = self._nodes[number].row
                self.dataChanged.emit(self.createIndex(row, 0, number), self.createIndex(row, 1, number))

    def move_orgs(self, org_ids) -> bool:
        """``org_ids`` hang under another organization now (only their ``parent_id`` changed):
        move their nodes and the counts on both paths up, as a regroup would show them.

        A brush stroke moves a building's group to another grid branch; regrouping 46,000
        organizations for that took ~0.1 s at district scale (a second at city scale). False,
        with nothing changed, when only a regroup can say (a top-level organization comes or
        goes, or the parents loop)."""
        orgs = self._project["organizations"]
        tried: dict = {}  # the moves tried in turn before any is made (over self._parent_of)
        moves = []
        for org in dict.fromkeys(org_ids):
            if org not in self._parent_of or org not in orgs.index:
                return False
            old, new = tried.get(org, self._parent_of[org]), orgs.at[org, "parent_id"]
            if new is None or new != new or new not in orgs.index or old is None or old != old:
                return False  # a top-level organization comes or goes
            if new == old:
                continue
            if self._path_up(old, self._parent_of, tried) is None:
                return False
            tried[org] = new
            if self._path_up(new, self._parent_of, tried) is None:  # a loop through org
                return False
            moves.append((org, old, new))
        for org, old, new in moves:
            self._move_org(org, old, new)
        return True

    @staticmethod
    def _path_up(org, parent_of, tried=None):
        """``org`` and the organizations above it (parents in ``tried`` first), or None when the
        parents loop."""
        tried = tried or {}
        path, seen = [], set()
        while org is not None and org == org and org in parent_of:
            if org in seen:
                return None
            seen.add(org)
            path.append(org)
            org = tried.get(org, parent_of[org])
        return path

    def _move_org(self, org, old, new) -> None:
        count = self._total.get(org, 0)
        changed = []
        for above in self._path_up(old, self._parent_of):
            self._total[above] -= count
            changed.append(above)
        self._parent_of[org] = new
        for above in self._path_up(new, self._parent_of):
            self._total[above] += count
            changed.append(above)
        self._moved_children[old] = [o for o in self._children_of(old) if o != org]
        siblings = [o for o in self._children_of(new) if o != org] + [org]
        self._moved_children[new] = sorted(siblings, key=self._position.__getitem__)
        self._unhang(org, old)
        self._hang(org, new)
        for above in changed:
            number = self._org_node.get(above)
            if number is not None:
                row = self._nodes[number].row
                self.dataChanged.emit(self.createIndex(row, 0, number), self.createIndex(row, 1, number))

    def _parent_index(self, org) -> QModelIndex | None:
        """The index of ``org``'s node with its sub-organizations made, or None when it has no node
        yet (made later from the new groups). A node made but never opened gets its children now,
        so the view learns of a first child or of the last one leaving."""
        number = self._org_node.get(org)
        if number is None:
            return None
        index = self.createIndex(self._nodes[number].row, 0, number)
        if not self._nodes[number].orgs_done:
            self.fetchMore(index)
            return None  # made from the new groups: nothing left to move
        return index

    def _unhang(self, org, parent) -> None:
        index = self._parent_index(parent)
        number = self._org_node.get(org)
        if index is None or number is None or self._nodes[number].parent != index.internalId():
            return
        node, siblings = self._nodes[number], self._nodes[index.internalId()].children
        self.beginRemoveRows(index, node.row, node.row)
        del siblings[node.row]
        for row in range(node.row, len(siblings)):
            self._nodes[siblings[row]].row = row
        stack = [number]
        while stack:  # the nodes below go too: made again from the groups when opened
            gone = self._nodes[stack.pop()]
            stack += gone.children
            made = self._org_node if gone.kind == "org" else self._member_node
            made.pop(gone.key, None)
        self.endRemoveRows()

    def _hang(self, org, parent) -> None:
        index = self._parent_index(parent)
        if index is None or org in self._org_node:
            return
        number = index.internalId()
        row = list(self._children_of(parent)).index(org)  # sub-organizations come first, in order
        children = self._nodes[number].children
        self.beginInsertRows(index, row, row)
        self._nodes.append(_Node("org", org, number, row))
        children.insert(row, len(self._nodes) - 1)
        for r in range(row + 1, len(children)):
            self._nodes[children[r]].row = r
        self._org_node[org] = len(self._nodes) - 1
        self.endInsertRows()

    def expanded_below(self, org_ids, is_expanded) -> list:
        """Organizations at or below ``org_ids`` whose nodes ``is_expanded(index)`` says are open."""
        out, stack = [], [self._org_node[o] for o in org_ids if o in self._org_node]
        while stack:
            number = stack.pop()
            node = self._nodes[number]
            if node.kind == "org" and is_expanded(self.createIndex(node.row, 0, number)):
                out.append(node.key)
                stack += node.children
        return out

    def expanded_orgs(self, is_expanded) -> list:
        """Organizations whose nodes ``is_expanded(index)`` says are open (to open again after a regroup)."""
        return [org for org, number in self._org_node.items()
                if is_expanded(self.createIndex(self._nodes[number].row, 0, number))]

    # ------------------------------------------------------------ Qt structure
    def index(self, row, column, parent=QModelIndex()):
        node = self._nodes[self._node_id(parent)]
        if not (0 <= row < len(node.children)) or not (0 <= column < 2):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row])

    def parent(self, index=QModelIndex()):
        if not index.isValid():
            return QModelIndex()
        parent = self._nodes[index.internalId()].parent
        if parent <= 0:
            return QModelIndex()
        return self.createIndex(self._nodes[parent].row, 0, parent)

    def rowCount(self, parent=QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._nodes[self._node_id(parent)].children)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 2

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("组织 / 党员"), self.tr("党员数"))[section]
        return None

    # ------------------------------------------------------------ drag and drop (acted on by drop_handler)
    def flags(self, index):
        flags = super().flags(index)
        if not index.isValid() or self.drop_handler is None:
            return flags
        flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags | Qt.ItemFlag.ItemIsDropEnabled if self._nodes[index.internalId()].kind == "org" else flags

    def supportedDropActions(self):
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [NODE_MIME]

    def mimeData(self, indexes) -> QMimeData:
        keys = list(dict.fromkeys(self.node_key(i) for i in indexes if i.isValid()))
        data = QMimeData()
        data.setData(NODE_MIME, json.dumps([[k, str(v)] for k, v in keys], ensure_ascii=False).encode())
        return data

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        if self.drop_handler is None or not data.hasFormat(NODE_MIME):
            return False
        target = self.node_key(parent) if parent.isValid() else None
        if target is None or target[0] != "org":
            return False
        sources = [tuple(k) for k in json.loads(bytes(data.data(NODE_MIME)).decode())]
        sources = [s for s in sources if s != target]
        return bool(sources) and self.drop_handler(sources, target)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node = self._nodes[index.internalId()]
        if role == NODE_ROLE:
            return self.node_key(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._org_text(node, index.column()) if node.kind == "org" else self._member_text(node, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and node.kind == "org":
            return coded_value(self._project["organizations"].at[node.key, "level"])
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _org_text(self, node: _Node, column: int) -> str:
        orgs = self._project["organizations"]
        if column == 1:
            return str(self._total.get(node.key, 0))
        name = display_value("organizations", "name", orgs.at[node.key, "name"])
        below = len(self._children_of(node.key))
        return self.tr("{name}（{n} 个下级组织）").format(name=name, n=below) if below else name

    def _member_text(self, node: _Node, column: int) -> str:
        if column == 1:
            return ""
        members = self._project["members"]
        name = display_value("members", "name", members["name"].iat[node.key])
        roles = display_value("members", "roles", members["roles"].iat[node.key]) if "roles" in members else ""
        return f"{name}（{roles}）" if roles else name
