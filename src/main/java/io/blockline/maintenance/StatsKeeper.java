package io.blockline.maintenance;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes the planner statistics of the hot tables after large inserts. A burst of submits can
 * grow {@code blocks} many times over in seconds, long before autovacuum's next analyze; until
 * then PostgreSQL plans the dispatcher's queries for the old, tiny table (seq scans instead of the
 * partial indexes). After enough inserts (at most every {@link #MIN_INTERVAL_MS}, off the hot
 * path) it asks PostgreSQL how many rows the table has against how many its last ANALYZE saw,
 * whoever ran it (this node, another, autovacuum, an operator), and analyzes only once the table
 * has doubled: an ANALYZE costs PostgreSQL about a quarter of a second of CPU, and one right
 * after another's is pure tax (measured: a tenth of a 20,000-session burst's throughput).
 */
public final class StatsKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(StatsKeeper.class);
  static final long MIN_INTERVAL_MS = 5_000;
  static final long ROWS_BEFORE_ANALYZE = 1_000;
  private static final String ANALYZE = "ANALYZE blocks, sessions";
  /** Rows as of the last ANALYZE (-1: never), and as counted now by the statistics system. */
  private static final String BLOCK_ROWS = """
      SELECT c.reltuples::bigint AS analyzed, coalesce(s.n_live_tup, 0) AS live
      FROM pg_class c LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
      WHERE c.oid = 'blocks'::regclass
      """;

  private final Pool pool;
  private long rowsSinceCheck;
  private long lastCheckAt;
  private boolean running;

  public StatsKeeper(Pool pool) {
    this.pool = pool;
  }

  /** Counts inserted blocks; checks the statistics when enough accumulated and the last check is old enough. */
  public void inserted(long blocks) {
    rowsSinceCheck += blocks;
    long now = System.currentTimeMillis();
    if (running || rowsSinceCheck < ROWS_BEFORE_ANALYZE || now - lastCheckAt < MIN_INTERVAL_MS) {
      return;
    }
    running = true;
    rowsSinceCheck = 0;
    lastCheckAt = now;
    pool.query(BLOCK_ROWS).execute()
        .compose(rows -> {
          Row row = rows.iterator().next();
          return outdated(row.getLong("analyzed"), row.getLong("live"))
              ? pool.query(ANALYZE).execute().<Void>mapEmpty() : Future.<Void>succeededFuture();
        })
        .onComplete(ar -> {
          running = false;
          if (ar.failed()) {
            LOG.debug("statistics refresh failed: {}", ar.cause().toString());
          }
        });
  }

  /**
   * Whether the planner's picture of the table is out of date: it has at least doubled, by at
   * least {@link #ROWS_BEFORE_ANALYZE} rows, since the last ANALYZE ({@code analyzed} -1: never).
   */
  static boolean outdated(long analyzed, long live) {
    long known = Math.max(analyzed, 0);
    return live - known >= ROWS_BEFORE_ANALYZE && live >= 2 * known;
  }
}
