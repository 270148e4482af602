package io.blockline.engine;

import io.blockline.block.IllegalMoves;
import io.blockline.metrics.BlocklineMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Every state change but submits, queued for the {@link SessionEngine}, which applies each batch
 * in one transaction. Under steady load the next transaction lingers for more changes
 * ({@code dispatcher.engineLingerMs}); a batch whose transaction failed is applied again by
 * {@link OutcomeRetries}.
 */
public final class CommandQueue {
  private static final int COMMAND_BATCH = 512;
  /**
   * Engine group commit under load: after a transaction of at least this many state changes (a
   * lone caller's hold one), the next one waits for more...
   */
  private static final int LINGER_AFTER_BATCH_OF = 4;
  /** ...unless this many are already waiting. */
  private static final int LINGER_UNTIL_PENDING = 256;

  private final Batcher<Command> batcher;
  private final OutcomeRetries retries;

  public CommandQueue(Vertx vertx, SessionEngine engine, long lingerMs, BlocklineMetrics metrics) {
    this.retries = new OutcomeRetries(vertx, engine);
    this.batcher = new Batcher<Command>(COMMAND_BATCH, batch -> {
      long started = System.nanoTime();
      return engine.execute(batch).onComplete(ar -> metrics.engineTransaction(System.nanoTime() - started))
          .recover(e -> {
            retries.batchFailed(batch, e);
            return Future.succeededFuture();
          });
    }).lingering(new Batcher.Linger(lingerMs, LINGER_AFTER_BATCH_OF, LINGER_UNTIL_PENDING,
        (ms, action) -> vertx.setTimer(ms, id -> action.run())));
    metrics.counter("blockline.engine.lingers",
        "engine transactions that waited for more state changes first (dispatcher.engineLingerMs)", batcher,
        Batcher::lingered);
    metrics.gauge("blockline.commands.pending", "state changes waiting for the next engine transaction",
        batcher::pending);
    metrics.counter("blockline.outcomes.retried", "workers' outcomes applied again after their transaction failed",
        retries, OutcomeRetries::retried);
    // The class owns the count (moves happen wherever a BlockRow is changed) and is never collected.
    metrics.counter("blockline.blocks.illegal.moves",
        "block status moves the transition table lacks, made anyway (each pair is logged once)", IllegalMoves.class,
        c -> IllegalMoves.count());
    String snapshotUses = "engine transactions that started from this node's snapshot of their sessions, by what they found";
    metrics.counter("blockline.engine.snapshots", snapshotUses, "result", "current", engine.snapshots(),
        SessionSnapshots::current);
    metrics.counter("blockline.engine.snapshots", snapshotUses, "result", "stale", engine.snapshots(),
        SessionSnapshots::stale);
  }

  public void add(Command command) {
    batcher.add(command);
  }

  public boolean idle() {
    return batcher.idle();
  }
}
