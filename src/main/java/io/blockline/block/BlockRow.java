package io.blockline.block;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;

/**
 * A block as the state machine sees it inside one transaction: the narrow columns the planner
 * needs, plus what changed. {@code engine.SessionEngine} loads these, commands and the planner mutate
 * them, and only the changed ones are written back, guarded by the status they were loaded with.
 */
public final class BlockRow {
  /** How {@code next_run_at} changes when the row is written. */
  public enum Due { KEEP, CLEAR, RELEASE, NOW, AFTER_DELAY }

  public final long id;
  public final String token;
  public final long sessionId;
  public final int seq;
  public final String key;
  /** The key lower-cased: ids are case-insensitive. */
  public final String matchKey;
  public final List<String> requires;
  public final boolean blocker;
  public final boolean replayable;
  public final JsonObject retry;
  public final boolean interrupt;
  public final BlockStatus loadedStatus;
  public final boolean loadedReleased;
  public final UUID leaseToken;
  /** Delay from submit; a release of a delayed block needs a timer. */
  public long delayMs;

  private BlockStatus status;
  private boolean released;
  private int attempts;
  private int executions;
  private UUID directLease;
  private int replayCount;
  private String reason;
  private Due due = Due.KEEP;
  private long dueDelayMs;
  private boolean resultChanged;
  private JsonObject result;
  private boolean errorChanged;
  private JsonObject error;
  private boolean dirty;
  private RunRecord runInRow;

  public BlockRow(long id, String token, long sessionId, int seq, String key, List<String> requires, boolean blocker,
                  boolean replayable, JsonObject retry, boolean interrupt, BlockStatus status, boolean released,
                  int attempts, int replayCount, UUID leaseToken, String reason) {
    this.id = id;
    this.token = token;
    this.sessionId = sessionId;
    this.seq = seq;
    this.key = key;
    this.matchKey = key.toLowerCase(java.util.Locale.ROOT);
    this.requires = requires;
    this.blocker = blocker;
    this.replayable = replayable;
    this.retry = retry;
    this.interrupt = interrupt;
    this.loadedStatus = status;
    this.loadedReleased = released;
    this.status = status;
    this.released = released;
    this.attempts = attempts;
    this.replayCount = replayCount;
    this.leaseToken = leaseToken;
    this.reason = reason;
  }

  /**
   * The row as the database holds it after this transaction's commit (see
   * {@code BlockSql.UPDATE_MANY}), as a load would read it: the columns the planner reads only.
   */
  public BlockRow committed() {
    UUID lease = directLease != null ? directLease
        : status == BlockStatus.RUNNING || (status == BlockStatus.CANCELLED && loadedStatus == BlockStatus.RUNNING)
            || !dirty ? leaseToken : null;
    return new BlockRow(id, token, sessionId, seq, key, requires, blocker, replayable, retry, interrupt, status, released,
        attempts, replayCount, lease, reason).withDelay(delayMs).withExecutions(executions);
  }

  /** The delay from submit, as stored. */
  public BlockRow withDelay(long delayMs) {
    this.delayMs = delayMs;
    return this;
  }

  /** Executions so far, as stored (they count across replays, unlike attempts). */
  public BlockRow withExecutions(int executions) {
    this.executions = executions;
    return this;
  }

  public BlockStatus status() { return status; }
  public boolean released() { return released; }
  public int attempts() { return attempts; }
  public int executions() { return executions; }
  /** The lease this transaction claimed the block under, or null. */
  public UUID directLease() { return directLease; }
  public int replayCount() { return replayCount; }
  public String reason() { return reason; }
  public Due due() { return due; }
  public long dueDelayMs() { return dueDelayMs; }
  public boolean resultChanged() { return resultChanged; }
  public JsonObject result() { return result; }
  public boolean errorChanged() { return errorChanged; }
  public JsonObject error() { return error; }
  public boolean dirty() { return dirty; }
  /** The run written into this row instead of runs (V15), or null. */
  public RunRecord runInRow() { return runInRow; }

  /**
   * Keeps a completion's run in this row, not in runs (V15), when that run is the block's whole
   * history: the one run of a first attempt that succeeded, of a block never run before nor
   * replayed. Returns whether it did; the caller records the runs otherwise.
   */
  public boolean keepRunInRow(int attempt, List<RunRecord> runs) {
    if (status != BlockStatus.SUCCESS || attempt != 1 || executions != 1 || replayCount != 0 || runs.size() != 1) {
      return false;
    }
    RunRecord run = runs.get(0);
    if (run.item() != -1 || !"SUCCESS".equals(run.status())) {
      return false;
    }
    runInRow = run;
    return true;
  }

  /** Claimable now or later, or executing: holds the session's turn. */
  public boolean active() {
    return status == BlockStatus.RUNNING || (status == BlockStatus.STANDBY && released);
  }

  /** Waiting for the planner: standby and not released yet. */
  public boolean waiting() {
    return status == BlockStatus.STANDBY && !released;
  }

  /** Applies an outcome decision computed by {@link Transition}. */
  public void apply(Transition.Decision decision) {
    moveTo(decision.status(), "apply");
    reason = null;
    if (decision.retryDelayMs() != null) {
      released = true;
      due = Due.AFTER_DELAY;
      dueDelayMs = decision.retryDelayMs();
    } else {
      released = false;
      due = Due.CLEAR;
    }
    if (decision.result() != null) {
      resultChanged = true;
      result = decision.result();
    }
    if (decision.error() != null || decision.status() == BlockStatus.SUCCESS) {
      errorChanged = true;
      error = decision.error();
    }
    dirty = true;
  }

  /**
   * The planner lets a waiting block be claimed (after its delay, counted from submit): it stays
   * STANDBY. Only from STANDBY: the table's other ways into STANDBY (a retry, a replay, a re-arm)
   * are not releases, and a running block released would be claimed a second time.
   */
  public void release() {
    if (status != BlockStatus.STANDBY) {
      IllegalMoves.report(status, BlockStatus.STANDBY, "release", id);
    }
    moveTo(BlockStatus.STANDBY, "release");
    released = true;
    due = Due.RELEASE;
    dirty = true;
  }

  public void skip(String why) {
    settle(BlockStatus.SKIPPED, "skip", why);
  }

  /** A SKIPPED block whose requirements may succeed again waits for the planner once more. */
  public void rearm() {
    settle(BlockStatus.STANDBY, "rearm", null);
  }

  /** Released and due now: may be claimed by the transaction that released it. */
  public boolean dueNow() {
    return status == BlockStatus.STANDBY && released && (due == Due.NOW || (due == Due.RELEASE && delayMs == 0));
  }

  /**
   * Claimed by the transaction that released it (the fast path): RUNNING under a new lease, so
   * the next block of a session starts without another claim round trip.
   */
  public void claimDirectly(UUID lease) {
    moveTo(BlockStatus.RUNNING, "claimDirectly");
    released = false;
    due = Due.CLEAR;
    attempts++;
    executions++;
    directLease = lease;
    dirty = true;
  }

  /** A caller's replay: runs now, with a fresh count of attempts. */
  public void replay() {
    moveTo(BlockStatus.STANDBY, "replay");
    reason = null;
    released = true;
    due = Due.NOW;
    attempts = 0;
    replayCount++;
    dirty = true;
  }

  /** Records why the block ended, e.g. {@code orphaned}. */
  public void reason(String why) {
    reason = why;
    dirty = true;
  }

  public void cancel(String why) {
    settle(BlockStatus.CANCELLED, "cancel", why);
  }

  /** A move that leaves the block unreleased with no due time, for {@code why} (null: none). */
  private void settle(BlockStatus target, String move, String why) {
    moveTo(target, move);
    reason = why;
    released = false;
    due = Due.CLEAR;
    dirty = true;
  }

  /**
   * Every status change goes through here, so {@link BlockStatus#next()} is the table production
   * follows: a move it lacks is reported to {@link IllegalMoves} (which throws in tests) and, in
   * production, made anyway.
   */
  private void moveTo(BlockStatus target, String why) {
    if (!status.canMoveTo(target)) {
      IllegalMoves.report(status, target, why, id);
    }
    status = target;
  }
}
