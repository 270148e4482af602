package io.blockline.delivery;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The delivery retry delay: min(30 s, 500 ms × 2^(attempt−1)) plus a jitter of up to 200 ms. */
class DeliveryBackoffTest {

  @Test
  void the_base_delay_doubles_from_500_ms_and_is_capped_at_30_s() {
    long[] expected = {500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000};
    for (int attempt = 1; attempt <= 8; attempt++) {
      assertThat(DeliveryBackoff.baseDelayMs(attempt)).as("attempt %d", attempt).isEqualTo(expected[attempt - 1]);
    }
  }

  @Test
  void the_cap_holds_for_any_later_attempt() {
    for (int attempt : new int[] {9, 20, 21, 31, 64, 1_000, Integer.MAX_VALUE}) {
      assertThat(DeliveryBackoff.baseDelayMs(attempt)).as("attempt %d", attempt).isEqualTo(30_000);
    }
  }

  @Test
  void the_delay_adds_a_jitter_of_at_most_200_ms_to_the_base() {
    for (int attempt = 1; attempt <= 8; attempt++) {
      long base = Math.min(30_000, 500L << (attempt - 1));
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (int i = 0; i < 2_000; i++) {
        long delay = DeliveryBackoff.delayMs(attempt);
        assertThat(delay).as("attempt %d", attempt).isBetween(base, base + 200);
        min = Math.min(min, delay);
        max = Math.max(max, delay);
      }
      assertThat(max - min).as("the jitter varies (attempt %d)", attempt).isGreaterThan(100);
    }
  }
}
