package io.blockline.http;

import io.blockline.api.ProblemException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code ?wait=}: milliseconds, or a number with ms, s or m; at most 5 minutes. */
final class WaitParam {
  static final long MAX_MS = 300_000;
  private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m)?");

  private WaitParam() {
  }

  /** @return null when absent */
  static Long parse(String raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    Matcher m = FORMAT.matcher(raw.trim());
    if (!m.matches()) {
      throw invalid(raw);
    }
    long value = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2);
    long ms = switch (unit) {
      case "s" -> value * 1000;
      case "m" -> value * 60_000;
      default -> value;
    };
    if (ms > MAX_MS) {
      throw invalid(raw);
    }
    return ms;
  }

  private static ProblemException invalid(String raw) {
    return ProblemException.badRequest(new JsonArray().add(new JsonObject().put("field", "wait")
        .put("message", "must be a duration like 30s, 1500ms, 2m or a number of milliseconds, at most 5m (was " + raw + ")")));
  }
}
