-- Issue 6: alerts and their lifecycle. raised → acknowledged → cleared → closed; a condition that
-- clears before anyone acknowledged it goes raised → cleared. An alert is open while raised or
-- acknowledged, and a rule has at most one open alert per device (the partial unique index).
-- Severity only rises on an open alert (escalation); every transition is an alert_events row
-- and an audit_log entry.
CREATE TABLE alerts (
    id              bigserial PRIMARY KEY,
    rule_id         bigint NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
    device_id       text NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    zone_id         text,
    metric          text NOT NULL,
    severity        text NOT NULL CHECK (severity IN ('watch', 'warning', 'critical')),
    state           text NOT NULL CHECK (state IN ('raised', 'acknowledged', 'cleared', 'closed')),
    raised_at       timestamptz NOT NULL,
    raised_value    double precision NOT NULL,
    last_value      double precision NOT NULL,
    acknowledged_at timestamptz,
    acknowledged_by text,
    cleared_at      timestamptz,
    closed_at       timestamptz,
    closed_by       text
);
CREATE UNIQUE INDEX alerts_one_open_per_rule_and_device ON alerts (rule_id, device_id)
    WHERE state IN ('raised', 'acknowledged');
CREATE INDEX alerts_zone_state_idx ON alerts (zone_id, state, raised_at DESC);
CREATE INDEX alerts_device_idx ON alerts (device_id, raised_at DESC);

CREATE TABLE alert_events (
    id       bigserial PRIMARY KEY,
    alert_id bigint NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    at       timestamptz NOT NULL,
    kind     text NOT NULL CHECK (kind IN ('raised', 'escalated', 'acknowledged', 'cleared',
                                           'closed')),
    severity text,
    value    double precision,
    actor    text
);
CREATE INDEX alert_events_alert_idx ON alert_events (alert_id, id);
