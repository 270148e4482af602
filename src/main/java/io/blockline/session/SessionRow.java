package io.blockline.session;

import io.blockline.block.BlockCounts;

/**
 * A session locked for one transaction: the flags the planner reads and what changed. Stores
 * build it from the database ({@code store.SessionStore}); a submit builds it with {@link #fresh}.
 */
public final class SessionRow {
  public final long id;
  public final String token;
  public final String owner;
  public final SessionMode mode;
  public final Integer maxParallel;
  public final SessionStatus loadedStatus;
  public final boolean hasCallback;
  /** The row's version as loaded ({@code sessions.version}); every engine write moves it. */
  public final long version;
  /** No block requires another ({@code sessions.plain}): a parallel start may release every waiting block at once. */
  public final boolean plain;

  private boolean started;
  private boolean startRequested;
  private boolean cancelled;
  private Long pausedBlock;
  private SessionStatus status;
  private boolean dirty;
  /** The stored tally; {@link #tally(BlockCounts)} replaces it. */
  private Tally tally;
  private boolean tallyWrong;

  public SessionRow(long id, String token, String owner, SessionMode mode, Integer maxParallel, SessionStatus status,
                    boolean started, boolean cancelled, Long pausedBlock, boolean hasCallback, Tally tally,
                    long version, boolean plain) {
    this.plain = plain;
    this.id = id;
    this.token = token;
    this.owner = owner;
    this.mode = mode;
    this.maxParallel = maxParallel;
    this.loadedStatus = status;
    this.status = status;
    this.started = started;
    this.cancelled = cancelled;
    this.pausedBlock = pausedBlock;
    this.hasCallback = hasCallback;
    this.tally = tally;
    this.version = version;
  }

  /** The planner's view of a session that is not stored yet. */
  public static SessionRow fresh(Submission submission, boolean started) {
    return new SessionRow(0, null, submission.owner(), submission.mode(), submission.maxParallel(),
        SessionStatus.STANDBY, started, false, null, submission.callback() != null,
        new Tally(submission.blockCount(), 0, 0, 0, 0, submission.blockCount()), 0, submission.plain());
  }

  /**
   * The row as the database holds it after this transaction's commit, as a load would read it:
   * {@code written} when the transaction updates it (which moves its version).
   */
  public SessionRow committed(boolean written) {
    return new SessionRow(id, token, owner, mode, maxParallel, status, started, cancelled, pausedBlock, hasCallback,
        tally, written ? version + 1 : version, plain);
  }

  /** The counts as stored, with this many blocks running. */
  public BlockCounts counts(int running) {
    return BlockCounts.fromTally(tally.blocks(), tally.success(), tally.failed(), tally.blocker(), tally.prep(),
        tally.waiting(), running);
  }

  /** The stored tally is wrong: write the next one whatever it is. */
  public void forceTallyWrite() {
    tallyWrong = true;
  }

  /** Records the counts after this transaction's changes. */
  public void tally(BlockCounts now) {
    Tally next = new Tally(tally.blocks(), now.success(), now.failed(), now.blocker(), now.prep(), now.waiting());
    if (tallyWrong || !next.equals(tally)) {
      tally = next;
      tallyWrong = false;
      dirty = true;
    }
  }

  public Tally tally() { return tally; }

  /**
   * Whether this transaction releases every waiting block of the session with one statement
   * instead of loading them ({@code BlockSql.START_WAITING}): a started, running plain
   * parallel session without maxParallel, with waiting blocks and no failed blocker (whose later
   * blocks must wait; none can exist before such a session starts).
   */
  public boolean releasesAllWaiting(BlockCounts now) {
    return plain && mode == SessionMode.PARALLEL && maxParallel == null && started && !cancelled && pausedBlock == null
        && now.waiting() > 0 && now.blocker() == 0;
  }
  public boolean started() { return started; }
  public boolean startRequested() { return startRequested; }
  public boolean cancelled() { return cancelled; }
  public Long pausedBlock() { return pausedBlock; }
  public boolean paused() { return pausedBlock != null; }
  public SessionStatus status() { return status; }
  public boolean dirty() { return dirty; }

  public void start() {
    if (!started) {
      started = true;
      startRequested = true;
      dirty = true;
    }
  }

  public void cancel() {
    cancelled = true;
    pausedBlock = null;
    dirty = true;
  }

  public void pauseOn(long blockId) {
    pausedBlock = blockId;
    dirty = true;
  }

  public void proceed() {
    pausedBlock = null;
    dirty = true;
  }

  public void status(SessionStatus derived) {
    if (derived != status) {
      status = derived;
      dirty = true;
    }
  }
}
