package io.blockline.maintenance;

import io.blockline.process.RunDirectorySweeper;
import io.blockline.store.KeyStore;
import io.blockline.store.SessionSql;
import io.blockline.store.SessionStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes finished sessions after their retention (see {@code SessionSql.PRUNE}), in bounded
 * batches, then the run directories of command blocks that are gone ({@link RunDirectorySweeper});
 * before them, expired idempotency keys and fair-share lanes that say nothing any more.
 */
public final class Pruner {
  private static final Logger LOG = LoggerFactory.getLogger(Pruner.class);
  private static final int BATCH = 1_000;
  private static final int MAX_BATCHES_PER_PASS = 50;

  private final Pool pool;
  private final long successMs;
  private final long failureMs;
  private final RunDirectorySweeper runDirectories;
  private boolean running;

  public Pruner(Pool pool, long successMs, long failureMs, RunDirectorySweeper runDirectories) {
    this.pool = pool;
    this.successMs = successMs;
    this.failureMs = failureMs;
    this.runDirectories = runDirectories;
  }

  /** One pass; completes with the number of sessions deleted. */
  Future<Integer> tickOnce() {
    if (running) {
      return Future.succeededFuture(0);
    }
    running = true;
    // Idempotency keys past their 24 hours and fair-share lanes behind the queue's head go with
    // the same pass (bounded, like the sessions).
    return KeyStore.pruneIdempotencyKeys(pool, BATCH).recover(e -> Future.succeededFuture(0))
        .compose(keys -> SessionStore.pruneLanes(pool).recover(e -> Future.succeededFuture(0)))
        .compose(lanes -> prune(0, 0)).compose(deleted -> runDirectories.sweep().map(deleted)).onComplete(ar -> {
      running = false;
      if (ar.succeeded() && ar.result() > 0) {
        LOG.info("pruned {} finished session(s)", ar.result());
      }
    });
  }

  private Future<Integer> prune(int batches, int deleted) {
    return SessionStore.prune(pool, successMs, failureMs, BATCH).compose(count -> {
      int total = deleted + count;
      return count == BATCH && batches + 1 < MAX_BATCHES_PER_PASS
          ? prune(batches + 1, total) : Future.succeededFuture(total);
    });
  }
}
