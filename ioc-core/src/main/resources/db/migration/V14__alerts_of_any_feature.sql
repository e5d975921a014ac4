-- Issue 13: alerts become a kernel service that any feature raises. A rule is named by its
-- feature and its key within that feature (water's key is its alert_rules id), no longer by a
-- foreign key into water's rule table; one open alert per rule and device stays a constraint.
ALTER TABLE alerts ADD COLUMN feature text, ADD COLUMN rule_key text;
UPDATE alerts SET feature = 'water', rule_key = rule_id::text;
ALTER TABLE alerts
    ALTER COLUMN feature SET NOT NULL,
    ALTER COLUMN rule_key SET NOT NULL,
    ADD CHECK (feature ~ '^[a-z][a-z0-9_]*$'),
    ADD CHECK (length(rule_key) BETWEEN 1 AND 128);
DROP INDEX alerts_one_open_per_rule_and_device;
ALTER TABLE alerts DROP COLUMN rule_id;
CREATE UNIQUE INDEX alerts_one_open_per_rule_and_device ON alerts (feature, rule_key, device_id)
    WHERE state IN ('raised', 'acknowledged');
CREATE INDEX alerts_feature_open_idx ON alerts (feature) WHERE state IN ('raised', 'acknowledged');
