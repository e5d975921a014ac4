-- The test feature's own table, in its own migration history (flyway_counter_history).
CREATE TABLE counter_ticks (
    id    integer PRIMARY KEY CHECK (id = 1),
    ticks bigint NOT NULL
);
INSERT INTO counter_ticks VALUES (1, 0);
