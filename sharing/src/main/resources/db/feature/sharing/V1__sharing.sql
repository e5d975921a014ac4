-- Sharing (issue 18): the change events of every shared dataset in one order (the pull feed's
-- cursor), the webhooks of the provincial integration platform, and their delivery outbox.

-- Every dataset's change events as tailed from its own log (alert_events,
-- traffic_incident_events), in the order this node recorded them; (dataset, source_id) keeps a
-- re-tailed event from being recorded twice.
CREATE TABLE sharing_events (
    id          bigserial PRIMARY KEY,
    dataset     text NOT NULL,
    source_id   bigint NOT NULL,
    type        text NOT NULL,
    at          timestamptz NOT NULL,
    zone_id     text,
    owner       text,
    data        text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (dataset, source_id)
);

-- How far each dataset's log has been tailed; its row is locked while a tail runs, so two nodes
-- never record the same stretch.
CREATE TABLE sharing_tails (
    dataset        text PRIMARY KEY,
    last_source_id bigint NOT NULL
);

-- A platform's endpoint: what it hears and the secret its deliveries are signed with, encrypted
-- (AES-256-GCM under IOC_SHARING_SECRET_KEY): a database dump alone does not give it away.
CREATE TABLE sharing_webhooks (
    id          bigserial PRIMARY KEY,
    url         text NOT NULL,
    datasets    text[] NOT NULL,
    zones       text[],
    secret_box  text NOT NULL,
    created_by  text NOT NULL,
    created_at  timestamptz NOT NULL,
    active      boolean NOT NULL DEFAULT true
);

-- One event to one webhook: pending -> sending -> delivered | failed, as the notification outbox.
CREATE TABLE sharing_deliveries (
    id              bigserial PRIMARY KEY,
    webhook_id      bigint NOT NULL REFERENCES sharing_webhooks (id) ON DELETE CASCADE,
    event_id        bigint NOT NULL REFERENCES sharing_events (id),
    state           text NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'sending', 'delivered', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_detail     text,
    delivered_at    timestamptz,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX sharing_deliveries_due ON sharing_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX sharing_deliveries_of ON sharing_deliveries (webhook_id, id);

-- Every attempt, as notification_attempts is for messages.
CREATE TABLE sharing_delivery_attempts (
    id          bigserial PRIMARY KEY,
    delivery_id bigint NOT NULL REFERENCES sharing_deliveries (id) ON DELETE CASCADE,
    at          timestamptz NOT NULL,
    outcome     text NOT NULL CHECK (outcome IN ('delivered', 'retry', 'failed')),
    detail      text NOT NULL,
    elapsed_ms  integer NOT NULL
);
CREATE INDEX sharing_delivery_attempts_of ON sharing_delivery_attempts (delivery_id, id);
