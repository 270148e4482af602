package io.blockline.session;

import io.blockline.block.BlockStatus;

import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A session's global status, always derived from its blocks and two flags by {@link #derive};
 * never set by hand. The {@code sessions.status} CHECK lists the same names.
 */
public enum SessionStatus {
  /** Some block is still being prepared. */
  PREP,
  /** Nothing runs right now: not started yet, or waiting for a delay, a retry or a requirement. */
  STANDBY,
  /** At least one block runs. */
  RUNNING,
  /** An interrupting block succeeded; waits for proceed. */
  PAUSED,
  /** Every block succeeded. */
  SUCCESS,
  /** Every block is terminal and at least one did not succeed. */
  ERROR,
  /** A blocker failed; nothing after it runs until it is replayed to success. */
  BLOCKER,
  /** Cancelled by a caller. */
  CANCELLED;

  private static final Set<SessionStatus> RESTING = EnumSet.of(PAUSED, SUCCESS, ERROR, BLOCKER, CANCELLED);
  private static final Set<SessionStatus> FINISHED = EnumSet.of(SUCCESS, ERROR, BLOCKER, CANCELLED);

  /** Nothing more happens without a caller: what {@code ?wait} and deliveries wait for. */
  public boolean resting() {
    return RESTING.contains(this);
  }

  /** Finished: may be deleted, gets a finishedAt. */
  public boolean finished() {
    return FINISHED.contains(this);
  }

  /** The rules of DESIGN.md, in their order of precedence. */
  public static SessionStatus derive(Collection<BlockStatus> blocks, boolean cancelled, boolean paused) {
    Map<BlockStatus, Integer> counts = new EnumMap<>(BlockStatus.class);
    blocks.forEach(status -> counts.merge(status, 1, Integer::sum));
    return derive(counts, cancelled, paused);
  }

  /** The same rules from the number of blocks in each status. */
  public static SessionStatus derive(Map<BlockStatus, Integer> counts, boolean cancelled, boolean paused) {
    if (cancelled) {
      return CANCELLED;
    }
    int total = 0;
    int terminal = 0;
    for (Map.Entry<BlockStatus, Integer> e : counts.entrySet()) {
      total += e.getValue();
      if (e.getKey().terminal()) {
        terminal += e.getValue();
      }
    }
    if (counts.getOrDefault(BlockStatus.PREP, 0) > 0) {
      return PREP;
    }
    if (counts.getOrDefault(BlockStatus.BLOCKER, 0) > 0) {
      return BLOCKER;
    }
    if (paused) {
      return PAUSED;
    }
    if (counts.getOrDefault(BlockStatus.SUCCESS, 0) == total) {
      return SUCCESS;
    }
    if (terminal == total) {
      return ERROR;
    }
    return counts.getOrDefault(BlockStatus.RUNNING, 0) > 0 ? RUNNING : STANDBY;
  }
}
