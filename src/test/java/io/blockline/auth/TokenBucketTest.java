package io.blockline.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenBucketTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void a_full_bucket_lets_a_burst_through_then_refills_at_the_rate() {
    TokenBucket bucket = new TokenBucket(2, 3, 0);
    assertThat(bucket.take(0)).isZero();
    assertThat(bucket.take(0)).isZero();
    assertThat(bucket.take(0)).isZero();
    assertThat(bucket.take(0)).as("empty: wait for the next token").isEqualTo(1);
    assertThat(bucket.take(SECOND / 2)).as("half a second at 2/s is one token").isZero();
    assertThat(bucket.take(SECOND / 2)).isEqualTo(1);
    assertThat(bucket.take(100 * SECOND)).as("never more than the burst").isZero();
    assertThat(bucket.take(100 * SECOND)).isZero();
    assertThat(bucket.take(100 * SECOND)).isZero();
    assertThat(bucket.take(100 * SECOND)).isEqualTo(1);
  }

  @Test
  void a_slow_rate_asks_for_a_longer_wait() {
    TokenBucket bucket = new TokenBucket(0.1, 1, 0);
    assertThat(bucket.take(0)).isZero();
    assertThat(bucket.take(0)).isEqualTo(10);
    assertThat(bucket.take(5 * SECOND)).isEqualTo(5);
    assertThatThrownBy(() -> new TokenBucket(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
