package io.blockline.maintenance;

import io.blockline.store.NodeStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
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
    long now = System.nanoTime() / 1_000_000;
    if (running || rowsSinceCheck < ROWS_BEFORE_ANALYZE || now - lastCheckAt < MIN_INTERVAL_MS) {
      return;
    }
    running = true;
    rowsSinceCheck = 0;
    lastCheckAt = now;
    NodeStore.blockRows(pool)
        .compose(rows -> outdated(rows.analyzed(), rows.live()) ? NodeStore.analyze(pool) : Future.<Void>succeededFuture())
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
