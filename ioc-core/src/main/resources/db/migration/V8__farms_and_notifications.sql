-- Issue 6: the digital map of farms (plan item [14]) and the notifications that reach farmers.

-- A farm belongs to one farmer (a username; OIDC users have no users row, so no foreign key).
CREATE TABLE farms (
    id         text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    owner      text NOT NULL,
    name       text NOT NULL,
    zone_id    text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX farms_owner_idx ON farms (owner);

-- A pond (or river cage) of a farm: its species profile chooses its default rules, its polygon is
-- GeoJSON in lon/lat (validated by the application), its probes are the devices in pond_probes.
CREATE TABLE ponds (
    id         text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    farm_id    text NOT NULL REFERENCES farms (id) ON DELETE CASCADE,
    name       text NOT NULL,
    profile    text NOT NULL REFERENCES species_profiles (code),
    area_m2    double precision CHECK (area_m2 > 0),
    polygon    jsonb,
    lon        double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
    lat        double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
    zone_id    text
);
CREATE INDEX ponds_farm_idx ON ponds (farm_id);

CREATE TABLE pond_probes (
    device_id text PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
    pond_id   text NOT NULL REFERENCES ponds (id) ON DELETE CASCADE
);
CREATE INDEX pond_probes_pond_idx ON pond_probes (pond_id);

-- What a farmer wants to hear about: one channel and address each, for one pond or (pond_id
-- NULL) all of his. Quiet hours are local time (Asia/Ho_Chi_Minh) and never hold back a critical
-- alert.
CREATE TABLE subscriptions (
    id           bigserial PRIMARY KEY,
    username     text NOT NULL,
    pond_id      text REFERENCES ponds (id) ON DELETE CASCADE,
    channel      text NOT NULL CHECK (channel IN ('sms', 'zalo', 'email', 'webhook')),
    address      text NOT NULL CHECK (length(address) BETWEEN 1 AND 512),
    language     text NOT NULL DEFAULT 'vi' CHECK (language IN ('vi', 'en')),
    min_severity text NOT NULL DEFAULT 'watch'
        CHECK (min_severity IN ('watch', 'warning', 'critical')),
    quiet_start  time,
    quiet_end    time,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK ((quiet_start IS NULL) = (quiet_end IS NULL))
);
CREATE INDEX subscriptions_user_idx ON subscriptions (username);

-- The outbox. A row is written in the same transaction as the alert transition it tells about,
-- so no message leaves before its alert is committed and none is lost by a crash in between.
-- subject_key is the pond (or the device when it has no pond): with metric it is what the storm
-- limit counts. event_at is the transition's time (the data's clock); next_attempt_at is wall
-- clock. idempotency_key goes out with every attempt, so a provider can drop a resend.
CREATE TABLE notifications (
    id              bigserial PRIMARY KEY,
    alert_id        bigint NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    subscription_id bigint REFERENCES subscriptions (id) ON DELETE SET NULL,
    username        text NOT NULL,
    channel         text NOT NULL,
    address         text NOT NULL,
    language        text NOT NULL,
    subject_key     text NOT NULL,
    metric          text NOT NULL,
    severity        text NOT NULL,
    kind            text NOT NULL,
    title           text NOT NULL,
    body            text NOT NULL,
    state           text NOT NULL
        CHECK (state IN ('pending', 'sending', 'delivered', 'failed', 'suppressed')),
    reason          text,
    attempts        integer NOT NULL DEFAULT 0,
    event_at        timestamptz NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    next_attempt_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    handed_at       timestamptz,
    idempotency_key text NOT NULL UNIQUE
);
CREATE INDEX notifications_due_idx ON notifications (next_attempt_at)
    WHERE state IN ('pending', 'sending');
CREATE INDEX notifications_storm_idx ON notifications (subscription_id, subject_key, metric, event_at DESC)
    WHERE state <> 'suppressed';
CREATE INDEX notifications_alert_idx ON notifications (alert_id);

-- The delivery log: every attempt and what the provider answered.
CREATE TABLE notification_attempts (
    id              bigserial PRIMARY KEY,
    notification_id bigint NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    at              timestamptz NOT NULL DEFAULT clock_timestamp(),
    outcome         text NOT NULL CHECK (outcome IN ('delivered', 'retry', 'failed')),
    detail          text NOT NULL,
    elapsed_ms      integer NOT NULL
);
CREATE INDEX notification_attempts_idx ON notification_attempts (notification_id, id);
