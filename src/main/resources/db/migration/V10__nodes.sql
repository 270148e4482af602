-- The nodes sharing this database, each refreshing its heartbeat: a node whose heartbeat stopped
-- is dead, and another rescues the blocks it leased (blocks.leased_by) without waiting for
-- their leases to run out. The table is the membership's source of truth, clustered or not.
CREATE TABLE nodes (
  id           text PRIMARY KEY,
  address      text NOT NULL,
  started_at   timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now()
);

-- Running blocks by node (the /v1/nodes counts, a dead node's leases) are read through
-- blocks_running, as the rescuer's expired leases are since V2: running blocks are few (the
-- workers of all nodes), and an index on leased_by would cost every claim one more entry.
