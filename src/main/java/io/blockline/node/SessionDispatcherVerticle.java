package io.blockline.node;

import io.blockline.api.Events;
import io.blockline.bus.SessionBusApi;
import io.blockline.claim.ClaimLoop;
import io.blockline.claim.NodeSignals;
import io.blockline.claim.WakeTimer;
import io.blockline.engine.ActivityWriter;
import io.blockline.engine.Batcher;
import io.blockline.engine.Command;
import io.blockline.engine.Effects;
import io.blockline.engine.OutcomeRetries;
import io.blockline.engine.SessionEngine;
import io.blockline.engine.SessionSnapshots;
import io.blockline.handler.HandlerKinds;
import io.blockline.maintenance.Pruner;
import io.blockline.maintenance.Rescuer;
import io.blockline.maintenance.StatsKeeper;
import io.blockline.session.SubmitClaims;

import io.blockline.api.Addresses;
import io.blockline.db.DatabaseTarget;
import io.blockline.db.Transactions;
import io.blockline.delivery.DeliverySender;
import io.blockline.net.AddressGuard;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.blockline.session.ExecutionTime;
import io.blockline.session.PreparedSession;
import io.blockline.store.SessionSql;
import io.blockline.session.SessionStatus;
import io.blockline.store.SessionStore;
import io.blockline.session.SubmissionParser;
import io.blockline.api.WorkerAddresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The one owner of state changes. Thin: it wires the pieces and their loops.
 * <ul>
 *   <li>submits are group-committed ({@link Batcher} + {@link SessionStore});</li>
 *   <li>every other change is a {@link Command} applied by {@link SessionEngine} in batches;</li>
 *   <li>{@link ClaimLoop} claims due blocks for the workers, {@link WakeTimer} wakes it for delays
 *       and retries, {@link Rescuer} recovers expired leases;</li>
 *   <li>the live loop starts ASAP sessions, the sweep starts LATER ones.</li>
 * </ul>
 */
public final class SessionDispatcherVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SessionDispatcherVerticle.class);
  private static final int SUBMIT_BATCH = 256;
  /** Blocks of one submit flush at most (a session larger than that is written alone). */
  private static final int SUBMIT_BLOCKS = 4_000;
  private static final int COMMAND_BATCH = 512;
  /**
   * Engine group commit under load ({@code dispatcher.engineLingerMs}): after a transaction of at
   * least this many state changes (a lone caller's hold one), the next one waits for more...
   */
  private static final int LINGER_AFTER_BATCH_OF = 4;
  /** ...unless this many are already waiting. */
  private static final int LINGER_UNTIL_PENDING = 256;
  private static final int START_BATCH = 500;
  private static final long SAFETY_POLL_MS = 5_000;
  private static final java.util.Set<String> ACTIVITY_LEVELS = java.util.Set.of("DEBUG", "NOTICE", "WARNING", "ERROR");

  private final Pool pool;
  private final DatabaseTarget target;
  private final io.blockline.metrics.BlocklineMetrics metrics;
  private NodeSignals signals;
  private final DispatcherSettings settings;
  private final SubmissionParser parser;
  private final HandlerKinds kinds;
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
  private final List<Long> timers = new ArrayList<>();
  private Batcher<PreparedSession> submits;
  private Batcher<Command> commands;
  private SessionEngine engine;
  private OutcomeRetries outcomeRetries;
  private ClaimLoop claims;
  private WakeTimer wakeTimer;
  private Rescuer rescuer;
  private ActivityWriter activity;
  private DeliverySender deliveries;
  private StatsKeeper stats;
  private Pruner pruner;
  private WebClient webClient;

  public SessionDispatcherVerticle(Pool pool, DatabaseTarget target, DispatcherSettings settings, HandlerKinds kinds,
                                   io.blockline.metrics.BlocklineMetrics metrics) {
    this.metrics = metrics;
    this.pool = pool;
    this.target = target;
    this.settings = settings;
    this.kinds = kinds;
    this.parser = new SubmissionParser(settings.defaultTimeoutMs(), kinds);
  }

  @Override
  public Future<?> start() {
    io.blockline.api.LocalJsonCodec.register(vertx);
    commands = new Batcher<Command>(COMMAND_BATCH, batch -> {
      long started = System.nanoTime();
      return engine.execute(batch).onComplete(ar -> metrics.engineTransaction(System.nanoTime() - started))
          .recover(e -> {
            outcomeRetries.batchFailed(batch, e);
            return Future.succeededFuture();
          });
    }).lingering(new Batcher.Linger(settings.engineLingerMs(), LINGER_AFTER_BATCH_OF, LINGER_UNTIL_PENDING,
        (ms, action) -> vertx.setTimer(ms, id -> action.run())));
    // One group commit at a time: measured, two in flight made smaller batches and less throughput.
    // Bounded in blocks too: a burst of large sessions (up to 256 of 10,000 blocks) would otherwise
    // be one statement of millions of rows, its parameter arrays all on the heap at once.
    submits = new Batcher<>(SUBMIT_BATCH, 1, p -> p.submission.blockCount(), SUBMIT_BLOCKS, this::store);
    claims = new ClaimLoop(vertx, pool, settings.nodeId(), settings.concurrency(), settings.claimBatch(),
        settings.leaseMs(), commands::add, n -> metrics.claimed(n, false), kinds);
    metrics.gauge("blockline.runs.in.flight", "runs this node's workers execute now", () -> claims.inFlight());
    metrics.counter("blockline.engine.lingers",
        "engine transactions that waited for more state changes first (dispatcher.engineLingerMs)", commands,
        Batcher::lingered);
    metrics.gauge("blockline.commands.pending", "state changes waiting for the next engine transaction",
        () -> commands.pending());
    engine = new SessionEngine(pool, settings.defaultRetry(), settings.nodeId(), settings.leaseMs(),
        new SessionEngine.Slots() {
          @Override
          public int reserve(int wanted) {
            return claims.reserve(wanted);
          }

          @Override
          public void unreserve(int slots) {
            claims.unreserve(slots);
          }
        }, this::afterCommit);
    String snapshotUses = "engine transactions that started from this node's snapshot of their sessions, by what they found";
    metrics.counter("blockline.engine.snapshots", snapshotUses, "result", "current", engine.snapshots(),
        SessionSnapshots::current);
    metrics.counter("blockline.engine.snapshots", snapshotUses, "result", "stale", engine.snapshots(),
        SessionSnapshots::stale);
    outcomeRetries = new OutcomeRetries(vertx, engine);
    metrics.counter("blockline.outcomes.retried", "workers' outcomes applied again after their transaction failed",
        outcomeRetries, OutcomeRetries::retried);
    wakeTimer = new WakeTimer(vertx, pool, claims::wake);
    rescuer = new Rescuer(pool, engine, claims::holds);
    activity = new ActivityWriter(pool);
    stats = new StatsKeeper(pool);
    pruner = new Pruner(pool, settings.retentionSuccessMs(), settings.retentionFailureMs());
    webClient = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)
        .setUserAgent("blockline/" + io.blockline.node.ServerState.version()));
    deliveries = new DeliverySender(vertx, pool, webClient,
        new AddressGuard(vertx, settings.allowPrivate(), settings.allowHosts()),
        settings.deliverySecret(), settings.deliveryMaxAgeMs(), metrics::delivery);

    signals = new NodeSignals(vertx, pool, target, settings.nodeId(), claims::wake);
    consumers.addAll(new SessionBusApi(pool, parser, submits::add, commands::add).register(vertx.eventBus()));
    consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.BLOCKS_ACTIVITY, m -> activityLine(m.body())));

    timers.add(vertx.setPeriodic(settings.liveIntervalMs(), id -> liveTick()));
    timers.add(vertx.setPeriodic(settings.laterIntervalMs(), id -> startDue(ExecutionTime.LATER)));
    timers.add(vertx.setPeriodic(settings.rescueIntervalMs(), id -> rescueTick()));
    timers.add(vertx.setPeriodic(settings.retentionIntervalMs(), id ->
        pruner.tickOnce().onFailure(e -> LOG.warn("pruning failed: {}", e.toString()))));
    timers.add(vertx.setPeriodic(Math.max(1, settings.leaseMs() / 3), id -> claims.renewLeases()));
    timers.add(vertx.setPeriodic(SAFETY_POLL_MS, id -> {
      claims.wake();
      deliveries.wake();
    }));

    return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
        .compose(v -> signals.start())
        .compose(v -> rescuer.tickOnce())
        .onSuccess(rescued -> {
          LOG.info("dispatcher up node={} concurrency={} rescued={}", settings.nodeId(), settings.concurrency(), rescued);
          wakeTimer.refresh();
          claims.wake();
          deliveries.wake();
        });
  }

  @Override
  public Future<?> stop() {
    timers.forEach(vertx::cancelTimer);
    wakeTimer.cancel();
    deliveries.stop();
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList())
        .transform(ar -> claims.drain(settings.shutdownGraceMs()))
        .compose(v -> settled(settings.shutdownGraceMs()))
        .eventually(() -> signals.stop())
        .onComplete(ar -> webClient.close())
        .onComplete(ar -> LOG.info("dispatcher stopped"));
  }

  /** Waits (bounded) for batches already queued to reach the database. */
  private Future<Void> settled(long maxWaitMs) {
    Promise<Void> done = Promise.promise();
    long deadline = System.currentTimeMillis() + maxWaitMs;
    vertx.setPeriodic(20, id -> {
      boolean idle = commands.idle() && submits.idle() && activity.idle();
      if (idle || System.currentTimeMillis() > deadline) {
        vertx.cancelTimer(id);
        done.tryComplete();
      }
    });
    return done.future();
  }

  private Future<Void> store(List<PreparedSession> batch) {
    int slots = SubmitClaims.mark(batch, claims::reserve);
    boolean queued = SubmitClaims.leftQueued(batch);
    long started = System.nanoTime();
    // One statement commits on its own (one round trip); blocks left queued also NOTIFY the other
    // nodes, in the same transaction so that they never look before the rows are there.
    Future<List<Row>> stored = !queued
        ? SessionStore.insert(pool, batch, settings.nodeId(), settings.leaseMs())
        : Transactions.run(pool, tx -> {
          Future<List<Row>> insert = SessionStore.insert(tx.conn, batch, settings.nodeId(), settings.leaseMs());
          Future<Void> notify = signals.inTransaction(tx.conn);
          return Future.all(insert, notify, tx.commit()).map(v -> insert.result());
        });
    return stored
        .onSuccess(claimed -> {
          // Callers first: they wait for this commit; the workers' hand-off can follow.
          for (PreparedSession p : batch) {
            p.reply.tryComplete(p.receipt());
          }
          long blocks = batch.stream().mapToLong(p -> p.submission.blockCount()).sum();
          metrics.submitTransaction(System.nanoTime() - started);
          metrics.submitted(batch.size(), blocks);
          metrics.claimed(claimed.size(), true);
          stats.inserted(blocks);
          if (slots > 0) {
            batch.stream().filter(p -> p.storedStatus() == SessionStatus.RUNNING)
                .forEach(p -> vertx.eventBus().publish(Addresses.EVENTS, Events.sessionStatus(p.token, "RUNNING")));
            claims.dispatchClaimed(claimed, slots, true);
          }
          if (queued) {
            claims.wake();
          }
          if (batch.stream().anyMatch(p -> p.startsNow() && p.submission.blocks().stream().anyMatch(b -> b.delayMs() > 0))) {
            wakeTimer.refresh();
          }
        })
        .onFailure(e -> {
          claims.unreserve(slots);
          LOG.error("submit of {} session(s) failed: {}", batch.size(), e.toString());
          batch.forEach(p -> p.reply.tryFail(new io.blockline.api.ProblemException(503,
              "the session could not be stored: " + e.getMessage())));
        })
        .mapEmpty();
  }

  private void afterCommit(Effects effects) {
    for (JsonObject event : effects.events()) {
      vertx.eventBus().publish(Addresses.EVENTS, event);
      if (Events.BLOCK_STATUS.equals(event.getString("type"))) {
        metrics.blockStatus(event.getString("status"));
      }
    }
    metrics.claimed(effects.claimedRuns().size(), true);
    metrics.lostLeases(effects.lostLeases());
    if (effects.reservedSlots() > 0) {
      claims.dispatchClaimed(effects.claimedRuns(), effects.reservedSlots(), false);
    }
    effects.stopRuns().forEach(token -> vertx.eventBus().publish(WorkerAddresses.STOP,
        new JsonObject().put("blockToken", token).put("reason", "cancelled")));
    if (effects.lostLeases() > 0) {
      LOG.warn("{} outcome(s) ignored: the block was no longer held under that lease", effects.lostLeases());
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
    }
    if (effects.deliveriesEnqueued()) {
      deliveries.wake();
    }
  }

  /** A handler's activity line: streamed at once, stored in the next batch. */
  private void activityLine(JsonObject line) {
    String level = line.getString("level");
    if (level == null || !ACTIVITY_LEVELS.contains(level) || line.getString("blockToken") == null) {
      LOG.warn("activity line dropped: needs blockToken and a level among {}: {}", ACTIVITY_LEVELS, line.encode());
      return;
    }
    vertx.eventBus().publish(Addresses.EVENTS, Events.activity(line.getString("sessionToken"),
        line.getString("blockToken"), line.getString("blockId"), level, line.getString("line"),
        java.time.Instant.ofEpochMilli(line.getLong("at", System.currentTimeMillis()))));
    activity.add(line);
  }

  private void liveTick() {
    startDue(ExecutionTime.ASAP);
  }

  /** Starts sessions of this execution time that have not started yet. */
  private void startDue(ExecutionTime time) {
    pool.preparedQuery(SessionSql.DUE_TO_START).execute(Tuple.of(time.name(), START_BATCH)).onSuccess(rows -> {
      for (Row row : rows) {
        commands.add(new Command.Start(row.getLong("id")));
      }
    }).onFailure(e -> LOG.warn("starting {} sessions failed: {}", time, e.toString()));
  }

  private void rescueTick() {
    rescuer.tickOnce().onSuccess(metrics::rescued).onFailure(e -> LOG.warn("rescue pass failed: {}", e.toString()));
  }
}
