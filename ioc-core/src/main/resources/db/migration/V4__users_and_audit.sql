-- People who sign in to the IOC (issue 5). Passwords are Argon2id PHC strings, never plain text.
CREATE TABLE users (
    username            text PRIMARY KEY CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
    password_hash       text NOT NULL,
    role                text NOT NULL CHECK (role IN ('admin', 'city_operator', 'commune_operator',
                                                      'traffic_staff', 'maintenance', 'farmer',
                                                      'viewer')),
    zones               text[] NOT NULL DEFAULT '{}',
    created_at          timestamptz NOT NULL DEFAULT now(),
    password_changed_at timestamptz NOT NULL DEFAULT now(),
    disabled            boolean NOT NULL DEFAULT false,
    -- A commune operator without a commune would see nothing, or by a bug everything.
    CHECK (role <> 'commune_operator' OR cardinality(zones) > 0)
);

-- Who did what, when, from where. Append-only: triggers refuse UPDATE, DELETE and TRUNCATE.
CREATE TABLE audit_log (
    id        bigserial PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT now(),
    actor     text,
    action    text NOT NULL,
    target    text,
    source_ip text,
    details   jsonb
);
CREATE INDEX audit_log_at ON audit_log (at DESC);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
