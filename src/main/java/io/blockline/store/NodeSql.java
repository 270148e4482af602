package io.blockline.store;

/** The statements about the database itself rather than one aggregate: wake-up signals and planner statistics. */
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
}
