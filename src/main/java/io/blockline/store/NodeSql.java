package io.blockline.store;

/**
 * The statements about the nodes and the database rather than one aggregate: the nodes' heartbeats
 * and the rescue of a dead node's leases, wake-up signals, planner statistics.
 */
public final class NodeSql {
  private NodeSql() {
  }

  /** Wakes the nodes listening on the channel. $1 channel, $2 payload (the sender's node id). */
  public static final String NOTIFY = "SELECT pg_notify($1, $2)";

  /** Rows in {@code blocks} as of the last ANALYZE (-1: never), and as counted now by the statistics system. */
  public static final String BLOCK_ROWS = """
      SELECT c.reltuples::bigint AS analyzed, coalesce(s.n_live_tup, 0) AS live
      FROM pg_class c LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
      WHERE c.oid = 'blocks'::regclass
      """;

  /** Refreshes the planner statistics of the hot tables. */
  public static final String ANALYZE = "ANALYZE blocks, sessions";

  /** This node is alive: its row, created on the first beat. $1 node id, $2 address (host:port). */
  public static final String HEARTBEAT = """
      INSERT INTO nodes (id, address) VALUES ($1, $2)
      ON CONFLICT (id) DO UPDATE SET heartbeat_at = now(), address = excluded.address
      """;

  /**
   * Expires the leases of running blocks held by nodes whose heartbeat is older than the limit
   * (never this node's), so the rescuer takes them at once. Rows another transaction holds are
   * skipped (a completion of the same block: it is fenced anyway) and expired next time; an
   * already expired lease is left as it is, so each is returned once. Their ranges (V14) expire
   * too. $1 dead after ms, $2 this node's id. Returns the blocks (a range's first block for a
   * range) and the dead node of each.
   */
  public static final String EXPIRE_LEASES_OF_DEAD_NODES = """
      WITH dead AS (
        SELECT id FROM nodes WHERE heartbeat_at < now() - $1 * interval '1 millisecond' AND id <> $2
      ), held AS (
        SELECT b.id FROM blocks b
        WHERE b.status = 'RUNNING' AND b.leased_by IN (SELECT id FROM dead) AND b.lease_until >= now()
        FOR NO KEY UPDATE OF b SKIP LOCKED
      ), expired_blocks AS (
        UPDATE blocks b SET lease_until = now() - interval '1 millisecond' FROM held WHERE b.id = held.id
        RETURNING b.id, b.leased_by
      ), expired_ranges AS (
        UPDATE range_leases r SET lease_until = now() - interval '1 millisecond'
        WHERE r.leased_by IN (SELECT id FROM dead) AND r.lease_until >= now()
        RETURNING blockline_block_id(r.session_id, r.first_seq) AS id, r.leased_by
      )
      SELECT id, leased_by FROM expired_blocks UNION ALL SELECT id, leased_by FROM expired_ranges
      """;

  /**
   * A node the cluster saw leave: dead from now on, unless it beats again. $1 node id, $2 dead
   * after ms.
   */
  public static final String MARK_DEAD = """
      UPDATE nodes SET heartbeat_at = least(heartbeat_at, now() - ($2 + 1) * interval '1 millisecond') WHERE id = $1
      """;

  /** A node that stops gracefully leaves the table. $1 node id. */
  public static final String LEAVE = "DELETE FROM nodes WHERE id = $1";

  /** Forgets nodes dead for an hour that hold no running block. */
  public static final String FORGET_LONG_DEAD = """
      DELETE FROM nodes n WHERE n.heartbeat_at < now() - interval '1 hour'
        AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.status = 'RUNNING' AND b.leased_by = n.id)
        AND NOT EXISTS (SELECT 1 FROM range_leases r WHERE r.leased_by = n.id)
      """;

  /**
   * Every node with its running blocks, alive first. $1 dead after ms. Blocks leased by a node
   * without a row (one that stopped before this table existed) are not listed.
   */
  public static final String LIST = """
      SELECT n.id, n.address, n.started_at, n.heartbeat_at,
             n.heartbeat_at >= now() - $1 * interval '1 millisecond' AS alive,
             ((SELECT count(*) FROM blocks b WHERE b.status = 'RUNNING' AND b.leased_by = n.id)
              + (SELECT count(*) FROM range_leases r, %s WHERE r.leased_by = n.id))::int AS running
      FROM nodes n ORDER BY alive DESC, n.started_at, n.id
      """.formatted(BlockSql.HELD_BY_RANGE);
}
