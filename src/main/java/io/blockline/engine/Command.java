package io.blockline.engine;

import io.blockline.block.Outcome;
import io.blockline.block.RunRecord;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;

/**
 * A request to change a session's state. Every state change, whether from a worker's outcome, the
 * rescuer, a loop or a caller, is one of these, applied by {@link SessionEngine} inside a
 * transaction that holds the session's lock. Each command answers through its own promise, so
 * one bad command never fails its batch.
 */
public abstract sealed class Command {
  private final Promise<Void> promise = Promise.promise();
  /** Set for commands addressed by id; resolved from the token for the others. */
  Long sessionId;
  /** The block a command targets, when it targets one (resolved from its token). */
  Long blockId;
  /** When set, the session must belong to this owner (else 404). */
  final String owner;

  Command(Long sessionId, String owner) {
    this.sessionId = sessionId;
    this.owner = owner;
  }

  public Future<Void> future() {
    return promise.future();
  }

  Promise<Void> promise() {
    return promise;
  }

  /** A worker's outcome for a claimed block, fenced by the lease it was claimed under. */
  public static final class Complete extends Command {
    final UUID leaseToken;
    final int attempt;
    final Outcome outcome;
    final List<RunRecord> runs;
    /** Reason recorded when this outcome ends the block for good (the rescuer says "orphaned"). */
    final String reasonIfFinal;

    public Complete(long sessionId, long blockId, UUID leaseToken, int attempt, Outcome outcome, List<RunRecord> runs,
                    String reasonIfFinal) {
      super(sessionId, null);
      this.blockId = blockId;
      this.leaseToken = leaseToken;
      this.attempt = attempt;
      this.outcome = outcome;
      this.runs = runs;
      this.reasonIfFinal = reasonIfFinal;
    }

    /** The same outcome as a new command (its own promise), to apply again. */
    Complete again() {
      return new Complete(sessionId, blockId, leaseToken, attempt, outcome, runs, reasonIfFinal);
    }
  }

  /** Starts a session that was waiting for its execution time (loops, or a caller's run). */
  public static final class Start extends Command {
    final String sessionToken;

    public Start(long sessionId) {
      super(sessionId, null);
      this.sessionToken = null;
    }

    public Start(String sessionToken, String owner) {
      super(null, owner);
      this.sessionToken = sessionToken;
    }
  }

  /** Cancels a whole session; running blocks are told to stop. */
  public static final class CancelSession extends Command {
    final String sessionToken;

    public CancelSession(String sessionToken, String owner) {
      super(null, owner);
      this.sessionToken = sessionToken;
    }
  }

  /** Cancels one block. */
  public static final class CancelBlock extends Command {
    final String blockToken;

    public CancelBlock(String blockToken, String owner) {
      super(null, owner);
      this.blockToken = blockToken;
    }
  }

  /** Puts a block that did not succeed back to STANDBY to run now; re-arms what it skipped. */
  public static final class Replay extends Command {
    final String blockToken;

    public Replay(String blockToken, String owner) {
      super(null, owner);
      this.blockToken = blockToken;
    }
  }

  /** Continues a PAUSED session, merging data into the interrupting block's result. */
  public static final class Proceed extends Command {
    final String sessionToken;
    final JsonObject data;

    public Proceed(String sessionToken, JsonObject data, String owner) {
      super(null, owner);
      this.sessionToken = sessionToken;
      this.data = data == null ? new JsonObject() : data;
    }
  }
}
