package io.blockline.engine;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static io.blockline.testsupport.Api.blockOf;
import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static io.blockline.testsupport.Sessions.sleep;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast path of issue 5: with free worker slots and nothing queued, a submit claims the
 * blocks that can start at once in its own statement, so they start in the submit's transaction
 * and run exactly once; the rest of the session goes on as usual.
 */
class SubmitClaimTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass(new JsonObject());
  static final Api api = node.api();

  @Test
  void the_first_block_starts_in_the_submits_transaction_and_the_rest_follow() {
    double directBefore = api.metric("blockline_blocks_claimed_direct_total");
    JsonObject receipt = api.submit(session(sleep("first", 300), noop("second")));
    assertThat(receipt.getString("status")).as("stored RUNNING with its first block").isEqualTo("RUNNING");
    String token = receipt.getString("token");

    JsonObject running = api.session(token);
    JsonObject first = blockOf(running, "first");
    assertThat(first.getString("status")).isEqualTo("RUNNING");
    assertThat(first.getString("startedAt")).as("started by the submit itself").isEqualTo(running.getString("createdAt"));
    assertThat(blockOf(running, "second").getString("status")).isEqualTo("STANDBY");

    JsonObject done = api.awaitStatus(token, "SUCCESS");
    for (String id : new String[] {"first", "second"}) {
      JsonObject block = api.block(blockOf(done, id).getString("token"));
      assertThat(block.getInteger("attempts")).as("%s attempts", id).isEqualTo(1);
      assertThat(block.getJsonArray("runs")).as("%s runs", id).hasSize(1);
    }
    assertThat(api.metric("blockline_blocks_claimed_direct_total") - directBefore)
        .as("both blocks claimed without the claim loop (the second by the transaction that released it)")
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void each_later_step_of_a_sequential_session_starts_from_the_nodes_snapshot() {
    String current = "blockline_engine_snapshots_total{result=\"current\"}";
    String stale = "blockline_engine_snapshots_total{result=\"stale\"}";
    double currentBefore = api.metric(current);
    double staleBefore = api.metric(stale);
    JsonObject[] blocks = new JsonObject[20];
    for (int i = 0; i < blocks.length; i++) {
      blocks[i] = noop("step" + i);
    }
    JsonObject done = api.awaitStatus(api.submit(session(blocks)).getString("token"), "SUCCESS");

    for (int i = 0; i < blocks.length; i++) {
      JsonObject block = api.block(blockOf(done, "step" + i).getString("token"));
      assertThat(block.getString("status")).isEqualTo("SUCCESS");
      assertThat(block.getJsonArray("runs")).as("step%d runs", i).hasSize(1);
    }
    // The submit claimed the first block itself, so its completion loads the session; each later
    // block was claimed by the transaction that completed the one before, which kept the snapshot.
    assertThat(api.metric(current) - currentBefore).isEqualTo(blocks.length - 1);
    assertThat(api.metric(stale) - staleBefore).isZero();
  }

  @Test
  void a_burst_of_submits_runs_every_block_exactly_once() {
    String[] tokens = new String[200];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = api.submit(session(noop("only"))).getString("token");
    }
    for (String token : tokens) {
      JsonObject view = api.awaitSession(token, v -> "SUCCESS".equals(v.getString("status")), Duration.ofSeconds(30));
      JsonObject block = api.block(blockOf(view, "only").getString("token"));
      assertThat(block.getInteger("attempts")).isEqualTo(1);
      assertThat(block.getJsonArray("runs")).hasSize(1);
    }
  }
}
