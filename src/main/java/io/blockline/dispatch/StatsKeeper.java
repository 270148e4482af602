package io.blockline.dispatch;

import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes the planner statistics of the hot tables after large inserts. A burst of submits can
 * grow {@code blocks} many times over in seconds, long before autovacuum's next analyze; until
 * then PostgreSQL plans the dispatcher's queries for the old, tiny table (seq scans instead of the
 * partial indexes). It analyzes once the table may have grown by half since the last time (at
 * least {@link #ROWS_BEFORE_ANALYZE} rows), at most every {@link #MIN_INTERVAL_MS}, off the hot
 * path: an ANALYZE costs PostgreSQL about a quarter of a second of CPU, so a fixed row count
 * made it a steady tax on a busy node whose plans no longer change.
 */
final class StatsKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(StatsKeeper.class);
  static final long MIN_INTERVAL_MS = 5_000;
  static final long ROWS_BEFORE_ANALYZE = 1_000;
  private static final String ANALYZE = "ANALYZE blocks, sessions";
  private static final String BLOCK_ROWS = "SELECT reltuples::bigint AS n FROM pg_class WHERE oid = 'blocks'::regclass";

  private final Pool pool;
  private long rowsSinceAnalyze;
  private long threshold = ROWS_BEFORE_ANALYZE;
  private long lastAnalyzeAt;
  private boolean running;

  StatsKeeper(Pool pool) {
    this.pool = pool;
  }

  /** Counts inserted blocks; analyzes when enough accumulated and the last run is old enough. */
  void inserted(long blocks) {
    rowsSinceAnalyze += blocks;
    long now = System.currentTimeMillis();
    if (running || rowsSinceAnalyze < threshold || now - lastAnalyzeAt < MIN_INTERVAL_MS) {
      return;
    }
    running = true;
    rowsSinceAnalyze = 0;
    lastAnalyzeAt = now;
    pool.query(ANALYZE).execute()
        .compose(v -> pool.query(BLOCK_ROWS).execute())
        .onComplete(ar -> {
          running = false;
          if (ar.failed()) {
            LOG.debug("ANALYZE failed: {}", ar.cause().toString());
            return;
          }
          threshold = nextThreshold(ar.result().iterator().next().getLong("n"));
        });
  }

  /** Rows to insert before the next ANALYZE, given the table's estimated size after the last one. */
  static long nextThreshold(long tableRows) {
    return Math.max(ROWS_BEFORE_ANALYZE, tableRows / 2);
  }
}
