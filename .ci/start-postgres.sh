# Starts a throwaway PostgreSQL server for the tests and exports BLOGKIT_TEST_DATABASE_URL.
# Source it (`. .ci/start-postgres.sh`): .ci/run does, and so can a developer (see packages/comments/README.md).
# Needs Debian's `postgresql` package (.ci/run installs it). The cluster lives in a new directory under
# ${TMPDIR:-/tmp}, listens only on 127.0.0.1 (a free port), trusts local connections, and is stopped and
# removed when the sourcing shell exits. As root, the server runs as the `postgres` user.
# It creates a role and a database, both `blogkit_test`; the role may create databases, so test files can
# make and drop their own.

blogkit_pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$blogkit_pg_bin" ] || [ ! -x "$blogkit_pg_bin/initdb" ]; then
  echo "start-postgres: PostgreSQL server binaries not found under /usr/lib/postgresql; apt-get install postgresql" >&2
  return 1 2>/dev/null || exit 1
fi

blogkit_pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/blogkit-pg.XXXXXX")
blogkit_pg_as=()
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$blogkit_pg_dir"
  blogkit_pg_as=(runuser -u postgres --)
fi
# A free port on 127.0.0.1 (the kernel picks it; PostgreSQL binds it right after).
blogkit_pg_port=$(node -e "const s=require('node:net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")

"${blogkit_pg_as[@]}" "$blogkit_pg_bin/initdb" -D "$blogkit_pg_dir/data" -U postgres --auth=trust \
  -E UTF8 --no-locale >"$blogkit_pg_dir/initdb.log" 2>&1 || {
  cat "$blogkit_pg_dir/initdb.log" >&2
  return 1 2>/dev/null || exit 1
}
# fsync off: a throwaway server for tests; nothing in it must survive a crash.
"${blogkit_pg_as[@]}" "$blogkit_pg_bin/pg_ctl" -D "$blogkit_pg_dir/data" -l "$blogkit_pg_dir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $blogkit_pg_port -c unix_socket_directories=$blogkit_pg_dir -c fsync=off -c max_connections=200" \
  start >/dev/null || {
  cat "$blogkit_pg_dir/server.log" >&2
  return 1 2>/dev/null || exit 1
}
trap '"${blogkit_pg_as[@]}" "$blogkit_pg_bin/pg_ctl" -D "$blogkit_pg_dir/data" -m fast stop >/dev/null 2>&1; rm -rf "$blogkit_pg_dir"' EXIT

"$blogkit_pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$blogkit_pg_port" -U postgres -d postgres \
  -c "CREATE ROLE blogkit_test LOGIN CREATEDB PASSWORD 'blogkit_test'" \
  -c "CREATE DATABASE blogkit_test OWNER blogkit_test"

export BLOGKIT_TEST_DATABASE_URL="postgres://blogkit_test:blogkit_test@127.0.0.1:$blogkit_pg_port/blogkit_test"
echo "start-postgres: PostgreSQL $("$blogkit_pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$blogkit_pg_port (data in $blogkit_pg_dir); BLOGKIT_TEST_DATABASE_URL=$BLOGKIT_TEST_DATABASE_URL"
