package io.blockline.engine;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;

import static io.blockline.testsupport.Api.array;
import static io.blockline.testsupport.Api.blockOf;
import static io.blockline.testsupport.Sessions.fail;
import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.sleep;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A started parallel session whose blocks neither require another nor wait for a delay hands
 * every waiting block to its lane (or releases them, see {@link BlockByBlockStartTest}) with one
 * statement (BlockSql.START_WAITING) instead of loading them: the same outcome as the planner's
 * release, block by block.
 */
class PlainParallelStartTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass(new JsonObject().put("dispatcher.claimRanges", true));
  static final Api api = node.api();

  @Test
  void starting_a_large_plain_parallel_session_runs_every_block_once() {
    String token = submitOnRequest(blocks(600, i -> noop("b" + i)));
    assertThat(node.queryOne("select plain || '/' || n_waiting from sessions where token = '" + token + "'"))
        .isEqualTo("true/600");

    assertThat(api.post("/v1/sessions/" + token + "/run", null).status()).isEqualTo(200);
    JsonObject done = api.awaitStatus(token, "SUCCESS");

    assertThat(done.getJsonArray("blocks")).hasSize(600)
        .allSatisfy(b -> assertThat(((JsonObject) b).getString("status")).isEqualTo("SUCCESS"));
    assertThat(node.queryOne("select count(*) from blocks b join sessions s on s.id = b.session_id where s.token = '"
        + token + "' and b.executions = 1 and b.attempts = 1")).isEqualTo("600");
    assertThat(node.queryOne("select n_waiting || '/' || n_success from sessions where token = '" + token + "'"))
        .isEqualTo("0/600");
  }

  @Test
  void the_start_hands_every_waiting_block_to_the_session_lane_in_its_own_transaction() {
    String token = submitOnRequest(blocks(200, i -> sleep("b" + i, 300)));

    assertThat(api.post("/v1/sessions/" + token + "/run", null).status()).isEqualTo(200);

    // Claimed by ranges (V14): every block is in the lane (at or after its next seq) or in a range.
    assertThat(node.queryOne("select count(*) from blocks b join sessions s on s.id = b.session_id where s.token = '"
        + token + "' and b.status = 'STANDBY' and b.next_run_at is null"
        + " and not exists (select 1 from session_lanes l where l.session_id = b.session_id and l.next_seq <= b.seq)"
        + " and not exists (select 1 from range_leases r where r.session_id = b.session_id"
        + "                 and b.seq between r.first_seq and r.last_seq)"))
        .as("blocks left waiting").isEqualTo("0");
    assertThat(node.queryOne("select n_waiting from sessions where token = '" + token + "'")).isEqualTo("0");
    api.awaitStatus(token, "SUCCESS");
  }

  @Test
  void a_session_too_small_for_a_lane_has_its_blocks_released_one_by_one() {
    String token = submitOnRequest(blocks(31, i -> sleep("b" + i, 300)));

    assertThat(api.post("/v1/sessions/" + token + "/run", null).status()).isEqualTo(200);

    assertThat(node.queryOne("select count(*) from session_lanes l join sessions s on s.id = l.session_id"
        + " where s.token = '" + token + "'")).isEqualTo("0");
    assertThat(node.queryOne("select count(*) from blocks b join sessions s on s.id = b.session_id where s.token = '"
        + token + "' and b.status = 'STANDBY' and b.next_run_at is null")).as("blocks left waiting").isEqualTo("0");
    api.awaitStatus(token, "SUCCESS");
  }

  @Test
  void a_session_with_a_delayed_block_is_not_plain_and_its_block_waits_its_delay_from_submit() {
    String token = submitOnRequest(new JsonArray().add(noop("now")).add(noop("later").put("delayMs", 400)));
    assertThat(node.queryOne("select plain from sessions where token = '" + token + "'")).isEqualTo("f");

    api.post("/v1/sessions/" + token + "/run", null);
    JsonObject done = api.awaitStatus(token, "SUCCESS");

    Instant created = Instant.parse(done.getString("createdAt"));
    Instant started = Instant.parse(blockOf(done, "later").getString("startedAt"));
    assertThat(Duration.between(created, started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
  }

  @Test
  void a_session_with_a_requirement_is_not_plain_and_keeps_its_order() {
    String token = submitOnRequest(new JsonArray().add(sleep("first", 100)).add(noop("second").put("require", array("first")))
        .add(noop("free")));
    assertThat(node.queryOne("select plain from sessions where token = '" + token + "'")).isEqualTo("f");

    api.post("/v1/sessions/" + token + "/run", null);
    JsonObject done = api.awaitStatus(token, "SUCCESS");

    assertThat(Instant.parse(blockOf(done, "second").getString("startedAt")))
        .isAfterOrEqualTo(Instant.parse(blockOf(done, "first").getString("finishedAt")));
  }

  @Test
  void cancelling_a_plain_session_before_its_start_cancels_every_block() {
    String token = submitOnRequest(blocks(50, i -> noop("b" + i)));

    assertThat(api.post("/v1/sessions/" + token + "/cancel", null).status()).isEqualTo(200);

    JsonObject view = api.awaitStatus(token, "CANCELLED");
    assertThat(view.getJsonArray("blocks"))
        .allSatisfy(b -> assertThat(((JsonObject) b).getString("status")).isEqualTo("CANCELLED"));
  }

  @Test
  void replaying_a_plain_session_after_its_blocker_failed_runs_both_blocks_again_to_success() {
    String token = submitOnRequest(new JsonArray().add(fail("gate", 1).put("blocker", true)).add(fail("later", 1)));
    api.post("/v1/sessions/" + token + "/run", null);
    JsonObject failed = api.awaitSession(token, v -> "BLOCKER".equals(blockOf(v, "gate").getString("status"))
        && "ERROR".equals(blockOf(v, "later").getString("status")), Duration.ofSeconds(10));

    for (String key : new String[] {"later", "gate"}) {
      assertThat(api.post("/v1/blocks/" + blockOf(failed, key).getString("token") + "/replay", null).status())
          .isEqualTo(200);
    }

    JsonObject done = api.awaitStatus(token, "SUCCESS");
    assertThat(node.queryOne("select n_waiting || '/' || n_success || '/' || n_blocker from sessions where token = '"
        + token + "'")).isEqualTo("0/2/0");
    assertThat(blockOf(done, "later").getInteger("attempts")).isEqualTo(1);
  }

  private static String submitOnRequest(JsonArray blocks) {
    JsonObject body = new JsonObject().put("mode", "parallel").put("executionTime", "ON_REQUEST").put("blocks", blocks);
    return api.submit(body).getString("token");
  }

  private static JsonArray blocks(int n, java.util.function.IntFunction<JsonObject> block) {
    JsonArray blocks = new JsonArray();
    for (int i = 0; i < n; i++) {
      blocks.add(block.apply(i));
    }
    return blocks;
  }
}
