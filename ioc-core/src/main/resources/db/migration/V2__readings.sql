-- The time series: one narrow table (device, metric, ts, value, quality).
-- With TimescaleDB loaded it becomes a hypertable; without it, native declarative partitions by
-- day (the application creates them ahead and drops old ones). Both answer the same queries.
-- The unique key makes re-delivery of the same reading harmless.
DO $$
DECLARE
    timescale boolean := EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')
                         AND current_setting('shared_preload_libraries') LIKE '%timescaledb%';
BEGIN
    EXECUTE 'CREATE TABLE readings ('
         || '  device_id   text NOT NULL,'
         || '  metric      text NOT NULL,'
         || '  ts          timestamptz NOT NULL,'
         || '  value       double precision NOT NULL,'
         || '  quality     smallint NOT NULL DEFAULT 0,'
         || '  source      text NOT NULL,'
         || '  received_at timestamptz NOT NULL DEFAULT now(),'
         || '  CONSTRAINT readings_key UNIQUE (device_id, metric, ts))'
         || CASE WHEN timescale THEN '' ELSE ' PARTITION BY RANGE (ts)' END;
    IF timescale THEN
        CREATE EXTENSION IF NOT EXISTS timescaledb;
        PERFORM create_hypertable('readings', 'ts', chunk_time_interval => interval '1 day');
    ELSE
        -- Catches rows outside every daily partition, so an insert never fails for lack of one.
        CREATE TABLE readings_default PARTITION OF readings DEFAULT;
    END IF;
END
$$;

-- What could not be stored, with the reason and the raw bytes (nothing is dropped silently).
CREATE TABLE quarantine (
    id          bigserial PRIMARY KEY,
    received_at timestamptz NOT NULL,
    source      text NOT NULL,
    topic       text,
    device_id   text,
    reason      text NOT NULL,
    raw         bytea NOT NULL
);
CREATE INDEX quarantine_received_idx ON quarantine (received_at);
