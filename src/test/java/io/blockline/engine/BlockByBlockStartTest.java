package io.blockline.engine;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.blockline.testsupport.Sessions.sleep;
import static io.blockline.testsupport.Sessions.sleeps;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code dispatcher.claimRanges} off, a plain parallel session's start (a run call, or a submit
 * to start now) releases its blocks, claimed one by one.
 */
class BlockByBlockStartTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass(new JsonObject().put("dispatcher.claimRanges", false));
  static final Api api = node.api();

  @Test
  void the_start_releases_every_waiting_block_in_its_own_transaction_and_no_lane_is_made() {
    JsonArray blocks = new JsonArray();
    for (int i = 0; i < 200; i++) {
      blocks.add(sleep("b" + i, 300));
    }
    String token = api.submit(new JsonObject().put("mode", "parallel").put("executionTime", "ON_REQUEST")
        .put("blocks", blocks)).getString("token");

    assertThat(api.post("/v1/sessions/" + token + "/run", null).status()).isEqualTo(200);

    assertThat(node.queryOne("select count(*) from blocks b join sessions s on s.id = b.session_id where s.token = '"
        + token + "' and b.status = 'STANDBY' and b.next_run_at is null")).as("blocks left waiting").isEqualTo("0");
    assertThat(node.queryOne("select (select count(*) from session_lanes) + (select count(*) from range_leases)"))
        .isEqualTo("0");
    api.awaitStatus(token, "SUCCESS");
    assertThat(node.queryOne("select count(*) from block_runs r join blocks b on b.id = r.block_id join sessions s"
        + " on s.id = b.session_id where s.token = '" + token + "' and r.status = 'SUCCESS'")).isEqualTo("200");
  }

  @Test
  void a_parallel_session_submitted_to_start_now_releases_its_blocks_in_the_submit_and_gets_no_lane() {
    String token = api.submit(new JsonObject().put("mode", "parallel").put("blocks", sleeps(200, 300)))
        .getString("token");

    assertThat(node.queryOne("select count(*) from blocks b join sessions s on s.id = b.session_id where s.token = '"
        + token + "' and b.status = 'STANDBY' and b.next_run_at is null")).as("blocks left waiting").isEqualTo("0");
    assertThat(node.queryOne("select count(*) from session_lanes")).isEqualTo("0");
    api.awaitStatus(token, "SUCCESS");
    assertThat(node.queryOne("select count(*) from block_runs r join blocks b on b.id = r.block_id join sessions s"
        + " on s.id = b.session_id where s.token = '" + token + "' and r.status = 'SUCCESS'")).isEqualTo("200");
  }
}
