package io.blockline.session;

import io.blockline.block.BlockCounts;

import io.vertx.sqlclient.Row;

/** A session locked for one transaction: the flags the planner reads and what changed. */
public final class SessionRow {
  public final long id;
  public final String token;
  public final String owner;
  public final SessionMode mode;
  public final Integer maxParallel;
  public final SessionStatus loadedStatus;
  public final boolean hasCallback;

  private boolean started;
  private boolean startRequested;
  private boolean cancelled;
  private Long pausedBlock;
  private SessionStatus status;
  private boolean dirty;
  /** The stored tally (see the sessions table); {@link #tally} replaces it. */
  public int nBlocks;
  public int nSuccess;
  public int nFailed;
  public int nBlocker;
  public int nPrep;
  public int nWaiting;
  /** The row's version as loaded ({@code sessions.version}). */
  public long version;

  SessionRow(long id, String token, String owner, SessionMode mode, Integer maxParallel, SessionStatus status,
             boolean started, boolean cancelled, Long pausedBlock, boolean hasCallback) {
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
  }

  public static SessionRow from(Row row) {
    SessionRow session = new SessionRow(row.getLong("id"), row.getString("token"), row.getString("owner"),
        SessionMode.fromWire(row.getString("mode")), row.getInteger("max_parallel"),
        SessionStatus.valueOf(row.getString("status")), row.getBoolean("started"), row.getBoolean("cancelled"),
        row.getLong("paused_block"), row.getBoolean("has_callback"));
    session.nBlocks = row.getInteger("n_blocks");
    session.nSuccess = row.getInteger("n_success");
    session.nFailed = row.getInteger("n_failed");
    session.nBlocker = row.getInteger("n_blocker");
    session.nPrep = row.getInteger("n_prep");
    session.nWaiting = row.getInteger("n_waiting");
    session.version = row.getLong("version");
    return session;
  }

  /**
   * The row as the database holds it after this transaction's commit, as a load would read it:
   * {@code written} when the transaction updates it (which moves its version).
   */
  public SessionRow committed(boolean written) {
    SessionRow row = new SessionRow(id, token, owner, mode, maxParallel, status, started, cancelled, pausedBlock,
        hasCallback);
    row.nBlocks = nBlocks;
    row.nSuccess = nSuccess;
    row.nFailed = nFailed;
    row.nBlocker = nBlocker;
    row.nPrep = nPrep;
    row.nWaiting = nWaiting;
    row.version = written ? version + 1 : version;
    return row;
  }

  /** The counts as stored, with this many blocks running. */
  public BlockCounts counts(int running) {
    return BlockCounts.fromTally(nBlocks, nSuccess, nFailed, nBlocker, nPrep, nWaiting, running);
  }

  /** The stored tally is wrong: write the next one whatever it is. */
  public void forceTallyWrite() {
    nSuccess = -1;
  }

  /** Records the counts after this transaction's changes. */
  public void tally(BlockCounts now) {
    int waiting = now.waiting();
    if (now.success() != nSuccess || now.failed() != nFailed || now.blocker() != nBlocker || now.prep() != nPrep
        || waiting != nWaiting) {
      nSuccess = now.success();
      nFailed = now.failed();
      nBlocker = now.blocker();
      nPrep = now.prep();
      nWaiting = waiting;
      dirty = true;
    }
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
