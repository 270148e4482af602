package io.blockline.bus;

import io.blockline.api.FieldErrors;
import io.blockline.process.CommandOutput;
import io.blockline.process.CommandOutputs;
import io.blockline.process.RunDirectory;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * {@code blockline.blocks.output}: {@code {token, stream, offset, limit}} → a page of a command
 * block's output. Query values may come as text (HTTP) or numbers (event bus).
 */
final class BlockOutputApi {
  static final int DEFAULT_LIMIT = 65_536;

  private final CommandOutputs outputs;

  BlockOutputApi(CommandOutputs outputs) {
    this.outputs = outputs;
  }

  Future<JsonObject> page(JsonObject body, String token) {
    FieldErrors errors = new FieldErrors();
    String stream = body.getValue("stream") == null ? RunDirectory.STDOUT : body.getValue("stream").toString();
    if (!RunDirectory.STDOUT.equals(stream) && !RunDirectory.STDERR.equals(stream)) {
      errors.add("stream", "must be stdout or stderr (was " + stream + ")");
    }
    Long offset = whole(body.getValue("offset"), 0, 0, Long.MAX_VALUE, "offset", errors);
    Long limit = whole(body.getValue("limit"), DEFAULT_LIMIT, 1, CommandOutput.MAX_PAGE_BYTES, "limit", errors);
    errors.throwIfAny();
    return outputs.page(token, body.getString("owner"), stream, offset, limit.intValue());
  }

  private static Long whole(Object raw, long fallback, long min, long max, String field, FieldErrors errors) {
    if (raw == null) {
      return fallback;
    }
    try {
      long value = raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) ? n.longValue()
          : Long.parseLong(raw.toString().trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the range
    }
    errors.add(field, "must be a whole number between " + min + " and " + max + " (was " + raw + ")");
    return fallback;
  }

}
