package io.blockline.engine;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static io.blockline.testsupport.Sessions.sleep;
import static io.blockline.testsupport.Sessions.sleeps;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A started plain parallel session is claimed by ranges (V14): its blocks' rows are written only
 * at their completion, while the API shows the running ones as RUNNING; a cancel stops the lane
 * and the runs; a range whose node stopped is rescued like running rows.
 */
class RangeClaimTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass(new JsonObject().put("workers.concurrency", 8).put("dispatcher.claimRanges", true)
      .put("dispatcher.leaseMs", 60_000));  // ranges go only by being settled, not by expiring
  static final Api api = node.api();

  @Test
  void a_started_session_runs_by_ranges_shows_its_running_blocks_and_writes_each_row_once() {
    String token = submitOnRequest(api, 40, 400, false);
    api.post("/v1/sessions/" + token + "/run", null);

    // The view reads the session, then its blocks: a claim may commit between the two reads.
    JsonObject running = api.awaitSession(token, v -> runningBlocks(v) > 0 && "RUNNING".equals(v.getString("status")),
        Duration.ofSeconds(10));
    assertThat(node.queryOne("select count(*) from blocks b join sessions s on s.id = b.session_id where s.token = '"
        + token + "' and b.status = 'RUNNING'")).as("no running row: the ranges hold them").isEqualTo("0");
    assertThat(Integer.parseInt(node.queryOne("select count(*) from range_leases"))).isPositive();
    JsonObject block = api.block(firstRunning(running));
    assertThat(block.getString("status")).isEqualTo("RUNNING");
    assertThat(block.getInteger("attempts")).isEqualTo(1);
    assertThat(block.getString("startedAt")).isNotNull();

    JsonObject done = api.awaitStatus(token, "SUCCESS");
    assertThat(done.getJsonArray("blocks")).allSatisfy(b -> {
      JsonObject view = (JsonObject) b;
      assertThat(view.getString("status")).isEqualTo("SUCCESS");
      assertThat(view.getInteger("attempts")).isEqualTo(1);
      assertThat(view.getString("startedAt")).isNotNull();
    });
    assertThat(node.queryOne("select count(*) from blocks b join sessions s on s.id = b.session_id where s.token = '"
        + token + "' and b.executions = 1 and b.started_at <= b.finished_at and b.lease_token is null"))
        .isEqualTo("40");
    assertThat(node.queryOne("select count(*) from block_runs r join blocks b on b.id = r.block_id join sessions s"
        + " on s.id = b.session_id where s.token = '" + token + "' and r.status = 'SUCCESS'")).isEqualTo("40");
    awaitQuery("select (select count(*) from session_lanes) + (select count(*) from range_leases)", "0");
  }

  @Test
  void a_parallel_session_submitted_to_start_now_gets_its_lane_in_the_submit_after_the_blocks_it_claims() {
    // A submit claims for free workers only while the claim loop has no claim of its own in flight
    // (after another drain, or at a node's start, it may have one): the claim loop then takes the
    // session's first range itself, and the session runs all the same. Such a session is waited
    // for and another submitted.
    String token = null;
    for (int tries = 0; tries < 5 && token == null; tries++) {
      String submitted = api.submit(new JsonObject().put("mode", "parallel").put("blocks", sleeps(40, 400)))
          .getString("token");
      if ("8".equals(node.queryOne("select count(*) from blocks b join sessions s on s.id = b.session_id"
          + " where s.token = '" + submitted + "' and b.status = 'RUNNING' and b.seq < 8"))) {
        token = submitted;
      } else {
        api.awaitStatus(submitted, "SUCCESS");
      }
    }
    assertThat(token).as("a submit that claimed the first 8 blocks (running rows) for the free workers").isNotNull();

    // The lane holds the rest, untouched and unreleased, until the 400 ms runs end and a claim
    // takes a range of it.
    assertThat(node.queryOne("select l.next_seq || '-' || l.last_seq from session_lanes l join sessions s"
        + " on s.id = l.session_id where s.token = '" + token + "'")).isEqualTo("8-39");
    assertThat(node.queryOne("select count(*) from blocks b join sessions s on s.id = b.session_id where s.token = '"
        + token + "' and b.status = 'STANDBY' and b.next_run_at is null and b.executions = 0 and b.seq >= 8"))
        .isEqualTo("32");

    JsonObject done = api.awaitStatus(token, "SUCCESS");
    assertThat(done.getJsonArray("blocks")).allSatisfy(b -> {
      JsonObject view = (JsonObject) b;
      assertThat(view.getString("status")).isEqualTo("SUCCESS");
      assertThat(view.getInteger("attempts")).isEqualTo(1);
    });
    assertThat(node.queryOne("select count(*) from block_runs r join blocks b on b.id = r.block_id join sessions s"
        + " on s.id = b.session_id where s.token = '" + token + "' and r.status = 'SUCCESS'")).isEqualTo("40");
    awaitQuery("select (select count(*) from session_lanes) + (select count(*) from range_leases)", "0");
  }

  @Test
  void cancelling_a_session_mid_range_stops_its_runs_and_hands_out_no_more() {
    String token = submitOnRequest(api, 60, 1500, false);
    api.post("/v1/sessions/" + token + "/run", null);
    api.awaitSession(token, v -> runningBlocks(v) > 0, Duration.ofSeconds(10));

    assertThat(api.post("/v1/sessions/" + token + "/cancel", null).status()).isEqualTo(200);

    JsonObject cancelled = api.awaitStatus(token, "CANCELLED");
    assertThat(cancelled.getJsonArray("blocks"))
        .allSatisfy(b -> assertThat(((JsonObject) b).getString("status")).isIn("CANCELLED", "SUCCESS"));
    assertThat(node.queryOne("select count(*) from session_lanes l join sessions s on s.id = l.session_id"
        + " where s.token = '" + token + "'")).isEqualTo("0");
    // The runs stopped by the cancel end within their stop; nothing of the session starts after it.
    Api.sleep(500);
    assertThat(Integer.parseInt(node.queryOne("select count(*) from block_runs r join blocks b on b.id = r.block_id"
        + " join sessions s on s.id = b.session_id where s.token = '" + token + "'"))).isLessThanOrEqualTo(16);
    awaitQuery("select count(*) from range_leases r join sessions s on s.id = r.session_id where s.token = '"
        + token + "'", "0");
  }

  @Test
  void a_range_of_a_stopped_node_is_rescued_and_its_blocks_run_again_to_success() {
    JsonObject noGrace = new JsonObject().put("shutdown.graceMs", 0).put("workers.concurrency", 4)
        .put("dispatcher.claimRanges", true);
    TestServer nodeA = TestServer.start(noGrace);
    String token;
    try {
      token = submitOnRequest(nodeA.api(), 32, 1500, true);
      nodeA.api().post("/v1/sessions/" + token + "/run", null);
      nodeA.api().awaitSession(token, v -> runningBlocks(v) > 0, Duration.ofSeconds(10));
    } finally {
      nodeA.close();
    }
    // Node A's ranges are either left to expire (then turned into running rows and rescued) or settled by the
    // failed outcomes of the runs its stop cut short; RangeFenceTest checks the first path statement by statement.

    TestServer nodeB = TestServer.start(nodeA.database(), noGrace.copy().put("workers.concurrency", 32));
    try {
      JsonObject done = nodeB.api().awaitSession(token, v -> "SUCCESS".equals(v.getString("status")),
          Duration.ofSeconds(40));
      assertThat(done.getJsonArray("blocks"))
          .allSatisfy(b -> assertThat(((JsonObject) b).getString("status")).isEqualTo("SUCCESS"));
      assertThat(nodeB.queryOne("select count(*) from block_runs where status = 'SUCCESS'"))
          .as("every block succeeded exactly once").isEqualTo("32");
      assertThat(Integer.parseInt(nodeB.queryOne("select count(*) from blocks where attempts = 2")))
          .as("the blocks node A was running ran again").isPositive();
      assertThat(nodeB.queryOne("select count(*) from block_runs where status = 'ERROR'"))
          .as("each lost attempt is in the history")
          .isEqualTo(nodeB.queryOne("select count(*) from blocks where attempts = 2"));
      assertThat(nodeB.queryOne("select count(*) from blocks where lease_token is not null")).isEqualTo("0");
      awaitQuery(nodeB, "select count(*) from range_leases", "0");
    } finally {
      nodeB.close();
    }
  }

  static String submitOnRequest(Api api, int n, long sleepMs, boolean replayable) {
    JsonArray blocks = new JsonArray();
    for (int i = 0; i < n; i++) {
      JsonObject block = sleep("b" + i, sleepMs);
      if (replayable) {
        block.put("retry", new JsonObject().put("maxAttempts", 5).put("initialDelayMs", 50));
      }
      blocks.add(block);
    }
    return api.submit(new JsonObject().put("mode", "parallel").put("executionTime", "ON_REQUEST").put("blocks", blocks))
        .getString("token");
  }

  private static long runningBlocks(JsonObject view) {
    return view.getJsonArray("blocks").stream().filter(b -> "RUNNING".equals(((JsonObject) b).getString("status"))).count();
  }

  private static String firstRunning(JsonObject view) {
    return view.getJsonArray("blocks").stream().map(JsonObject.class::cast)
        .filter(b -> "RUNNING".equals(b.getString("status"))).findFirst().orElseThrow().getString("token");
  }

  private static void awaitQuery(String sql, String expected) {
    awaitQuery(node, sql, expected);
  }

  /** Ranges are deleted by their node once their outcomes committed, a moment after the session's end. */
  private static void awaitQuery(TestServer on, String sql, String expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!expected.equals(on.queryOne(sql)) && System.nanoTime() < deadline) {
      Api.sleep(50);
    }
    assertThat(on.queryOne(sql)).as(sql).isEqualTo(expected);
  }
}
