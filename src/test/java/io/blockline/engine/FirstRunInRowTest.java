package io.blockline.engine;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.blockline.testsupport.Api.blockOf;
import static io.blockline.testsupport.Sessions.echo;
import static io.blockline.testsupport.Sessions.fail;
import static io.blockline.testsupport.Sessions.fastRetry;
import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * V15: a block whose first attempt succeeds keeps that run in its own row, not in runs; every
 * other run still goes to runs, and the block's history (its view, block_runs) is the same either way.
 */
class FirstRunInRowTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass(new JsonObject());
  static final Api api = node.api();

  @Test
  void a_first_attempt_that_succeeds_is_kept_in_the_block_row_and_shown_as_its_one_run() {
    JsonObject done = api.awaitStatus(api.submit(session(noop("a"), noop("b"))).getString("token"), "SUCCESS");
    for (String key : new String[] {"a", "b"}) {
      String token = blockOf(done, key).getString("token");
      assertThat(node.queryOne("SELECT count(*) FROM runs r JOIN blocks b ON b.id = r.block_id WHERE b.token = '"
          + token + "'")).as("%s: no row in runs", key).isEqualTo("0");
      assertThat(node.queryOne("SELECT run_started_at <= run_finished_at AND run_finished_at <= finished_at + interval '1 second'"
          + " FROM blocks WHERE token = '" + token + "'")).as("%s: its run's times in its row", key).isEqualTo("t");

      JsonArray runs = api.block(token).getJsonArray("runs");
      assertThat(runs).as("%s runs", key).hasSize(1);
      JsonObject run = runs.getJsonObject(0);
      assertThat(run.getInteger("attempt")).isEqualTo(1);
      assertThat(run.getInteger("item")).isNull();
      assertThat(run.getString("status")).isEqualTo("SUCCESS");
      assertThat(run.getValue("error")).isNull();
      assertThat(run.getString("startedAt")).isNotNull();
      assertThat(run.getString("finishedAt")).isNotNull();
    }
  }

  @Test
  void a_block_that_needed_a_retry_keeps_all_its_runs_in_runs() {
    JsonObject block = fail("flaky", 1).put("replayable", true).put("retry", fastRetry(3));
    JsonObject done = api.awaitStatus(api.submit(session(block)).getString("token"), "SUCCESS");
    String token = blockOf(done, "flaky").getString("token");

    assertThat(node.queryOne("SELECT string_agg(r.attempt || ':' || r.status, ',' ORDER BY r.id) FROM runs r"
        + " JOIN blocks b ON b.id = r.block_id WHERE b.token = '" + token + "'")).isEqualTo("1:ERROR,2:SUCCESS");
    assertThat(node.queryOne("SELECT run_started_at IS NULL FROM blocks WHERE token = '" + token + "'")).isEqualTo("t");
    assertThat(api.block(token).getJsonArray("runs")).hasSize(2);
  }

  @Test
  void a_dataset_block_keeps_one_run_per_item_in_runs() {
    JsonArray items = new JsonArray().add(1).add(2);
    JsonObject done = api.awaitStatus(api.submit(session(echo("each", new JsonObject()).put("dataset", items)))
        .getString("token"), "SUCCESS");
    String token = blockOf(done, "each").getString("token");

    assertThat(node.queryOne("SELECT string_agg(r.item || ':' || r.status, ',' ORDER BY r.item) FROM block_runs r"
        + " JOIN blocks b ON b.id = r.block_id WHERE b.token = '" + token + "'")).isEqualTo("0:SUCCESS,1:SUCCESS");
    assertThat(node.queryOne("SELECT run_started_at IS NULL FROM blocks WHERE token = '" + token + "'")).isEqualTo("t");
  }
}
