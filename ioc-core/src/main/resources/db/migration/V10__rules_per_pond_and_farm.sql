-- Issue 6: a species profile's rule may be overridden for a whole farm or one pond, besides one
-- probe. Precedence: device, then pond, then farm, then profile (RuleStore.effective).
ALTER TABLE alert_rules ADD COLUMN pond_id text REFERENCES ponds (id) ON DELETE CASCADE;
ALTER TABLE alert_rules ADD COLUMN farm_id text REFERENCES farms (id) ON DELETE CASCADE;
ALTER TABLE alert_rules DROP CONSTRAINT alert_rules_check;
ALTER TABLE alert_rules ADD CONSTRAINT alert_rules_one_scope CHECK (
    (profile IS NOT NULL)::int + (device_id IS NOT NULL)::int + (pond_id IS NOT NULL)::int
        + (farm_id IS NOT NULL)::int = 1);
CREATE UNIQUE INDEX alert_rules_pond_uq ON alert_rules (pond_id, metric, direction)
    WHERE pond_id IS NOT NULL;
CREATE UNIQUE INDEX alert_rules_farm_uq ON alert_rules (farm_id, metric, direction)
    WHERE farm_id IS NOT NULL;
