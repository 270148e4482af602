package io.blockline.testsupport;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Builders for submit bodies with consistent defaults. */
public final class Sessions {
  private Sessions() {
  }

  public static JsonObject session(JsonObject... blocks) {
    return new JsonObject().put("name", "test").put("blocks", new JsonArray(java.util.List.of((Object[]) blocks)));
  }

  public static JsonObject builtin(String id, String name) {
    return new JsonObject().put("id", id).put("handler", new JsonObject().put("type", "builtin").put("name", name));
  }

  public static JsonObject noop(String id) {
    return builtin(id, "noop");
  }

  public static JsonObject echo(String id, JsonObject params) {
    return builtin(id, "echo").put("params", params);
  }

  public static JsonObject sleep(String id, long ms) {
    return builtin(id, "sleep").put("params", new JsonObject().put("ms", ms));
  }

  /** n sleep blocks b0, b1, … of ms each. */
  public static JsonArray sleeps(int n, long ms) {
    JsonArray blocks = new JsonArray();
    for (int i = 0; i < n; i++) {
      blocks.add(sleep("b" + i, ms));
    }
    return blocks;
  }

  /** Fails the first {@code times} attempts; {@code times} null = always. */
  public static JsonObject fail(String id, Integer times) {
    JsonObject params = new JsonObject().put("message", "planned failure");
    if (times != null) {
      params.put("times", times);
    }
    return builtin(id, "fail").put("params", params);
  }

  /** A retry policy with short delays, for tests. */
  public static JsonObject fastRetry(int maxAttempts) {
    return new JsonObject().put("maxAttempts", maxAttempts).put("initialDelayMs", 50).put("multiplier", 2.0);
  }
}
