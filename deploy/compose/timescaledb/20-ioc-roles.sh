#!/bin/sh
# Runs once, when the TimescaleDB container makes its database (docker-entrypoint-initdb.d):
# the IOC nodes' role owns the database (the nodes' Flyway migrations make the schema), Grafana's
# reader may connect and nothing more until grafana-grants gives it the two tables it reads
# (docs/grafana.md). Passwords come from the mounted secrets.
set -eu

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v ioc_password="$(cat /run/secrets/ioc_db_password)" \
  -v grafana_password="$(cat /run/secrets/grafana_db_password)" <<'SQL'
CREATE EXTENSION IF NOT EXISTS timescaledb;
CREATE ROLE ioc LOGIN PASSWORD :'ioc_password';
ALTER DATABASE ioc OWNER TO ioc;
CREATE ROLE grafana_reader LOGIN PASSWORD :'grafana_password';
GRANT CONNECT ON DATABASE ioc TO grafana_reader;
GRANT USAGE ON SCHEMA public TO grafana_reader;
SQL
