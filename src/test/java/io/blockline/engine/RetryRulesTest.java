package io.blockline.engine;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;

import static io.blockline.testsupport.Api.blockOf;
import static io.blockline.testsupport.Sessions.fail;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN.md, Semantics: a failed replayable block is retried on a timer, with the block's own
 * policy or the server default. Gaps are checked as lower bounds only.
 */
class RetryRulesTest {
  /** The server default for this class: short, so the default schedule runs within the test. */
  private static final long DEFAULT_INITIAL_DELAY_MS = 80;
  /** Timestamps travel in milliseconds; allow their rounding, nothing more. */
  private static final long ROUNDING_MS = 2;

  @RegisterExtension
  static final TestServer node = TestServer.perClass(new JsonObject()
        .put("retry.initialDelayMs", DEFAULT_INITIAL_DELAY_MS)
        .put("retry.multiplier", 2.0)
        .put("retry.maxDelayMs", 1000));
  static final Api api = node.api();

  @Test
  void replayable_block_with_fail_times_2_succeeds_on_attempt_3_after_its_back_off() {
    JsonObject retry = new JsonObject().put("maxAttempts", 5).put("initialDelayMs", 100).put("multiplier", 2.0);
    JsonObject receipt = api.submit(session(fail("flaky", 2).put("replayable", true).put("retry", retry)));

    JsonObject view = api.awaitStatus(receipt.getString("token"), "SUCCESS");

    JsonObject summary = blockOf(view, "flaky");
    assertThat(summary.getString("status")).isEqualTo("SUCCESS");
    assertThat(summary.getInteger("attempts")).isEqualTo(3);
    assertThat(summary.getJsonObject("result").getInteger("attempt")).isEqualTo(3);
    JsonArray runs = api.block(summary.getString("token")).getJsonArray("runs");
    assertThat(runs).hasSize(3);
    assertRun(runs.getJsonObject(0), 1, "ERROR");
    assertRun(runs.getJsonObject(1), 2, "ERROR");
    assertRun(runs.getJsonObject(2), 3, "SUCCESS");
    assertThat(gapMs(runs, 1)).as("first retry waits initialDelayMs").isGreaterThanOrEqualTo(100 - ROUNDING_MS);
    assertThat(gapMs(runs, 2)).as("second retry waits initialDelayMs * multiplier").isGreaterThanOrEqualTo(200 - ROUNDING_MS);
  }

  @Test
  void an_exhausted_retry_budget_ends_the_block_in_error_with_the_last_error() {
    JsonObject retry = new JsonObject().put("maxAttempts", 3).put("initialDelayMs", 30).put("multiplier", 1.0);
    JsonObject receipt = api.submit(session(fail("doomed", null).put("retry", retry)));

    JsonObject view = api.awaitStatus(receipt.getString("token"), "ERROR");

    JsonObject block = blockOf(view, "doomed");
    assertThat(block.getString("status")).isEqualTo("ERROR");
    assertThat(block.getInteger("attempts")).isEqualTo(3);
    assertThat(block.getString("nextRunAt")).as("no further retry is planned").isNull();
    JsonObject error = block.getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("FAILED");
    assertThat(error.getString("message")).isEqualTo("planned failure");
    assertThat(error.getJsonObject("details").getInteger("attempt")).as("the error of the last attempt").isEqualTo(3);
    JsonArray runs = api.block(block.getString("token")).getJsonArray("runs");
    assertThat(runs).hasSize(3);
    runs.forEach(run -> assertThat(((JsonObject) run).getString("status")).isEqualTo("ERROR"));
  }

  @Test
  void replayable_without_retry_follows_the_server_default_back_off() {
    JsonObject receipt = api.submit(session(fail("flaky", 2).put("replayable", true)));

    JsonObject view = api.awaitSession(receipt.getString("token"), v -> "SUCCESS".equals(v.getString("status")),
        Duration.ofSeconds(20));

    JsonObject block = blockOf(view, "flaky");
    assertThat(block.getInteger("attempts")).isEqualTo(3);
    JsonArray runs = api.block(block.getString("token")).getJsonArray("runs");
    assertThat(runs).hasSize(3);
    assertThat(gapMs(runs, 1)).isGreaterThanOrEqualTo(DEFAULT_INITIAL_DELAY_MS - ROUNDING_MS);
    assertThat(gapMs(runs, 2)).isGreaterThanOrEqualTo(2 * DEFAULT_INITIAL_DELAY_MS - ROUNDING_MS);
  }

  private static void assertRun(JsonObject run, int attempt, String status) {
    assertThat(run.getInteger("attempt")).isEqualTo(attempt);
    assertThat(run.getString("status")).isEqualTo(status);
  }

  /** Time between the end of run {@code i - 1} and the start of run {@code i}. */
  private static long gapMs(JsonArray runs, int i) {
    Instant previousEnd = Instant.parse(runs.getJsonObject(i - 1).getString("finishedAt"));
    Instant start = Instant.parse(runs.getJsonObject(i).getString("startedAt"));
    return Duration.between(previousEnd, start).toMillis();
  }
}
