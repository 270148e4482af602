package io.blockline.bus;

import io.blockline.api.ProblemException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A submit's {@code idempotencyKey} (HTTP: the {@code Idempotency-Key} header): 1 to 255
 * printable ASCII characters, unique per owner for 24 hours, compared with the SHA-256 of the
 * rest of the submit's JSON.
 */
final class IdempotencyKeys {
  static final String FIELD = "idempotencyKey";

  private IdempotencyKeys() {
  }

  static String check(Object value) {
    if (value instanceof String key && !key.isEmpty() && key.length() <= 255
        && key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
      return key;
    }
    throw ProblemException.badRequest(new JsonArray().add(new JsonObject().put("field", FIELD)
        .put("message", "must be 1 to 255 printable ASCII characters without spaces")));
  }

  /** The submit as JSON text, hashed: the same JSON (whatever its spacing) gives the same hash. */
  static byte[] bodyHash(JsonObject session) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(session.encode().getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
