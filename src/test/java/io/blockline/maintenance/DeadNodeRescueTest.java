package io.blockline.maintenance;

import io.blockline.db.DatabaseTarget;
import io.blockline.testsupport.Api;
import io.blockline.testsupport.ChildNode;
import io.blockline.testsupport.TestDatabase;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.blockline.testsupport.Sessions.fastRetry;
import static io.blockline.testsupport.Sessions.session;
import static io.blockline.testsupport.Sessions.sleep;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on one database, not clustered: the nodes table is the membership. When one is
 * killed (kill -9), the other sees its heartbeat stop and rescues its running block long before
 * the block's lease would end; the block then runs again, once, on the survivor.
 */
class DeadNodeRescueTest {
  /** Leases and the periodic rescue far away: only the heartbeat can explain a rescue. */
  private static final JsonObject FAST_DEATH = new JsonObject()
      .put("cluster.heartbeatMs", 200).put("cluster.deadAfterMs", 1_500)
      .put("dispatcher.leaseMs", 300_000).put("dispatcher.rescueIntervalMs", 600_000);

  @Test
  void a_killed_nodes_running_block_is_rescued_by_the_other_node_and_runs_again_once() {
    DatabaseTarget database = TestDatabase.fresh();
    try (TestServer survivor = TestServer.start(database, FAST_DEATH)) {
      ChildNode doomed = ChildNode.start(TestServer.testConfig(database).mergeIn(FAST_DEATH));
      String doomedId = doomed.api().get("/v1/nodes").json().getString("node");
      // A submit claims what it can start at once on the node that took it: the block runs on the doomed node.
      JsonObject nap = sleep("nap", 3_000).put("replayable", true).put("retry", fastRetry(3));
      JsonObject receipt = doomed.api().submit(session(nap));
      String blockToken = receipt.getJsonArray("blocks").getJsonObject(0).getString("token");
      awaitLeasedBy(database, blockToken, doomedId);
      assertThat(nodes(survivor.api())).extracting(n -> ((JsonObject) n).getString("id"))
          .containsExactlyInAnyOrder(doomedId, survivor.server().nodeId());
      JsonObject listedDoomed = node(survivor.api(), doomedId);
      assertThat(listedDoomed.getBoolean("alive")).isTrue();
      assertThat(listedDoomed.getInteger("runningBlocks")).isEqualTo(1);

      doomed.kill();

      JsonObject done = survivor.api().awaitSession(receipt.getString("token"),
          v -> "SUCCESS".equals(v.getString("status")), Duration.ofSeconds(60));
      JsonObject block = survivor.api().block(blockToken);
      assertThat(block.getInteger("attempts")).as("the orphaned run and the one on the survivor").isEqualTo(2);
      JsonArray runs = block.getJsonArray("runs");
      assertThat(runs.getJsonObject(0).getString("status")).isEqualTo("ERROR");
      assertThat(runs.getJsonObject(0).getJsonObject("error").getString("code")).isEqualTo("ORPHANED");
      assertThat(runs.getJsonObject(1).getString("status")).isEqualTo("SUCCESS");
      assertThat(runs).hasSize(2);
      assertThat(done.getString("status")).isEqualTo("SUCCESS");

      JsonObject dead = node(survivor.api(), doomedId);
      assertThat(dead.getBoolean("alive")).isFalse();
      assertThat(dead.getInteger("runningBlocks")).isZero();
      assertThat(node(survivor.api(), survivor.server().nodeId()).getBoolean("alive")).isTrue();
    }
  }

  private static void awaitLeasedBy(DatabaseTarget database, String blockToken, String nodeId) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!nodeId.equals(TestDatabase.queryOne(database,
        "SELECT leased_by FROM blocks WHERE status = 'RUNNING' AND token = '" + blockToken + "'"))) {
      assertThat(System.nanoTime()).as("the block never ran on node " + nodeId).isLessThan(deadline);
      Api.sleep(20);
    }
  }

  private static JsonArray nodes(Api api) {
    Api.Response response = api.get("/v1/nodes");
    assertThat(response.status()).isEqualTo(200);
    return response.json().getJsonArray("nodes");
  }

  private static JsonObject node(Api api, String id) {
    return nodes(api).stream().map(JsonObject.class::cast).filter(n -> id.equals(n.getString("id"))).findFirst()
        .orElseThrow(() -> new AssertionError("node " + id + " is not listed"));
  }
}
