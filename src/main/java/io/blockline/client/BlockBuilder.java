package io.blockline.client;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** One block of a {@link SessionBuilder}; every setter returns this builder. */
public final class BlockBuilder {
  private final JsonObject json = new JsonObject();

  BlockBuilder(JsonObject handler) {
    json.put("handler", handler);
  }

  public BlockBuilder id(String id) { json.put("id", id); return this; }
  public BlockBuilder name(String name) { json.put("name", name); return this; }
  public BlockBuilder params(JsonObject params) { json.put("params", params); return this; }
  public BlockBuilder dataset(JsonArray items) { json.put("dataset", items); return this; }
  public BlockBuilder dataset(List<?> items) { json.put("dataset", new JsonArray(List.copyOf(items))); return this; }
  public BlockBuilder blocker() { json.put("blocker", true); return this; }
  /** Retried on failure with the server's default back-off (6^n s). */
  public BlockBuilder replayable() { json.put("replayable", true); return this; }
  /** Retried with this policy; any field may be left out. */
  public BlockBuilder retry(int maxAttempts, long initialDelayMs, double multiplier) {
    json.put("retry", new JsonObject().put("maxAttempts", maxAttempts).put("initialDelayMs", initialDelayMs)
        .put("multiplier", multiplier));
    return this;
  }
  public BlockBuilder retry(JsonObject policy) { json.put("retry", policy); return this; }
  public BlockBuilder delayMs(long delayMs) { json.put("delayMs", delayMs); return this; }
  public BlockBuilder priority(int priority) { json.put("priority", priority); return this; }
  public BlockBuilder timeoutMs(long timeoutMs) { json.put("timeoutMs", timeoutMs); return this; }
  /** Pause the session after this block succeeds, until someone proceeds. */
  public BlockBuilder interrupt() { json.put("interrupt", true); return this; }

  /** Runs only after these earlier blocks (by id) succeeded. */
  public BlockBuilder require(String... ids) {
    JsonArray require = json.getJsonArray("require", new JsonArray());
    for (String id : ids) {
      require.add(id);
    }
    json.put("require", require);
    return this;
  }

  JsonObject toJson() {
    return json;
  }
}
