-- Issue 19: the readings of one series over [lo, hi), raw or packed, for the rollup job.
--
-- Rollups read each dirty bucket's readings through a LATERAL join. With readings_in(lo, hi) and
-- the series as a join condition, PostgreSQL keeps that condition outside the function's UNION
-- ALL and scans the bucket's five minutes of every series for each bucket: EXPLAIN in the ingest
-- bench showed a sequential scan of the day's partition per bucket, and one slice of 5,000 buckets
-- ran for over four minutes. Here the series is an argument, inside both arms, so each arm reads
-- its (series_id, ts) or (series_id, hour) index. The function is inlined like readings_in.
CREATE FUNCTION series_readings_in(sid integer, lo timestamptz, hi timestamptz)
    RETURNS TABLE (ts timestamptz, value double precision, quality smallint)
    LANGUAGE sql STABLE AS $$
SELECT r.ts, r.value, r.quality
  FROM readings_raw r
 WHERE r.series_id = sid AND r.ts >= lo AND r.ts < hi
UNION ALL
SELECT u.ts, u.value, u.quality
  FROM readings_packed p
  CROSS JOIN LATERAL (
      SELECT p.hour + (o.ms * 1000::bigint + coalesce(o.us, 0)) * interval '1 microsecond' AS ts,
             o.v AS value, coalesce(o.q, 0::smallint) AS quality
        FROM unnest(p.offsets, p.micros, p.vals, p.qualities) AS o (ms, us, v, q)
       WHERE o.ms IS NOT NULL) u
 WHERE p.series_id = sid AND p.hour >= date_trunc('hour', lo, 'UTC') AND p.hour < hi
   AND u.ts >= lo AND u.ts < hi
$$;
