-- Traffic incidents (issue 14): one row per incident as staff work it, and its timeline.
-- Reports (automatic detection, staff, camera systems, citizens) on the same segment and direction
-- within 15 minutes of the incident's latest report merge into it (IncidentStore.report).
CREATE TABLE traffic_incidents (
    id             bigserial PRIMARY KEY,
    kind           text NOT NULL CHECK (kind ~ '^[a-z_]+$'),
    severity       text NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
    status         text NOT NULL CHECK (status IN ('new', 'verified', 'dispatched', 'cleared', 'false_alarm')),
    source         text NOT NULL CHECK (source IN ('detection', 'staff', 'camera', 'citizen')),
    method         text,
    lon            double precision NOT NULL,
    lat            double precision NOT NULL,
    corridor_id    text,
    direction      text,
    chainage_m     double precision,
    segment        text,
    zone_id        text,
    description    text NOT NULL DEFAULT '',
    opened_at      timestamptz NOT NULL,
    last_report_at timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    verified_at    timestamptz,
    closed_at      timestamptz,
    assignee       text,
    reports        integer NOT NULL DEFAULT 1,
    version        integer NOT NULL DEFAULT 1
);

CREATE INDEX traffic_incidents_open ON traffic_incidents (segment, last_report_at)
    WHERE status NOT IN ('cleared', 'false_alarm');
CREATE INDEX traffic_incidents_zone ON traffic_incidents (zone_id, id);

-- Everything that happened to an incident, oldest first: reports, transitions, comments.
CREATE TABLE traffic_incident_events (
    id          bigserial PRIMARY KEY,
    incident_id bigint NOT NULL REFERENCES traffic_incidents (id),
    at          timestamptz NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('reported', 'merged', 'transition', 'comment', 'assigned')),
    actor       text NOT NULL,
    from_status text,
    to_status   text,
    source      text,
    external_id text,
    comment     text
);

CREATE INDEX traffic_incident_events_of ON traffic_incident_events (incident_id, id);

-- The road network detection runs on: the city's corridor file as imported (CorridorFile's
-- GeoJSON), one row, replaced whole by `ioc traffic import FILE` or the demo.
CREATE TABLE traffic_network (
    id          smallint PRIMARY KEY CHECK (id = 1),
    geojson     text NOT NULL,
    imported_at timestamptz NOT NULL DEFAULT now(),
    imported_by text NOT NULL
);
