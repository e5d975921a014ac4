#!/bin/sh
# Makes the secrets compose.yaml needs, in ./secrets/ beside this script, for one installation:
# random passwords and keys, a private CA with the IOC nodes' TLS key store and the broker's
# certificate for devices. Never overwrites a file that exists. Needs openssl and keytool (any
# JDK 17+). The scraper's password comes later, from the running nodes (docs/deployment.md).
#
#   deploy/compose/make-secrets.sh [PUBLIC_HOST [BROKER_HOST]]
#
# PUBLIC_HOST is the name browsers and phones reach the nodes by, BROKER_HOST the one devices
# reach the broker by; both go into the certificates beside the internal names.
set -eu
public_host=${1:-localhost}
broker_host=${2:-$public_host}
dir="$(cd "$(dirname "$0")" && pwd)/secrets"
cd "$dir"
umask 077

random() { openssl rand -base64 "$1" | tr -d '\n/+=' | cut -c1-"$2"; }
put() { # name value: writes the file unless it exists
  if [ -e "$1" ]; then echo "kept    $1"; else printf '%s' "$2" > "$1"; echo "made    $1"; fi
}

for name in postgres_password ioc_db_password grafana_db_password ioc_mqtt_password \
    ioc_tls_password grafana_admin_password emqx_dashboard_password emqx_cookie; do
  put "$name" "$(random 48 40)"
done
put ioc_jwt_secret "$(openssl rand -base64 32)"
put ioc_sharing_secret_key "$(openssl rand -base64 32)"

if [ ! -e ioc_ca.crt ]; then
  openssl req -x509 -newkey rsa:3072 -sha256 -days 3650 -nodes -subj "/CN=Can Tho IOC private CA" \
    -keyout ioc_ca.key -out ioc_ca.crt 2>/dev/null
  echo "made    ioc_ca.crt (its key ioc_ca.key: keep it offline once the certificates are made)"
fi

sign() { # name subject-alt-names: a key and a certificate signed by the CA
  openssl req -newkey rsa:2048 -sha256 -nodes -subj "/CN=$1" -keyout "$1.key" -out "$1.csr" 2>/dev/null
  printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "$2" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ioc_ca.crt -CAkey ioc_ca.key -CAcreateserial -days 825 \
    -sha256 -extfile "$1.ext" -out "$1.crt" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}

if [ ! -e ioc_tls_keystore.p12 ]; then
  # "ioc" is the name EMQX and Prometheus check (server_name); the rest are how people reach it.
  sign ioc-node "DNS:ioc,DNS:ioc-node-1,DNS:ioc-node-2,DNS:ioc-node-3,DNS:localhost,DNS:$public_host"
  openssl pkcs12 -export -name ioc -inkey ioc-node.key -in ioc-node.crt -certfile ioc_ca.crt \
    -passout "file:ioc_tls_password" -out ioc_tls_keystore.p12
  keytool -list -storetype PKCS12 -keystore ioc_tls_keystore.p12 \
    -storepass "$(cat ioc_tls_password)" >/dev/null
  rm -f ioc-node.key ioc-node.crt
  echo "made    ioc_tls_keystore.p12"
fi

if [ ! -e emqx_tls.crt ]; then
  sign emqx_tls "DNS:emqx,DNS:emqx1.ioc.local,DNS:emqx2.ioc.local,DNS:$broker_host"
  echo "made    emqx_tls.crt, emqx_tls.key"
fi

# The containers read these as other users (postgres, emqx, nobody, grafana): the files are
# readable, the folder is not (Docker mounts each file on its own).
chmod 0444 ./*
chmod 0600 ioc_ca.key 2>/dev/null || true
chmod 0700 .
[ -e ioc_scraper_password ] || echo "next    start the nodes, then: docs/deployment.md, \"The scraper's password\""
