#!/bin/sh
# Run once by the postgres image when its volume is new (docker-entrypoint-initdb.d), as the
# owner role POSTGRES_USER: the app's own role. It owns no table, so the append-only triggers'
# maintenance switch never opens the history to it; what it may do to the tables is granted by
# deploy/grant_app_role.py after each migration (compose.yaml's `migrate` service).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v app_password="$MINPLAN_DB_PASSWORD" -v database="$POSTGRES_DB" <<'SQL'
CREATE ROLE minplan LOGIN PASSWORD :'app_password';
GRANT CONNECT ON DATABASE :"database" TO minplan;
GRANT USAGE ON SCHEMA public TO minplan;
SQL
