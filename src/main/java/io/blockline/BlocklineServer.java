package io.blockline;

import io.blockline.api.ProblemCodec;
import io.blockline.cluster.ClusterSettings;
import io.blockline.cluster.ClusteredVertx;
import io.blockline.config.BlocklineConfig;
import io.blockline.config.ConfigException;
import io.blockline.config.ConfigKey;
import io.blockline.db.DatabaseTarget;
import io.blockline.db.EmbeddedDatabase;
import io.blockline.db.EmbeddedSettings;
import io.blockline.db.Migrations;
import io.blockline.db.PoolFactory;
import io.blockline.handler.CommandPolicy;
import io.blockline.handler.HandlerKinds;
import io.blockline.http.HttpIngressVerticle;
import io.blockline.http.HttpSettings;
import io.blockline.metrics.BlocklineMetrics;
import io.blockline.bus.BusKeyGate;
import io.blockline.node.AdminKeyBootstrap;
import io.blockline.store.SessionStore;
import io.blockline.node.BlockWorkerVerticle;
import io.blockline.node.DispatcherSettings;
import io.blockline.node.ServerState;
import io.blockline.node.SessionDispatcherVerticle;
import io.blockline.process.CommandHost;
import io.blockline.process.CommandSettings;
import io.blockline.process.HostIdentity;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.VertxOptions;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One Blockline node. Start: HTTP (health only) → database (embedded or pg.uri, retried with
 * back-off) → Flyway migrations → pool → worker and dispatcher → ready. Stop reverses it:
 * stop taking requests, let running blocks finish within the grace, undeploy, close the pool,
 * stop the embedded database, close Vert.x.
 */
public final class BlocklineServer {
  private static final Logger LOG = LoggerFactory.getLogger(BlocklineServer.class);
  private static final long FIRST_RETRY_MS = 500;

  private final BlocklineConfig config;
  private final HandlerKinds kinds;
  private final Vertx vertx;
  private final ServerState state = new ServerState();
  private final String nodeId;
  private final ClusterSettings cluster;
  private final BlocklineMetrics metrics = new BlocklineMetrics();
  private HttpIngressVerticle http;
  private String httpDeployment;
  private String workerDeployment;
  private String dispatcherDeployment;
  private final Clock clock;
  private final CommandSettings commands;
  private HostIdentity host;
  private volatile SessionDispatcherVerticle dispatcher;
  private EmbeddedDatabase embedded;
  private DatabaseTarget target;
  private Pool pool;
  private CompletableFuture<Void> stopped;

  private BlocklineServer(BlocklineConfig config, HandlerKinds kinds, Clock clock, Vertx vertx, String nodeId) {
    this.config = config;
    this.nodeId = nodeId;
    this.cluster = ClusterSettings.from(config);
    this.kinds = kinds;
    this.clock = clock;
    this.vertx = vertx;
    this.commands = CommandSettings.from(config);
  }

  /** Starts a node serving the standard handler kinds; command handlers as {@code handlers.command.*} say (off by default). */
  public static Future<BlocklineServer> start(BlocklineConfig config) {
    return start(config, HandlerKinds.standard());
  }

  /**
   * Starts a node on its own Vert.x instance serving {@code kinds}, e.g.
   * {@code HandlerKinds.standard().with(new MyKind())}; fails (and cleans up) if start-up cannot finish.
   */
  public static Future<BlocklineServer> start(BlocklineConfig config, HandlerKinds kinds) {
    return start(config, kinds, Clock.systemUTC());
  }

  /**
   * As {@link #start(BlocklineConfig, HandlerKinds)}, with the clock of Java-side times (run
   * records, activity lines, the wake-up timer's bookkeeping, debounces); tests pass one they move.
   * Deadlines stay on the database's clock.
   */
  public static Future<BlocklineServer> start(BlocklineConfig config, HandlerKinds kinds, Clock clock) {
    java.util.Objects.requireNonNull(kinds, "kinds");
    java.util.Objects.requireNonNull(clock, "clock");
    // The command kind follows this node's handlers.command.* keys, whatever registry it was given.
    HandlerKinds served = kinds.withCommands(CommandPolicy.from(config));
    // Netty's epoll on Linux (NIO elsewhere, or when it cannot load): fewer copies and wake-ups per
    // message, and Unix sockets for the embedded database.
    VertxOptions options = new VertxOptions().setEventLoopPoolSize(config.eventLoops()).setPreferNativeTransport(true);
    ClusterSettings cluster = ClusterSettings.from(config);
    if (!cluster.enabled()) {
      return launch(new BlocklineServer(config, served, clock, Vertx.vertx(options), UUID.randomUUID().toString()));
    }
    // Clustered: the node goes by its member id, so a member the cluster sees leave names a node.
    java.util.concurrent.atomic.AtomicReference<BlocklineServer> joined = new java.util.concurrent.atomic.AtomicReference<>();
    return ClusteredVertx.join(options, cluster, left -> {
      BlocklineServer server = joined.get();
      if (server != null) {
        server.nodeLeft(left);
      }
    }).compose(member -> {
      BlocklineServer server = new BlocklineServer(config, served, clock, member.vertx(), member.nodeId());
      joined.set(server);
      return launch(server);
    });
  }

  private static Future<BlocklineServer> launch(BlocklineServer server) {
    // Completed outside Vert.x: after a failed start, stop() closes the event loops that would
    // otherwise have had to deliver the failure.
    CompletableFuture<BlocklineServer> started = new CompletableFuture<>();
    server.startAll().onComplete(ar -> {
      if (ar.succeeded()) {
        started.complete(server);
      } else {
        server.stop().onComplete(ignored -> started.completeExceptionally(ar.cause()));
      }
    });
    return Future.fromCompletionStage(started);
  }

  private Future<Void> startAll() {
    ProblemCodec.register(vertx);
    if (vertx.isNativeTransportEnabled()) {
      LOG.info("network transport: native (epoll)");
    } else {
      LOG.info("network transport: NIO ({})", String.valueOf(vertx.unavailableNativeTransportCause()));
    }
    state.reason("connecting to the database");
    try {
      http = new HttpIngressVerticle(HttpSettings.from(config), state, metrics);
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
    return vertx.deployVerticle(http)
        .compose(id -> {
          httpDeployment = id;
          return openDatabase();
        })
        .compose(t -> {
          target = t;
          return migrateWithRetry(1, FIRST_RETRY_MS);
        })
        .compose(v -> vertx.executeBlocking(() -> CommandHost.prepare(commands), false))
        .compose(host -> {
          this.host = host;
          pool = PoolFactory.create(vertx, target, config.poolSize());
          state.pool(pool);
          if (config.bool(ConfigKey.AUTH_EVENT_BUS)) {
            vertx.eventBus().addInboundInterceptor(new BusKeyGate(pool, config.longValue(ConfigKey.AUTH_CACHE_MS)));
          }
          // The quota's count needs its index before the first submit (SessionSql.UNFINISHED_INDEX).
          Future<Void> quotaIndex = config.longValue(ConfigKey.QUOTAS_MAX_ACTIVE_SESSIONS) > 0
              ? SessionStore.ensureUnfinishedIndex(pool) : Future.succeededFuture();
          return quotaIndex.compose(v -> vertx.deployVerticle(new BlockWorkerVerticle(config.workersConcurrency(),
              config.bool(ConfigKey.HANDLERS_HTTP_ALLOW_PRIVATE), config.string(ConfigKey.HANDLERS_HTTP_ALLOW_HOSTS), kinds, clock,
              pool, commands, host), new DeploymentOptions()));
        })
        .compose(id -> {
          workerDeployment = id;
          dispatcher = new SessionDispatcherVerticle(pool, target,
              DispatcherSettings.from(config, nodeId, cluster.advertised(config.httpHost(), http.actualPort())), kinds,
              metrics, clock, host);
          return vertx.deployVerticle(dispatcher);
        })
        .compose(id -> {
          dispatcherDeployment = id;
          return config.bool(ConfigKey.AUTH_ENABLED) || config.bool(ConfigKey.AUTH_EVENT_BUS)
              ? AdminKeyBootstrap.ensure(vertx, pool, Path.of(config.string(ConfigKey.AUTH_ADMIN_KEY_FILE)))
              : Future.succeededFuture();
        })
        .map(v -> {
          state.ready(true);
          LOG.info("Blockline {} ready on port {} db={} node={}{}", ServerState.version(), http.actualPort(), target,
              nodeId, cluster.enabled() ? " (clustered)" : "");
          return null;
        });
  }

  private Future<DatabaseTarget> openDatabase() {
    if (!config.embedded()) {
      try {
        return Future.succeededFuture(DatabaseTarget.fromUri(config.pgUri()));
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(new ConfigException(java.util.List.of(e.getMessage())));
      }
    }
    Map<String, String> settings;
    try {
      settings = EmbeddedSettings.parse(config.list(ConfigKey.EMBEDDED_SETTINGS));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new ConfigException(java.util.List.of(e.getMessage())));
    }
    state.reason("starting the embedded PostgreSQL");
    return vertx.executeBlocking(() -> {
      embedded = EmbeddedDatabase.start(Path.of(config.embeddedDataDir()),
          config.integer(ConfigKey.EMBEDDED_PORT), settings);
      // The Vert.x client reaches a Unix socket only on a native transport.
      return embedded.socketDirectory() != null && vertx.isNativeTransportEnabled() && config.bool(ConfigKey.EMBEDDED_UNIX_SOCKET)
          ? embedded.target().viaSocket(embedded.socketDirectory()) : embedded.target();
    }, false);
  }

  /**
   * Connects and migrates; an unreachable server is retried with back-off while /health says 503.
   * On an executor of its own that may block for an hour: a migration that rewrites a large table
   * (V12 renumbers every block) takes minutes, and Vert.x warns of a worker blocked past 60 s.
   */
  private Future<Void> migrateWithRetry(int attempt, long delayMs) {
    WorkerExecutor migrations = vertx.createSharedWorkerExecutor("blockline-migrations", 1, 1, TimeUnit.HOURS);
    return migrations.<Void>executeBlocking(() -> {
      Migrations.migrate(target);
      return null;
    }, false).andThen(done -> migrations.close()).recover(e -> {
      if (stopped != null || !unreachable(e)) {
        return Future.failedFuture(e);
      }
      String reason = rootMessage(e);
      state.reason("database " + target + " not reachable: " + reason);
      LOG.warn("database not ready attempt={} db={} retryInMs={}: {}", attempt, target, delayMs, reason);
      long next = Math.min(delayMs * 2, config.longValue(ConfigKey.PG_CONNECT_MAX_BACKOFF_MS));
      return vertx.timer(delayMs).compose(v -> migrateWithRetry(attempt + 1, next));
    });
  }

  /** Only a server that cannot be reached is worth waiting for; a failed migration stops start-up. */
  private static boolean unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
          || t instanceof java.net.NoRouteToHostException || t instanceof java.net.SocketTimeoutException) {
        return true;
      }
      if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().equals("57P03"))) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.toString();
  }

  /** Graceful stop; safe to call more than once. Completes off the event loops, after Vert.x closed. */
  public synchronized Future<Void> stop() {
    if (stopped != null) {
      return Future.fromCompletionStage(stopped);
    }
    stopped = new CompletableFuture<>();
    state.markStopping();
    LOG.info("stopping: no new requests");
    undeploy(httpDeployment)
        .transform(ar -> undeploy(dispatcherDeployment))
        .transform(ar -> undeploy(workerDeployment))
        .transform(ar -> pool == null ? Future.succeededFuture() : pool.close())
        .transform(ar -> stopEmbedded())
        // Closed from a plain thread: event loops cannot run the completion of their own close.
        .onComplete(ar -> new Thread(() -> vertx.close().onComplete(closed -> {
          LOG.info("stopped");
          stopped.complete(null);
        }), "blockline-close").start());
    return Future.fromCompletionStage(stopped);
  }

  private Future<Void> undeploy(String deployment) {
    return deployment == null ? Future.succeededFuture() : vertx.undeploy(deployment)
        .onFailure(e -> LOG.warn("undeploy failed: {}", e.toString()));
  }

  private Future<Void> stopEmbedded() {
    if (embedded == null) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    // A plain thread: the embedded database stops even while Vert.x is closing.
    Thread stopper = new Thread(() -> {
      try {
        embedded.close();
        done.complete();
      } catch (Exception e) {
        LOG.error("embedded PostgreSQL did not stop cleanly: {}", e.toString());
        done.complete();
      }
    }, "blockline-embedded-stop");
    stopper.start();
    return done.future();
  }

  public int httpPort() {
    return http.actualPort();
  }

  public Vertx vertx() {
    return vertx;
  }

  public Pool pool() {
    return pool;
  }

  public DatabaseTarget database() {
    return target;
  }

  public ServerState state() {
    return state;
  }

  public SessionDispatcherVerticle dispatcher() {
    return dispatcher;
  }

  public String nodeId() {
    return nodeId;
  }

  /** Another member left the cluster (a Hazelcast thread). */
  private void nodeLeft(String left) {
    SessionDispatcherVerticle running = dispatcher;
    if (running != null && !left.equals(nodeId)) {
      running.nodeLeft(left);
    }
  }
}
