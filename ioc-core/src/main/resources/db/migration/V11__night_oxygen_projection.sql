-- Issue 6: the night-time oxygen crash, warned before it happens. do_projected is DO extrapolated
-- log-linearly to 07:00 at night (the DO itself by day); DOMAIN.md: "projected DO < 4 mg/L before
-- 07:00 → act now" for shrimp ponds and river cages, whose DO thresholds are 4 / 3 / 2; pangasius
-- ponds, which tolerate less oxygen, keep their own 3 / 2 / 1.
INSERT INTO alert_rules (profile, metric, direction, watch, warning, critical, hysteresis, source) VALUES
    ('pangasius_pond', 'do_projected', 'below', 3, 2, 1, 0.5, 'DOMAIN.md night crash; DOMAIN-SOURCES.md §1.2, §1.7'),
    ('whiteleg_shrimp_pond', 'do_projected', 'below', 4, 3, 2, 0.5, 'DOMAIN.md night crash; DOMAIN-SOURCES.md §1.2, §1.7'),
    ('black_tiger_shrimp_pond', 'do_projected', 'below', 4, 3, 2, 0.5, 'DOMAIN.md night crash; DOMAIN-SOURCES.md §1.2, §1.7'),
    ('river_fish_cage', 'do_projected', 'below', 4, 3, 2, 0.5, 'DOMAIN.md night crash; DOMAIN-SOURCES.md §1.2, §1.7');
