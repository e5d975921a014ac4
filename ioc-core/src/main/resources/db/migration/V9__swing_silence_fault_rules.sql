-- Issue 6: the rules beyond plain thresholds, still as data.
-- Daily pH swing (derived on ingest, highest minus lowest pH of 24 h) in shrimp ponds:
-- > 0.5 / > 0.8 / > 1.0 (DOMAIN.md "Water"); clear 0.1 inside.
INSERT INTO alert_rules (profile, metric, direction, watch, warning, critical, hysteresis, source) VALUES
    ('whiteleg_shrimp_pond', 'ph_swing', 'above', 0.5, 0.8, 1.0, 0.1, 'DOMAIN-SOURCES.md §1.3'),
    ('black_tiger_shrimp_pond', 'ph_swing', 'above', 0.5, 0.8, 1.0, 0.1, 'DOMAIN-SOURCES.md §1.3');

-- A silent probe: minutes since its last reading, checked every minute; 15 / 30 / 60 min. Any
-- reading clears it. A design choice, not a standard: three missed 5-minute samples is a probe
-- that stopped, an hour of silence at night is a pond nobody watches.
-- A faulty probe: consecutive implausible or flat-lined samples (Plausibility, DOMAIN.md); 1 / 3
-- / 12 samples; one good sample clears it.
INSERT INTO alert_rules (profile, metric, direction, watch, warning, critical, hysteresis,
                         min_samples, min_duration_s, source)
SELECT code, 'probe_offline', 'above', 15, 30, 60, 0, 1, 0, 'design: docs/adr/0010' FROM species_profiles
UNION ALL
SELECT code, 'probe_fault', 'above', 0.5, 2.5, 11.5, 0.5, 1, 0, 'DOMAIN.md plausibility; design: docs/adr/0010'
FROM species_profiles;
