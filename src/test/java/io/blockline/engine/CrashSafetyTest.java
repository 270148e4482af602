package io.blockline.engine;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static io.blockline.testsupport.Sessions.sleep;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing is lost: a restart mid-session finishes the session on the next node, a block left
 * RUNNING under an expired lease of a dead node is rescued (run again if replayable, else
 * orphaned), and an outcome whose transaction failed is applied again.
 */
class CrashSafetyTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass();
  static final Api api = node.api();

  @Test
  void a_restart_mid_session_loses_nothing_and_finishes_the_session() {
    JsonObject noGrace = new JsonObject().put("shutdown.graceMs", 0);
    TestServer nodeA = TestServer.start(noGrace);
    String token;
    try {
      JsonObject retry = new JsonObject().put("maxAttempts", 5).put("initialDelayMs", 50);
      token = nodeA.api().submit(session(
          sleep("one", 300).put("retry", retry),
          sleep("two", 1500).put("retry", retry),
          sleep("three", 300).put("retry", retry),
          sleep("four", 300).put("retry", retry))).getString("token");
      nodeA.api().awaitSession(token, v -> "RUNNING".equals(Api.blockOf(v, "two").getString("status")),
          Duration.ofSeconds(20));
    } finally {
      nodeA.close();
    }
    assertThat(nodeA.queryOne("select status from blocks where block_key = 'two'"))
        .as("node A stopped while block two ran").isEqualTo("RUNNING");
    assertThat(nodeA.queryOne("select status from blocks where block_key = 'one'")).isEqualTo("SUCCESS");

    TestServer nodeB = TestServer.start(nodeA.database(), noGrace);
    try {
      JsonObject view = nodeB.api().awaitSession(token, v -> "SUCCESS".equals(v.getString("status")), Duration.ofSeconds(30));

      for (String id : new String[] {"one", "two", "three", "four"}) {
        JsonObject block = Api.blockOf(view, id);
        assertThat(block.getString("status")).as("block %s", id).isEqualTo("SUCCESS");
        assertThat(block.getJsonObject("result")).as("result of %s", id).isNotNull();
      }
      assertThat(Api.blockOf(view, "one").getInteger("attempts")).as("one finished on node A, never ran again").isEqualTo(1);
      assertThat(Api.blockOf(view, "two").getInteger("attempts")).as("two ran again on node B").isEqualTo(2);
      assertThat(Api.blockOf(view, "three").getInteger("attempts")).isEqualTo(1);
      assertThat(Api.blockOf(view, "four").getInteger("attempts")).isEqualTo(1);
      assertThat(nodeB.queryOne("select count(*) from block_runs where status = 'SUCCESS'"))
          .as("every block succeeded exactly once").isEqualTo("4");
      assertThat(nodeB.queryOne("select count(*) from blocks where lease_token is not null or leased_by is not null"))
          .isEqualTo("0");
    } finally {
      nodeB.close();
    }
  }

  @Test
  void an_expired_lease_of_a_replayable_block_is_rescued_and_the_block_runs_again() {
    JsonObject receipt = api.submit(session(noop("lost").put("retry", new JsonObject().put("maxAttempts", 5).put("initialDelayMs", 50)))
        .put("executionTime", "ON_REQUEST"));
    String token = receipt.getString("token");
    String block = receipt.getJsonArray("blocks").getJsonObject(0).getString("token");

    runningUnderDeadLease(token, block);
    JsonObject view = api.awaitStatus(token, "SUCCESS");

    JsonObject lost = Api.blockOf(view, "lost");
    assertThat(lost.getString("status")).isEqualTo("SUCCESS");
    assertThat(lost.getInteger("attempts")).as("the dead node's attempt, then the rescue's").isEqualTo(2);
    assertThat(lost.getString("reason")).isNull();
    assertThat(node.queryOne("select executions from blocks where token = '" + block + "'")).isEqualTo("2");
    assertThat(node.queryOne("select count(*) from blocks where token = '" + block + "' and leased_by = 'dead-node'"))
        .as("the dead node's lease holds nothing any more").isEqualTo("0");
  }

  @Test
  void an_expired_lease_of_a_non_replayable_block_ends_in_error_orphaned() {
    JsonObject receipt = api.submit(session(noop("lost"), noop("next")).put("executionTime", "ON_REQUEST"));
    String token = receipt.getString("token");
    String block = receipt.getJsonArray("blocks").getJsonObject(0).getString("token");

    runningUnderDeadLease(token, block);
    JsonObject view = api.awaitSession(token, v -> "ERROR".equals(Api.blockOf(v, "lost").getString("status")),
        Duration.ofSeconds(10));

    JsonObject lost = Api.blockOf(view, "lost");
    assertThat(lost.getString("reason")).isEqualTo("orphaned");
    assertThat(lost.getInteger("attempts")).as("not run again").isEqualTo(1);
    assertThat(lost.getJsonObject("error")).isNotNull();
    assertThat(node.queryOne("select executions from blocks where token = '" + block + "'")).isEqualTo("1");
    assertThat(node.queryOne("select lease_token is null and leased_by is null from blocks where token = '" + block + "'"))
        .isEqualTo("t");
    JsonObject runs = api.block(block);
    assertThat(runs.getJsonArray("runs")).as("the lost attempt is kept in the history").hasSize(1);
    assertThat(runs.getJsonArray("runs").getJsonObject(0).getString("status")).isEqualTo("ERROR");
    assertThat(runs.getJsonArray("runs").getJsonObject(0).getJsonObject("error").getString("code")).isEqualTo("ORPHANED");
    JsonObject finished = api.awaitSession(token, v -> v.getString("finishedAt") != null, Duration.ofSeconds(10));
    assertThat(finished.getString("status")).isEqualTo("ERROR");
    assertThat(Api.blockOf(finished, "next").getString("status")).isEqualTo("SUCCESS");
  }

  @Test
  void an_expired_lease_of_a_non_replayable_blocker_blocks_the_session_orphaned() {
    JsonObject receipt = api.submit(session(noop("gate").put("blocker", true), noop("after")).put("executionTime", "ON_REQUEST"));
    String token = receipt.getString("token");
    String block = receipt.getJsonArray("blocks").getJsonObject(0).getString("token");

    runningUnderDeadLease(token, block);
    JsonObject view = api.awaitStatus(token, "BLOCKER");

    JsonObject gate = Api.blockOf(view, "gate");
    assertThat(gate.getString("status")).isEqualTo("BLOCKER");
    assertThat(gate.getString("reason")).isEqualTo("orphaned");
    assertThat(Api.blockOf(view, "after").getString("status")).isEqualTo("STANDBY");
    assertThat(Api.blockOf(view, "after").getInteger("attempts")).isZero();
  }

  @Test
  void a_session_whose_stored_tally_drifted_is_recounted_and_finishes() {
    JsonObject receipt = api.submit(session(noop("a"), noop("b")).put("executionTime", "ON_REQUEST"));
    String token = receipt.getString("token");
    node.execute("UPDATE sessions SET n_waiting = n_waiting + 5 WHERE token = '" + token + "'");

    assertThat(api.post("/v1/sessions/" + token + "/run", null).status()).isEqualTo(200);
    JsonObject view = api.awaitStatus(token, "SUCCESS");
    assertThat(view.getJsonArray("blocks")).allSatisfy(b -> assertThat(((JsonObject) b).getString("status")).isEqualTo("SUCCESS"));
    assertThat(node.queryOne("select n_waiting || '/' || n_success from sessions where token = '" + token + "'"))
        .isEqualTo("0/2");
  }

  @Test
  void an_outcome_whose_transaction_failed_is_applied_again_and_its_block_succeeds_once() {
    // The first transaction that writes the outcome of a block keyed "flaky" fails (a sequence is
    // not rolled back with it, so only the first one does).
    node.execute("""
        CREATE SEQUENCE flaky_failures;
        CREATE FUNCTION fail_flaky_once() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.block_key = 'flaky' AND NEW.status = 'SUCCESS' AND nextval('flaky_failures') = 1 THEN
            RAISE EXCEPTION 'injected failure of the outcome''s transaction';
          END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER fail_flaky_once BEFORE UPDATE ON blocks FOR EACH ROW EXECUTE FUNCTION fail_flaky_once();
        """);
    try {
      String token = api.submit(session(noop("flaky"), noop("after"))).getString("token");
      JsonObject done = api.awaitStatus(token, "SUCCESS");
      JsonObject flaky = api.block(Api.blockOf(done, "flaky").getString("token"));
      assertThat(flaky.getInteger("attempts")).isEqualTo(1);
      assertThat(flaky.getJsonArray("runs")).hasSize(1);
      assertThat(node.queryOne("SELECT last_value FROM flaky_failures")).as("the failure happened").isEqualTo("2");
    } finally {
      node.execute("DROP TRIGGER fail_flaky_once ON blocks; DROP FUNCTION fail_flaky_once(); DROP SEQUENCE flaky_failures");
    }
  }

  /**
   * What a node that died mid-run leaves behind: a started session, its block released, claimed and
   * RUNNING under a lapsed lease (the session's tally no longer counts it as waiting).
   */
  private static void runningUnderDeadLease(String sessionToken, String blockToken) {
    node.execute("UPDATE sessions SET started_at = now(), n_waiting = n_waiting - 1 WHERE token = '" + sessionToken + "'");
    node.execute("UPDATE blocks SET status = 'RUNNING', lease_token = gen_random_uuid(), leased_by = 'dead-node',"
        + " lease_until = now() - interval '1 minute', attempts = 1, executions = 1, started_at = now()"
        + " WHERE token = '" + blockToken + "'");
  }
}
