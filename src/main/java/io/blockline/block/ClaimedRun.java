package io.blockline.block;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * A block claimed for this node's workers (by a claim, a submit or an engine transaction), with
 * what its run needs: the handler and its inputs, the lease it runs under, and whether the claim
 * also moved its session to RUNNING.
 *
 * @param previousResult the result of the block before it, for a pipeline session's input (else null)
 * @param ranged         claimed with others of its session as one range (V14): its row is written at its completion
 */
public record ClaimedRun(long id, String token, long sessionId, String sessionToken, String key, JsonObject handler,
                         JsonObject params, JsonArray dataset, boolean pipeline, JsonObject previousResult, int attempts,
                         int executions, int replayCount, long timeoutMs, UUID leaseToken, boolean sessionNowRunning,
                         boolean ranged) {

  /** The salt of the claim that gave this run its lease ({@code BlockSql.leaseToken}): names its range. */
  public long claimSalt() {
    return claimSalt(leaseToken);
  }

  /** The salt of the claim that gave {@code leaseToken}: its first 64 bits. */
  public static long claimSalt(UUID leaseToken) {
    return leaseToken.getMostSignificantBits();
  }

  /** The handler's kind, e.g. {@code builtin}. */
  public String handlerType() {
    return handler == null ? null : handler.getString("type");
  }
}
