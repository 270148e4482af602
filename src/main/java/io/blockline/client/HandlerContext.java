package io.blockline.client;

import io.blockline.api.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Set;

/**
 * What a registered handler sees of one run: params, dataset item, pipeline input, results of
 * earlier blocks by id, attempt and replay count, {@link #activity} lines, and a stop signal
 * that fires when the block is cancelled or its run times out.
 */
public final class HandlerContext {
  private static final Set<String> LEVELS = Set.of("DEBUG", "NOTICE", "WARNING", "ERROR");
  private final Vertx vertx;
  private final JsonObject run;
  private final Promise<String> stop = Promise.promise();

  HandlerContext(Vertx vertx, JsonObject run) {
    this.vertx = vertx;
    this.run = run;
  }

  public String sessionToken() { return run.getString("sessionToken"); }
  public String blockToken() { return run.getString("blockToken"); }
  public String blockId() { return run.getString("blockId"); }
  public int attempt() { return run.getInteger("attempt", 1); }
  public int replayCount() { return run.getInteger("replayCount", 0); }
  public JsonObject params() { return run.getJsonObject("params", new JsonObject()); }
  /** The dataset item of this run, or null. */
  public Object item() { return run.getValue("item"); }
  /** The previous block's result merged with params, in a pipeline session; else null. */
  public JsonObject input() { return run.getJsonObject("input"); }
  /** Results of the session's successful blocks, by block id. */
  public JsonObject results() { return run.getJsonObject("results", new JsonObject()); }

  /** The result of an earlier successful block of the session, or null. */
  public JsonObject result(String blockId) {
    return results().getJsonObject(blockId);
  }

  /** Adds an activity line, stored with the block and streamed to its watchers. */
  public void activity(String level, String line) {
    if (!LEVELS.contains(level)) {
      throw new IllegalArgumentException("activity level must be DEBUG, NOTICE, WARNING or ERROR, not " + level);
    }
    vertx.eventBus().send(Addresses.BLOCKS_ACTIVITY, new JsonObject()
        .put("sessionToken", sessionToken()).put("blockToken", blockToken()).put("blockId", blockId())
        .put("level", level).put("line", line).put("at", Instant.now().toEpochMilli()));
  }

  /** Completes with "cancelled" or "timeout" when the run must stop. */
  public Future<String> stopSignal() {
    return stop.future();
  }

  public boolean stopped() {
    return stop.future().isComplete();
  }

  void stop(String reason) {
    stop.tryComplete(reason);
  }
}
