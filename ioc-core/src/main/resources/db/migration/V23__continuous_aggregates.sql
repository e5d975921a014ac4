-- Issue 19: on TimescaleDB, continuous aggregates keep the 5-minute and hourly rollups that the
-- application's job keeps on plain PostgreSQL (V19, ADR 0020). Readers keep their names: the views
-- readings_5m and readings_1h give the same columns as the tables they replace, so SeriesStore
-- picks the coarsest one exactly as before. On plain PostgreSQL this migration does nothing.
--
-- Real-time aggregation (materialized_only = false): buckets above the materialisation watermark
-- are aggregated from readings_raw at query time, so the newest buckets are never missing. A late
-- reading below the watermark is picked up by TimescaleDB's invalidation log at the next policy
-- run (every 5 minutes for the 5-minute view, every 30 for the hourly one); until then that bucket
-- reads as before. The rollup job only ages out dirty marks here (Rollups).
--
-- UTC+7 is a whole number of hours from UTC, so time_bucket's default origin gives the same
-- 5-minute and hourly buckets as date_bin on local midnight (Rollups.ORIGIN).
DO $migration$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        RETURN;
    END IF;
    DROP TABLE readings_5m;
    DROP TABLE readings_1h;

    CREATE MATERIALIZED VIEW readings_5m_agg
        WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
        SELECT series_id, time_bucket(interval '5 minutes', ts) AS bucket,
               count(*)::integer AS n, sum(value) AS total, min(value) AS low, max(value) AS high
          FROM readings_raw
         GROUP BY series_id, time_bucket(interval '5 minutes', ts)
        WITH NO DATA;

    -- Hierarchical: hours from the 5-minute buckets, not from every reading again.
    CREATE MATERIALIZED VIEW readings_1h_agg
        WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
        SELECT series_id, time_bucket(interval '1 hour', bucket) AS bucket,
               sum(n)::integer AS n, sum(total) AS total, min(low) AS low, max(high) AS high
          FROM readings_5m_agg
         GROUP BY series_id, time_bucket(interval '1 hour', bucket)
        WITH NO DATA;

    -- start_offset NULL: the whole history, so what was stored before is materialised by the first
    -- runs; later runs recompute only invalidated ranges. end_offset leaves the bucket still
    -- filling to real-time aggregation.
    PERFORM add_continuous_aggregate_policy('readings_5m_agg',
        start_offset => NULL, end_offset => interval '10 minutes',
        schedule_interval => interval '5 minutes');
    PERFORM add_continuous_aggregate_policy('readings_1h_agg',
        start_offset => NULL, end_offset => interval '1 hour',
        schedule_interval => interval '30 minutes');

    CREATE VIEW readings_5m AS
        SELECT s.device_id, s.metric, a.bucket, a.n, a.total, a.low, a.high
          FROM readings_5m_agg a JOIN series s ON s.id = a.series_id;
    CREATE VIEW readings_1h AS
        SELECT s.device_id, s.metric, a.bucket, a.n, a.total, a.low, a.high
          FROM readings_1h_agg a JOIN series s ON s.id = a.series_id;
END
$migration$;
