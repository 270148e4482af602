package io.blockline.dispatch;

import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes the planner statistics of the hot tables after large inserts. A burst of submits can
 * grow {@code blocks} many times over in seconds, long before autovacuum's next analyze; until
 * then PostgreSQL plans the dispatcher's queries for the old, tiny table (seq scans instead of the
 * partial indexes). One ANALYZE at most every {@link #MIN_INTERVAL_MS}, off the hot path.
 */
final class StatsKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(StatsKeeper.class);
  static final long MIN_INTERVAL_MS = 5_000;
  static final long ROWS_BEFORE_ANALYZE = 1_000;

  private final Pool pool;
  private long rowsSinceAnalyze;
  private long lastAnalyzeAt;
  private boolean running;

  StatsKeeper(Pool pool) {
    this.pool = pool;
  }

  /** Counts inserted blocks; analyzes when enough accumulated and the last run is old enough. */
  void inserted(long blocks) {
    rowsSinceAnalyze += blocks;
    long now = System.currentTimeMillis();
    if (running || rowsSinceAnalyze < ROWS_BEFORE_ANALYZE || now - lastAnalyzeAt < MIN_INTERVAL_MS) {
      return;
    }
    running = true;
    rowsSinceAnalyze = 0;
    lastAnalyzeAt = now;
    pool.query("ANALYZE blocks, sessions").execute().onComplete(ar -> {
      running = false;
      if (ar.failed()) {
        LOG.debug("ANALYZE failed: {}", ar.cause().toString());
      }
    });
  }
}
