package io.blockline.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the CLI shows values to a person: UTC times to the second, short durations, "-" for nothing. */
final class Human {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private Human() {
  }

  static String time(String iso) {
    return iso == null ? "-" : TIME.format(Instant.parse(iso));
  }

  /** Just the time of day, for event streams. */
  static String clock(String iso) {
    return iso == null ? "--:--:--.---" : CLOCK.format(Instant.parse(iso));
  }

  static String duration(Long ms) {
    if (ms == null) {
      return "-";
    }
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format("%.1f s", ms / 1000.0);
    }
    if (ms < 3_600_000) {
      return (ms / 60_000) + " min " + (ms % 60_000) / 1000 + " s";
    }
    return (ms / 3_600_000) + " h " + (ms % 3_600_000) / 60_000 + " min";
  }

  /** One table cell: on one line, cut at {@code max} characters. */
  static String cell(Object value, int max) {
    String text = value == null ? "-" : value instanceof JsonObject || value instanceof JsonArray
        ? value.toString() : String.valueOf(value);
    text = text.replaceAll("\\s+", " ").trim();
    if (text.isEmpty()) {
      return "-";
    }
    return text.length() > max ? text.substring(0, max - 1) + "…" : text;
  }

  /** What went wrong with a block, in one line: its error, else its reason. */
  static String trouble(JsonObject block) {
    JsonObject error = block.getJsonObject("error");
    if (error != null) {
      return error.getString("code", "ERROR") + ": " + error.getString("message", "");
    }
    return block.getString("reason");
  }

  /** Aligned "label  value" lines; null values are left out. */
  static void fields(PrintWriter out, Object... labelsAndValues) {
    int width = 0;
    for (int i = 0; i < labelsAndValues.length; i += 2) {
      width = Math.max(width, labelsAndValues[i].toString().length());
    }
    for (int i = 0; i < labelsAndValues.length; i += 2) {
      Object value = labelsAndValues[i + 1];
      if (value != null) {
        out.println(labelsAndValues[i] + " ".repeat(width - labelsAndValues[i].toString().length() + 2) + value);
      }
    }
    out.flush();
  }
}
