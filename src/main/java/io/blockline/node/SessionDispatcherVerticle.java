package io.blockline.node;

import io.blockline.api.Addresses;
import io.blockline.api.LocalJsonCodec;
import io.blockline.bus.KeyBusApi;
import io.blockline.bus.OperatorBusApi;
import io.blockline.bus.SessionBusApi;
import io.blockline.claim.ClaimLoop;
import io.blockline.claim.CommitFollowUps;
import io.blockline.claim.NodeSignals;
import io.blockline.claim.WakeTimer;
import io.blockline.db.DatabaseTarget;
import io.blockline.delivery.DeliverySender;
import io.blockline.engine.ActiveSessionQuota;
import io.blockline.engine.ActivityWriter;
import io.blockline.engine.CommandQueue;
import io.blockline.engine.SessionEngine;
import io.blockline.engine.SubmitWriter;
import io.blockline.handler.HandlerKinds;
import io.blockline.maintenance.NodeHeartbeat;
import io.blockline.maintenance.Pruner;
import io.blockline.maintenance.Rescuer;
import io.blockline.maintenance.StatsKeeper;
import io.blockline.maintenance.Sweeps;
import io.blockline.metrics.BlocklineMetrics;
import io.blockline.net.AddressGuard;
import io.blockline.process.CommandOutputs;
import io.blockline.process.CommandRescue;
import io.blockline.process.HostIdentity;
import io.blockline.process.RunDirectorySweeper;
import io.blockline.session.SubmissionParser;
import io.blockline.store.RangeClaims;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Wires the node's state machine and its loops; the work is theirs: {@link SubmitWriter} stores
 * submits, {@link SessionEngine} applies every other change ({@link CommandQueue}),
 * {@link ClaimLoop} feeds the workers, {@link CommitFollowUps} acts on commits, {@link Sweeps}
 * runs the periodic loops, {@link DeliverySender} sends callbacks. The event-bus API
 * ({@link SessionBusApi}) is registered here, so requests run on this verticle's event loop,
 * where all of that state lives. See docs/architecture.md.
 */
public final class SessionDispatcherVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SessionDispatcherVerticle.class);
  private static final long SAFETY_POLL_MS = 5_000;

  private final Pool pool;
  private final DatabaseTarget target;
  private final DispatcherSettings settings;
  private final HandlerKinds kinds;
  private final BlocklineMetrics metrics;
  private final Clock clock;
  private final HostIdentity host;
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
  private final List<Long> timers = new ArrayList<>();
  private SubmitWriter submits;
  private CommandQueue commands;
  private ClaimLoop claims;
  private WakeTimer wakeTimer;
  private NodeSignals signals;
  private ActivityWriter activity;
  private DeliverySender deliveries;
  private Sweeps sweeps;
  private Rescuer rescuer;
  private NodeHeartbeat heartbeat;
  private WebClient webClient;

  public SessionDispatcherVerticle(Pool pool, DatabaseTarget target, DispatcherSettings settings, HandlerKinds kinds,
                                   BlocklineMetrics metrics, Clock clock, HostIdentity host) {
    this.host = host;
    this.pool = pool;
    this.target = target;
    this.settings = settings;
    this.kinds = kinds;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    LocalJsonCodec.register(vertx);
    String node = settings.nodeId();
    claims = new ClaimLoop(vertx, pool, node, settings.concurrency(), settings.claimBatch(), settings.leaseMs(),
        c -> commands.add(c), n -> metrics.claimed(n, false), kinds, settings.commands().killGraceMs());
    metrics.gauge("blockline.runs.in.flight", "runs this node's workers execute now", () -> claims.inFlight());
    wakeTimer = new WakeTimer(vertx, pool, claims::wake);
    webClient = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)
        .setUserAgent("blockline/" + ServerState.version()));
    deliveries = new DeliverySender(vertx, pool, webClient, new AddressGuard(vertx, settings.allowPrivate(),
        settings.allowHosts()), settings.deliverySecret(), settings.deliveryMaxAgeMs(), metrics::delivery);
    // Another node's work, or a moved test clock: whatever is due may be claimed or sent now.
    signals = new NodeSignals(vertx, pool, target, node, () -> {
      claims.wake();
      deliveries.wake();
    });
    CommitFollowUps followUps = new CommitFollowUps(vertx.eventBus(), metrics, claims, wakeTimer, signals,
        deliveries::wake, new StatsKeeper(pool)::inserted);
    RangeClaims ranges = new RangeClaims(settings.claimRanges(), kinds.notClaimedInRanges());
    SessionEngine engine = new SessionEngine(pool, settings.defaultRetry(), node, settings.leaseMs(), ranges, followUps,
        followUps::afterCommit);
    commands = new CommandQueue(vertx, engine, settings.engineLingerMs(), metrics);
    submits = new SubmitWriter(pool, node, settings.leaseMs(), ranges, followUps,
        new ActiveSessionQuota(settings.maxActiveSessions(), metrics::quotaRefused));
    rescuer = new Rescuer(pool, engine, claims::holds, clock, new CommandRescue(vertx, pool, settings.commands(), host),
        new Rescuer.Lease(node, settings.leaseMs()), claims::dispatchResumed);
    sweeps = new Sweeps(vertx, pool, commands::add, rescuer, new Pruner(pool, settings.retentionSuccessMs(),
        settings.retentionFailureMs(), new RunDirectorySweeper(vertx, pool, settings.commands().workDir())), metrics);
    activity = new ActivityWriter(pool, vertx.eventBus(), clock);
    heartbeat = new NodeHeartbeat(vertx, pool, settings.heartbeat(), rescuer, metrics::rescued);

    SubmissionParser parser = new SubmissionParser(settings.defaultTimeoutMs(), kinds);
    consumers.addAll(new SessionBusApi(pool, parser, submits::add, submits::addIdempotent, commands::add,
        new CommandOutputs(vertx, pool)).register(vertx.eventBus()));
    consumers.addAll(new KeyBusApi(pool).register(vertx.eventBus()));
    consumers.addAll(new OperatorBusApi(pool, claims::inFlight, settings.concurrency(), node,
        settings.heartbeat().deadAfterMs()).register(vertx.eventBus()));
    consumers.add(vertx.eventBus().consumer(Addresses.BLOCKS_ACTIVITY, m -> activity.accept(m.body())));
    sweeps.start(new Sweeps.Intervals(settings.liveIntervalMs(), settings.laterIntervalMs(),
        settings.rescueIntervalMs(), settings.retentionIntervalMs()));
    timers.add(vertx.setPeriodic(Math.max(1, settings.leaseMs() / 3), id -> claims.renewLeases()));
    timers.add(vertx.setPeriodic(SAFETY_POLL_MS, id -> {
      claims.wake();
      deliveries.wake();
    }));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
        .compose(v -> signals.start())
        .compose(v -> rescuer.tickOnce())
        .compose(rescued -> heartbeat.start().map(taken -> rescued + taken))
        .onSuccess(rescued -> {
          LOG.info("dispatcher up node={} concurrency={} rescued={}", node, settings.concurrency(), rescued);
          wakeTimer.refresh();
          claims.wake();
          deliveries.wake();
        });
  }

  /** The cluster manager saw another node leave (any thread): its leases are looked at now, not at the next beat. */
  public void nodeLeft(String nodeId) {
    context.runOnContext(v -> heartbeat.nodeLeft(nodeId));
  }

  @Override
  public Future<?> stop() {
    sweeps.stop();
    timers.forEach(vertx::cancelTimer);
    wakeTimer.cancel();
    deliveries.stop();
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList())
        .transform(ar -> claims.drain(settings.shutdownGraceMs()))
        .compose(v -> Settling.await(vertx, settings.shutdownGraceMs(),
            () -> commands.idle() && submits.idle() && activity.idle()))
        .eventually(() -> heartbeat.stop())
        .eventually(() -> signals.stop())
        .onComplete(ar -> webClient.close())
        .onComplete(ar -> LOG.info("dispatcher stopped"));
  }
}
