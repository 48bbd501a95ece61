#!/bin/sh
# Restore a backup made by scripts/backup.sh into a NEW, empty database, in one transaction:
# either everything is restored (tables, data, sequences, the append-only triggers) or nothing.
#
#   createdb -O minplan_owner minplan_restored
#   DATABASE_URL=postgresql://minplan_owner@db/minplan_restored scripts/restore.sh FILE
#
# Run it as the role that should own the tables (the migrations' role). Owners and grants in the
# dump name roles by name: roles belong to the server, not to a database, so on a new server create
# them first (README: "Running in production"), or pass --no-owner --no-acl after FILE and grant again.
# Any further arguments go to pg_restore.
set -eu

url=${DATABASE_URL:?DATABASE_URL must name the new, empty database to restore into}
url=$(printf '%s' "$url" | sed -E 's#^postgres(ql)?(\+[a-z0-9_]+)?://#postgresql://#')
case "$url" in
postgresql://*) ;;
*) echo "restore: DATABASE_URL is not a PostgreSQL database" >&2; exit 2 ;;
esac
file=${1:?usage: scripts/restore.sh FILE [pg_restore options]}
shift

# Restoring over a live database would mix two states: refuse unless it has no tables yet.
tables=$(psql --no-psqlrc --tuples-only --no-align --dbname="$url" \
  --command="SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != "0" ]; then
  echo "restore: the database already has $tables tables; restore into a new, empty one" >&2
  exit 3
fi
pg_restore --exit-on-error --single-transaction --dbname="$url" "$@" "$file"
echo "restore: restored $file"
