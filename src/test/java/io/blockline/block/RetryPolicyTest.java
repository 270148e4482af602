package io.blockline.block;

import io.blockline.config.BlocklineConfig;
import io.blockline.config.ConfigKey;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {
  private static final long SECOND = 1_000L;
  /** DESIGN.md: 6^n seconds for retry n, then every ~13 h (6^6 s). */
  private static final RetryPolicy DEFAULT = RetryPolicy.defaults(6 * SECOND, 6.0, 46_656 * SECOND);

  @ParameterizedTest(name = "retry {0} waits {1} s")
  @CsvSource({
      "1, 6",       // 6 s
      "2, 36",      // 36 s
      "3, 216",     // ~3.6 min
      "4, 1296",    // ~21.6 min
      "5, 7776",    // ~2.2 h
      "6, 46656",   // ~13 h
  })
  void default_back_off_is_six_to_the_power_of_the_retry_in_seconds(int retry, long seconds) {
    assertThat(DEFAULT.baseDelayMs(retry)).isEqualTo(seconds * SECOND);
    assertThat(DEFAULT.delayMs(retry)).isEqualTo(seconds * SECOND);
  }

  @ParameterizedTest(name = "retry {0} waits ~13 h")
  @CsvSource({"7", "8", "10", "50", "1000", "100000"})
  void after_the_sixth_retry_the_default_delay_stays_at_about_thirteen_hours(int retry) {
    assertThat(DEFAULT.baseDelayMs(retry)).isEqualTo(46_656 * SECOND);
  }

  @Test
  void the_servers_default_configuration_yields_the_reference_schedule() {
    BlocklineConfig config = BlocklineConfig.defaults();
    RetryPolicy policy = RetryPolicy.defaults(
        config.longValue(ConfigKey.RETRY_INITIAL_DELAY_MS),
        config.doubleValue(ConfigKey.RETRY_MULTIPLIER),
        config.longValue(ConfigKey.RETRY_MAX_DELAY_MS));
    assertThat(IntStream.rangeClosed(1, 8).mapToObj(policy::baseDelayMs).toList())
        .containsExactly(6_000L, 36_000L, 216_000L, 1_296_000L, 7_776_000L, 46_656_000L, 46_656_000L, 46_656_000L);
  }

  @Test
  void the_default_policy_retries_without_end_and_without_jitter() {
    assertThat(DEFAULT.maxAttempts()).isZero();
    assertThat(DEFAULT.jitterMs()).isZero();
    assertThat(DEFAULT.allowsAnotherAfter(1)).isTrue();
    assertThat(DEFAULT.allowsAnotherAfter(1_000_000)).isTrue();
    assertThat(DEFAULT.allowsAnotherAfter(Integer.MAX_VALUE)).isTrue();
  }

  @Test
  void the_cap_applies_when_the_first_delay_already_exceeds_it() {
    RetryPolicy policy = new RetryPolicy(0, 10_000, 2.0, 5_000, 0);
    assertThat(policy.baseDelayMs(1)).isEqualTo(5_000);
    assertThat(policy.baseDelayMs(2)).isEqualTo(5_000);
  }

  @Test
  void a_multiplier_of_one_gives_a_constant_delay() {
    RetryPolicy policy = new RetryPolicy(0, 750, 1.0, 60_000, 0);
    assertThat(IntStream.rangeClosed(1, 5).mapToObj(policy::baseDelayMs).toList())
        .containsOnly(750L);
  }

  @Test
  void no_retry_object_keeps_the_policy_as_it_is() {
    assertThat(DEFAULT.with(null)).isEqualTo(DEFAULT);
    assertThat(DEFAULT.with(new JsonObject())).isEqualTo(DEFAULT);
  }

  @Test
  void a_block_overrides_only_the_fields_it_names() {
    RetryPolicy policy = DEFAULT.with(new JsonObject().put("maxAttempts", 4).put("initialDelayMs", 1_000));
    assertThat(policy).isEqualTo(new RetryPolicy(4, 1_000, 6.0, 46_656_000, 0));
    assertThat(policy.baseDelayMs(1)).isEqualTo(1_000);
    assertThat(policy.baseDelayMs(2)).isEqualTo(6_000);
  }

  @Test
  void a_block_may_override_every_field() {
    JsonObject retry = new JsonObject().put("maxAttempts", 5).put("initialDelayMs", 1_000).put("multiplier", 2.0)
        .put("maxDelayMs", 60_000).put("jitterMs", 200);
    RetryPolicy policy = DEFAULT.with(retry);
    assertThat(policy).isEqualTo(new RetryPolicy(5, 1_000, 2.0, 60_000, 200));
    assertThat(IntStream.rangeClosed(1, 8).mapToObj(policy::baseDelayMs).toList())
        .containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 60_000L, 60_000L);
  }

  @Test
  void a_whole_number_multiplier_is_read_as_a_decimal() {
    RetryPolicy policy = DEFAULT.with(new JsonObject().put("multiplier", 3).put("initialDelayMs", 100L));
    assertThat(policy.multiplier()).isEqualTo(3.0);
    assertThat(policy.baseDelayMs(3)).isEqualTo(900);
  }

  @Test
  void max_attempts_counts_the_first_run() {
    RetryPolicy three = DEFAULT.with(new JsonObject().put("maxAttempts", 3));
    assertThat(three.allowsAnotherAfter(1)).isTrue();
    assertThat(three.allowsAnotherAfter(2)).isTrue();
    assertThat(three.allowsAnotherAfter(3)).isFalse();
    assertThat(three.allowsAnotherAfter(4)).isFalse();
  }

  @Test
  void max_attempts_of_one_means_no_retry() {
    RetryPolicy once = DEFAULT.with(new JsonObject().put("maxAttempts", 1));
    assertThat(once.allowsAnotherAfter(1)).isFalse();
  }

  @Test
  void max_attempts_of_zero_means_unlimited() {
    RetryPolicy policy = new RetryPolicy(3, 1_000, 2.0, 10_000, 0).with(new JsonObject().put("maxAttempts", 0));
    assertThat(policy.allowsAnotherAfter(3)).isTrue();
    assertThat(policy.allowsAnotherAfter(10_000)).isTrue();
  }

  @Test
  void the_injected_jitter_is_asked_for_a_value_up_to_jitter_ms_and_added_to_the_delay() {
    RetryPolicy policy = new RetryPolicy(0, 1_000, 2.0, 60_000, 250);
    AtomicLong bound = new AtomicLong(-1);
    long delay = policy.delayMs(3, b -> {
      bound.set(b);
      return 17;
    });
    assertThat(bound.get()).isEqualTo(250);
    assertThat(delay).isEqualTo(4_000 + 17);
  }

  @Test
  void an_injected_jitter_at_its_bounds_gives_the_smallest_and_largest_delay() {
    RetryPolicy policy = new RetryPolicy(0, 1_000, 2.0, 60_000, 250);
    assertThat(policy.delayMs(2, b -> 0)).isEqualTo(2_000);
    assertThat(policy.delayMs(2, b -> b)).isEqualTo(2_250);
  }

  @Test
  void jitter_is_added_on_top_of_the_capped_delay() {
    RetryPolicy policy = new RetryPolicy(0, 1_000, 2.0, 5_000, 100);
    assertThat(policy.delayMs(10, b -> b)).isEqualTo(5_100);
  }

  @Test
  void without_jitter_ms_the_jitter_source_is_not_consulted() {
    long delay = DEFAULT.delayMs(2, b -> {
      throw new AssertionError("jitter asked for although jitterMs is 0");
    });
    assertThat(delay).isEqualTo(36_000);
  }

  @Test
  void random_jitter_stays_within_zero_and_jitter_ms() {
    RetryPolicy policy = new RetryPolicy(0, 1_000, 2.0, 60_000, 50);
    for (int i = 0; i < 2_000; i++) {
      assertThat(policy.delayMs(1)).isBetween(1_000L, 1_050L);
    }
  }

  @Test
  void random_jitter_reaches_both_ends_of_its_range() {
    RetryPolicy policy = new RetryPolicy(0, 1_000, 2.0, 60_000, 1);
    var seen = IntStream.range(0, 500).mapToObj(i -> policy.delayMs(1)).distinct().toList();
    assertThat(seen).containsExactlyInAnyOrder(1_000L, 1_001L);
  }
}
