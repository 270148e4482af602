package io.blockline.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Collects every invalid field of a request, so one 400 lists them all. */
public final class FieldErrors {
  private final JsonArray errors = new JsonArray();

  public void add(String field, String message) {
    errors.add(new JsonObject().put("field", field).put("message", message));
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  /** The detail a 400 for these errors would carry, or null when there are none. */
  public String summary() {
    return errors.isEmpty() ? null : ProblemException.badRequest(errors).getMessage();
  }

  public void throwIfAny() {
    if (!errors.isEmpty()) {
      throw ProblemException.badRequest(errors);
    }
  }
}
