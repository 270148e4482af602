package io.blockline.cluster;

import io.blockline.client.BlockHandlers;
import io.blockline.client.Blockline;
import io.blockline.client.BlocklineClient;
import io.blockline.client.SessionRef;
import io.blockline.config.BlocklineConfig;
import io.blockline.db.DatabaseTarget;
import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestDatabase;
import io.blockline.testsupport.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.blockline.testsupport.Sessions.fastRetry;
import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes clustered with Hazelcast on one database, and a third member that is no node (a
 * client application's Vert.x): event-bus handlers registered on one member get work from any,
 * the event-bus API answers the client wherever it lands, events reach SSE streams on every node.
 */
class ClusterTest {
  private static TestServer a;
  private static TestServer b;
  private static Vertx client;

  @BeforeAll
  static void start() {
    int[] ports = {freePort(), freePort(), freePort()};
    String members = String.join(",", Stream.of(ports[0], ports[1], ports[2]).map(p -> "127.0.0.1:" + p).toList());
    DatabaseTarget database = TestDatabase.fresh();
    a = TestServer.start(database, clustered(ports[0], members));
    b = TestServer.start(database, clustered(ports[1], members));
    client = ClusteredVertx.join(new VertxOptions(), ClusterSettings.from(BlocklineConfig.from(clustered(ports[2], members))),
        left -> { }).map(ClusteredVertx.Joined::vertx).await();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close().await();
    }
    Stream.of(a, b).filter(java.util.Objects::nonNull).forEach(TestServer::close);
  }

  private static JsonObject clustered(int port, String members) {
    return new JsonObject().put("cluster.enabled", true).put("cluster.port", port).put("cluster.members", members)
        .put("cluster.name", "blockline-test-" + ProcessHandle.current().pid());
  }

  @Test
  void an_eventbus_handler_on_one_node_gets_the_work_submitted_on_the_other() {
    BlockHandlers.register(b.server().vertx(), "cluster.test.where", ctx ->
        Future.succeededFuture(new JsonObject().put("servedBy", "b").put("input", ctx.params()))).completion().await();

    // Retried: the registration may take a moment more to be seen from node a (NO_HANDLER meanwhile).
    JsonObject block = new JsonObject().put("id", "where").put("params", new JsonObject().put("n", 7))
        .put("handler", new JsonObject().put("type", "eventbus").put("address", "cluster.test.where"))
        .put("replayable", true).put("retry", fastRetry(10));
    JsonObject receipt = a.api().submit(session(block));
    JsonObject view = a.api().awaitStatus(receipt.getString("token"), "SUCCESS");

    JsonObject result = a.api().block(Api.blockOf(view, "where").getString("token")).getJsonObject("result");
    assertThat(result.getString("servedBy")).isEqualTo("b");
    assertThat(result.getJsonObject("input").getInteger("n")).isEqualTo(7);
  }

  @Test
  void a_client_verticle_on_another_member_uses_the_event_bus_api_unchanged() {
    BlocklineClient blockline = Blockline.client(client);
    SessionRef ref = blockline.submit(session(noop("one"), noop("two"))).await();

    JsonObject view = a.api().awaitStatus(ref.token(), "SUCCESS");
    assertThat(view.getJsonArray("blocks")).hasSize(2);
    assertThat(blockline.get(ref.token()).await().getString("status")).isEqualTo("SUCCESS");
    // A problem crosses the wire as itself (status and detail).
    Throwable missing = blockline.get("s_nope").transform(ar -> Future.succeededFuture(ar.cause())).await();
    assertThat(missing).isInstanceOf(io.blockline.api.ProblemException.class);
    assertThat(((io.blockline.api.ProblemException) missing).status()).isEqualTo(404);
  }

  @Test
  void an_sse_stream_on_one_node_hears_a_session_run_by_the_other() throws Exception {
    JsonObject receipt = a.api().submit(session(noop("x")).put("executionTime", "ON_REQUEST"));
    String token = receipt.getString("token");
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest events = HttpRequest.newBuilder(URI.create(a.api().base() + "/v1/sessions/" + token + "/events")).build();
    CompletableFuture<Boolean> heardSuccess = new CompletableFuture<>();
    CompletableFuture<Void> listening = new CompletableFuture<>();
    CompletableFuture<HttpResponse<Void>> stream = http.sendAsync(events, HttpResponse.BodyHandlers.fromLineSubscriber(
        new java.util.concurrent.Flow.Subscriber<String>() {
          @Override public void onSubscribe(java.util.concurrent.Flow.Subscription s) { s.request(Long.MAX_VALUE); }
          @Override public void onNext(String line) {
            if (line.contains("\"session.snapshot\"")) {
              listening.complete(null);   // sent once node a listens to the session's events
            }
            if (line.startsWith("data:") && line.contains("\"session.status\"") && line.contains("\"SUCCESS\"")) {
              heardSuccess.complete(true);
            }
          }
          @Override public void onError(Throwable e) { heardSuccess.completeExceptionally(e); }
          @Override public void onComplete() { heardSuccess.complete(false); }
        }));
    listening.get(30, TimeUnit.SECONDS);

    assertThat(b.api().post("/v1/sessions/" + token + "/run", new JsonObject()).status()).isEqualTo(200);

    assertThat(heardSuccess.get(30, TimeUnit.SECONDS)).as("node a's stream heard the SUCCESS").isTrue();
    stream.cancel(true);
  }

  @Test
  void each_node_lists_both_nodes_alive() {
    for (TestServer node : List.of(a, b)) {
      JsonObject answer = node.api().get("/v1/nodes").json();
      assertThat(answer.getString("node")).isEqualTo(node.server().nodeId());
      assertThat(answer.getJsonArray("nodes").stream().map(JsonObject.class::cast)
          .filter(n -> n.getBoolean("alive")).map(n -> n.getString("id")).toList())
          .containsExactlyInAnyOrder(a.server().nodeId(), b.server().nodeId());
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
