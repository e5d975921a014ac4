-- Issue 18: indicators for the city's leaders, measured every few minutes (KpiRecorder).
-- zone_id '' is the whole city (measured, not summed: means and shares do not add up).
CREATE TABLE kpi_points (
    kpi     text NOT NULL,
    zone_id text NOT NULL,
    at      timestamptz NOT NULL,
    value   double precision NOT NULL,
    PRIMARY KEY (kpi, zone_id, at)
);
CREATE INDEX kpi_points_at ON kpi_points (at);
