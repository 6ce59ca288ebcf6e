"""Projects on a PostgreSQL/PostGIS server (issue 14): the same model, a shared store.

* :mod:`.url` reads and checks ``postgresql://`` URLs (never with a password);
* :mod:`.store` is :class:`PostgisStore`, the server-side twin of
  :class:`geo.store.ProjectStore` (see :mod:`geo.store_api`);
* :mod:`.publish` copies a GeoPackage project into a schema and verifies it;
* :mod:`.local_cluster` starts a local server for ``setup.sh db`` and the tests.

Nothing here imports psycopg at package import time: a GeoPackage user never loads it.
"""
