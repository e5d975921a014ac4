-- Issue 19: Prometheus scrapes /metrics with a credential of its own (kind 'scraper'), not an
-- administrator's login token that expires every 15 minutes. A scraper may read the metrics and
-- nothing else: it sends for no device, subscribes to no uplink, writes no open data.
ALTER TABLE device_credentials DROP CONSTRAINT device_credentials_kind_check;
ALTER TABLE device_credentials
    ADD CONSTRAINT device_credentials_kind_check
    CHECK (kind IN ('device', 'gateway', 'node', 'scraper'));
ALTER TABLE device_credentials
    ADD CONSTRAINT device_credentials_scraper_alone
    CHECK (kind <> 'scraper' OR (devices = '{}' AND NOT all_devices));
