-- What a reading costs on TimescaleDB, before and after its native compression (docs/storage.md).
-- Run with psql as a superuser on a server with timescaledb preloaded; it makes and leaves the
-- database tsbytes. Measured 2026-12-07 on TimescaleDB 2.28.3 and PostgreSQL 15.20.
\timing off
DROP DATABASE IF EXISTS tsbytes;
CREATE DATABASE tsbytes;
\c tsbytes
CREATE EXTENSION timescaledb;
-- The project's readings_raw as V20 creates it on TimescaleDB.
CREATE TABLE readings_raw (ts timestamptz NOT NULL, value double precision NOT NULL,
  series_id integer NOT NULL, quality smallint NOT NULL DEFAULT 0, source smallint NOT NULL,
  CONSTRAINT readings_raw_key UNIQUE (series_id, ts));
SELECT create_hypertable('readings_raw', 'ts', chunk_time_interval => interval '1 day');
ALTER TABLE readings_raw SET (timescaledb.compress, timescaledb.compress_segmentby = 'series_id',
  timescaledb.compress_orderby = 'ts');
-- bench storage's data: 1,000 series, one reading a minute for 10,000 minutes, dissolved oxygen
-- with two decimals drifting over the day with noise (Box-Muller for the Gaussian).
SELECT setseed(0.19);
INSERT INTO readings_raw
SELECT now() - interval '10000 minutes' + m * interval '1 minute',
       round((5 + 2 * sin(2 * pi() * (m % 1440) / 1440.0)
              + 0.3 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))::numeric, 2),
       s, 0, 1
  FROM generate_series(0, 9999) m, generate_series(1, 1000) s;
VACUUM ANALYZE readings_raw;
SELECT count(*) AS readings,
       round(hypertable_size('readings_raw')::numeric / count(*), 1) AS bytes_per_reading_fresh
  FROM readings_raw;
SELECT count(compress_chunk(c)) AS chunks_compressed FROM show_chunks('readings_raw') c;
VACUUM ANALYZE readings_raw;
SELECT count(*) AS readings,
       round(hypertable_size('readings_raw')::numeric / count(*), 1) AS bytes_per_reading_compressed
  FROM readings_raw;
SELECT round(sum(before_compression_total_bytes)::numeric / sum(after_compression_total_bytes), 1) AS ratio
  FROM chunk_compression_stats('readings_raw');
