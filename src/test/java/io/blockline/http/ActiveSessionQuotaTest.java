package io.blockline.http;

import io.blockline.store.SessionSql;
import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * quotas.maxActiveSessions: an owner's unfinished sessions are bounded, over HTTP and the
 * idempotent path; a session that finishes frees a place; concurrent submits never overshoot.
 */
class ActiveSessionQuotaTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass(new JsonObject().put("quotas.maxActiveSessions", 3));
  static final Api api = node.api();

  /** ON_REQUEST: stays waiting until run, so it holds its place. */
  private static JsonObject waiting() {
    return new JsonObject().put("executionTime", "ON_REQUEST").put("blocks", new JsonArray()
        .add(new JsonObject().put("handler", new JsonObject().put("type", "builtin").put("name", "noop"))));
  }

  private static Api.Response submit(String owner, JsonObject body, String idempotencyKey) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base() + "/v1/sessions"))
        .header("Content-Type", "application/json").header("X-Blockline-Owner", owner)
        .POST(HttpRequest.BodyPublishers.ofString(Json.encode(body)));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return api.send(request);
  }

  @Test
  void an_owner_at_the_limit_gets_429_until_one_of_its_sessions_finishes() {
    List<String> tokens = IntStream.range(0, 3)
        .mapToObj(i -> submit("carol", waiting(), null).json().getString("token")).toList();

    Api.Response refused = submit("carol", waiting(), null);
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    assertThat(refused.header("Retry-After")).isEqualTo("1");
    assertThat(refused.json().getString("detail")).contains("carol").contains("3 unfinished sessions")
        .contains("quotas.maxActiveSessions");
    assertThat(submit("carol", waiting(), "k-1").status()).as("the idempotent path counts too").isEqualTo(429);
    assertThat(node.queryOne("SELECT count(*) FROM idempotency_keys WHERE key = 'k-1'"))
        .as("a refused submit does not take its idempotency key").isEqualTo("0");
    assertThat(submit("dave", waiting(), null).status()).as("another owner has places of its own").isEqualTo(201);
    assertThat(node.queryOne("SELECT count(*) FROM sessions WHERE owner = 'carol'")).isEqualTo("3");

    assertThat(api.post("/v1/sessions/" + tokens.get(0) + "/cancel", null).status()).isEqualTo(200);
    api.awaitStatus(tokens.get(0), "CANCELLED");
    assertThat(submit("carol", waiting(), "k-1").status()).as("a finished session frees a place").isEqualTo(201);
    assertThat(submit("carol", waiting(), "k-1").status()).as("a replay of a stored submit is no new session")
        .isEqualTo(200);
    assertThat(api.metric("blockline_quota_refused_total{owner=\"carol\",quota=\"activeSessions\"}")).isEqualTo(2);
  }

  @Test
  void concurrent_submits_of_one_owner_never_pass_the_limit() {
    List<CompletableFuture<Integer>> submits = IntStream.range(0, 12)
        .mapToObj(i -> CompletableFuture.supplyAsync(() -> submit("erin", waiting(), null).status())).toList();
    List<Integer> statuses = submits.stream().map(CompletableFuture::join).toList();

    assertThat(statuses).filteredOn(s -> s == 201).hasSize(3);
    assertThat(statuses).filteredOn(s -> s == 429).hasSize(9);
    assertThat(node.queryOne("SELECT count(*) FROM sessions WHERE owner = 'erin'")).isEqualTo("3");
  }

  @Test
  void the_count_reads_the_index_the_quota_creates_at_start() throws Exception {
    assertThat(node.queryOne("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('sessions_unfinished')"))
        .isEqualTo("t");
    // The table is tiny here, so the scan is forbidden to see that the count can use the index at all.
    StringBuilder plan = new StringBuilder();
    try (var c = java.sql.DriverManager.getConnection(node.database().jdbcUrl(), node.database().user(),
        node.database().password()); var s = c.createStatement()) {
      s.execute("SET enable_seqscan = off");
      try (var rs = s.executeQuery("EXPLAIN " + SessionSql.ACTIVE_SESSIONS.replace("$1", "'{\"\",carol}'"))) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
    }
    assertThat(plan.toString()).contains("sessions_unfinished");
  }
}
