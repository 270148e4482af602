package io.blockline.block;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TransitionTest {
  private static final RetryPolicy DEFAULT = RetryPolicy.defaults(6_000, 6.0, 46_656_000);
  private static final JsonObject ERROR = new JsonObject().put("code", "BOOM").put("message", "it broke");

  private static Outcome failed(boolean retryable) {
    return new Outcome.Failed(ERROR, retryable);
  }

  @Test
  void success_ends_the_block_with_its_result_and_clears_the_error() {
    JsonObject result = new JsonObject().put("n", 1);
    Transition.Decision d = Transition.decide(1, true, true, new Outcome.Succeeded(result), DEFAULT);
    assertThat(d.status()).isEqualTo(BlockStatus.SUCCESS);
    assertThat(d.result()).isEqualTo(result);
    assertThat(d.error()).isNull();
    assertThat(d.retryDelayMs()).isNull();
  }

  @Test
  void a_retryable_failure_of_a_replayable_block_waits_for_the_first_retry() {
    Transition.Decision d = Transition.decide(1, true, false, failed(true), DEFAULT);
    assertThat(d.status()).isEqualTo(BlockStatus.STANDBY);
    assertThat(d.retryDelayMs()).isEqualTo(6_000);
    assertThat(d.error()).isEqualTo(ERROR);
    assertThat(d.result()).isNull();
  }

  @Test
  void the_retry_delay_follows_the_number_of_attempts_made() {
    assertThat(Transition.decide(2, true, false, failed(true), DEFAULT).retryDelayMs()).isEqualTo(36_000);
    assertThat(Transition.decide(3, true, false, failed(true), DEFAULT).retryDelayMs()).isEqualTo(216_000);
    assertThat(Transition.decide(6, true, false, failed(true), DEFAULT).retryDelayMs()).isEqualTo(46_656_000);
    assertThat(Transition.decide(40, true, false, failed(true), DEFAULT).retryDelayMs()).isEqualTo(46_656_000);
  }

  @Test
  void the_retry_delay_includes_the_policys_jitter() {
    RetryPolicy jittered = new RetryPolicy(0, 1_000, 2.0, 60_000, 100);
    for (int i = 0; i < 200; i++) {
      assertThat(Transition.decide(2, true, false, failed(true), jittered).retryDelayMs()).isBetween(2_000L, 2_100L);
    }
  }

  @Test
  void a_failure_of_a_block_that_is_not_replayable_is_final() {
    Transition.Decision d = Transition.decide(1, false, false, failed(true), DEFAULT);
    assertThat(d.status()).isEqualTo(BlockStatus.ERROR);
    assertThat(d.retryDelayMs()).isNull();
    assertThat(d.error()).isEqualTo(ERROR);
  }

  @Test
  void a_failure_that_a_retry_cannot_help_is_final_even_when_replayable() {
    Transition.Decision d = Transition.decide(1, true, false, failed(false), DEFAULT);
    assertThat(d.status()).isEqualTo(BlockStatus.ERROR);
    assertThat(d.retryDelayMs()).isNull();
  }

  @Test
  void the_last_allowed_attempt_fails_for_good() {
    RetryPolicy three = DEFAULT.with(new JsonObject().put("maxAttempts", 3));
    assertThat(Transition.decide(2, true, false, failed(true), three).status()).isEqualTo(BlockStatus.STANDBY);
    Transition.Decision last = Transition.decide(3, true, false, failed(true), three);
    assertThat(last.status()).isEqualTo(BlockStatus.ERROR);
    assertThat(last.retryDelayMs()).isNull();
  }

  @Test
  void unlimited_attempts_keep_retrying_at_the_capped_delay() {
    Transition.Decision d = Transition.decide(10_000, true, false, failed(true), DEFAULT);
    assertThat(d.status()).isEqualTo(BlockStatus.STANDBY);
    assertThat(d.retryDelayMs()).isEqualTo(46_656_000);
  }

  @Test
  void a_blockers_final_failure_is_blocker() {
    assertThat(Transition.decide(1, false, true, failed(true), DEFAULT).status()).isEqualTo(BlockStatus.BLOCKER);
    assertThat(Transition.decide(1, true, true, failed(false), DEFAULT).status()).isEqualTo(BlockStatus.BLOCKER);
    RetryPolicy once = DEFAULT.with(new JsonObject().put("maxAttempts", 1));
    assertThat(Transition.decide(1, true, true, failed(true), once).status()).isEqualTo(BlockStatus.BLOCKER);
  }

  @Test
  void a_blocker_that_may_still_retry_waits_for_its_retry() {
    Transition.Decision d = Transition.decide(1, true, true, failed(true), DEFAULT);
    assertThat(d.status()).isEqualTo(BlockStatus.STANDBY);
    assertThat(d.retryDelayMs()).isEqualTo(6_000);
  }

  @Test
  void a_final_timeout_is_timeout_with_a_timeout_error() {
    Transition.Decision d = Transition.decide(1, false, false, new Outcome.TimedOut(5_000), DEFAULT);
    assertThat(d.status()).isEqualTo(BlockStatus.TIMEOUT);
    assertThat(d.retryDelayMs()).isNull();
    assertThat(d.error().getString("code")).isEqualTo("TIMEOUT");
    assertThat(d.error().getString("message")).contains("5000");
  }

  @Test
  void what_a_handler_knew_of_a_stopped_run_stays_with_the_error() {
    JsonObject details = new JsonObject().put("exitCode", 124).put("stdoutTail", "half");
    assertThat(Transition.decide(1, false, false, new Outcome.TimedOut(5_000, details), DEFAULT).error()
        .getJsonObject("details")).isEqualTo(details);
    assertThat(Transition.decide(1, false, false, new Outcome.Cancelled(details), DEFAULT).error()
        .getJsonObject("details")).isEqualTo(details);
    assertThat(Transition.decide(1, false, false, new Outcome.TimedOut(5_000), DEFAULT).error().containsKey("details"))
        .isFalse();
  }

  @Test
  void stopped_outcomes_keep_their_details_across_the_event_bus() {
    JsonObject details = new JsonObject().put("exitCode", 124);
    assertThat(Outcome.fromJson(new Outcome.TimedOut(7, details).toJson())).isEqualTo(new Outcome.TimedOut(7, details));
    assertThat(Outcome.fromJson(new Outcome.Cancelled(details).toJson())).isEqualTo(new Outcome.Cancelled(details));
    assertThat(Outcome.fromJson(new Outcome.Cancelled().toJson())).isEqualTo(new Outcome.Cancelled());
  }

  @Test
  void a_timeout_of_a_replayable_block_is_retried() {
    Transition.Decision d = Transition.decide(2, true, false, new Outcome.TimedOut(5_000), DEFAULT);
    assertThat(d.status()).isEqualTo(BlockStatus.STANDBY);
    assertThat(d.retryDelayMs()).isEqualTo(36_000);
    assertThat(d.error().getString("code")).isEqualTo("TIMEOUT");
  }

  @Test
  void a_timeout_after_the_last_attempt_is_timeout() {
    RetryPolicy two = DEFAULT.with(new JsonObject().put("maxAttempts", 2));
    assertThat(Transition.decide(2, true, false, new Outcome.TimedOut(5_000), two).status())
        .isEqualTo(BlockStatus.TIMEOUT);
  }

  @Test
  void a_blockers_final_timeout_is_blocker() {
    Transition.Decision d = Transition.decide(1, false, true, new Outcome.TimedOut(5_000), DEFAULT);
    assertThat(d.status()).isEqualTo(BlockStatus.BLOCKER);
    assertThat(d.error().getString("code")).isEqualTo("TIMEOUT");
  }

  @Test
  void cancellation_is_final_whatever_the_retry_rules() {
    Transition.Decision d = Transition.decide(1, true, true, new Outcome.Cancelled(), DEFAULT);
    assertThat(d.status()).isEqualTo(BlockStatus.CANCELLED);
    assertThat(d.retryDelayMs()).isNull();
    assertThat(d.result()).isNull();
    assertThat(d.error().getString("code")).isEqualTo("CANCELLED");
  }

  @Test
  void every_decision_is_a_move_the_transition_table_allows_from_running() {
    Outcome[] outcomes = {new Outcome.Succeeded(new JsonObject()), failed(true), failed(false),
        new Outcome.TimedOut(1), new Outcome.Cancelled()};
    for (Outcome outcome : outcomes) {
      for (boolean replayable : new boolean[] {true, false}) {
        for (boolean blocker : new boolean[] {true, false}) {
          BlockStatus next = Transition.decide(1, replayable, blocker, outcome, DEFAULT).status();
          assertThat(BlockStatus.RUNNING.canMoveTo(next))
              .as("RUNNING -> %s for %s replayable=%s blocker=%s", next, outcome, replayable, blocker)
              .isTrue();
        }
      }
    }
  }
}
