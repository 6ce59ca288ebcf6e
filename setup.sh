#!/usr/bin/env bash
# GridAtlas set-up. One command does everything for its purpose:
#   bash setup.sh app    install, then open the app on the bundled demo street
#   bash setup.sh test   install (with test tools), then run the whole test suite
#   bash setup.sh db     install PostgreSQL/PostGIS, start a local server in .pgdata/
#                        (its own socket and port) with a database "gridatlas";
#                        the last line printed is its postgresql:// URL
#   bash setup.sh db-stop  stop that server
# System packages are installed with apt-get when this runs as root; otherwise
# the missing ones are named with the command to install them.
set -euo pipefail
cd "$(dirname "$0")"
mode="${1:-app}"; shift || true

APP_DEBS=(fonts-noto-cjk libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
          libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0)
DB_DEBS=(postgresql-15 postgresql-15-postgis-3)
TEST_DEBS=(chromium poppler-utils gdal-bin python3-gdal "${DB_DEBS[@]}")

need_debs() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing Debian packages: ${missing[*]}" >&2
    echo "setup: install them with: sudo apt-get install ${missing[*]}" >&2
    [ "$mode" != app ] && exit 1
  fi
}

find_python() {
  for py in python3.11 python3; do
    if command -v "$py" >/dev/null && "$py" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      echo "$py"; return 0
    fi
  done
  echo "setup: Python 3.11 is required (python3.11 not found)" >&2; exit 1
}

# The local server needs neither the app's libraries nor the venv: the cluster
# helper uses only the standard library (it runs initdb/pg_ctl, as the postgres
# system user when this runs as root).
case "$mode" in
  db)      need_debs "${DB_DEBS[@]}"
           exec python3 -m geo.postgis.local_cluster start .pgdata ;;
  db-stop) exec python3 -m geo.postgis.local_cluster stop .pgdata ;;
esac

need_debs "${APP_DEBS[@]}"
[ "$mode" = test ] && need_debs "${TEST_DEBS[@]}"

if [ ! -x .venv/bin/python ]; then
  "$(find_python)" -m venv .venv
fi
stamp=".venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)-$mode"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  if [ "$mode" = test ]; then extras=".[test]"; else extras="."; fi
  .venv/bin/python -m pip install -q -e "$extras"
  touch "$stamp"
fi

case "$mode" in
  app)  exec .venv/bin/python main.py "$@" ;;
  test) export QT_QPA_PLATFORM=offscreen
        exec .venv/bin/python -m pytest -q "$@" ;;
  *)    echo "usage: bash setup.sh app|test|db|db-stop" >&2; exit 2 ;;
esac
