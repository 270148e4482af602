package io.blockline.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.Iterator;
import java.util.function.Predicate;

/**
 * Reads a {@code text/event-stream} line by line into events (its {@code data:} as JSON), handing
 * each to a listener until the listener says stop or the stream ends. Comments (keep-alives) and
 * unknown fields are skipped, as the format asks.
 */
final class ServerSentEvents {
  private ServerSentEvents() {
  }

  /** Returns true when the listener stopped the stream, false when the stream ended first. */
  static boolean read(Iterator<String> lines, Predicate<JsonObject> untilTrue) {
    StringBuilder data = new StringBuilder();
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.isEmpty()) {
        if (data.length() > 0 && dispatch(data.toString(), untilTrue)) {
          return true;
        }
        data.setLength(0);
      } else if (line.startsWith("data:")) {
        if (data.length() > 0) {
          data.append('\n');
        }
        data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
      }
    }
    return false;
  }

  private static boolean dispatch(String data, Predicate<JsonObject> untilTrue) {
    try {
      return untilTrue.test(new JsonObject(data));
    } catch (DecodeException e) {
      return false;
    }
  }
}
