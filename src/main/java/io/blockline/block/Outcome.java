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

  /**
   * The run exceeded its timeout and was told to stop.
   *
   * @param details what the handler knew of the stopped run (a command: exit code 124, output tails), or null
   */
  record TimedOut(long timeoutMs, JsonObject details) implements Outcome {
    public TimedOut(long timeoutMs) {
      this(timeoutMs, null);
    }
  }

  /**
   * The run was stopped because the block or its session was cancelled.
   *
   * @param details what the handler knew of the stopped run, or null
   */
  record Cancelled(JsonObject details) implements Outcome {
    public Cancelled() {
      this(null);
    }
  }

  static JsonObject error(String code, String message) {
    return new JsonObject().put("code", code).put("message", message);
  }

  /** The error this outcome leaves on its block and run; null for a success. */
  default JsonObject error() {
    if (this instanceof Failed f) {
      return f.error();
    }
    if (this instanceof TimedOut t) {
      return withDetails(error("TIMEOUT", "run exceeded its timeout of " + t.timeoutMs() + " ms"), t.details());
    }
    if (this instanceof Cancelled c) {
      return withDetails(error("CANCELLED", "the run was cancelled"), c.details());
    }
    return null;
  }

  private static JsonObject withDetails(JsonObject error, JsonObject details) {
    return details == null ? error : error.put("details", details);
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
      return new JsonObject().put("outcome", "TIMED_OUT").put("timeoutMs", t.timeoutMs()).put("details", t.details());
    }
    return new JsonObject().put("outcome", "CANCELLED").put("details", ((Cancelled) this).details());
  }

  static Outcome fromJson(JsonObject json) {
    return switch (json.getString("outcome")) {
      case "SUCCEEDED" -> new Succeeded(json.getJsonObject("result", new JsonObject()));
      case "FAILED" -> new Failed(json.getJsonObject("error"), json.getBoolean("retryable", true));
      case "TIMED_OUT" -> new TimedOut(json.getLong("timeoutMs", 0L), json.getJsonObject("details"));
      default -> new Cancelled(json.getJsonObject("details"));
    };
  }
}
