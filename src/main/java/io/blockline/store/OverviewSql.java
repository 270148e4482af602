package io.blockline.store;

/**
 * The statements of the operators' overview. Each reads a bounded number of rows through an
 * index, whatever the size of the store: a window of the newest sessions, the sessions finished
 * within the last hour, and capped counts over the partial indexes of the dispatcher's queues.
 */
public final class OverviewSql {
  private OverviewSql() {
  }

  /**
   * Sessions by status among the newest $1 (primary key, newest first: at most $1 rows). There is
   * no index on status on purpose (V2: status changes stay HOT updates), so whole-table counts
   * would read every session.
   */
  public static final String NEWEST_BY_STATUS = """
      SELECT status, count(*) AS n
      FROM (SELECT status FROM sessions ORDER BY id DESC LIMIT $1) newest
      GROUP BY status
      """;

  /** The planner's estimate of the number of sessions (-1 before the first ANALYZE); free to read. */
  public static final String SESSIONS_ESTIMATE = """
      SELECT reltuples::bigint AS n FROM pg_class WHERE oid = 'sessions'::regclass
      """;

  /**
   * Sessions that finished within the last $1 milliseconds, per minute (the BRIN index on
   * finished_at reads only the table's recent ranges). Failed: ERROR and BLOCKER; the block
   * columns sum those sessions' tallies.
   */
  public static final String FINISHED_PER_MINUTE = """
      SELECT date_trunc('minute', finished_at) AS minute,
             count(*) FILTER (WHERE status = 'SUCCESS') AS succeeded,
             count(*) FILTER (WHERE status IN ('ERROR', 'BLOCKER')) AS failed,
             count(*) FILTER (WHERE status = 'CANCELLED') AS cancelled,
             coalesce(sum(n_success), 0) AS blocks_succeeded,
             coalesce(sum(n_failed), 0) AS blocks_failed
      FROM sessions
      WHERE finished_at >= now() - $1 * interval '1 millisecond'
      GROUP BY 1 ORDER BY 1
      """;

  /**
   * How much work is in each queue, each count stopped at $1 rows: running blocks (blocks_running,
   * and the untouched blocks of live ranges, V14), released blocks due now (with what the lanes
   * still hold: at most their blocks, some perhaps cancelled since) and due later (blocks_due; its predicate names priority, so the
   * queries do too), pending and dead deliveries (deliveries_unsettled).
   */
  public static final String QUEUES = """
      SELECT
        (SELECT count(*) FROM (SELECT 1 FROM blocks WHERE status = 'RUNNING' LIMIT $1) r)
          + (SELECT count(*) FROM (SELECT 1 FROM range_leases r, %s LIMIT $1) h) AS running,
        (SELECT count(*) FROM (SELECT 1 FROM blocks WHERE status = 'STANDBY' AND next_run_at IS NOT NULL
                                 AND priority >= 0 AND next_run_at <= now() LIMIT $1) d)
          + (SELECT coalesce(sum(last_seq - next_seq + 1), 0) FROM session_lanes WHERE priority >= 0) AS due,
        (SELECT count(*) FROM (SELECT 1 FROM blocks WHERE status = 'STANDBY' AND next_run_at IS NOT NULL
                                 AND priority >= 0 AND next_run_at > now() LIMIT $1) l) AS scheduled,
        (SELECT count(*) FROM (SELECT 1 FROM deliveries WHERE status IN ('PENDING', 'DEAD') AND status = 'PENDING'
                               LIMIT $1) p) AS deliveries_pending,
        (SELECT count(*) FROM (SELECT 1 FROM deliveries WHERE status IN ('PENDING', 'DEAD') AND status = 'DEAD'
                               LIMIT $1) x) AS deliveries_dead,
        now() AS db_now
      """.formatted(BlockSql.HELD_BY_RANGE);

  /** The released block that has waited longest for a worker (first entry of blocks_due), or no row. */
  public static final String OLDEST_DUE = """
      SELECT b.token, b.block_key, b.next_run_at, s.token AS session_token, now() AS db_now
      FROM blocks b JOIN sessions s ON s.id = b.session_id
      WHERE b.status = 'STANDBY' AND b.next_run_at IS NOT NULL AND b.priority >= 0 AND b.next_run_at <= now()
      ORDER BY b.next_run_at
      LIMIT 1
      """;
}
