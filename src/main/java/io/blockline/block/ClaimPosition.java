package io.blockline.block;

import java.util.Comparator;

/**
 * A block's place in the claim order: higher priority first, then fair key, then id
 * ({@code BlockSql.CLAIM}).
 */
public record ClaimPosition(int priority, long fairKey, long id) implements Comparable<ClaimPosition> {
  private static final Comparator<ClaimPosition> ORDER = Comparator.comparingInt((ClaimPosition p) -> -p.priority)
      .thenComparingLong(ClaimPosition::fairKey).thenComparingLong(ClaimPosition::id);

  @Override
  public int compareTo(ClaimPosition other) {
    return ORDER.compare(this, other);
  }
}
