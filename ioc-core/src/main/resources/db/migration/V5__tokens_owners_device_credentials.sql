-- Issue 5: who owns a device (a farmer's pond probe), refresh tokens, device credentials.
ALTER TABLE devices ADD COLUMN owner text;
CREATE INDEX devices_owner_idx ON devices (owner) WHERE owner IS NOT NULL;

-- Refresh tokens are random; only their SHA-256 is kept. Each is used once: refreshing marks it
-- used and issues a new one, and a used token presented again revokes the user's others.
CREATE TABLE refresh_tokens (
    token_hash text PRIMARY KEY,
    username   text NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    issued_at  timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (username);

-- What devices and gateways sign in with (MQTT username/password, HTTP ingest). The secret is
-- 256 random bits, so its SHA-256 is enough (no slow hash: there is nothing to guess). A device
-- credential sends for its own device only; a gateway for the listed devices, or for all; a node
-- (an IOC ingest node on an external broker) only subscribes to uplinks.
CREATE TABLE device_credentials (
    username    text PRIMARY KEY CHECK (username ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    kind        text NOT NULL CHECK (kind IN ('device', 'gateway', 'node')),
    secret_hash text NOT NULL,
    devices     text[] NOT NULL DEFAULT '{}',
    all_devices boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    rotated_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (kind <> 'device' OR (devices = ARRAY[username] AND NOT all_devices))
);
