package io.blockline.store;

import io.blockline.api.FieldErrors;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Keyset paging of the read side's lists: a page size within bounds and an opaque cursor holding
 * the last id shown, with a letter per list so a cursor of one list is refused by another.
 */
final class Paging {
  static final int DEFAULT_LIMIT = 50;

  private Paging() {
  }

  /** The page size, or the default when absent; out of 1..max is recorded in {@code errors}. */
  static int limit(Object raw, int max, FieldErrors errors) {
    if (raw == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = raw instanceof Number n ? n.intValue() : Integer.parseInt(raw.toString());
      if (limit >= 1 && limit <= max) {
        return limit;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    errors.add("limit", "must be a whole number between 1 and " + max + " (was " + raw + ")");
    return DEFAULT_LIMIT;
  }

  static String encode(char list, long id) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((list + ":" + id).getBytes(StandardCharsets.UTF_8));
  }

  /** The id a cursor of this list holds, null when absent; anything else is recorded in {@code errors}. */
  static Long decode(char list, String cursor, FieldErrors errors) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (decoded.length() > 2 && decoded.charAt(0) == list && decoded.charAt(1) == ':') {
        return Long.parseLong(decoded.substring(2));
      }
    } catch (IllegalArgumentException ignored) {
      // reported below (NumberFormatException included)
    }
    errors.add("cursor", "is not a cursor this server returned for this list");
    return null;
  }
}
