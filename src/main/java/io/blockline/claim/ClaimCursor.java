package io.blockline.claim;

import io.blockline.block.ClaimPosition;

import java.util.function.LongSupplier;

/**
 * Where the claim loop's next claim starts: from the head of the queue, or, while a backlog keeps
 * the claims full, after the last block the previous claim took. A claim from the head steps over
 * the dead index entry of every block claimed since the table was last vacuumed (V13); resuming
 * skips them.
 *
 * <p>Blocks can become due behind that place: a release, a retry whose time came, a submit, the
 * work of another node. Each comes with a wake-up ({@link #restart}), which sends the next claim
 * back to the head. A claim that comes back short does too (the queue ahead is empty), and so
 * does the first claim after {@link #headIntervalMs}, so a block no wake-up announced (one another
 * node held locked as a claim passed it) waits behind the place no longer than that. The interval
 * grows with what a head scan costs, so that head scans take at most a {@link #HEAD_SCAN_SHARE}th
 * of the time.
 */
final class ClaimCursor {
  static final long MIN_HEAD_INTERVAL_MS = 200;
  static final int HEAD_SCAN_SHARE = 20;

  /** A claim in flight: where it started ({@code after} null: the head), and when. */
  record Start(ClaimPosition after, long epoch, long atMs) {
  }

  private final LongSupplier clockMs;
  private ClaimPosition resumeAfter;
  /** The place of the last block any claim took, short or full (null: none yet). */
  private ClaimPosition lastTaken;
  /** Bumped by each wake-up: a claim that started before one must not set the place. */
  private long epoch;
  private long lastHeadScanAtMs;
  private long headIntervalMs = MIN_HEAD_INTERVAL_MS;

  ClaimCursor(LongSupplier clockMs) {
    this.clockMs = clockMs;
    this.lastHeadScanAtMs = clockMs.getAsLong();
  }

  /** Work may be due behind the place: the next claim starts from the head. */
  void restart() {
    epoch++;
    resumeAfter = null;
  }

  /** A claim starts now. */
  Start start() {
    long now = clockMs.getAsLong();
    ClaimPosition after = resumeAfter;
    if (after != null && now - lastHeadScanAtMs >= headIntervalMs) {
      after = null;
    }
    if (after == null) {
      lastHeadScanAtMs = now;
    }
    return new Start(after, epoch, now);
  }

  /** The claim that {@code start} began took blocks up to {@code last} and filled every slot it asked for, or not. */
  void finished(Start start, ClaimPosition last, boolean full) {
    if (start.after() == null) {
      headIntervalMs = Math.max(MIN_HEAD_INTERVAL_MS, HEAD_SCAN_SHARE * (clockMs.getAsLong() - start.atMs()));
    }
    if (last != null) {
      lastTaken = last;
    }
    if (start.epoch() == epoch) {
      resumeAfter = full ? last : null;
    }
  }

  /** A claim failed: the next one starts from the head. */
  void failed() {
    resumeAfter = null;
  }

  /** The place in the claim order of the last block a claim took (null: none yet). */
  ClaimPosition lastTaken() {
    return lastTaken;
  }

  long headIntervalMs() {
    return headIntervalMs;
  }
}
