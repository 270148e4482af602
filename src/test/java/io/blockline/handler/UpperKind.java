package io.blockline.handler;

import io.blockline.api.FieldErrors;
import io.blockline.api.JsonFields;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Set;

/**
 * A kind an embedding application might add: {@code {"type":"upper","text":"…"}} answers
 * {@code {"upper": TEXT, "earlier": {…results of earlier blocks…}}}, so a test sees both its
 * validation and that it receives results.
 */
final class UpperKind implements HandlerKind {
  @Override
  public String type() {
    return "upper";
  }

  @Override
  public void validate(JsonFields handler, FieldErrors errors) {
    handler.rejectUnknown(Set.of("type", "text"));
    // string() reports a text of the wrong type; only a missing one is left to report here.
    if (handler.string("text", null) == null && !handler.has("text")) {
      errors.add(handler.path("text"), "is required for an upper handler");
    }
  }

  @Override
  public BlockHandler handler(HandlerServices services) {
    return ctx -> Future.succeededFuture(new JsonObject()
        .put("upper", ctx.handler().getString("text").toUpperCase(Locale.ROOT))
        .put("earlier", ctx.results()));
  }
}
