-- The nodes that have run in this cluster (ADR 0022), by their id, which is also their MQTT client
-- id. A live node holds an advisory lock keyed by its id on its leadership session; the leader
-- takes the lock of a node whose lock is free (the node is dead) and adopts its broker session, so
-- messages a broker parked there are ingested by a live node.
CREATE TABLE cluster_members (
  node_id text PRIMARY KEY,
  started_at timestamptz NOT NULL DEFAULT now()
);
