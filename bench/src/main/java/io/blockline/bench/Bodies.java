package io.blockline.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Submit bodies (API.md) of builtin noop blocks, encoded once per scenario. */
final class Bodies {
  private Bodies() {
  }

  static JsonObject noopBlock() {
    return new JsonObject().put("handler", new JsonObject().put("type", "builtin").put("name", "noop"));
  }

  /** One session of {@code blocks} noop blocks. {@code mode} null = the default (sequential). */
  static JsonObject session(String owner, String name, int blocks, String mode, String executionTime) {
    JsonArray array = new JsonArray();
    for (int i = 0; i < blocks; i++) {
      array.add(noopBlock());
    }
    JsonObject body = new JsonObject().put("name", name).put("owner", owner).put("executionTime", executionTime);
    if (mode != null) {
      body.put("mode", mode);
    }
    return body.put("blocks", array);
  }

  static String single(String owner, String name) {
    return session(owner, name, 1, null, "NOW").encode();
  }
}
