-- The kernel's readings became integer-keyed raw rows plus packed hours (kernel migration V20,
-- ADR 0023), and the old table went with its dependent view. Observations now read every reading,
-- raw or packed, through readings_all; hourly means of completed hours likewise.
CREATE OR REPLACE VIEW sta_observation_rows AS
SELECT o.id, o.datastream_id, o.phenomenon_start, o.phenomenon_end, o.result_time, o.result,
       o.result_quality, o.valid_start, o.valid_end, o.parameters, o.feature_id
  FROM sta_observations o
UNION ALL
SELECT sta_reading_id(d.id, r.ts), d.id, r.ts, NULL::timestamptz, r.ts, to_jsonb(r.value),
       NULL::jsonb, NULL::timestamptz, NULL::timestamptz, NULL::jsonb, d.feature_id
  FROM sta_datastreams d
  JOIN readings_all r ON r.device_id = d.device_id AND r.metric = d.metric
 WHERE d.device_id IS NOT NULL AND NOT d.hourly
UNION ALL
SELECT sta_reading_id(d.id, h.hour), d.id, h.hour, h.hour + interval '1 hour',
       h.hour + interval '1 hour', to_jsonb(h.mean), NULL::jsonb, NULL::timestamptz,
       NULL::timestamptz, jsonb_build_object('aggregate', 'mean', 'count', h.n), d.feature_id
  FROM sta_datastreams d
  CROSS JOIN LATERAL (
      SELECT date_trunc('hour', r.ts) AS hour, avg(r.value) AS mean, count(*) AS n
        FROM readings_in('-infinity', date_trunc('hour', now())) r
       WHERE r.device_id = d.device_id AND r.metric = d.metric
       GROUP BY 1) h
 WHERE d.device_id IS NOT NULL AND d.hourly;
