package io.blockline.block;

import io.vertx.core.json.JsonObject;

/** What one execution of a block came to. A value, never an exception. */
public sealed interface Outcome {

  /** The handler answered with a result object. */
  record Succeeded(JsonObject result) implements Outcome {
  }

  /** The handler failed; {@code retryable} false means a retry cannot help (e.g. bad params). */
  record Failed(JsonObject error, boolean retryable) implements Outcome {
  }

  /** The run exceeded its timeout and was told to stop. */
  record TimedOut(long timeoutMs) implements Outcome {
  }

  /** The run was stopped because the block or its session was cancelled. */
  record Cancelled() implements Outcome {
  }

  static JsonObject error(String code, String message) {
    return new JsonObject().put("code", code).put("message", message);
  }

  /** Encodes for the event-bus reply from worker to dispatcher. */
  default JsonObject toJson() {
    if (this instanceof Succeeded s) {
      return new JsonObject().put("outcome", "SUCCEEDED").put("result", s.result());
    }
    if (this instanceof Failed f) {
      return new JsonObject().put("outcome", "FAILED").put("error", f.error()).put("retryable", f.retryable());
    }
    if (this instanceof TimedOut t) {
      return new JsonObject().put("outcome", "TIMED_OUT").put("timeoutMs", t.timeoutMs());
    }
    return new JsonObject().put("outcome", "CANCELLED");
  }

  static Outcome fromJson(JsonObject json) {
    return switch (json.getString("outcome")) {
      case "SUCCEEDED" -> new Succeeded(json.getJsonObject("result", new JsonObject()));
      case "FAILED" -> new Failed(json.getJsonObject("error"), json.getBoolean("retryable", true));
      case "TIMED_OUT" -> new TimedOut(json.getLong("timeoutMs", 0L));
      default -> new Cancelled();
    };
  }
}
