-- Issue 18: open data as an OGC SensorThings API (docs/opendata.md, ADR 0018).
-- The eight entity sets of the standard. Rows with a device_id are the IOC's own public devices,
-- projected from the registry by the feature (never a farmer's device): their Observations are the
-- kernel's readings, read through sta_observation_rows below, so nothing is copied. Rows without
-- one belong to an integrator (owner = the gateway credential that created them).

CREATE TABLE sta_things (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL,
    description text NOT NULL DEFAULT '',
    properties  jsonb,
    device_id   text UNIQUE,
    owner       text
);

CREATE TABLE sta_locations (
    id            bigserial PRIMARY KEY,
    name          text NOT NULL,
    description   text NOT NULL DEFAULT '',
    encoding_type text NOT NULL,
    location      jsonb NOT NULL,
    properties    jsonb,
    device_id     text UNIQUE,
    owner         text
);

CREATE TABLE sta_thing_locations (
    thing_id    bigint NOT NULL REFERENCES sta_things ON DELETE CASCADE,
    location_id bigint NOT NULL REFERENCES sta_locations ON DELETE CASCADE,
    PRIMARY KEY (thing_id, location_id)
);
CREATE INDEX sta_thing_locations_location ON sta_thing_locations (location_id);

CREATE TABLE sta_historical_locations (
    id       bigserial PRIMARY KEY,
    thing_id bigint NOT NULL REFERENCES sta_things ON DELETE CASCADE,
    time     timestamptz NOT NULL,
    owner    text
);
CREATE INDEX sta_historical_locations_thing ON sta_historical_locations (thing_id);

CREATE TABLE sta_historical_location_locations (
    historical_location_id bigint NOT NULL REFERENCES sta_historical_locations ON DELETE CASCADE,
    location_id            bigint NOT NULL REFERENCES sta_locations ON DELETE CASCADE,
    PRIMARY KEY (historical_location_id, location_id)
);
CREATE INDEX sta_hl_locations_location ON sta_historical_location_locations (location_id);

CREATE TABLE sta_sensors (
    id            bigserial PRIMARY KEY,
    name          text NOT NULL,
    description   text NOT NULL DEFAULT '',
    encoding_type text NOT NULL,
    metadata      text NOT NULL,
    properties    jsonb,
    ioc_key       text UNIQUE,
    owner         text
);

CREATE TABLE sta_observed_properties (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL,
    definition  text NOT NULL,
    description text NOT NULL DEFAULT '',
    properties  jsonb,
    ioc_key     text UNIQUE,
    owner       text
);

CREATE TABLE sta_features (
    id            bigserial PRIMARY KEY,
    name          text NOT NULL,
    description   text NOT NULL DEFAULT '',
    encoding_type text NOT NULL,
    feature       jsonb NOT NULL,
    properties    jsonb,
    device_id     text UNIQUE,
    owner         text
);

CREATE TABLE sta_datastreams (
    id                   bigserial PRIMARY KEY,
    name                 text NOT NULL,
    description          text NOT NULL DEFAULT '',
    observation_type     text NOT NULL,
    unit                 jsonb NOT NULL,
    properties           jsonb,
    thing_id             bigint NOT NULL REFERENCES sta_things ON DELETE CASCADE,
    sensor_id            bigint NOT NULL REFERENCES sta_sensors ON DELETE CASCADE,
    observed_property_id bigint NOT NULL REFERENCES sta_observed_properties ON DELETE CASCADE,
    -- The IOC's device and metric whose readings are this stream's Observations, with hourly
    -- means instead of raw values (public water quality), and the device's feature of interest.
    device_id            text,
    metric               text,
    hourly               boolean NOT NULL DEFAULT false,
    feature_id           bigint REFERENCES sta_features ON DELETE SET NULL,
    owner                text,
    UNIQUE (device_id, metric),
    CHECK ((device_id IS NULL) = (metric IS NULL))
);
CREATE INDEX sta_datastreams_thing ON sta_datastreams (thing_id);
CREATE INDEX sta_datastreams_sensor ON sta_datastreams (sensor_id);
CREATE INDEX sta_datastreams_op ON sta_datastreams (observed_property_id);

-- Integrators' Observations (their own Datastreams; the IOC's go to readings through ingest).
CREATE TABLE sta_observations (
    id               bigserial PRIMARY KEY,
    datastream_id    bigint NOT NULL REFERENCES sta_datastreams ON DELETE CASCADE,
    phenomenon_start timestamptz NOT NULL,
    phenomenon_end   timestamptz,
    result_time      timestamptz,
    result           jsonb,
    result_quality   jsonb,
    valid_start      timestamptz,
    valid_end        timestamptz,
    parameters       jsonb,
    feature_id       bigint NOT NULL REFERENCES sta_features ON DELETE CASCADE,
    owner            text
);
CREATE INDEX sta_observations_stream ON sta_observations (datastream_id, phenomenon_start);
CREATE INDEX sta_observations_feature ON sta_observations (feature_id);

-- An IOC reading's Observation id: the stream in the high bits, milliseconds since 2000 in the
-- low 41 (until 2069), so an id names one reading and decodes back to it (ObservationIds).
CREATE FUNCTION sta_reading_id(stream bigint, ts timestamptz) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (stream << 41) | ((extract(epoch FROM ts) * 1000)::bigint - 946684800000) $$;

-- Every Observation: integrators' rows, then the IOC's readings (raw, or completed hourly means).
CREATE VIEW sta_observation_rows AS
SELECT o.id, o.datastream_id, o.phenomenon_start, o.phenomenon_end, o.result_time, o.result,
       o.result_quality, o.valid_start, o.valid_end, o.parameters, o.feature_id
  FROM sta_observations o
UNION ALL
SELECT sta_reading_id(d.id, r.ts), d.id, r.ts, NULL::timestamptz, r.ts, to_jsonb(r.value),
       NULL::jsonb, NULL::timestamptz, NULL::timestamptz, NULL::jsonb, d.feature_id
  FROM sta_datastreams d
  JOIN readings r ON r.device_id = d.device_id AND r.metric = d.metric
 WHERE d.device_id IS NOT NULL AND NOT d.hourly
UNION ALL
SELECT sta_reading_id(d.id, h.hour), d.id, h.hour, h.hour + interval '1 hour',
       h.hour + interval '1 hour', to_jsonb(h.mean), NULL::jsonb, NULL::timestamptz,
       NULL::timestamptz, jsonb_build_object('aggregate', 'mean', 'count', h.n), d.feature_id
  FROM sta_datastreams d
  CROSS JOIN LATERAL (
      SELECT date_trunc('hour', r.ts) AS hour, avg(r.value) AS mean, count(*) AS n
        FROM readings r
       WHERE r.device_id = d.device_id AND r.metric = d.metric
         AND r.ts < date_trunc('hour', now())
       GROUP BY 1) h
 WHERE d.device_id IS NOT NULL AND d.hourly;

-- A JSON result as a number where it is one (comparisons with numbers), else null.
CREATE FUNCTION sta_number(v jsonb) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE jsonb_typeof(v) WHEN 'number' THEN (v #>> '{}')::double precision END $$;

-- A JSON value as an instant where it is an ISO 8601 string, else null.
CREATE FUNCTION sta_time(v jsonb) RETURNS timestamptz
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    RETURN (v #>> '{}')::timestamptz;
EXCEPTION WHEN others THEN
    RETURN NULL;
END
$$;

-- A GeoJSON Point, LineString or Polygon (its outer ring) as PostgreSQL's own polygon type, so
-- the geospatial filter functions run on built-in operators (@>, &&, <->, ~=) without PostGIS.
-- Coordinates stay longitude/latitude degrees; other geometries give null and match nothing.
CREATE FUNCTION sta_polygon(g jsonb) RETURNS polygon
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE g ->> 'type'
    WHEN 'Point' THEN
        format('((%s,%s))', g -> 'coordinates' ->> 0, g -> 'coordinates' ->> 1)::polygon
    WHEN 'LineString' THEN
        (SELECT format('(%s)', string_agg(format('(%s,%s)', c ->> 0, c ->> 1), ',' ORDER BY n))
           FROM jsonb_array_elements(g -> 'coordinates') WITH ORDINALITY AS e(c, n))::polygon
    WHEN 'Polygon' THEN
        (SELECT format('(%s)', string_agg(format('(%s,%s)', c ->> 0, c ->> 1), ',' ORDER BY n))
           FROM jsonb_array_elements(g -> 'coordinates' -> 0) WITH ORDINALITY AS e(c, n))::polygon
    WHEN 'Feature' THEN sta_polygon(g -> 'geometry')
END
$$;
