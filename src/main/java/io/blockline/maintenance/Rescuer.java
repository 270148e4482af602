package io.blockline.maintenance;

import io.blockline.block.Outcome;
import io.blockline.block.RunRecord;
import io.blockline.engine.Command;
import io.blockline.engine.SessionEngine;
import io.blockline.store.BlockStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * Finds running blocks whose lease expired (their node died or stopped) and fails their run as
 * {@code ORPHANED}: a replayable block goes back to STANDBY with back-off, any other ends with
 * the reason {@code orphaned}. The lease token fences a node that comes back late.
 */
public final class Rescuer {
  private static final Logger LOG = LoggerFactory.getLogger(Rescuer.class);
  private static final int BATCH = 500;

  private final Pool pool;
  private final Clock clock;
  private final SessionEngine engine;
  private final LongPredicate heldHere;

  public Rescuer(Pool pool, SessionEngine engine, LongPredicate heldHere, Clock clock) {
    this.clock = clock;
    this.pool = pool;
    this.engine = engine;
    this.heldHere = heldHere;
  }

  /** One pass; completes with the number of blocks rescued. */
  public Future<Integer> tickOnce() {
    return BlockStore.expiredLeases(pool, BATCH).compose(expired -> {
      List<Command.Complete> commands = new ArrayList<>();
      for (BlockStore.ExpiredLease lease : expired) {
        if (heldHere.test(lease.id())) {
          continue;
        }
        LOG.warn("rescuing block id={} whose lease expired leasedBy={}", lease.id(), lease.leasedBy());
        JsonObject error = Outcome.error("ORPHANED", "the node running this block stopped renewing its lease");
        // The lost attempt stays in the block's history as a run that ended in error.
        long now = clock.millis();
        long started = lease.startedAtMs() == null ? now : lease.startedAtMs();
        List<RunRecord> lost = List.of(new RunRecord(-1, started, now, "ERROR", error));
        commands.add(new Command.Complete(lease.sessionId(), lease.id(), lease.leaseToken(), lease.attempts(),
            new Outcome.Failed(error, true), lost, "orphaned"));
      }
      return commands.isEmpty() ? Future.succeededFuture(0) : engine.execute(commands).map(commands.size());
    });
  }
}
