package io.blockline.engine;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;

import static io.blockline.testsupport.Api.blockOf;
import static io.blockline.testsupport.Sessions.echo;
import static io.blockline.testsupport.Sessions.fail;
import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/** DESIGN.md, Semantics: a failed {@code blocker} stops the session until it is replayed to success. */
class BlockerRulesTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass();
  static final Api api = node.api();

  @Test
  void a_failed_blocker_stops_later_blocks_and_the_session_is_blocker() {
    JsonObject receipt = api.submit(session(noop("before"), fail("gate", 1).put("blocker", true),
        noop("after"), echo("last", new JsonObject().put("n", 1))));

    JsonObject view = api.awaitStatus(receipt.getString("token"), "BLOCKER");

    assertThat(blockOf(view, "before").getString("status")).isEqualTo("SUCCESS");
    JsonObject gate = blockOf(view, "gate");
    assertThat(gate.getString("status")).isEqualTo("BLOCKER");
    assertThat(gate.getJsonObject("error").getString("code")).isEqualTo("FAILED");
    assertThat(gate.getJsonObject("error").getString("message")).isEqualTo("planned failure");
    for (String id : new String[] {"after", "last"}) {
      JsonObject later = blockOf(view, id);
      assertThat(later.getString("status")).as(id).isEqualTo("STANDBY");
      assertThat(later.getInteger("attempts")).as(id).isZero();
      assertThat(later.getString("startedAt")).as(id + " never started").isNull();
      assertThat(later.getString("nextRunAt")).as(id + " is not released to run").isNull();
    }
  }

  @Test
  void replay_of_blocker_resumes_the_session() {
    JsonObject receipt = api.submit(session(noop("before"), fail("gate", 1).put("blocker", true),
        noop("after"), echo("last", new JsonObject().put("n", 1))));
    String token = receipt.getString("token");
    JsonObject blocked = api.awaitStatus(token, "BLOCKER");
    String gateToken = blockOf(blocked, "gate").getString("token");

    Api.Response replay = api.post("/v1/blocks/" + gateToken + "/replay", null);
    assertThat(replay.status()).isEqualTo(200);
    assertThat(replay.json().getString("status")).isIn("STANDBY", "RUNNING", "SUCCESS");

    JsonObject done = api.awaitStatus(token, "SUCCESS");
    JsonObject gate = blockOf(done, "gate");
    assertThat(gate.getString("status")).isEqualTo("SUCCESS");
    assertThat(gate.getInteger("replayCount")).isEqualTo(1);
    assertThat(gate.getValue("error")).isNull();
    JsonObject after = blockOf(done, "after");
    JsonObject last = blockOf(done, "last");
    assertThat(after.getString("status")).isEqualTo("SUCCESS");
    assertThat(last.getString("status")).isEqualTo("SUCCESS");
    assertThat(Instant.parse(after.getString("startedAt"))).isAfterOrEqualTo(Instant.parse(gate.getString("finishedAt")));
    assertThat(done.getJsonObject("output")).isEqualTo(new JsonObject().put("n", 1));
    assertThat(done.getString("finishedAt")).isNotNull();
  }
}
