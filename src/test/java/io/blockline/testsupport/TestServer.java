package io.blockline.testsupport;

import io.blockline.BlocklineServer;
import io.blockline.config.BlocklineConfig;
import io.blockline.db.DatabaseTarget;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * A real Blockline node for a test: its own fresh database on the shared test PostgreSQL, a free
 * HTTP port, short loop intervals. Close it in {@code @AfterEach}/{@code @AfterAll}.
 */
public final class TestServer implements AutoCloseable {
  private final BlocklineServer server;
  private final DatabaseTarget database;
  private final Api api;

  private TestServer(BlocklineServer server, DatabaseTarget database) {
    this.server = server;
    this.database = database;
    this.api = new Api(server.httpPort());
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
    JsonObject config = testConfig(database).mergeIn(overrides);
    try {
      BlocklineServer server = BlocklineServer.start(BlocklineConfig.from(config))
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
    return server;
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
