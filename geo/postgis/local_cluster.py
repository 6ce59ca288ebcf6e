"""A local PostgreSQL cluster in a folder: for ``setup.sh db`` and the test suite.

One way to start a server, shared by the developer set-up and the tests (which
start a throwaway cluster the same way, in a temporary folder):

* ``initdb`` into the folder, with the server's settings written there: its own
  port, its Unix socket in the folder itself, TCP only on 127.0.0.1;
* local socket connections are trusted: the socket lives in a folder only its
  owner can enter (mode 0700), so only that OS user (and root) can connect;
  TCP needs a password (scram-sha-256), which only ``~/.pgpass`` or
  ``PGPASSWORD`` supply;
* ``initdb`` and ``postgres`` refuse to run as root, so when this runs as root
  the server runs as the unprivileged ``postgres`` system user (``runuser``),
  with the folder owned by it; the database role is still named after the
  invoking user, so URLs read ``postgresql://root@…`` there.

Standard library only: ``bash setup.sh db`` runs it before anything else.

Usage::

    python -m geo.postgis.local_cluster start .pgdata     # prints the URL last
    python -m geo.postgis.local_cluster stop .pgdata
"""
from __future__ import annotations

import getpass
import os
import pwd
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

PG_BIN_DIRS = ("/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin")
DATABASE = "gridatlas"
#: the system user the server runs as when we are root
SERVER_USER_WHEN_ROOT = "postgres"
_PORT_FILE = "gridatlas.port"


class ClusterError(Exception):
    """The cluster cannot be created, started or stopped; the message says why."""


@dataclass(frozen=True)
class Cluster:
    """A running local cluster: its folder, port and the database role to connect as."""

    data_dir: Path
    port: int
    user: str

    @property
    def socket_dir(self) -> str:
        return str(self.data_dir)

    def url(self, database: str = DATABASE) -> str:
        """A libpq URL through the cluster's own socket folder (no password needed)."""
        return f"postgresql://{quote(self.user)}@{quote(self.socket_dir, safe='')}:{self.port}/{database}"

    def tcp_url(self, database: str = DATABASE, user: str | None = None) -> str:
        """A URL over TCP on 127.0.0.1 (a password is then needed, from ~/.pgpass or PGPASSWORD)."""
        return f"postgresql://{quote(user or self.user)}@127.0.0.1:{self.port}/{database}"


def pg_bin_dir() -> Path | None:
    """The folder holding ``initdb``/``pg_ctl``, or None when PostgreSQL is not installed."""
    for folder in PG_BIN_DIRS:
        if Path(folder, "initdb").exists() and Path(folder, "pg_ctl").exists():
            return Path(folder)
    found = shutil.which("pg_ctl")
    return Path(found).parent if found and Path(found).with_name("initdb").exists() else None


def postgis_installed() -> bool:
    """Whether the PostGIS extension files are there for the server found."""
    bin_dir = pg_bin_dir()
    if bin_dir is None:
        return False
    version = bin_dir.parent.name  # /usr/lib/postgresql/<version>/bin
    return Path(f"/usr/share/postgresql/{version}/extension/postgis.control").exists()


def free_port() -> int:
    """A TCP port nobody listens on right now (the server takes it a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(data_dir, port: int | None = None, *, durable: bool = True) -> Cluster:
    """Create the cluster in ``data_dir`` if needed, start it, and make the database.

    Parameters
    ----------
    data_dir : path-like
        The cluster's folder (created; reused when it already holds a cluster).
    port : int, optional
        The port of a new cluster (default: a free one); an existing cluster keeps its own.
    durable : bool
        False for throwaway test clusters: no fsync (much faster, lost on a crash).
    """
    bin_dir = pg_bin_dir()
    if bin_dir is None:
        raise ClusterError("PostgreSQL server programs (initdb, pg_ctl) are not installed")
    data_dir = Path(data_dir).resolve()
    user = getpass.getuser()
    if not (data_dir / "PG_VERSION").exists():
        _init(bin_dir, data_dir, port or free_port(), user, durable)
    port = int((data_dir / _PORT_FILE).read_text().strip())
    if not _running(bin_dir, data_dir):
        _as_server_user(bin_dir / "pg_ctl", "-D", str(data_dir), "-l", str(data_dir / "server.log"),
                        "-w", "-t", "60", "start")
    cluster = Cluster(data_dir, port, user)
    _create_database(bin_dir, cluster)
    return cluster


def stop(data_dir) -> bool:
    """Stop the cluster in ``data_dir`` (fast shutdown); False when it was not running."""
    bin_dir = pg_bin_dir()
    data_dir = Path(data_dir).resolve()
    if bin_dir is None or not (data_dir / "PG_VERSION").exists() or not _running(bin_dir, data_dir):
        return False
    _as_server_user(bin_dir / "pg_ctl", "-D", str(data_dir), "-m", "fast", "-w", "stop")
    return True


def restart(cluster: Cluster, mode: str = "fast") -> None:
    """Restart a running cluster; every client is disconnected.

    ``mode`` is pg_ctl's shutdown mode. "immediate" kills every backend at once
    without releasing its locks, so no waiting transaction can slip through
    while the others die (a fast shutdown ends them one by one).
    """
    bin_dir = pg_bin_dir()
    if mode == "immediate":
        # A throwaway cluster runs with synchronous_commit off: commits of the last few hundred
        # milliseconds may still sit in WAL buffers, and an immediate stop would lose them (a
        # schema published just before vanished). A checkpoint writes them out; transactions
        # still open stay open and are lost as a crash would lose them.
        subprocess.run(_psql(bin_dir, cluster) + ["-d", DATABASE, "-c", "CHECKPOINT"],
                       capture_output=True, text=True, check=True)
    # -l as for start: the server must not inherit our output pipes (the call would never return)
    _as_server_user(bin_dir / "pg_ctl", "-D", str(cluster.data_dir), "-l", str(cluster.data_dir / "server.log"),
                    "-m", mode, "-w", "-t", "60", "restart")
    wait_until_accepting(cluster)


def _init(bin_dir: Path, data_dir: Path, port: int, user: str, durable: bool) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    _hand_to_server_user(data_dir)
    _as_server_user(bin_dir / "initdb", "-D", str(data_dir), "-U", user, "-E", "UTF8",
                    "--locale=C.UTF-8", "--auth-local=trust", "--auth-host=scram-sha-256")
    settings = [f"port = {port}", f"unix_socket_directories = '{data_dir}'",
                "listen_addresses = '127.0.0.1'", "max_connections = 100"]
    if not durable:
        settings += ["fsync = off", "synchronous_commit = off", "full_page_writes = off"]
    conf = data_dir / "postgresql.conf"
    _write_as_server_user(conf, conf.read_text() + "\n# GridAtlas local cluster\n" + "\n".join(settings) + "\n")
    _write_as_server_user(data_dir / _PORT_FILE, f"{port}\n")


def _running(bin_dir: Path, data_dir: Path) -> bool:
    result = subprocess.run(_server_user_argv(bin_dir / "pg_ctl", "-D", str(data_dir), "status"),
                            capture_output=True, text=True)
    return result.returncode == 0


def _psql(bin_dir: Path, cluster: Cluster) -> list[str]:
    return [str(bin_dir / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", cluster.socket_dir,
            "-p", str(cluster.port), "-U", cluster.user]


def _create_database(bin_dir: Path, cluster: Cluster) -> None:
    psql = _psql(bin_dir, cluster)
    exists = subprocess.run(psql + ["-d", "postgres", "-tAc",
                                    f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"],
                            capture_output=True, text=True, check=True).stdout.strip()
    if not exists:
        subprocess.run(psql + ["-d", "postgres", "-c", f"CREATE DATABASE {DATABASE}"],
                       capture_output=True, text=True, check=True)
    result = subprocess.run(psql + ["-d", DATABASE, "-c", "CREATE EXTENSION IF NOT EXISTS postgis"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise ClusterError(f"cannot create the postgis extension ({result.stderr.strip()});"
                           " install postgresql-15-postgis-3")


# ---------------------------------------------------------------- running as the server's user

def _server_user() -> str | None:
    """The OS user the server runs as when we are root (None: as ourselves)."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SERVER_USER_WHEN_ROOT)
    except KeyError:
        raise ClusterError("running as root, and there is no 'postgres' system user to run the"
                           " server as (install the postgresql-15 package)") from None
    return SERVER_USER_WHEN_ROOT


def _server_user_argv(program, *args) -> list[str]:
    user = _server_user()
    argv = [str(program), *args]
    return ["runuser", "-u", user, "--", *argv] if user else argv


def _as_server_user(program, *args) -> None:
    result = subprocess.run(_server_user_argv(program, *args), capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr.strip() or result.stdout.strip()).splitlines()
        raise ClusterError(f"{Path(program).name} failed: {detail[-1] if detail else result.returncode}")


def _hand_to_server_user(data_dir: Path) -> None:
    user = _server_user()
    if user:
        entry = pwd.getpwnam(user)
        os.chown(data_dir, entry.pw_uid, entry.pw_gid)
    os.chmod(data_dir, 0o700)


def _write_as_server_user(path: Path, text: str) -> None:
    path.write_text(text)
    user = _server_user()
    if user:
        entry = pwd.getpwnam(user)
        os.chown(path, entry.pw_uid, entry.pw_gid)


def wait_until_accepting(cluster: Cluster, timeout: float = 30.0) -> None:
    """Block until the server answers (pg_ctl -w already waits; this is for restarts)."""
    bin_dir = pg_bin_dir()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready = subprocess.run([str(bin_dir / "pg_isready"), "-h", cluster.socket_dir,
                                "-p", str(cluster.port)], capture_output=True)
        if ready.returncode == 0:
            return
        time.sleep(0.2)
    raise ClusterError(f"the server on port {cluster.port} did not answer within {timeout:.0f} s")


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2 or argv[0] not in ("start", "stop"):
        print("usage: python -m geo.postgis.local_cluster start|stop DATA_DIR", file=sys.stderr)
        return 2
    try:
        if argv[0] == "start":
            cluster = start(argv[1])
            print(f"PostgreSQL {cluster.data_dir} is running on port {cluster.port}")
            print(cluster.url())
        else:
            print("stopped" if stop(argv[1]) else "not running")
    except (ClusterError, subprocess.CalledProcessError, OSError) as exc:
        detail = getattr(exc, "stderr", None) or str(exc)
        print(f"error: {str(detail).strip()}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
