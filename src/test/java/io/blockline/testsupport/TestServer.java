package io.blockline.testsupport;

import io.blockline.BlocklineServer;
import io.blockline.config.BlocklineConfig;
import io.blockline.db.DatabaseTarget;
import io.blockline.handler.HandlerKinds;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * A real Blockline node for a test: its own fresh database on the shared test PostgreSQL, a free
 * HTTP port, short loop intervals. Either started at once ({@link #start}; close it yourself) or
 * one per test class as a JUnit extension:
 * <pre>{@code
 * @RegisterExtension
 * static final TestServer node = TestServer.perClass();
 * static final Api api = node.api();
 * }</pre>
 */
public final class TestServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
  private final JsonObject overrides;
  private final HandlerKinds kinds;
  private final boolean movableClock;
  private TestClock clock;
  private BlocklineServer server;
  private DatabaseTarget database;
  private final Api api = new Api(() -> running().httpPort());

  private TestServer(BlocklineServer server, DatabaseTarget database) {
    this.overrides = null;
    this.kinds = null;
    this.movableClock = false;
    this.server = server;
    this.database = database;
  }

  private TestServer(JsonObject overrides, HandlerKinds kinds, boolean movableClock) {
    this.overrides = overrides;
    this.kinds = kinds;
    this.movableClock = movableClock;
  }

  /** A node started before the class's tests and stopped after them. */
  public static TestServer perClass() {
    return perClass(new JsonObject());
  }

  public static TestServer perClass(JsonObject overrides) {
    return perClass(overrides, HandlerKinds.standard());
  }

  /** A per-class node serving {@code kinds}, e.g. the standard ones plus a test's own kind. */
  public static TestServer perClass(JsonObject overrides, HandlerKinds kinds) {
    return new TestServer(overrides, kinds, false);
  }

  /**
   * A per-class node whose time the test moves with {@link #clock()}: delays, retries, leases and
   * retention come due without being waited for.
   */
  public static TestServer perClassWithMovableClock(JsonObject overrides) {
    return new TestServer(overrides, HandlerKinds.standard(), true);
  }

  /** A node started at once (close it yourself) whose time the test moves with {@link #clock()}. */
  public static TestServer startWithMovableClock(JsonObject overrides) {
    DatabaseTarget target = TestDatabase.freshWithMovableClock();
    TestClock clock = new TestClock(target);
    TestServer started = start(target, overrides, HandlerKinds.standard(), clock);
    started.clock = clock;
    return started;
  }

  /** The clock of a node from {@link #perClassWithMovableClock} or {@link #startWithMovableClock}. */
  public TestClock clock() {
    if (clock == null) {
      throw new IllegalStateException("this node was not started with a movable clock");
    }
    return clock;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    DatabaseTarget target = movableClock ? TestDatabase.freshWithMovableClock() : TestDatabase.fresh();
    clock = movableClock ? new TestClock(target) : null;
    TestServer started = start(target, overrides, kinds, movableClock ? clock : Clock.systemUTC());
    server = started.server;
    database = started.database;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      close();
      server = null;
    }
  }

  private BlocklineServer running() {
    if (server == null) {
      throw new IllegalStateException("the test node is not started");
    }
    return server;
  }

  /** Defaults for tests; {@code overrides} uses dotted keys ({@code "workers.concurrency": 2}). */
  public static JsonObject testConfig(DatabaseTarget database) {
    return new JsonObject()
        .put("http.host", "127.0.0.1")
        .put("http.port", 0)
        .put("pg.uri", database.uri())
        .put("pg.poolSize", 4)
        .put("dispatcher.liveIntervalMs", 100)
        .put("dispatcher.laterIntervalMs", 500)
        .put("dispatcher.rescueIntervalMs", 200)
        .put("dispatcher.leaseMs", 2000)
        .put("retry.initialDelayMs", 50)
        .put("retry.multiplier", 2.0)
        .put("retry.maxDelayMs", 1000)
        .put("shutdown.graceMs", 2000);
  }

  public static TestServer start() {
    return start(new JsonObject());
  }

  public static TestServer start(JsonObject overrides) {
    return start(TestDatabase.fresh(), overrides);
  }

  /** A node on an existing database (restart tests). */
  public static TestServer start(DatabaseTarget database, JsonObject overrides) {
    return start(database, overrides, HandlerKinds.standard());
  }

  public static TestServer start(DatabaseTarget database, JsonObject overrides, HandlerKinds kinds) {
    return start(database, overrides, kinds, Clock.systemUTC());
  }

  /** A node whose Java-side times come from {@code clock} (e.g. a {@link SettableClock}). */
  public static TestServer start(DatabaseTarget database, JsonObject overrides, HandlerKinds kinds, Clock clock) {
    JsonObject config = testConfig(database).mergeIn(overrides);
    try {
      BlocklineServer server = BlocklineServer.start(BlocklineConfig.from(config), kinds, clock)
          .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
      return new TestServer(server, database);
    } catch (Exception e) {
      throw new IllegalStateException("test server did not start", e);
    }
  }

  public Api api() {
    return api;
  }

  public BlocklineServer server() {
    return running();
  }

  public DatabaseTarget database() {
    return database;
  }

  public String queryOne(String sql) {
    return TestDatabase.queryOne(database, sql);
  }

  public void execute(String sql) {
    TestDatabase.execute(database, sql);
  }

  @Override
  public void close() {
    try {
      server.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("test server did not stop", e);
    }
  }
}
