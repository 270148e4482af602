package io.blockline.block;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The states of a block and who moves it between them. The {@code blocks.status} CHECK in the
 * V1 migration lists the same names; {@code StatusCheckConstraintTest} keeps the two identical.
 */
public enum BlockStatus {
  /**
   * Being prepared; not used by atomic submits, kept for callers that build sessions in steps. A
   * replay or a cancel moves it on.
   */
  PREP,
  /**
   * Waiting: for its turn (next_run_at null), its delay or its retry time. The planner releases or
   * skips it, a claim takes it, a cancel ends it.
   */
  STANDBY,
  /** Claimed under a lease and executing on a worker; an outcome, the rescuer or a cancel moves it on. */
  RUNNING,
  /** Finished well; its result is visible to later blocks. Final. */
  SUCCESS,
  /** Failed for good (not a blocker); a replay moves it back to STANDBY. */
  ERROR,
  /** A blocker that failed for good: later blocks wait until it is replayed to success. */
  BLOCKER,
  /** Its last run ran out of time and no retry is left; a replay moves it back to STANDBY. */
  TIMEOUT,
  /** Cancelled by a caller. Final. */
  CANCELLED,
  /** Not run because a required block can no longer succeed; re-armed when that block is replayed. */
  SKIPPED;

  private static final Set<BlockStatus> TERMINAL = EnumSet.of(SUCCESS, ERROR, BLOCKER, TIMEOUT, CANCELLED, SKIPPED);
  private static final Set<BlockStatus> FAILED = EnumSet.of(ERROR, BLOCKER, TIMEOUT, CANCELLED, SKIPPED);

  /** No work will happen on it without a caller's replay. */
  public boolean terminal() {
    return TERMINAL.contains(this);
  }

  /** Terminal and not a success: dependents of such a block are skipped. */
  public boolean failed() {
    return FAILED.contains(this);
  }

  /** Whether a replay may move a block in this state back to STANDBY. */
  public boolean replayable() {
    return this != SUCCESS && this != RUNNING && this != CANCELLED;
  }

  /**
   * The transition table: which states may follow this one. {@code BlockRow} consults it on every
   * change and {@code docs/state-machine.md} draws the same edges ({@code StateMachineDocTest}).
   * The database's own moves follow it too: the claim (STANDBY to RUNNING) and the submit's insert.
   */
  public Set<BlockStatus> next() {
    return TABLE.get(this);
  }

  private Set<BlockStatus> edges() {
    return switch (this) {
      // a replay or a cancel (SessionEngine); nothing creates PREP blocks today
      case PREP -> EnumSet.of(STANDBY, CANCELLED);
      // a claim or the fast path, the planner's skip, a cancel
      case STANDBY -> EnumSet.of(RUNNING, SKIPPED, CANCELLED);
      // an outcome (Transition.decide, also the rescuer's ORPHANED) or a cancel; STANDBY is a retry
      case RUNNING -> EnumSet.of(SUCCESS, ERROR, BLOCKER, TIMEOUT, CANCELLED, STANDBY);
      // a replay; being terminal they are neither skipped nor cancelled (cancels spare terminal blocks)
      case ERROR, BLOCKER, TIMEOUT -> EnumSet.of(STANDBY);
      // the planner's re-arm, or a replay
      case SKIPPED -> EnumSet.of(STANDBY);
      case SUCCESS, CANCELLED -> EnumSet.noneOf(BlockStatus.class);
    };
  }

  /**
   * Whether the table allows this move. Staying is always allowed: a release keeps a block
   * STANDBY, and so does a replay of a STANDBY block.
   */
  public boolean canMoveTo(BlockStatus target) {
    return target == this || next().contains(target);
  }

  /** Built once: every status change of every block consults it. */
  private static final Map<BlockStatus, Set<BlockStatus>> TABLE = new EnumMap<>(BlockStatus.class);

  static {
    for (BlockStatus status : values()) {
      TABLE.put(status, Collections.unmodifiableSet(status.edges()));
    }
  }
}
