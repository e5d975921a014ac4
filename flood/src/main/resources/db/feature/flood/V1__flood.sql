-- Issue 16: tidal flooding early warning (docs/flood.md).
-- Water-level stations: which device and metric is the level, its alarm levels (BĐ I/II/III, cm on
-- the national height datum) and the rules that decide a crossing.
CREATE TABLE flood_stations (
    device_id        text PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
    name             text NOT NULL,
    level_metric     text NOT NULL,
    bd1_cm           double precision NOT NULL,
    bd2_cm           double precision NOT NULL,
    bd3_cm           double precision NOT NULL,
    hysteresis_cm    double precision NOT NULL CHECK (hysteresis_cm BETWEEN 0 AND 50),
    confirm_samples  integer NOT NULL CHECK (confirm_samples BETWEEN 1 AND 12),
    rise_cm_per_hour double precision CHECK (rise_cm_per_hour > 0),
    set_by           text NOT NULL,
    set_at           timestamptz NOT NULL,
    CHECK (bd1_cm < bd2_cm AND bd2_cm < bd3_cm)
);

-- The communes and wards a station protects: its warnings go to their operators.
CREATE TABLE flood_station_wards (
    device_id text NOT NULL REFERENCES flood_stations (device_id) ON DELETE CASCADE,
    zone_id   text NOT NULL,
    PRIMARY KEY (device_id, zone_id)
);
CREATE INDEX flood_station_wards_zone_idx ON flood_station_wards (zone_id);

-- Every crossing of an alarm level and its end, as detected (data time).
CREATE TABLE flood_crossings (
    id        bigserial PRIMARY KEY,
    device_id text NOT NULL,
    level     smallint NOT NULL CHECK (level BETWEEN 1 AND 3),
    crossed   boolean NOT NULL,
    at        timestamptz NOT NULL,
    value_cm  double precision NOT NULL,
    UNIQUE (device_id, level, crossed, at)
);

-- The hourly forecasts of each station's next two high waters.
CREATE TABLE flood_forecasts (
    device_id          text NOT NULL,
    issued_at          timestamptz NOT NULL,
    hw1_at             timestamptz NOT NULL,
    hw1_cm             double precision NOT NULL,
    hw2_at             timestamptz,
    hw2_cm             double precision,
    expected_error_cm  double precision NOT NULL,
    expected_timing_min double precision,
    verified           integer NOT NULL,
    fit_rms_cm         double precision NOT NULL,
    surge_cm           double precision NOT NULL,
    PRIMARY KEY (device_id, issued_at)
);

-- Pre-alerts: a coming high water forecast to reach an alarm level, and how they ended.
CREATE TABLE flood_prealerts (
    id         bigserial PRIMARY KEY,
    device_id  text NOT NULL,
    decision   text NOT NULL CHECK (decision IN ('raise', 'escalate', 'passed', 'called_off')),
    level      smallint NOT NULL CHECK (level BETWEEN 1 AND 3),
    peak_at    timestamptz NOT NULL,
    peak_cm    double precision NOT NULL,
    issued_at  timestamptz NOT NULL,
    UNIQUE (device_id, decision, issued_at)
);
