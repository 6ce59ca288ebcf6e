"""Resources list (资源清单): list, add, import, export, update, delete.

``main.py resources PROJECT list|add|import FILE|export OUT|update ID|delete ID …``
(see :mod:`geo.cli.lists_common`; a resource's provider is ``--provider partner:ID``,
``member:ID`` or ``org:ID``).
"""
from __future__ import annotations

from .lists_common import ListCommand

COMMAND = ListCommand("resources")


def add_arguments(p) -> None:
    COMMAND.add_arguments(p)


def run(args) -> int:
    return COMMAND.run(args)
