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
import static io.blockline.testsupport.Sessions.echo;
import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static io.blockline.testsupport.Sessions.sleep;
import static org.assertj.core.api.Assertions.assertThat;

/** DESIGN.md, Semantics: {@code interrupt} and proceed, timeouts, cancellation of sessions and blocks. */
class InterruptAndCancelRulesTest {
  /** Far longer than any wait below: a sleep that ends by itself would show as a run this long. */
  private static final long LONG_SLEEP_MS = 20_000;

  @RegisterExtension
  static final TestServer node = TestServer.perClass();
  static final Api api = node.api();

  @Test
  void an_interrupt_pauses_the_session_and_proceed_continues_with_the_merged_data() {
    JsonObject body = session(echo("review", new JsonObject().put("draft", 7)).put("interrupt", true),
        echo("publish", new JsonObject().put("channel", "web"))).put("mode", "pipeline");
    String token = api.submit(body).getString("token");

    JsonObject paused = api.awaitStatus(token, "PAUSED");
    assertThat(paused.getJsonObject("output")).isEqualTo(new JsonObject().put("draft", 7));
    assertThat(blockOf(paused, "review").getString("status")).isEqualTo("SUCCESS");
    JsonObject waiting = blockOf(paused, "publish");
    assertThat(waiting.getString("status")).isEqualTo("STANDBY");
    assertThat(waiting.getString("startedAt")).isNull();
    assertThat(waiting.getString("nextRunAt")).as("not released while paused").isNull();

    Api.Response proceed = api.post("/v1/sessions/" + token + "/proceed",
        new JsonObject().put("data", new JsonObject().put("approved", true)));
    assertThat(proceed.status()).isEqualTo(200);

    JsonObject done = api.awaitStatus(token, "SUCCESS");
    assertThat(blockOf(done, "review").getJsonObject("result"))
        .isEqualTo(new JsonObject().put("draft", 7).put("approved", true));
    JsonObject published = blockOf(done, "publish").getJsonObject("result");
    assertThat(published).as("the next block sees the merged data")
        .isEqualTo(new JsonObject().put("draft", 7).put("approved", true).put("channel", "web"));
    assertThat(done.getJsonObject("output")).isEqualTo(published);
  }

  @Test
  void proceed_with_nothing_left_to_release_keeps_the_session_running_while_a_block_still_runs() {
    JsonObject body = session(echo("review", new JsonObject()).put("interrupt", true), sleep("long", LONG_SLEEP_MS))
        .put("mode", "parallel");
    String token = api.submit(body).getString("token");
    api.awaitStatus(token, "PAUSED");

    assertThat(api.post("/v1/sessions/" + token + "/proceed", new JsonObject().put("data", new JsonObject())).status())
        .isEqualTo(200);

    JsonObject after = api.session(token);
    assertThat(after.getString("status")).as("one block still runs").isEqualTo("RUNNING");
    assertThat(blockOf(after, "long").getString("status")).isEqualTo("RUNNING");
    api.post("/v1/sessions/" + token + "/cancel", null);
  }

  @Test
  void proceed_on_a_session_that_is_not_paused_is_a_409_problem() {
    String token = api.submit(session(noop("only"))).getString("token");
    api.awaitStatus(token, "SUCCESS");

    Api.Response r = api.post("/v1/sessions/" + token + "/proceed", new JsonObject().put("data", new JsonObject()));

    assertThat(r.status()).isEqualTo(409);
    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.json().getInteger("status")).isEqualTo(409);
    assertThat(r.json().getString("detail")).contains("PAUSED");
    assertThat(api.session(token).getString("status")).as("a rejected request changes nothing").isEqualTo("SUCCESS");
  }

  @Test
  void a_run_past_its_timeout_is_stopped_and_the_block_ends_timeout() {
    String token = api.submit(session(sleep("slow", LONG_SLEEP_MS).put("timeoutMs", 200))).getString("token");

    JsonObject view = api.awaitStatus(token, "ERROR");

    JsonObject block = blockOf(view, "slow");
    assertThat(block.getString("status")).isEqualTo("TIMEOUT");
    assertThat(block.getJsonObject("error").getString("code")).isEqualTo("TIMEOUT");
    JsonArray runs = api.block(block.getString("token")).getJsonArray("runs");
    assertThat(runs).hasSize(1);
    assertThat(runs.getJsonObject(0).getString("status")).isEqualTo("TIMEOUT");
    assertThat(runMs(runs.getJsonObject(0))).isGreaterThanOrEqualTo(200 - 2).isLessThan(LONG_SLEEP_MS);
  }

  @Test
  void cancel_of_a_session_stops_its_running_sleep_and_cancels_every_block() {
    JsonObject receipt = api.submit(session(sleep("nap", LONG_SLEEP_MS), noop("after")));
    String token = receipt.getString("token");
    api.awaitSession(token, v -> "RUNNING".equals(blockOf(v, "nap").getString("status")), Duration.ofSeconds(10));

    Api.Response cancel = api.post("/v1/sessions/" + token + "/cancel", null);
    assertThat(cancel.status()).isEqualTo(200);

    JsonObject view = api.awaitStatus(token, "CANCELLED");
    assertThat(blockOf(view, "nap").getString("status")).isEqualTo("CANCELLED");
    assertThat(blockOf(view, "after").getString("status")).isEqualTo("CANCELLED");
    assertThat(blockOf(view, "after").getString("startedAt")).isNull();
    JsonObject run = awaitFirstRun(blockOf(view, "nap").getString("token"));
    assertThat(run.getString("status")).isEqualTo("CANCELLED");
    assertThat(runMs(run)).as("the sleep was stopped, not left to finish").isLessThan(LONG_SLEEP_MS);
  }

  @Test
  void cancel_of_a_running_block_stops_it_skips_its_dependents_and_the_rest_runs() {
    JsonObject receipt = api.submit(session(sleep("nap", LONG_SLEEP_MS),
        noop("needs-nap").put("require", array("nap")), noop("independent")));
    String token = receipt.getString("token");
    JsonObject running = api.awaitSession(token, v -> "RUNNING".equals(blockOf(v, "nap").getString("status")),
        Duration.ofSeconds(10));
    String napToken = blockOf(running, "nap").getString("token");

    Api.Response cancel = api.post("/v1/blocks/" + napToken + "/cancel", null);
    assertThat(cancel.status()).isEqualTo(200);
    assertThat(cancel.json().getString("status")).isEqualTo("CANCELLED");

    JsonObject view = api.awaitStatus(token, "ERROR");
    assertThat(blockOf(view, "nap").getString("status")).isEqualTo("CANCELLED");
    assertThat(blockOf(view, "needs-nap").getString("status")).isEqualTo("SKIPPED");
    assertThat(blockOf(view, "needs-nap").getString("reason")).contains("nap");
    assertThat(blockOf(view, "independent").getString("status")).isEqualTo("SUCCESS");
    assertThat(api.post("/v1/blocks/" + napToken + "/cancel", null).status()).as("CANCELLED is final").isEqualTo(409);
    JsonObject run = awaitFirstRun(napToken);
    assertThat(run.getString("status")).isEqualTo("CANCELLED");
    assertThat(runMs(run)).isLessThan(LONG_SLEEP_MS);
  }

  /** The block's first recorded run; the worker records it when the stopped run reports back. */
  private static JsonObject awaitFirstRun(String blockToken) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    JsonObject block = api.block(blockToken);
    while (block.getJsonArray("runs").isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("block " + blockToken + " has no recorded run; last view: " + block.encodePrettily());
      }
      Api.sleep(20);
      block = api.block(blockToken);
    }
    return block.getJsonArray("runs").getJsonObject(0);
  }

  private static long runMs(JsonObject run) {
    return Duration.between(Instant.parse(run.getString("startedAt")), Instant.parse(run.getString("finishedAt")))
        .toMillis();
  }
}
