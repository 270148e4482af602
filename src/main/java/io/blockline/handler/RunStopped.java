package io.blockline.handler;

import io.vertx.core.json.JsonObject;

/**
 * How a handler that {@link BlockHandler#settlesOnStop() settles on stop} ends a stopped run:
 * the stop's reason ({@code timeout} or {@code cancelled}) and what it knows of the run (for a
 * command: its exit code and the tails of its output), kept with the block's error.
 */
public final class RunStopped extends RuntimeException {
  private final String reason;
  private final JsonObject details;

  public RunStopped(String reason, JsonObject details) {
    super("run stopped: " + reason, null, false, false);
    this.reason = reason;
    this.details = details;
  }

  public String reason() {
    return reason;
  }

  public JsonObject details() {
    return details;
  }
}
