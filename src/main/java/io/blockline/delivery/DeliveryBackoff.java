package io.blockline.delivery;

import java.util.concurrent.ThreadLocalRandom;

/** Delay before the next attempt of a delivery: min(30 s, 500 ms × 2^(attempt−1)) + jitter up to 200 ms. */
public final class DeliveryBackoff {
  public static final long BASE_MS = 500;
  public static final long CAP_MS = 30_000;
  public static final long JITTER_MS = 200;

  private DeliveryBackoff() {
  }

  /** Without jitter; {@code attempt} is the attempt that just failed, from 1. */
  public static long baseDelayMs(int attempt) {
    int exponent = Math.max(0, Math.min(attempt - 1, 20));
    return Math.min(CAP_MS, BASE_MS << exponent);
  }

  public static long delayMs(int attempt) {
    return baseDelayMs(attempt) + ThreadLocalRandom.current().nextLong(JITTER_MS + 1);
  }
}
