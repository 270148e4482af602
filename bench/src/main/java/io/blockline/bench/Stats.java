package io.blockline.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a set of durations in milliseconds. */
record Stats(int count, double p50, double p95, double p99, double max) {

  static Stats of(double[] values) {
    if (values.length == 0) {
      return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return new Stats(sorted.length, rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99), sorted[sorted.length - 1]);
  }

  private static double rank(double[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
