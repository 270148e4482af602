package io.blockline.node;

import io.blockline.api.LocalJsonCodec;
import io.blockline.api.WorkerAddresses;
import io.blockline.block.Outcome;
import io.blockline.handler.HandlerFailure;
import io.blockline.handler.HandlerKinds;
import io.blockline.handler.HandlerServices;
import io.blockline.handler.RunContext;
import io.blockline.net.AddressGuard;
import io.blockline.process.CommandRunner;
import io.blockline.process.CommandSettings;
import io.blockline.process.HostIdentity;
import io.blockline.worker.RunExecutor;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Executes claimed runs sent by the dispatcher, at most {@code workers.concurrency} at once
 * (the dispatcher claims no more than that; a run beyond it is refused with 429, never queued
 * in memory), and stops a run when told its block was cancelled.
 */
public final class BlockWorkerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(BlockWorkerVerticle.class);

  private final int concurrency;
  private final Clock clock;
  private final HandlerKinds kinds;
  private final Map<String, List<RunContext>> running = new HashMap<>();
  private RunExecutor executor;
  private int inFlight;

  private final boolean allowPrivate;
  private final String allowHosts;
  private final Pool pool;
  private final CommandSettings commandSettings;
  private final HostIdentity host;
  private WebClient webClient;
  private CommandRunner commands;

  public BlockWorkerVerticle(int concurrency, boolean allowPrivate, String allowHosts, HandlerKinds kinds,
                             Clock clock, Pool pool, CommandSettings commandSettings, HostIdentity host) {
    this.clock = clock;
    this.concurrency = concurrency;
    this.allowPrivate = allowPrivate;
    this.allowHosts = allowHosts;
    this.kinds = kinds;
    this.pool = pool;
    this.commandSettings = commandSettings;
    this.host = host;
  }

  @Override
  public Future<?> start() {
    webClient = WebClient.create(vertx,
        new WebClientOptions().setUserAgent("blockline/" + ServerState.version()).setFollowRedirects(false),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(Math.max(8, concurrency)));
    commands = new CommandRunner(vertx, pool, commandSettings, host, clock);
    HandlerServices services = new HandlerServices(vertx, webClient, new AddressGuard(vertx, allowPrivate, allowHosts),
        commands);
    executor = new RunExecutor(vertx, kinds.handlers(services), clock);
    LocalJsonCodec.register(vertx);
    return Future.all(
        vertx.eventBus().<JsonObject>localConsumer(WorkerAddresses.RUN, this::run).completion(),
        // Cluster-wide: the node that applies a cancel may not be the one running the block.
        vertx.eventBus().<JsonObject>consumer(WorkerAddresses.STOP, this::stop).completion());
  }

  private void run(Message<JsonObject> message) {
    // A run taken over after a restart already runs (a command's process): refusing it would fail its block.
    if (inFlight >= concurrency && !message.body().containsKey("resumed")) {
      message.fail(429, "worker at capacity (" + concurrency + " runs)");
      return;
    }
    inFlight++;
    JsonObject run = message.body();
    String token = run.getString("blockToken");
    executor.execute(run, ctx -> running.computeIfAbsent(token, k -> new ArrayList<>()).add(ctx))
        .onComplete(ar -> {
          inFlight--;
          running.remove(token);
          if (ar.succeeded()) {
            message.reply(ar.result(), LocalJsonCodec.OPTIONS);
          } else {
            LOG.error("run failed unexpectedly block={}: {}", token, ar.cause().toString());
            message.reply(Outcome.Failed.class.cast(new Outcome.Failed(HandlerFailure.errorOf(ar.cause()), true))
                .toJson().put("runs", new io.vertx.core.json.JsonArray()));
          }
        });
  }

  private void stop(Message<JsonObject> message) {
    List<RunContext> contexts = running.get(message.body().getString("blockToken"));
    if (contexts != null) {
      contexts.forEach(ctx -> ctx.stop(message.body().getString("reason", "cancelled")));
    }
  }

  @Override
  public Future<?> stop() {
    if (commands != null) {
      commands.close();   // their processes go on; the next start takes them over
    }
    if (webClient != null) {
      webClient.close();
    }
    return Future.succeededFuture();
  }

  /** Runs in progress on this worker. */
  public int inFlight() {
    return inFlight;
  }
}
