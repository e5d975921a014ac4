#!/bin/sh
# Starts ioc-server.jar with the given command (default: server --port 8443).
#
# The node reads its passwords from the environment only (docs/security.md). A mounted secret
# whose file name is an IOC_ variable's name (/run/secrets/IOC_DB_PASSWORD, as compose.yaml
# mounts them) becomes that variable here, so no password is written in compose.yaml, an image
# or a command line. Kubernetes sets the same variables from its Secrets instead.
set -eu

for file in /run/secrets/IOC_*; do
  [ -f "$file" ] || continue
  name=$(basename "$file")
  case "$name" in
    *[!A-Z0-9_]*) echo "entrypoint: ignoring $file (not a variable name)" >&2; continue ;;
  esac
  value=$(cat "$file")
  export "$name=$value"
done

# IOC_JAVA_OPTS: JVM options, e.g. -XX:MaxRAMPercentage=75 (as deploy/ioc reads it).
# shellcheck disable=SC2086
exec java ${IOC_JAVA_OPTS:-} -jar /opt/ioc/ioc-server.jar "$@"
