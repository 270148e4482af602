package io.blockline.engine;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Workers' outcomes whose engine transaction failed (the database was unreachable for a moment,
 * or one command of the batch could not be written) are applied again, each alone, after short
 * pauses: a block that ran must not end as an orphan because its batch failed, and one outcome
 * that cannot be written must not take the others of its batch with it. The lease fences a
 * retry that comes after the block moved on, and the rescuer stays the last resort once the
 * pauses are used up. Used from the dispatcher's context only.
 */
final class OutcomeRetries {
  private static final Logger LOG = LoggerFactory.getLogger(OutcomeRetries.class);
  /** Pauses before each try again; together well within a lease (30 s by default). */
  static final long[] PAUSES_MS = {200, 1_000, 4_000};

  private final Vertx vertx;
  private final SessionEngine engine;
  private long retried;

  OutcomeRetries(Vertx vertx, SessionEngine engine) {
    this.vertx = vertx;
    this.engine = engine;
  }

  /** Takes the outcomes of a batch whose transaction failed; the other commands have had their answer. */
  void batchFailed(List<Command> batch, Throwable cause) {
    List<Command.Complete> outcomes = batch.stream().filter(Command.Complete.class::isInstance)
        .map(Command.Complete.class::cast).toList();
    if (outcomes.isEmpty()) {
      return;
    }
    LOG.warn("{} outcome(s) of a failed state change will be applied again one by one: {}", outcomes.size(),
        cause.toString());
    outcomes.forEach(outcome -> tryAgain(outcome, 0));
  }

  /** Outcomes applied again so far (each try counts). */
  long retried() {
    return retried;
  }

  private void tryAgain(Command.Complete outcome, int round) {
    if (round >= PAUSES_MS.length) {
      LOG.error("outcome of block id={} not stored after {} more tries; the block will be rescued when its lease "
          + "expires", outcome.blockId, PAUSES_MS.length);
      return;
    }
    vertx.setTimer(PAUSES_MS[round], id -> {
      retried++;
      engine.execute(List.of(outcome.again())).onFailure(e -> tryAgain(outcome, round + 1));
    });
  }
}
