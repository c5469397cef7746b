#!/usr/bin/env bash
# Runs the web handler tests against a throwaway PostgreSQL cluster: Debian's postgresql (from
# scripts/setup.sh), initdb in a temporary directory, listening only on a Unix socket in that
# directory (listen_addresses=''), trust authentication for one role, stopped and removed at exit.
# As root (CI), the cluster runs as the 'postgres' user, which Debian's package creates.
#   run_with_postgresql.sh TEST_PROGRAM [args...]
set -euo pipefail
tests=$1
shift

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
  echo "run_with_postgresql: PostgreSQL server binaries not found; run scripts/setup.sh" >&2
  exit 1
fi

work=$(mktemp -d /tmp/greengate-pg.XXXXXX)
as_owner=()
if [[ $(id -u) -eq 0 ]]; then
  chown postgres: "$work"
  as_owner=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cleanup() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

"${as_owner[@]}" "$bindir/initdb" -D "$work/data" -U greengate -A trust -E UTF8 --locale=C.UTF-8 \
  --no-sync >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; exit 1; }
"${as_owner[@]}" "$bindir/pg_ctl" -D "$work/data" -w -l "$work/server.log" \
  -o "-c listen_addresses='' -k $work -p $port -c fsync=off -c full_page_writes=off" start >/dev/null \
  || { cat "$work/server.log" >&2; exit 1; }
"${as_owner[@]}" "$bindir/createdb" -h "$work" -p "$port" -U greengate greengate_test

export GREENGATE_TEST_DB="postgresql://greengate@/greengate_test?host=$work&port=$port"
# For tests that make databases of their own (two_instances.py).
export GREENGATE_PG_BINDIR=$bindir GREENGATE_PG_SOCKET=$work GREENGATE_PG_PORT=$port
echo "run_with_postgresql: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on socket $work port $port"
"$tests" "$@"
