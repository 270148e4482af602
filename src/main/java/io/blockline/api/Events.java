package io.blockline.api;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** The published state-change events (address {@code blockline.events}). */
public final class Events {
  public static final String SESSION_STATUS = "session.status";
  public static final String BLOCK_STATUS = "block.status";
  public static final String BLOCK_ACTIVITY = "block.activity";

  private Events() {
  }

  public static JsonObject sessionStatus(String sessionToken, String status) {
    return new JsonObject().put("type", SESSION_STATUS).put("sessionToken", sessionToken)
        .put("status", status).put("at", Instant.now().toString());
  }

  public static JsonObject blockStatus(String sessionToken, String blockToken, String blockId, String status) {
    return new JsonObject().put("type", BLOCK_STATUS).put("sessionToken", sessionToken)
        .put("blockToken", blockToken).put("blockId", blockId).put("status", status).put("at", Instant.now().toString());
  }

  public static JsonObject activity(String sessionToken, String blockToken, String blockId, String level, String line,
                                    Instant at) {
    return new JsonObject().put("type", BLOCK_ACTIVITY).put("sessionToken", sessionToken)
        .put("blockToken", blockToken).put("blockId", blockId).put("level", level).put("line", line)
        .put("at", at.toString());
  }
}
