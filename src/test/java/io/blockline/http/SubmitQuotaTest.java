package io.blockline.http;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-owner submit quotas: a rate over its burst is a 429 with Retry-After that recovers; too many blocks a 400. */
class SubmitQuotaTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass(new JsonObject()
      .put("quotas.submitsPerSecond", 10).put("quotas.submitBurst", 2).put("quotas.maxBlocksPerSubmit", 3));

  private static JsonObject session(int blocks) {
    JsonArray list = new JsonArray();
    for (int i = 0; i < blocks; i++) {
      list.add(new JsonObject().put("handler", new JsonObject().put("type", "builtin").put("name", "noop")));
    }
    return new JsonObject().put("name", "quota").put("blocks", list);
  }

  private static Api.Response submit(String owner, JsonObject body) {
    return node.api().send(HttpRequest.newBuilder(URI.create(node.api().base() + "/v1/sessions"))
        .header("Content-Type", "application/json").header("X-Blockline-Owner", owner)
        .POST(HttpRequest.BodyPublishers.ofString(Json.encode(body))));
  }

  @Test
  void an_owner_over_the_rate_gets_429_with_retry_after_and_recovers() {
    int before = Integer.parseInt(node.queryOne("SELECT count(*) FROM sessions WHERE owner = 'alice'"));
    Api.Response refused = null;
    for (int i = 0; i < 10 && refused == null; i++) {
      Api.Response r = submit("alice", session(1));
      if (r.status() == 429) {
        refused = r;
      } else {
        assertThat(r.status()).isEqualTo(201);
      }
    }
    assertThat(refused).as("10 submits at once against a burst of 2 at 10/s").isNotNull();
    assertThat(refused.header("Retry-After")).isEqualTo("1");
    assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    assertThat(refused.json().getString("detail")).contains("alice").contains("quotas.submitsPerSecond");
    assertThat(submit("bob", session(1)).status()).as("another owner has a bucket of its own").isEqualTo(201);
    Api.sleep(250);
    assertThat(submit("alice", session(1)).status()).as("a token again after a tenth of a second").isEqualTo(201);
    int accepted = Integer.parseInt(node.queryOne("SELECT count(*) FROM sessions WHERE owner = 'alice'")) - before;
    assertThat(accepted).isBetween(3, 10);
    assertThat(node.api().metric("blockline_quota_refused_total{owner=\"alice\",quota=\"submits\"}")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void a_submit_over_the_block_limit_is_a_400_naming_blocks() {
    Api.Response r = submit("carol", session(4));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("blocks");
    assertThat(r.json().getJsonArray("errors").getJsonObject(0).getString("message")).contains("quotas.maxBlocksPerSubmit is 3");
    assertThat(node.queryOne("SELECT count(*) FROM sessions WHERE owner = 'carol'")).isEqualTo("0");
    assertThat(submit("carol", session(3)).status()).isEqualTo(201);
  }
}
