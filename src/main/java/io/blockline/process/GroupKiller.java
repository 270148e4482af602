package io.blockline.process;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a process group the way a terminal does: SIGTERM to every process of it, and SIGKILL to
 * whatever is left after the grace ({@code handlers.command.killGraceMs}). Completes once no
 * process of the group is alive, so a run that ends after it leaves no orphan behind. Waits on
 * timers, signals and looks on worker threads: never blocks an event loop.
 */
final class GroupKiller {
  private static final Logger LOG = LoggerFactory.getLogger(GroupKiller.class);
  private static final long POLL_MS = 20;
  /** After SIGKILL only a process stuck in the kernel lingers; past this it is logged and left. */
  private static final long AFTER_KILL_MS = 5_000;

  private final Vertx vertx;
  private final long graceMs;

  GroupKiller(Vertx vertx, long graceMs) {
    this.vertx = vertx;
    this.graceMs = graceMs;
  }

  /** SIGTERM, the grace, then SIGKILL to the group led by {@code pgid}. */
  Future<Void> kill(int pgid) {
    return blocking(() -> ProcessGroup.signal(pgid, false))
        .compose(alive -> alive == 0 ? Future.succeededFuture(true) : emptied(pgid, deadline(graceMs), false))
        .compose(empty -> empty ? Future.succeededFuture(true) : emptied(pgid, deadline(AFTER_KILL_MS), true))
        .map(empty -> {
          if (!empty) {
            LOG.warn("process group {} still has live processes after SIGKILL", pgid);
          }
          return null;
        });
  }

  /** Whatever a finished command left running in its group (background children), killed the same way. */
  Future<Void> killLeftovers(int pgid) {
    return blocking(() -> ProcessGroup.liveMembers(pgid).size())
        .compose(alive -> alive == 0 ? Future.succeededFuture() : kill(pgid));
  }

  /** Polls until the group is empty (true) or the deadline passes (false); with {@code force}, SIGKILLs what it finds each time. */
  private Future<Boolean> emptied(int pgid, long deadlineNanos, boolean force) {
    return vertx.timer(POLL_MS)
        .compose(v -> blocking(() -> force ? ProcessGroup.signal(pgid, true) : ProcessGroup.liveMembers(pgid).size()))
        .compose(alive -> {
          if (alive == 0) {
            return Future.succeededFuture(true);
          }
          return System.nanoTime() > deadlineNanos ? Future.succeededFuture(false) : emptied(pgid, deadlineNanos, force);
        });
  }

  private static long deadline(long ms) {
    return System.nanoTime() + ms * 1_000_000;
  }

  private Future<Integer> blocking(java.util.concurrent.Callable<Integer> work) {
    return vertx.executeBlocking(work, false);
  }
}
