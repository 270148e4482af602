package io.blockline.db;

import io.blockline.BlocklineServer;
import io.blockline.config.BlocklineConfig;
import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.streams.Pipe;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * pg.uri that cannot be reached yet: start-up retries with back-off while /health answers 503 with
 * the reason, and the node becomes ready once the database answers.
 */
class UnreachableDatabaseTest {

  @Test
  void health_is_503_until_the_configured_database_answers_then_up() throws Exception {
    DatabaseTarget real = TestDatabase.fresh();
    int dbPort = freePort();
    int httpPort = freePort();
    JsonObject config = new JsonObject().put("http.host", "127.0.0.1").put("http.port", httpPort)
        .put("pg.uri", new DatabaseTarget("127.0.0.1", dbPort, real.database(), real.user(), real.password()).uri())
        .put("pg.connectMaxBackoffMs", 200);
    Future<BlocklineServer> starting = BlocklineServer.start(BlocklineConfig.from(config));
    Api api = new Api(httpPort);

    // Start-up first says it is connecting, then, after the first failed attempt, why it waits.
    Api.Response down = awaitHealth(api, r -> r.status() == 503
        && r.json().getJsonArray("reasons").encode().contains("not reachable"));
    assertThat(down.json().getString("db")).isEqualTo("DOWN");
    assertThat(api.get("/v1/sessions").status()).isEqualTo(503);
    assertThat(starting.isComplete()).as("start-up still waiting for the database").isFalse();

    Vertx proxyVertx = Vertx.vertx();
    NetServer proxy = forward(proxyVertx, dbPort, real.host(), real.port());
    BlocklineServer server = starting.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    try {
      Api.Response up = awaitHealth(api, r -> r.status() == 200);
      assertThat(up.json().getString("status")).isEqualTo("UP");
    } finally {
      server.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      proxy.close();
      proxyVertx.close();
    }
  }

  private static Api.Response awaitHealth(Api api, java.util.function.Predicate<Api.Response> wanted) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        Api.Response r = api.get("/health");
        if (wanted.test(r)) {
          return r;
        }
      } catch (IllegalStateException notListeningYet) {
        // the HTTP server is deployed first; keep polling
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("/health never answered as expected");
      }
      Api.sleep(50);
    }
  }

  /** A TCP forwarder standing in for a database server that comes up late. */
  private static NetServer forward(Vertx vertx, int port, String targetHost, int targetPort) throws Exception {
    NetServer server = vertx.createNetServer().connectHandler(client -> {
      client.pause();
      vertx.createNetClient().connect(targetPort, targetHost).onSuccess(db -> {
        Pipe<io.vertx.core.buffer.Buffer> up = client.pipe();
        up.to(db);
        db.pipeTo(client);
        client.resume();
      }).onFailure(e -> client.close());
    });
    return server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
