#!/bin/sh
# Back up Min plan's PostgreSQL database with pg_dump in its custom format (compressed; restored
# with scripts/restore.sh, table by table if need be).
#
#   DATABASE_URL=postgresql://minplan_owner@db/minplan scripts/backup.sh [FILE]
#
# FILE defaults to backups/minplan-<UTC time>.dump. The dump is written beside FILE and moved
# into place only when pg_dump has finished and pg_restore can read its table of contents, so a
# file under the final name is always a whole backup. It holds every person's plan and the audit
# log: it is written readable by its owner only; keep it as the database itself is kept.
set -eu

url=${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database to back up}
# The app's URLs may name SQLAlchemy's driver (postgresql+psycopg://); libpq knows only postgresql://.
url=$(printf '%s' "$url" | sed -E 's#^postgres(ql)?(\+[a-z0-9_]+)?://#postgresql://#')
case "$url" in
postgresql://*) ;;
*) echo "backup: DATABASE_URL is not a PostgreSQL database; SQLite is a file: copy it with sqlite3 .backup" >&2; exit 2 ;;
esac

file=${1:-backups/minplan-$(date -u +%Y%m%dT%H%M%SZ).dump}
mkdir -p "$(dirname "$file")"
partial="$file.partial"
trap 'rm -f "$partial"' EXIT
umask 077
pg_dump --format=custom --compress=6 --file="$partial" --dbname="$url"
pg_restore --list "$partial" >/dev/null
mv "$partial" "$file"
trap - EXIT
echo "backup: wrote $file"
