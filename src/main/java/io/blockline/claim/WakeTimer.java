package io.blockline.claim;

import io.blockline.store.BlockStore;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/**
 * One Vert.x timer armed for the nearest due time of a delayed or retried block. The database
 * row holds the truth ({@code next_run_at}); this timer is only a wake-up, so a lost timer
 * costs latency, never work. Re-armed from the database at start-up and after delayed releases.
 */
public final class WakeTimer {
  private final Vertx vertx;
  private final Pool pool;
  private final Runnable onDue;
  private long timerId = -1;
  private long dueAtMs = Long.MAX_VALUE;

  public WakeTimer(Vertx vertx, Pool pool, Runnable onDue) {
    this.vertx = vertx;
    this.pool = pool;
    this.onDue = onDue;
  }

  /** Wake in {@code delayMs} unless an earlier wake-up is already armed. */
  public void armIn(long delayMs) {
    long at = System.nanoTime() / 1_000_000 + Math.max(0, delayMs);
    if (timerId != -1 && dueAtMs <= at) {
      return;
    }
    cancel();
    dueAtMs = at;
    timerId = vertx.setTimer(Math.max(1, delayMs), id -> {
      timerId = -1;
      dueAtMs = Long.MAX_VALUE;
      onDue.run();
      refresh();
    });
  }

  /** Reads the nearest due time from the database and arms for it. */
  public void refresh() {
    BlockStore.msUntilNextDue(pool).onSuccess(ms -> {
      if (ms != null) {
        armIn(ms + 1);
      }
    });
  }

  public void cancel() {
    if (timerId != -1) {
      vertx.cancelTimer(timerId);
      timerId = -1;
      dueAtMs = Long.MAX_VALUE;
    }
  }
}
