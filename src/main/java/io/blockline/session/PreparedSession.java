package io.blockline.session;

import io.blockline.block.BlockRow;
import io.blockline.block.BlockStatus;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * A validated submission with its tokens, its initial status and which blocks are released at
 * once (decided by the same planner as every later step), waiting for its group commit.
 */
public final class PreparedSession {
  public final Submission submission;
  public final String token;
  public final List<String> blockTokens;
  public final boolean[] released;
  public final SessionStatus status;
  /** Blocks the submit's own transaction claims for this node's free workers (see SessionStore). */
  public final boolean[] claimNow;
  public final Promise<JsonObject> reply = Promise.promise();

  public PreparedSession(Submission submission) {
    this.submission = submission;
    this.token = Tokens.session();
    this.blockTokens = new ArrayList<>(submission.blockCount());
    boolean startsNow = submission.executionTime() == ExecutionTime.NOW;
    List<BlockRow> rows = new ArrayList<>(submission.blockCount());
    for (int i = 0; i < submission.blockCount(); i++) {
      BlockSpec spec = submission.blocks().get(i);
      String blockToken = Tokens.block(token, i);
      blockTokens.add(blockToken);
      rows.add(new BlockRow(i, blockToken, 0, i, spec.id(), spec.requires(), spec.blocker(), spec.replayable(),
          spec.retry(), spec.interrupt(), BlockStatus.STANDBY, false, 0, 0, null, null));
    }
    this.status = SessionPlanner.plan(SessionRow.fresh(submission, startsNow), rows);
    this.released = new boolean[rows.size()];
    this.claimNow = new boolean[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      released[i] = rows.get(i).released();
    }
  }

  /** The 201 body: {token,status,blocks:[{token,id}]}. */
  /** The owner's lane for fair share and quotas: the owner, '' for a session without one. */
  public String lane() {
    return submission.owner() == null ? "" : submission.owner();
  }

  public JsonObject receipt() {
    JsonArray blocks = new JsonArray();
    for (int i = 0; i < blockTokens.size(); i++) {
      blocks.add(new JsonObject().put("token", blockTokens.get(i)).put("id", submission.blocks().get(i).id()));
    }
    return new JsonObject().put("token", token).put("status", storedStatus().name()).put("blocks", blocks);
  }

  /** Whether a block may start in the submit's own transaction: released now, without a delay. */
  public boolean startsAtOnce(int seq) {
    return startsNow() && status == SessionStatus.STANDBY && released[seq] && submission.blocks().get(seq).delayMs() == 0;
  }

  /** The status written with the session: RUNNING once one of its blocks is claimed by the submit itself. */
  public SessionStatus storedStatus() {
    for (boolean claimed : claimNow) {
      if (claimed) {
        return SessionStatus.RUNNING;
      }
    }
    return status;
  }

  public boolean startsNow() {
    return submission.executionTime() == ExecutionTime.NOW;
  }
}
