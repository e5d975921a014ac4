-- Issue 19: a reading costs under 100 bytes fresh and under 20 bytes packed (ADR 0023,
-- docs/storage.md). Until now every row carried its device id, metric and source as text plus a
-- receive time: about 133 bytes with the index. Now:
--   series           one row per device and metric: an integer key for every reading of it;
--   reading_sources  the few ingest paths ('mqtt', 'http', 'opcua', ...) as small codes;
--   readings_raw     the stored readings: 24 bytes of data per row, columns ordered so that no
--                    alignment padding is wasted (timestamp and value first, then the int, then
--                    the two smallints), and one unique index on (series_id, ts);
--   readings_packed  readings older than two days of the data's own time, one row per series and
--                    hour with the instants and values in arrays (ReadingPacker), the way
--                    TimescaleDB compresses chunks; on TimescaleDB its native compression does it.
-- Readers keep their names: the view readings shows the raw rows as before (all the last two
-- days, which is what detectors and live state read), readings_in(lo, hi) shows raw and packed
-- rows of a time range (the readings API, exports, rollups), readings_all every reading.

CREATE TABLE series (
    id        integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device_id text NOT NULL,
    metric    text NOT NULL,
    CONSTRAINT series_key UNIQUE (device_id, metric)
);

CREATE TABLE reading_sources (
    code smallint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE
);

-- How far packing has come: readings before packed_before may be packed, so a writer storing one
-- of them must check the packed rows first (ReadingWriter's careful path). The newest instant any
-- stored reading carries (the data's own clock, kept by the rollup job) sets how far packing goes.
CREATE TABLE reading_packing (
    only_row      boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    packed_before timestamptz NOT NULL DEFAULT '-infinity',
    newest        timestamptz NOT NULL DEFAULT '-infinity'
);
INSERT INTO reading_packing DEFAULT VALUES;

-- Hours of a series below packed_before that received a reading after they were packed (a late or
-- replayed one, stored raw by the careful path): the packer merges them into their packed row.
CREATE TABLE pack_pending (
    series_id integer NOT NULL,
    hour      timestamptz NOT NULL,
    PRIMARY KEY (series_id, hour)
);

DO $$
DECLARE
    timescale boolean := EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb');
    day date;
BEGIN
    EXECUTE 'CREATE TABLE readings_raw ('
         || '  ts        timestamptz NOT NULL,'
         || '  value     double precision NOT NULL,'
         || '  series_id integer NOT NULL,'
         || '  quality   smallint NOT NULL DEFAULT 0,'
         || '  source    smallint NOT NULL,'
         || '  CONSTRAINT readings_raw_key UNIQUE (series_id, ts))'
         || CASE WHEN timescale THEN '' ELSE ' PARTITION BY RANGE (ts)' END;
    IF timescale THEN
        PERFORM create_hypertable('readings_raw', 'ts', chunk_time_interval => interval '1 day');
        -- TimescaleDB compresses chunks older than two days itself, segment by series.
        EXECUTE 'ALTER TABLE readings_raw SET (timescaledb.compress,'
             || ' timescaledb.compress_segmentby = ''series_id'','
             || ' timescaledb.compress_orderby = ''ts'')';
        PERFORM add_compression_policy('readings_raw', interval '2 days');
    ELSE
        CREATE TABLE readings_raw_default PARTITION OF readings_raw DEFAULT;
        -- The days already stored get their partitions, so none of them sits in the default.
        FOR day IN SELECT DISTINCT (ts AT TIME ZONE 'UTC')::date FROM readings LOOP
            EXECUTE format('CREATE TABLE readings_raw_p%s PARTITION OF readings_raw'
                        || ' FOR VALUES FROM (%L) TO (%L)', to_char(day, 'YYYYMMDD'),
                           day::timestamp AT TIME ZONE 'UTC',
                           (day + 1)::timestamp AT TIME ZONE 'UTC');
        END LOOP;
    END IF;
END
$$;

CREATE TABLE readings_packed (
    series_id integer NOT NULL,
    hour      timestamptz NOT NULL,
    -- Milliseconds after the hour, ascending; micros holds the sub-millisecond rest where any
    -- reading of the hour has one (null otherwise: devices send whole milliseconds or seconds).
    offsets   integer[] NOT NULL,
    micros    smallint[],
    vals      double precision[] NOT NULL,
    -- Null when every reading is of good quality (0), the usual case.
    qualities smallint[],
    -- One code when the whole hour came one way, else one per reading.
    sources   smallint[] NOT NULL,
    PRIMARY KEY (series_id, hour)
);

-- What was stored before moves into the new tables.
INSERT INTO series (device_id, metric) SELECT DISTINCT device_id, metric FROM readings;
INSERT INTO reading_sources (name) SELECT DISTINCT source FROM readings;
INSERT INTO readings_raw (ts, value, series_id, quality, source)
SELECT r.ts, r.value, s.id, r.quality, src.code
  FROM readings r
  JOIN series s ON s.device_id = r.device_id AND s.metric = r.metric
  JOIN reading_sources src ON src.name = r.source;
UPDATE reading_packing SET newest = coalesce((SELECT max(ts) FROM readings), '-infinity');

-- The open-data feature's view reads the old table; it is dropped with it and its own migration
-- recreates it on readings_all.
DROP TABLE readings CASCADE;

-- Raw readings under their old shape. Left joins on unique keys: a query that does not use the
-- source's name does not pay for the join (the planner removes it).
CREATE VIEW readings AS
SELECT s.device_id, s.metric, r.ts, r.value, r.quality, src.name AS source, r.series_id
  FROM readings_raw r
  LEFT JOIN series s ON s.id = r.series_id
  LEFT JOIN reading_sources src ON src.code = r.source;

-- Every reading from lo (inclusive) to hi (exclusive), raw and packed. A plain SQL function, so
-- the planner inlines it: lo and hi then bound the packed rows by their hour on the primary key
-- (a view could not: an instant computed from an array cannot use an index).
CREATE FUNCTION readings_in(lo timestamptz, hi timestamptz)
    RETURNS TABLE (device_id text, metric text, ts timestamptz, value double precision,
                   quality smallint, source text, series_id integer)
    LANGUAGE sql STABLE AS $$
SELECT s.device_id, s.metric, r.ts, r.value, r.quality, src.name, r.series_id
  FROM readings_raw r
  LEFT JOIN series s ON s.id = r.series_id
  LEFT JOIN reading_sources src ON src.code = r.source
 WHERE r.ts >= lo AND r.ts < hi
UNION ALL
SELECT s.device_id, s.metric, u.ts, u.value, u.quality, src.name, p.series_id
  FROM readings_packed p
  LEFT JOIN series s ON s.id = p.series_id
  CROSS JOIN LATERAL (
      SELECT p.hour + (o.ms * 1000::bigint + coalesce(o.us, 0)) * interval '1 microsecond' AS ts,
             o.v AS value, coalesce(o.q, 0::smallint) AS quality,
             CASE WHEN cardinality(p.sources) = 1 THEN p.sources[1] ELSE o.src END AS source
        FROM unnest(p.offsets, p.micros, p.vals, p.qualities, p.sources) AS o (ms, us, v, q, src)
       WHERE o.ms IS NOT NULL) u
  LEFT JOIN reading_sources src ON src.code = u.source
 WHERE p.hour >= date_trunc('hour', lo, 'UTC') AND p.hour < hi AND u.ts >= lo AND u.ts < hi
$$;

CREATE VIEW readings_all AS SELECT * FROM readings_in('-infinity', 'infinity');

-- The rollups' dirty marks carry the series key instead of device and metric text.
-- Marking was a tenth of the ingest path's CPU (text arrays built, sent and compared per batch);
-- an integer key is cheaper to build, to send and to find.
CREATE TABLE rollup_marks (
    series_id integer NOT NULL,
    bucket    timestamptz NOT NULL,
    PRIMARY KEY (series_id, bucket)
);
INSERT INTO rollup_marks
SELECT s.id, d.bucket FROM rollup_dirty d JOIN series s USING (device_id, metric)
ON CONFLICT DO NOTHING;
DROP TABLE rollup_dirty;
ALTER TABLE rollup_marks RENAME TO rollup_dirty;
ALTER INDEX rollup_marks_pkey RENAME TO rollup_dirty_pkey;

-- A plain INSERT INTO readings (the hourly index, tests, a hand-made fix) stores through here:
-- the key and code are found or made, a reading already stored raw or packed is skipped, and its
-- rollup bucket is marked, as the ingest path does.
CREATE FUNCTION readings_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    sid integer;
    code smallint;
BEGIN
    INSERT INTO series (device_id, metric) VALUES (NEW.device_id, NEW.metric)
        ON CONFLICT DO NOTHING;
    SELECT id INTO sid FROM series WHERE device_id = NEW.device_id AND metric = NEW.metric;
    INSERT INTO reading_sources (name) VALUES (NEW.source) ON CONFLICT DO NOTHING;
    SELECT rs.code INTO code FROM reading_sources rs WHERE rs.name = NEW.source;
    -- Serialises with the packer, as ReadingWriter's careful path does.
    PERFORM pg_advisory_xact_lock(1919002);
    IF EXISTS (SELECT 1 FROM readings_in(NEW.ts, NEW.ts + interval '1 microsecond') x
                WHERE x.series_id = sid) THEN
        RETURN NULL;
    END IF;
    INSERT INTO readings_raw (ts, value, series_id, quality, source)
    VALUES (NEW.ts, NEW.value, sid, coalesce(NEW.quality, 0), code)
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    IF NEW.ts < (SELECT packed_before FROM reading_packing) THEN
        INSERT INTO pack_pending VALUES (sid, date_trunc('hour', NEW.ts, 'UTC'))
            ON CONFLICT DO NOTHING;
    END IF;
    INSERT INTO rollup_dirty (series_id, bucket)
    VALUES (sid, date_bin(interval '5 minutes', NEW.ts, TIMESTAMPTZ '2000-01-01 00:00:00+07'))
    ON CONFLICT DO NOTHING;
    RETURN NEW;
END
$$;

CREATE TRIGGER readings_insert INSTEAD OF INSERT ON readings
    FOR EACH ROW EXECUTE FUNCTION readings_insert();
