-- Drainage pumping stations and sluice gates (OPC UA) join the registry as domain 'flood'.
ALTER TABLE devices DROP CONSTRAINT devices_domain_check;
ALTER TABLE devices ADD CONSTRAINT devices_domain_check
    CHECK (domain IN ('water', 'traffic', 'lighting', 'flood'));
