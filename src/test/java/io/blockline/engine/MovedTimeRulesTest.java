package io.blockline.engine;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestClock;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;

import static io.blockline.testsupport.Api.blockOf;
import static io.blockline.testsupport.Sessions.fail;
import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production schedule, tested without waiting for it: the test moves the node's clock and its
 * database's {@code now()} ({@link TestClock}), so an hour's delay, the default back-off of 6 s
 * then 36 s and a week's retention come due at once. The server's SQL is unchanged: deadlines
 * stay on the database's clock.
 */
class MovedTimeRulesTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @RegisterExtension
  static final TestServer node = TestServer.perClassWithMovableClock(new JsonObject()
      .put("retry.initialDelayMs", 6_000)
      .put("retry.multiplier", 6.0)
      .put("retry.maxDelayMs", 46_656_000L)
      .put("retention.successMs", Duration.ofDays(7).toMillis())
      .put("retention.intervalMs", 100));
  static final Api api = node.api();

  @Test
  void a_block_delayed_an_hour_runs_once_the_hour_has_passed() {
    Instant submitted = node.clock().instant();
    String token = api.submit(session(noop("later").put("delayMs", Duration.ofHours(1).toMillis()))).getString("token");
    JsonObject waiting = blockOf(api.session(token), "later");
    assertThat(waiting.getString("status")).isEqualTo("STANDBY");
    assertThat(Instant.parse(waiting.getString("nextRunAt"))).isAfter(submitted.plus(Duration.ofMinutes(59)));

    node.clock().advance(Duration.ofHours(1));

    JsonObject done = api.awaitSession(token, v -> "SUCCESS".equals(v.getString("status")), WAIT);
    JsonObject run = runs(blockOf(done, "later")).getJsonObject(0);
    assertThat(Instant.parse(run.getString("startedAt"))).isAfter(submitted.plus(Duration.ofHours(1)));
  }

  @Test
  void the_default_back_off_retries_after_6_then_36_seconds() {
    String token = api.submit(session(fail("flaky", 2).put("replayable", true))).getString("token");
    awaitAttempts(token, 1);

    node.clock().advance(Duration.ofSeconds(6));
    awaitAttempts(token, 2);
    node.clock().advance(Duration.ofSeconds(36));

    JsonObject done = api.awaitSession(token, v -> "SUCCESS".equals(v.getString("status")), WAIT);
    JsonArray runs = runs(blockOf(done, "flaky"));
    assertThat(runs).hasSize(3);
    assertThat(gap(runs, 1)).isGreaterThanOrEqualTo(Duration.ofSeconds(6));
    assertThat(gap(runs, 2)).isGreaterThanOrEqualTo(Duration.ofSeconds(36));
  }

  @Test
  void a_finished_session_is_pruned_a_week_after_it_finished() {
    String token = api.submit(session(noop("a"))).getString("token");
    api.awaitSession(token, v -> "SUCCESS".equals(v.getString("status")), WAIT);

    node.clock().advance(Duration.ofDays(7).plusMinutes(1));

    awaitGone(token);
  }

  /** Waits until the block has failed this many attempts and waits for its next one. */
  private static void awaitAttempts(String token, int attempts) {
    api.awaitSession(token, v -> {
      JsonObject block = blockOf(v, "flaky");
      return block.getInteger("attempts") == attempts && "STANDBY".equals(block.getString("status"))
          && block.getString("nextRunAt") != null;
    }, WAIT);
  }

  private static void awaitGone(String token) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (api.get("/v1/sessions/" + token).status() != 404) {
      assertThat(System.nanoTime()).as("session %s still there", token).isLessThan(deadline);
      Api.sleep(20);
    }
  }

  private static JsonArray runs(JsonObject blockSummary) {
    return api.block(blockSummary.getString("token")).getJsonArray("runs");
  }

  private static Duration gap(JsonArray runs, int i) {
    return Duration.between(Instant.parse(runs.getJsonObject(i - 1).getString("startedAt")),
        Instant.parse(runs.getJsonObject(i).getString("startedAt")));
  }
}
