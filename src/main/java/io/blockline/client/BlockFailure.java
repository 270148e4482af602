package io.blockline.client;

import io.vertx.core.json.JsonObject;

/** Thrown (or failed with) by a handler to set the block's error code, message and details. */
public class BlockFailure extends RuntimeException {
  private final String code;
  private final Object details;

  public BlockFailure(String code, String message, Object details) {
    super(message, null, false, false);
    this.code = code;
    this.details = details;
  }

  public BlockFailure(String code, String message) {
    this(code, message, null);
  }

  public String code() {
    return code;
  }

  /** {@code {code,message,details}} for any failure: a BlockFailure as given, anything else as HANDLER_ERROR. */
  public static JsonObject errorOf(Throwable failure) {
    if (failure instanceof BlockFailure f) {
      JsonObject error = new JsonObject().put("code", f.code).put("message", f.getMessage());
      if (f.details != null) {
        error.put("details", f.details);
      }
      return error;
    }
    String message = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getName();
    return new JsonObject().put("code", "HANDLER_ERROR").put("message", message)
        .put("details", new JsonObject().put("exception", failure.getClass().getName()));
  }
}
