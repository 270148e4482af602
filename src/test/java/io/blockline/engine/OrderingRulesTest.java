package io.blockline.engine;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.blockline.testsupport.Api.array;
import static io.blockline.testsupport.Api.blockOf;
import static io.blockline.testsupport.Sessions.echo;
import static io.blockline.testsupport.Sessions.fail;
import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static io.blockline.testsupport.Sessions.sleep;
import static org.assertj.core.api.Assertions.assertThat;

/** DESIGN.md, Semantics: creation order, {@code require}, SKIPPED dependents re-armed by a replay. */
class OrderingRulesTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass();
  static final Api api = node.api();

  @Test
  void sequential_blocks_start_in_creation_order_one_at_a_time() {
    JsonObject receipt = api.submit(session(sleep("first", 150), noop("second"), sleep("third", 100),
        echo("fourth", new JsonObject().put("k", 4))));

    JsonObject view = api.awaitStatus(receipt.getString("token"), "SUCCESS");

    JsonArray blocks = view.getJsonArray("blocks");
    assertThat(blocks).hasSize(4);
    for (int i = 1; i < blocks.size(); i++) {
      JsonObject previous = blocks.getJsonObject(i - 1);
      JsonObject next = blocks.getJsonObject(i);
      assertThat(next.getInteger("seq")).isEqualTo(i);
      assertThat(instant(next, "startedAt"))
          .as("%s starts only after %s finished", next.getString("id"), previous.getString("id"))
          .isAfterOrEqualTo(instant(previous, "finishedAt"));
    }
    blocks.forEach(b -> assertThat(((JsonObject) b).getInteger("attempts")).isEqualTo(1));
  }

  @Test
  void a_required_block_is_waited_for_then_the_dependent_runs() {
    JsonObject body = session(sleep("slow", 400), noop("dependent").put("require", array("slow")), noop("free"))
        .put("mode", "parallel");
    JsonObject receipt = api.submit(body);
    String token = receipt.getString("token");

    AtomicBoolean dependentMovedEarly = new AtomicBoolean();
    AtomicBoolean sawSlowRunning = new AtomicBoolean();
    JsonObject view = api.awaitSession(token, v -> {
      String slow = blockOf(v, "slow").getString("status");
      String dependent = blockOf(v, "dependent").getString("status");
      if (!"SUCCESS".equals(slow) && !"STANDBY".equals(dependent)) {
        dependentMovedEarly.set(true);
      }
      if ("RUNNING".equals(slow)) {
        sawSlowRunning.set(true);
      }
      return "SUCCESS".equals(v.getString("status"));
    }, Duration.ofSeconds(20));

    assertThat(sawSlowRunning).as("the slow block was seen running").isTrue();
    assertThat(dependentMovedEarly).as("the dependent left STANDBY before its requirement succeeded").isFalse();
    JsonObject slow = blockOf(view, "slow");
    JsonObject dependent = blockOf(view, "dependent");
    JsonObject free = blockOf(view, "free");
    assertThat(instant(dependent, "startedAt")).isAfterOrEqualTo(instant(slow, "finishedAt"));
    assertThat(instant(free, "startedAt")).as("parallel mode: a block without requirements does not wait")
        .isBefore(instant(slow, "finishedAt"));
    assertThat(dependent.getString("status")).isEqualTo("SUCCESS");
  }

  @Test
  void a_dependent_of_a_block_failed_for_good_is_skipped_and_a_replay_rearms_it() {
    JsonObject receipt = api.submit(session(fail("fetch", 1), echo("resize", new JsonObject().put("size", 2))
        .put("require", array("fetch"))));
    String token = receipt.getString("token");

    JsonObject failed = api.awaitStatus(token, "ERROR");
    assertThat(blockOf(failed, "fetch").getString("status")).isEqualTo("ERROR");
    JsonObject skipped = blockOf(failed, "resize");
    assertThat(skipped.getString("status")).isEqualTo("SKIPPED");
    assertThat(skipped.getString("reason")).contains("fetch");
    assertThat(skipped.getString("startedAt")).isNull();

    Api.Response replay = api.post("/v1/blocks/" + blockOf(failed, "fetch").getString("token") + "/replay", null);
    assertThat(replay.status()).isEqualTo(200);

    JsonObject done = api.awaitStatus(token, "SUCCESS");
    JsonObject fetch = blockOf(done, "fetch");
    assertThat(fetch.getString("status")).isEqualTo("SUCCESS");
    assertThat(fetch.getInteger("replayCount")).isEqualTo(1);
    JsonObject resize = blockOf(done, "resize");
    assertThat(resize.getString("status")).isEqualTo("SUCCESS");
    assertThat(resize.getString("reason")).isNull();
    assertThat(resize.getJsonObject("result")).isEqualTo(new JsonObject().put("size", 2));
    assertThat(instant(resize, "startedAt")).isAfterOrEqualTo(instant(fetch, "finishedAt"));
  }

  private static Instant instant(JsonObject view, String field) {
    String value = view.getString(field);
    assertThat(value).as("%s of %s", field, view.getString("id")).isNotNull();
    return Instant.parse(value);
  }
}
