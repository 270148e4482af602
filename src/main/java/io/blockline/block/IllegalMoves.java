package io.blockline.block;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What happens when a {@link BlockRow} is moved along an edge {@link BlockStatus#next()} lacks.
 * Strict (tests, which run with {@code -ea}): it throws. Otherwise (production): the move is
 * counted per (from, to), logged once per pair, and still made, since refusing it would leave a
 * session's transaction half applied. The count is {@code blockline_blocks_illegal_moves_total}.
 */
public final class IllegalMoves {
  private static final Logger LOG = LoggerFactory.getLogger(IllegalMoves.class);
  private static final int STATES = BlockStatus.values().length;
  private static final AtomicLongArray COUNTS = new AtomicLongArray(STATES * STATES);
  private static volatile boolean strict = BlockRow.class.desiredAssertionStatus();

  private IllegalMoves() {
  }

  /** Whether an illegal move throws; by default when assertions are enabled for {@link BlockRow}. */
  public static boolean strict() {
    return strict;
  }

  /** Sets the policy (tests that check the production behaviour turn it off, then back on). */
  public static void strict(boolean value) {
    strict = value;
  }

  /** Illegal moves made since start, all pairs. */
  public static long count() {
    long total = 0;
    for (int i = 0; i < COUNTS.length(); i++) {
      total += COUNTS.get(i);
    }
    return total;
  }

  /** Illegal moves made since start from {@code from} to {@code to}. */
  public static long count(BlockStatus from, BlockStatus to) {
    return COUNTS.get(index(from, to));
  }

  /**
   * Called by {@link BlockRow} before it makes a move the table lacks.
   *
   * @throws IllegalStateException when strict
   */
  static void report(BlockStatus from, BlockStatus to, String why, long blockId) {
    String message = "illegal block move " + from + " -> " + to + " (" + why + ") block=" + blockId;
    if (strict) {
      throw new IllegalStateException(message);
    }
    if (COUNTS.incrementAndGet(index(from, to)) == 1) {
      LOG.error("{}; made anyway, further ones of this pair are only counted", message);
    }
  }

  private static int index(BlockStatus from, BlockStatus to) {
    return from.ordinal() * STATES + to.ordinal();
  }
}
