-- Issue 13: a device's domain is whatever the node's features serve (the catalog's domains), no
-- longer a fixed list in the schema: a feature that brings a new domain edits no kernel table.
-- The application refuses a domain no feature serves; the schema keeps the code well formed.
ALTER TABLE devices DROP CONSTRAINT devices_domain_check;
ALTER TABLE devices ADD CONSTRAINT devices_domain_check CHECK (domain ~ '^[a-z][a-z0-9_]{0,31}$');
