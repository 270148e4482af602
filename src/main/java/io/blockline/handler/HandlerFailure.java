package io.blockline.handler;

import io.vertx.core.json.JsonObject;

/** A handler's failure with the block error's code, message and optional details. */
public final class HandlerFailure extends RuntimeException {
  private final String code;
  private final Object details;
  private final boolean retryable;

  public HandlerFailure(String code, String message, Object details, boolean retryable) {
    super(message, null, false, false);
    this.code = code;
    this.details = details;
    this.retryable = retryable;
  }

  public HandlerFailure(String code, String message) {
    this(code, message, null, true);
  }

  public boolean retryable() {
    return retryable;
  }

  public JsonObject toError() {
    JsonObject error = new JsonObject().put("code", code).put("message", getMessage());
    if (details != null) {
      error.put("details", details);
    }
    return error;
  }

  /** Any failure as a block error. */
  public static JsonObject errorOf(Throwable failure) {
    if (failure instanceof HandlerFailure f) {
      return f.toError();
    }
    String message = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    return new JsonObject().put("code", "HANDLER_ERROR").put("message", message);
  }

  public static boolean retryableOf(Throwable failure) {
    return !(failure instanceof HandlerFailure f) || f.retryable();
  }
}
