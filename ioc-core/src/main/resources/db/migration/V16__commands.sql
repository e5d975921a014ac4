-- Issue 15: commands to devices and the device twin (docs/commands.md).
-- One row per device addressed; a request to a group is a batch of rows sharing batch_id.
-- A final status (acknowledged, rejected, failed, timed_out) is never changed again: the
-- service's UPDATEs only move rows that are still pending or sent.
CREATE TABLE commands (
    id           bigserial PRIMARY KEY,
    command_id   uuid NOT NULL UNIQUE,
    batch_id     uuid NOT NULL,
    target       text NOT NULL,
    device_id    text NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    zone_id      text,
    action       text NOT NULL,
    params       jsonb NOT NULL,
    requested_by text NOT NULL,
    origin       text NOT NULL CHECK (origin IN ('operator', 'schedule', 'twin', 'system')),
    status       text NOT NULL CHECK (status IN ('pending', 'sent', 'acknowledged', 'rejected',
                                                 'failed', 'timed_out')),
    detail       text,
    transport    text,
    created_at   timestamptz NOT NULL,
    deadline     timestamptz NOT NULL,
    sent_at      timestamptz,
    ended_at     timestamptz
);
CREATE INDEX commands_batch_idx ON commands (batch_id);
CREATE INDEX commands_device_idx ON commands (device_id, id DESC);
CREATE INDEX commands_open_idx ON commands (status) WHERE status IN ('pending', 'sent');

-- What the city wants each device to be (desired) beside what it last reported (the readings).
CREATE TABLE device_twins (
    device_id    text PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
    action       text NOT NULL,
    params       jsonb NOT NULL,
    desired      jsonb NOT NULL,
    command_id   uuid NOT NULL,
    set_at       timestamptz NOT NULL,
    set_by       text NOT NULL
);
