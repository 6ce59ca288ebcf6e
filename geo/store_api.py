"""The one store interface a :class:`geo.project.Project` writes through.

Two implementations: :class:`geo.store.ProjectStore` (a GeoPackage file) and
:class:`geo.postgis.store.PostgisStore` (a schema on a PostgreSQL/PostGIS
server). Commands, coverage, editing, import and export only see a
:class:`~geo.project.Project`; the project only sees this protocol, so none of
them knows which store it uses.

A change list is what :meth:`ProjectStore.apply` documents:
``("update", layer, id, {column: value})``, ``("insert", layer, {column: value})``,
``("delete", layer, id)`` or ``("setting", key, value)``.
"""
from __future__ import annotations

from typing import Protocol, runtime_checkable


def is_server_url(location) -> bool:
    """Whether ``location`` names a project on a PostgreSQL server (not a file).

    >>> is_server_url("postgresql://editor@db.example:5432/district")
    True
    >>> is_server_url("street.gpkg")
    False
    """
    text = str(location)
    return text.startswith(("postgresql://", "postgres://"))


@runtime_checkable
class ProjectStoreAPI(Protocol):
    """What a project store does: apply change lists atomically, keep their history.

    ``location`` is the file path or the server URL (without password), for
    messages; ``is_shared`` says whether other clients may change the project
    while it is open (a server store), in which case the store also offers
    ``poll_remote_changes`` (see :mod:`geo.postgis.store`).
    """

    location: str
    is_shared: bool

    def apply(self, changes, record=None) -> int | None:
        """Apply ``changes`` in one transaction with ``record`` (a history entry); its id."""

    def close(self) -> None:
        """Release the file or the connections."""

    def ensure_layers(self, names, crs=None) -> list[str]:
        """Create the layers among ``names`` the project lacks; return those created."""

    def ensure_columns(self, layer: str) -> list[str]:
        """Add the optional schema columns ``layer`` lacks; return those added."""

    def history_entries(self, limit: int | None = None, undoable: bool = False) -> list:
        """Recorded entries (:class:`geo.history.HistoryEntry`), newest first."""

    def history_inverse(self, entry_id: int) -> list[tuple] | None:
        """The change list that undoes entry ``entry_id`` (None for an undo entry)."""

    def read_settings(self) -> list[tuple[str, str]]:
        """Every ``(key, value)`` row of the project's settings, as stored now."""
