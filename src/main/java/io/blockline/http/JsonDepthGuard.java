package io.blockline.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a body nested deeper than {@code http.maxJsonDepth} before any parser sees it: a 400
 * naming {@code body}, found by one pass over the bytes (brackets outside strings).
 */
final class JsonDepthGuard {
  private final int maxDepth;

  JsonDepthGuard(int maxDepth) {
    this.maxDepth = maxDepth;
  }

  void handle(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body != null && depth(body, maxDepth) > maxDepth) {
      Problems.send(ctx, 400, "the JSON body nests deeper than http.maxJsonDepth=" + maxDepth,
          new JsonArray().add(new JsonObject().put("field", "body")
              .put("message", "nests deeper than " + maxDepth + " levels")));
      return;
    }
    ctx.next();
  }

  /** The deepest nesting of brackets outside strings, counted up to {@code limit + 1}. */
  static int depth(Buffer json, int limit) {
    int depth = 0;
    int deepest = 0;
    boolean inString = false;
    for (int i = 0, n = json.length(); i < n; i++) {
      byte b = json.getByte(i);
      if (inString) {
        if (b == '\\') {
          i++;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '{' || b == '[') {
        depth++;
        if (depth > deepest) {
          deepest = depth;
          if (deepest > limit) {
            return deepest;
          }
        }
      } else if (b == '}' || b == ']') {
        depth--;
      }
    }
    return deepest;
  }
}
