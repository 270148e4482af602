package io.blockline.maintenance;

import io.blockline.engine.Command;
import io.blockline.metrics.BlocklineMetrics;
import io.blockline.session.ExecutionTime;
import io.blockline.store.SessionStore;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The periodic loops of a node: the live loop starts ASAP sessions, the sweep starts LATER ones,
 * the rescuer recovers expired leases, the pruner deletes finished sessions past retention.
 */
public final class Sweeps {
  private static final Logger LOG = LoggerFactory.getLogger(Sweeps.class);
  private static final int START_BATCH = 500;

  /** How often each loop runs ({@code dispatcher.*IntervalMs}, {@code retention.intervalMs}). */
  public record Intervals(long liveMs, long laterMs, long rescueMs, long retentionMs) {
  }

  private final Vertx vertx;
  private final Pool pool;
  private final Consumer<Command> commands;
  private final Rescuer rescuer;
  private final Pruner pruner;
  private final BlocklineMetrics metrics;
  private final List<Long> timers = new ArrayList<>();

  public Sweeps(Vertx vertx, Pool pool, Consumer<Command> commands, Rescuer rescuer, Pruner pruner,
                BlocklineMetrics metrics) {
    this.vertx = vertx;
    this.pool = pool;
    this.commands = commands;
    this.rescuer = rescuer;
    this.pruner = pruner;
    this.metrics = metrics;
  }

  public void start(Intervals every) {
    timers.add(vertx.setPeriodic(every.liveMs(), id -> startDue(ExecutionTime.ASAP)));
    timers.add(vertx.setPeriodic(every.laterMs(), id -> startDue(ExecutionTime.LATER)));
    timers.add(vertx.setPeriodic(every.rescueMs(), id -> rescueOnce()));
    timers.add(vertx.setPeriodic(every.retentionMs(), id ->
        pruner.tickOnce().onFailure(e -> LOG.warn("pruning failed: {}", e.toString()))));
  }

  public void stop() {
    timers.forEach(vertx::cancelTimer);
    timers.clear();
  }

  /** Starts sessions of this execution time that have not started yet. */
  private void startDue(ExecutionTime time) {
    SessionStore.dueToStart(pool, time, START_BATCH)
        .onSuccess(ids -> ids.forEach(id -> commands.accept(new Command.Start(id))))
        .onFailure(e -> LOG.warn("starting {} sessions failed: {}", time, e.toString()));
  }

  private void rescueOnce() {
    rescuer.tickOnce().onSuccess(metrics::rescued).onFailure(e -> LOG.warn("rescue pass failed: {}", e.toString()));
  }
}
