-- Issue 6: water-quality rules as data. A rule watches one metric of the probes of a species
-- profile (or of one device, overriding the profile's rule for that metric and direction) with
-- three levels, as in Vietnamese farmer alerts (cấp 1/2/3 = watch/warning/critical), a
-- hysteresis for clearing and a minimum duration before raising. Thresholds: DOMAIN.md, sources
-- in DOMAIN-SOURCES.md §1.
CREATE TABLE species_profiles (
    code    text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,63}$'),
    name_vi text NOT NULL,
    name_en text NOT NULL
);

CREATE TABLE alert_rules (
    id            bigserial PRIMARY KEY,
    profile       text REFERENCES species_profiles (code),
    device_id     text REFERENCES devices (id) ON DELETE CASCADE,
    metric        text NOT NULL,
    direction     text NOT NULL CHECK (direction IN ('below', 'above')),
    watch         double precision NOT NULL,
    warning       double precision NOT NULL,
    critical      double precision NOT NULL,
    hysteresis    double precision NOT NULL CHECK (hysteresis >= 0),
    min_samples   integer NOT NULL DEFAULT 2 CHECK (min_samples BETWEEN 1 AND 100),
    min_duration_s integer NOT NULL DEFAULT 600 CHECK (min_duration_s BETWEEN 0 AND 86400),
    source        text NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    -- Exactly one scope: a profile's default or one device's override.
    CHECK ((profile IS NULL) <> (device_id IS NULL)),
    -- Levels must worsen in the rule's direction.
    CHECK ((direction = 'below' AND watch > warning AND warning > critical)
        OR (direction = 'above' AND watch < warning AND warning < critical))
);
-- One rule per scope, metric and direction (partial indexes: NULLS NOT DISTINCT needs PG 15).
CREATE UNIQUE INDEX alert_rules_profile_uq ON alert_rules (profile, metric, direction)
    WHERE profile IS NOT NULL;
CREATE UNIQUE INDEX alert_rules_device_uq ON alert_rules (device_id, metric, direction)
    WHERE device_id IS NOT NULL;

INSERT INTO species_profiles (code, name_vi, name_en) VALUES
    ('pangasius_pond', 'Ao cá tra', 'Pangasius pond'),
    ('whiteleg_shrimp_pond', 'Ao tôm thẻ chân trắng', 'White-leg shrimp pond'),
    ('black_tiger_shrimp_pond', 'Ao tôm sú', 'Black tiger shrimp pond'),
    ('river_fish_cage', 'Lồng bè cá trên sông', 'River fish cage');

-- Dissolved oxygen: shrimp ponds and river cages < 4 / < 3 / < 2 mg/L, pangasius < 3 / < 2 / < 1;
-- clear at +0.5 mg/L (DOMAIN.md "Water").
INSERT INTO alert_rules (profile, metric, direction, watch, warning, critical, hysteresis, source) VALUES
    ('pangasius_pond', 'do', 'below', 3, 2, 1, 0.5, 'DOMAIN-SOURCES.md §1.2, §1.5'),
    ('whiteleg_shrimp_pond', 'do', 'below', 4, 3, 2, 0.5, 'DOMAIN-SOURCES.md §1.2, §1.5'),
    ('black_tiger_shrimp_pond', 'do', 'below', 4, 3, 2, 0.5, 'DOMAIN-SOURCES.md §1.2, §1.5'),
    ('river_fish_cage', 'do', 'below', 4, 3, 2, 0.5, 'DOMAIN-SOURCES.md §1.2, §1.5');

-- Un-ionised ammonia (NH3-N, derived on ingest): shrimp > 0.05 / 0.1 / 0.2, fish > 0.05 / 0.2 / 0.6.
INSERT INTO alert_rules (profile, metric, direction, watch, warning, critical, hysteresis, source) VALUES
    ('pangasius_pond', 'nh3', 'above', 0.05, 0.2, 0.6, 0.01, 'DOMAIN-SOURCES.md §1.4, §1.6'),
    ('whiteleg_shrimp_pond', 'nh3', 'above', 0.05, 0.1, 0.2, 0.01, 'DOMAIN-SOURCES.md §1.4, §1.6'),
    ('black_tiger_shrimp_pond', 'nh3', 'above', 0.05, 0.1, 0.2, 0.01, 'DOMAIN-SOURCES.md §1.4, §1.6'),
    ('river_fish_cage', 'nh3', 'above', 0.05, 0.2, 0.6, 0.01, 'DOMAIN-SOURCES.md §1.4, §1.6');

-- pH: shrimp < 7.5 or > 8.5 / < 7.0 or > 9.0 / < 6.5 or > 9.5; fish < 6.5 or > 8.5 / < 6 or > 9 /
-- < 5.5 or > 9.5; clear 0.1 inside.
INSERT INTO alert_rules (profile, metric, direction, watch, warning, critical, hysteresis, source) VALUES
    ('whiteleg_shrimp_pond', 'ph', 'below', 7.5, 7.0, 6.5, 0.1, 'DOMAIN-SOURCES.md §1.3, §1.6'),
    ('whiteleg_shrimp_pond', 'ph', 'above', 8.5, 9.0, 9.5, 0.1, 'DOMAIN-SOURCES.md §1.3, §1.6'),
    ('black_tiger_shrimp_pond', 'ph', 'below', 7.5, 7.0, 6.5, 0.1, 'DOMAIN-SOURCES.md §1.3, §1.6'),
    ('black_tiger_shrimp_pond', 'ph', 'above', 8.5, 9.0, 9.5, 0.1, 'DOMAIN-SOURCES.md §1.3, §1.6'),
    ('pangasius_pond', 'ph', 'below', 6.5, 6.0, 5.5, 0.1, 'DOMAIN-SOURCES.md §1.3, §1.6'),
    ('pangasius_pond', 'ph', 'above', 8.5, 9.0, 9.5, 0.1, 'DOMAIN-SOURCES.md §1.3, §1.6'),
    ('river_fish_cage', 'ph', 'below', 6.5, 6.0, 5.5, 0.1, 'DOMAIN-SOURCES.md §1.3, §1.6'),
    ('river_fish_cage', 'ph', 'above', 8.5, 9.0, 9.5, 0.1, 'DOMAIN-SOURCES.md §1.3, §1.6');

-- Salinity near pangasius > 4 / 7 / 10 ‰ (4 ‰ is the legal intrusion line, QĐ 18/2021/QĐ-TTg).
INSERT INTO alert_rules (profile, metric, direction, watch, warning, critical, hysteresis, source) VALUES
    ('pangasius_pond', 'salinity', 'above', 4, 7, 10, 0.5, 'DOMAIN-SOURCES.md §1.3, §3'),
    ('river_fish_cage', 'salinity', 'above', 4, 7, 10, 0.5, 'DOMAIN-SOURCES.md §1.3, §3');
