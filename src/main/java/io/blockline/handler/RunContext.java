package io.blockline.handler;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

import java.util.function.BiConsumer;

/**
 * What a handler sees of one run: its parameters, dataset item, pipeline input, the results of
 * earlier blocks, its attempt and replay count, a way to add activity lines, and a signal that
 * fires when the run must stop (cancel or timeout).
 */
public final class RunContext {
  private final JsonObject run;
  private final Object item;
  private final int itemIndex;
  private final BiConsumer<String, String> activity;
  private final Promise<String> stop = Promise.promise();

  public RunContext(JsonObject run, Object item, int itemIndex, BiConsumer<String, String> activity) {
    this.run = run;
    this.item = item;
    this.itemIndex = itemIndex;
    this.activity = activity;
  }

  public String sessionToken() { return run.getString("sessionToken"); }
  public String blockToken() { return run.getString("blockToken"); }
  public String blockId() { return run.getString("blockId"); }
  public JsonObject handler() { return run.getJsonObject("handler"); }
  public JsonObject params() { return run.getJsonObject("params", new JsonObject()); }
  public JsonObject input() { return run.getJsonObject("input"); }
  public JsonObject results() { return run.getJsonObject("results", new JsonObject()); }
  /** Attempt number since the block was submitted or last replayed, from 1. */
  public int attempt() { return run.getInteger("attempt", 1); }
  /** Every run of this block so far, replays included, from 1. */
  public int execution() { return run.getInteger("execution", attempt()); }
  public int replayCount() { return run.getInteger("replayCount", 0); }
  public long timeoutMs() { return run.getLong("timeoutMs"); }
  /** The block's row id, for a handler that records what it started (a command's process). */
  public long blockRowId() { return run.getLong("id"); }
  /** The lease this run holds its block under: what fences the handler's own writes. */
  public String leaseToken() { return run.getString("leaseToken"); }
  /**
   * Set when this node took over a run a previous node started and that still runs (a command's
   * process after a restart): what the handler recorded of it; null for a fresh run.
   */
  public JsonObject resumed() { return run.getJsonObject("resumed"); }
  /** The dataset item of this run, or null without a dataset. */
  public Object item() { return item; }
  /** The dataset index of this run, or -1. */
  public int itemIndex() { return itemIndex; }

  /** Adds an activity line (DEBUG, NOTICE, WARNING or ERROR): stored with the block and streamed. */
  public void activity(String level, String line) {
    activity.accept(level, line);
  }

  /** Completes with the reason ("cancelled" or "timeout") when the run must stop. */
  public Future<String> stopSignal() {
    return stop.future();
  }

  public boolean stopped() {
    return stop.future().isComplete();
  }

  public void stop(String reason) {
    stop.tryComplete(reason);
  }

  /** The payload an eventbus or http handler receives (API.md). */
  public JsonObject payload() {
    return new JsonObject()
        .put("sessionToken", sessionToken()).put("blockToken", blockToken()).put("blockId", blockId())
        .put("attempt", attempt()).put("replayCount", replayCount())
        .put("params", params()).put("item", item).put("input", input()).put("results", results());
  }
}
