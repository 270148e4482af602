package io.blockline.auth;

/**
 * A token bucket on a monotonic clock: {@code ratePerSecond} tokens a second, at most
 * {@code burst} saved up. Not thread-safe: each node's HTTP verticle keeps its own.
 */
public final class TokenBucket {
  private final double ratePerNano;
  private final double burst;
  private double tokens;
  private long lastNanos;

  public TokenBucket(double ratePerSecond, double burst, long nowNanos) {
    if (ratePerSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("a bucket needs a positive rate and a burst of at least 1");
    }
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.lastNanos = nowNanos;
  }

  /** @return 0 when a token was taken, else the whole seconds until one will be there (at least 1) */
  public long take(long nowNanos) {
    tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * ratePerNano);
    lastNanos = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    double waitNanos = (1 - tokens) / ratePerNano;
    return Math.max(1, (long) Math.ceil(waitNanos / 1e9));
  }
}
