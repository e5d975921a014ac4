-- Issue 19: rollups kept by the application on plain PostgreSQL (TimescaleDB's continuous
-- aggregates do this where it runs). Per device and metric: 5-minute and hourly count, sum, min
-- and max, aligned like every step of the readings API (on Asia/Ho_Chi_Minh's midnight).
-- A month of one device at step 1 h then reads ~720 rows instead of 43,200 (docs/storage.md).
CREATE TABLE readings_5m (
    device_id text NOT NULL,
    metric    text NOT NULL,
    bucket    timestamptz NOT NULL,
    n         integer NOT NULL,
    total     double precision NOT NULL,
    low       double precision NOT NULL,
    high      double precision NOT NULL,
    PRIMARY KEY (device_id, metric, bucket)
);

CREATE TABLE readings_1h (LIKE readings_5m INCLUDING ALL);

-- The 5-minute buckets whose readings changed since they were last rolled up: marked in the very
-- transaction that stores the readings (ReadingWriter), so no stored reading can miss its rollup,
-- late or replayed ones included; the rollup job empties it. Until then readers aggregate those
-- buckets from the raw readings.
CREATE TABLE rollup_dirty (
    device_id text NOT NULL,
    metric    text NOT NULL,
    bucket    timestamptz NOT NULL,
    PRIMARY KEY (device_id, metric, bucket)
);

-- What was stored before rollups existed is rolled up by the first runs of the job.
INSERT INTO rollup_dirty
SELECT DISTINCT device_id, metric,
       date_bin(interval '5 minutes', ts, TIMESTAMPTZ '2000-01-01 00:00:00+07')
  FROM readings;
