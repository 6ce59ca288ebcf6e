"""Projects list (项目清单): list, add, import, export, update, delete.

``main.py projects PROJECT list|add|import FILE|export OUT|update ID|delete ID …``
(see :mod:`geo.cli.lists_common`). A project carries out a need with a resource;
``needs PROJECT match`` makes one from a suggestion. An imported or added project
marks its need 已认领; ``update ID --status done`` marks it 已完成.
"""
from __future__ import annotations

from .lists_common import ListCommand

COMMAND = ListCommand("projects")


def add_arguments(p) -> None:
    COMMAND.add_arguments(p)


def run(args) -> int:
    return COMMAND.run(args)
