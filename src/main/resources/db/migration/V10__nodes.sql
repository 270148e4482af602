-- The nodes sharing this database, each refreshing its heartbeat: a node whose heartbeat stopped
-- is dead, and another rescues the blocks it leased (blocks.leased_by) without waiting for
-- their leases to run out. The table is the membership's source of truth, clustered or not.
CREATE TABLE nodes (
  id           text PRIMARY KEY,
  address      text NOT NULL,
  started_at   timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now()
);

-- Running blocks by the node that holds them: /v1/nodes counts them, a dead node's are expired.
CREATE INDEX blocks_leased_by ON blocks (leased_by) WHERE status = 'RUNNING';
