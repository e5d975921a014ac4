-- Issue 15: smart streetlights (docs/lighting.md).
-- The luminaires: what the registry file says of each streetlight beyond its position.
CREATE TABLE lighting_luminaires (
    device_id     text PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
    cabinet_id    text,
    circuit       integer,
    street        text,
    lamp_type     text,
    rated_power_w double precision NOT NULL CHECK (rated_power_w > 0)
);
CREATE INDEX lighting_luminaires_cabinet_idx ON lighting_luminaires (cabinet_id);

-- Which dimming profile a group follows: a device, a circuit, a cabinet, a street, a zone or the
-- city; the most specific assignment wins. Calendars (holidays) apply on top of every profile.
CREATE TABLE lighting_schedule_assignments (
    target     text PRIMARY KEY,
    profile_id text NOT NULL,
    set_by     text NOT NULL,
    set_at     timestamptz NOT NULL
);

-- Operators' own profiles, beside the built-in ones.
CREATE TABLE lighting_profiles (
    id         text PRIMARY KEY,
    definition jsonb NOT NULL,
    set_by     text NOT NULL,
    set_at     timestamptz NOT NULL
);

-- A light an operator commanded by hand: the schedule leaves it alone until then (a TALQ override).
CREATE TABLE lighting_overrides (
    device_id text PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
    until     timestamptz NOT NULL,
    set_by    text NOT NULL
);
