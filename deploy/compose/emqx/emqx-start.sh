#!/bin/sh
# Starts an EMQX node of the IOC's cluster with its secrets read from files (compose.yaml mounts
# them under /run/secrets, the Kubernetes StatefulSet under the same path):
# - the Erlang cookie the cluster's nodes share, and the dashboard's admin password;
# - the IOC nodes' MQTT password, written as the built-in database's bootstrap file (on a tmpfs),
#   so the nodes can sign in before any IOC node serves the HTTP authentication devices use.
set -eu
secrets=/run/secrets

EMQX_NODE__COOKIE=$(cat "$secrets/emqx_cookie")
EMQX_DASHBOARD__DEFAULT_PASSWORD=$(cat "$secrets/emqx_dashboard_password")
export EMQX_NODE__COOKIE EMQX_DASHBOARD__DEFAULT_PASSWORD

umask 077
mkdir -p /tmp/emqx-bootstrap
{
  echo "user_id,password,is_superuser"
  echo "ioc,$(cat "$secrets/ioc_mqtt_password"),false"
} > /tmp/emqx-bootstrap/ioc-nodes.csv

exec /usr/bin/docker-entrypoint.sh /opt/emqx/bin/emqx foreground
