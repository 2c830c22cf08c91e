#!/bin/sh
# Runs once, when the primary's data directory is created (docker-entrypoint-initdb.d): lets the standby stream the
# WAL over the compose network with the same password authentication as every other connection.
set -e
echo "host replication all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
