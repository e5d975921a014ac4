-- Zones: communes and wards (or any city's zone layer), boundaries as GeoJSON in lon/lat.
CREATE TABLE zones (
    id          text PRIMARY KEY,
    name        text NOT NULL,
    type        text NOT NULL DEFAULT '',
    name_en     text NOT NULL DEFAULT '',
    properties  jsonb NOT NULL DEFAULT '{}'::jsonb,
    geometry    jsonb NOT NULL,
    imported_at timestamptz NOT NULL DEFAULT now()
);

-- Devices: the registry. zone_id is derived (point in polygon) and recomputed when zones change,
-- so it is not a foreign key that a zone import would have to work around.
CREATE TABLE devices (
    id                text PRIMARY KEY,
    domain            text NOT NULL CHECK (domain IN ('water', 'traffic', 'lighting')),
    type              text NOT NULL,
    name              text NOT NULL,
    lon               double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
    lat               double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
    zone_id           text,
    report_interval_s integer NOT NULL CHECK (report_interval_s > 0),
    registered_at     timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX devices_zone_idx ON devices (zone_id);

-- Where the zone layer came from and the attribution its licence asks for (shown on the map).
CREATE TABLE zone_layer (
    id          integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    source      text NOT NULL,
    attribution text NOT NULL DEFAULT '',
    imported_at timestamptz NOT NULL DEFAULT now()
);
