package io.blockline.cluster;

import io.blockline.db.DatabaseTarget;
import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestDatabase;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/** Two nodes sharing one database without the clustered bus: each knows the other, and a wait on one ends when the other runs the session. */
class SharedDatabaseTest {
  private static TestServer a;
  private static TestServer b;

  @BeforeAll
  static void start() {
    DatabaseTarget database = TestDatabase.fresh();
    a = TestServer.start(database, new JsonObject());
    b = TestServer.start(database, new JsonObject());
  }

  @AfterAll
  static void stop() {
    a.close();
    b.close();
  }

  @Test
  void both_nodes_are_listed_alive_with_their_addresses() {
    JsonObject answer = b.api().get("/v1/nodes").json();
    assertThat(answer.getString("node")).isEqualTo(b.server().nodeId());
    assertThat(answer.getJsonArray("nodes").stream().map(JsonObject.class::cast)
        .map(n -> n.getString("id") + " " + n.getString("address") + " " + n.getBoolean("alive")).toList())
        .containsExactlyInAnyOrder(
            a.server().nodeId() + " 127.0.0.1:" + a.server().httpPort() + " true",
            b.server().nodeId() + " 127.0.0.1:" + b.server().httpPort() + " true");
  }

  @Test
  void a_wait_on_one_node_ends_when_the_other_node_runs_the_session() throws Exception {
    JsonObject body = session(noop("x")).put("executionTime", "ON_REQUEST");
    java.net.http.HttpRequest.Builder submit = java.net.http.HttpRequest.newBuilder()
        .header("Content-Type", "application/json").header("Idempotency-Key", "wait-across-nodes")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.encode()));
    String token = a.api().send(submit.copy().uri(java.net.URI.create(a.api().base() + "/v1/sessions")))
        .json().getString("token");
    // The same submit again with ?wait: node a waits for the stored session to come to rest.
    CompletableFuture<Api.Response> waited = CompletableFuture.supplyAsync(() -> a.api().send(
        submit.copy().uri(java.net.URI.create(a.api().base() + "/v1/sessions?wait=30000"))));
    Api.sleep(300);   // let the wait begin first (if it does not, it finds the session at rest: still a pass)

    assertThat(b.api().post("/v1/sessions/" + token + "/run", new JsonObject()).status()).isEqualTo(200);

    Api.Response answer = waited.get(30, TimeUnit.SECONDS);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().getString("status")).isEqualTo("SUCCESS");
    assertThat(answer.json().getJsonArray("blocks")).as("the whole view, though the looks that found it read the session alone")
        .isNotEmpty();
  }
}
