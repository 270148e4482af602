package io.blockline.block;

import io.vertx.core.json.JsonObject;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * When a failed replayable block runs again. Default: the reference back-off, 6^n seconds for
 * retry n (6 s, 36 s, 3.6 min, 21.6 min, 2.2 h, 13 h) and then every 13 h, without end.
 * A block's {@code retry} object overrides any part.
 *
 * @param maxAttempts total attempts allowed, first run included; 0 = unlimited
 */
public record RetryPolicy(int maxAttempts, long initialDelayMs, double multiplier, long maxDelayMs, long jitterMs) {

  /** The server's default for {@code replayable: true}. */
  public static RetryPolicy defaults(long initialDelayMs, double multiplier, long maxDelayMs) {
    return new RetryPolicy(0, initialDelayMs, multiplier, maxDelayMs, 0);
  }

  /** The block's overrides on top of this policy; {@code retry} may be null. */
  public RetryPolicy with(JsonObject retry) {
    if (retry == null) {
      return this;
    }
    return new RetryPolicy(
        retry.getInteger("maxAttempts", maxAttempts),
        retry.getLong("initialDelayMs", initialDelayMs),
        retry.getDouble("multiplier", multiplier),
        retry.getLong("maxDelayMs", maxDelayMs),
        retry.getLong("jitterMs", jitterMs));
  }

  /** Whether another attempt may follow {@code attemptsSoFar} attempts. */
  public boolean allowsAnotherAfter(int attemptsSoFar) {
    return maxAttempts == 0 || attemptsSoFar < maxAttempts;
  }

  /** Delay before retry {@code n} (1 = the first retry), without jitter. */
  public long baseDelayMs(int n) {
    double delay = initialDelayMs * Math.pow(multiplier, Math.max(0, n - 1));
    return (long) Math.min(delay, (double) maxDelayMs);
  }

  /** Delay before retry {@code n} with a random jitter in [0, jitterMs]. */
  public long delayMs(int n) {
    return delayMs(n, bound -> ThreadLocalRandom.current().nextLong(bound + 1));
  }

  /** As {@link #delayMs(int)} with the jitter source given (tests pass a fixed one). */
  public long delayMs(int n, LongUnaryOperator jitter) {
    return baseDelayMs(n) + (jitterMs > 0 ? jitter.applyAsLong(jitterMs) : 0);
  }
}
