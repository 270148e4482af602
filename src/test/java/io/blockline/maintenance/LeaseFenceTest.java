package io.blockline.maintenance;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestDatabase;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.blockline.testsupport.Sessions.session;
import static io.blockline.testsupport.Sessions.sleep;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run whose lease was taken over while it ran (as when its node was paused and another rescued
 * and claimed the block again) writes nothing when it ends: its outcome is refused by the fence and
 * counted, and its node's renewals do not revive the lease it lost.
 */
class LeaseFenceTest {
  private static TestServer node;

  @BeforeAll
  static void start() {
    node = TestServer.start(new JsonObject().put("dispatcher.leaseMs", 600));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void an_outcome_under_a_lease_taken_over_is_refused_and_the_lease_is_not_renewed() {
    Api api = node.api();
    double refusedBefore = api.metric("blockline_stale_writes_refused_total");
    JsonObject receipt = api.submit(session(sleep("nap", 1_500)));
    String blockToken = receipt.getJsonArray("blocks").getJsonObject(0).getString("token");
    api.awaitSession(receipt.getString("token"), v -> "RUNNING".equals(Api.blockOf(v, "nap").getString("status")),
        Duration.ofSeconds(30));

    // Another node takes the block over: a new token and a lease of its own, far ahead.
    TestDatabase.execute(node.database(), "UPDATE blocks SET lease_token = gen_random_uuid(), leased_by = 'other-node',"
        + " lease_until = '2100-01-01T00:00:00Z' WHERE token = '" + blockToken + "'");
    String takenToken = TestDatabase.queryOne(node.database(), "SELECT lease_token FROM blocks WHERE token = '" + blockToken + "'");

    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (api.metric("blockline_stale_writes_refused_total") < refusedBefore + 1) {
      assertThat(System.nanoTime()).as("the stale outcome was never refused").isLessThan(deadline);
      Api.sleep(50);
    }
    String row = TestDatabase.queryOne(node.database(), "SELECT status || ' ' || lease_token || ' ' || leased_by || ' '"
        + " || lease_until FROM blocks WHERE token = '" + blockToken + "'");
    assertThat(row).startsWith("RUNNING " + takenToken + " other-node 2100-01-01");
    assertThat(TestDatabase.queryOne(node.database(), "SELECT count(*) FROM block_runs r JOIN blocks b ON b.id = r.block_id"
        + " WHERE b.token = '" + blockToken + "'")).isEqualTo("0");
  }

  @Test
  void the_write_statement_itself_refuses_a_row_whose_lease_changed_after_it_was_read() {
    Api api = node.api();
    JsonObject receipt = api.submit(session(sleep("long", 60_000)));
    String blockToken = receipt.getJsonArray("blocks").getJsonObject(0).getString("token");
    api.awaitSession(receipt.getString("token"), v -> "RUNNING".equals(Api.blockOf(v, "long").getString("status")),
        Duration.ofSeconds(30));
    String held = TestDatabase.queryOne(node.database(), "SELECT lease_token FROM blocks WHERE token = '" + blockToken + "'");
    TestDatabase.execute(node.database(), "UPDATE blocks SET lease_token = gen_random_uuid(), leased_by = 'other-node'"
        + " WHERE token = '" + blockToken + "'");

    // The engine's write, as a transaction that read the row under the old lease would send it.
    String refused = FenceProbe.writeSuccess(node, blockToken, held);

    assertThat(refused).contains("40001");
    assertThat(TestDatabase.queryOne(node.database(), "SELECT status FROM blocks WHERE token = '" + blockToken + "'"))
        .isEqualTo("RUNNING");
    api.post("/v1/sessions/" + receipt.getString("token") + "/cancel", new JsonObject());
  }
}
