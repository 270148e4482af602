package io.blockline.claim;

import io.blockline.api.Addresses;
import io.blockline.api.Events;
import io.blockline.api.WorkerAddresses;
import io.blockline.block.ClaimPosition;
import io.blockline.block.ClaimedRun;
import io.blockline.engine.Effects;
import io.blockline.engine.SessionEngine;
import io.blockline.engine.SubmitWriter;
import io.blockline.metrics.BlocklineMetrics;
import io.blockline.session.PreparedSession;
import io.blockline.session.SessionStatus;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.LongConsumer;

/**
 * What a commit causes outside the database, for the engine's transactions ({@link Effects}) and
 * for submits: events and metrics, claimed blocks handed to the workers, stops for cancelled runs,
 * and wake-ups for the claim loop, the retry timer, the other nodes and the delivery sender.
 */
public final class CommitFollowUps implements SessionEngine.Slots, SubmitWriter.FollowUp {
  private static final Logger LOG = LoggerFactory.getLogger(CommitFollowUps.class);

  private final EventBus bus;
  private final BlocklineMetrics metrics;
  private final ClaimLoop claims;
  private final WakeTimer wakeTimer;
  private final NodeSignals signals;
  private final Runnable deliveriesEnqueued;
  private final LongConsumer blocksInserted;

  public CommitFollowUps(EventBus bus, BlocklineMetrics metrics, ClaimLoop claims, WakeTimer wakeTimer,
                         NodeSignals signals, Runnable deliveriesEnqueued, LongConsumer blocksInserted) {
    this.bus = bus;
    this.metrics = metrics;
    this.claims = claims;
    this.wakeTimer = wakeTimer;
    this.signals = signals;
    this.deliveriesEnqueued = deliveriesEnqueued;
    this.blocksInserted = blocksInserted;
  }

  @Override
  public int reserve(int wanted) {
    return claims.reserve(wanted);
  }

  @Override
  public void unreserve(int slots) {
    claims.unreserve(slots);
  }

  @Override
  public ClaimPosition lastTaken() {
    return claims.lastTaken();
  }

  @Override
  public Future<Void> notifyInTransaction(SqlClient tx) {
    return signals.inTransaction(tx);
  }

  @Override
  public void committed(List<PreparedSession> batch, List<ClaimedRun> claimed, int slots, boolean queued, long nanos) {
    long blocks = batch.stream().mapToLong(p -> p.submission.blockCount()).sum();
    metrics.submitTransaction(nanos);
    metrics.submitted(batch.size(), blocks);
    metrics.claimed(claimed.size(), true);
    blocksInserted.accept(blocks);
    if (slots > 0) {
      batch.stream().filter(p -> p.storedStatus() == SessionStatus.RUNNING)
          .forEach(p -> bus.publish(Addresses.EVENTS, Events.sessionStatus(p.token, "RUNNING")));
      claims.dispatchClaimed(claimed, slots, true);
    }
    if (queued) {
      claims.wake();
    }
    if (batch.stream().anyMatch(p -> p.startsNow() && p.submission.blocks().stream().anyMatch(b -> b.delayMs() > 0))) {
      wakeTimer.refresh();
    }
  }

  /** After an engine transaction's commit. */
  public void afterCommit(Effects effects) {
    for (JsonObject event : effects.events()) {
      bus.publish(Addresses.EVENTS, event);
      if (Events.BLOCK_STATUS.equals(event.getString("type"))) {
        metrics.blockStatus(event.getString("status"));
      }
    }
    metrics.claimed(effects.claimedRuns().size(), true);
    metrics.staleWritesRefused(effects.lostLeases());
    if (effects.reservedSlots() > 0) {
      claims.dispatchClaimed(effects.claimedRuns(), effects.reservedSlots(), false);
    }
    effects.stopRuns().forEach(token -> bus.publish(WorkerAddresses.STOP,
        new JsonObject().put("blockToken", token).put("reason", "cancelled")));
    if (effects.lostLeases() > 0) {
      LOG.warn("{} stale outcome(s) refused: the block was no longer held under that lease", effects.lostLeases());
    }
    if (effects.nearestRetryMs() != Long.MAX_VALUE) {
      wakeTimer.armIn(effects.nearestRetryMs());
    }
    if (effects.delayedRelease()) {
      wakeTimer.refresh();
    }
    if (effects.released()) {
      claims.wake();
      signals.workReady();
    } else if (effects.lanesAdded()) {
      claims.lanesAdded();
      signals.workReady();
    }
    if (effects.deliveriesEnqueued()) {
      deliveriesEnqueued.run();
    }
  }
}
