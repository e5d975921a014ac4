-- BackupRestoreTest's own feature: what a logical restore can get wrong, in one small schema.
CREATE TYPE probe_mood AS ENUM ('calm', 'busy');

CREATE TABLE probe_items (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- rows that refer to each other: no load order satisfies both without switching checks off
    parent_id bigint REFERENCES probe_items (id),
    -- an array of a type of ours: its binary form names the type's oid, so it travels as text
    moods     probe_mood[] NOT NULL,
    mood      probe_mood NOT NULL,
    label     text NOT NULL,
    -- computed again on load, never copied
    label_len integer GENERATED ALWAYS AS (length(label)) STORED,
    touched   timestamptz
);

-- Would stamp every restored row with the time of the restore if triggers fired during the load.
CREATE FUNCTION probe_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.touched := clock_timestamp();
    RETURN NEW;
END
$$;
CREATE TRIGGER probe_touch BEFORE INSERT OR UPDATE ON probe_items
    FOR EACH ROW EXECUTE FUNCTION probe_touch();

-- A row every migrated database starts with: a restore must end with the archive's rows instead.
INSERT INTO probe_items (moods, mood, label) VALUES ('{calm}', 'calm', 'seed');

-- List partitions; the test adds a sub-partitioned one at run time, as retention jobs add theirs.
CREATE TABLE probe_events (
    kind text NOT NULL,
    at   timestamptz NOT NULL,
    note text
) PARTITION BY LIST (kind);
CREATE TABLE probe_events_a PARTITION OF probe_events FOR VALUES IN ('a');
