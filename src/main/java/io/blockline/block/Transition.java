package io.blockline.block;

import io.vertx.core.json.JsonObject;

/** The next state of a block after one execution: a pure function of block, outcome and policy. */
public final class Transition {

  /**
   * @param retryDelayMs set when the block goes back to STANDBY for a retry after that many ms
   */
  public record Decision(BlockStatus status, Long retryDelayMs, JsonObject result, JsonObject error) {
  }

  private Transition() {
  }

  /**
   * @param attempts   attempts made so far, the one that produced {@code outcome} included
   * @param replayable whether the block may be retried at all
   * @param blocker    whether a final failure blocks the session
   */
  public static Decision decide(int attempts, boolean replayable, boolean blocker, Outcome outcome, RetryPolicy policy) {
    if (outcome instanceof Outcome.Succeeded s) {
      return new Decision(BlockStatus.SUCCESS, null, s.result(), null);
    }
    if (outcome instanceof Outcome.Cancelled) {
      return new Decision(BlockStatus.CANCELLED, null, null, outcome.error());
    }
    boolean timedOut = outcome instanceof Outcome.TimedOut;
    JsonObject error = outcome.error();
    boolean retryable = timedOut || ((Outcome.Failed) outcome).retryable();
    if (replayable && retryable && policy.allowsAnotherAfter(attempts)) {
      return new Decision(BlockStatus.STANDBY, policy.delayMs(attempts), null, error);
    }
    BlockStatus failed = blocker ? BlockStatus.BLOCKER : timedOut ? BlockStatus.TIMEOUT : BlockStatus.ERROR;
    return new Decision(failed, null, null, error);
  }
}
