package io.blockline.api;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The one domain failure every API path answers with: an HTTP status (also the event-bus failure
 * code), a precise detail (the event-bus message) and, for 400, every invalid field. It travels
 * over the event bus as itself thanks to {@link ProblemCodec}; expected, so no stack trace.
 */
public final class ProblemException extends ReplyException {
  private final JsonArray errors;

  public ProblemException(int status, String detail, JsonArray errors) {
    super(ReplyFailure.RECIPIENT_FAILURE, status, detail);
    this.errors = errors == null ? new JsonArray() : errors;
  }

  public ProblemException(int status, String detail) {
    this(status, detail, null);
  }

  public static ProblemException badRequest(JsonArray errors) {
    String detail = errors.size() == 1
        ? errors.getJsonObject(0).getString("field") + ": " + errors.getJsonObject(0).getString("message")
        : errors.size() + " invalid fields: " + errors.stream().map(e -> ((JsonObject) e).getString("field"))
            .reduce((a, b) -> a + ", " + b).orElse("");
    return new ProblemException(400, detail, errors);
  }

  public static ProblemException notFound(String what) {
    return new ProblemException(404, what + " not found");
  }

  public static ProblemException conflict(String detail) {
    return new ProblemException(409, detail);
  }

  public int status() {
    return failureCode();
  }

  public JsonArray errors() {
    return errors;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
