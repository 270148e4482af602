package io.blockline.session;

import io.blockline.block.BlockStatus;

import java.util.Collection;
import java.util.EnumSet;
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
    if (cancelled) {
      return CANCELLED;
    }
    boolean allSuccess = true;
    boolean allTerminal = true;
    boolean running = false;
    boolean blocker = false;
    for (BlockStatus status : blocks) {
      if (status == BlockStatus.PREP) {
        return PREP;
      }
      blocker |= status == BlockStatus.BLOCKER;
      running |= status == BlockStatus.RUNNING;
      allSuccess &= status == BlockStatus.SUCCESS;
      allTerminal &= status.terminal();
    }
    if (blocker) {
      return BLOCKER;
    }
    if (paused) {
      return PAUSED;
    }
    if (allSuccess) {
      return SUCCESS;
    }
    if (allTerminal) {
      return ERROR;
    }
    return running ? RUNNING : STANDBY;
  }
}
