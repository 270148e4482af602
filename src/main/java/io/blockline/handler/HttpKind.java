package io.blockline.handler;

import io.blockline.api.FieldErrors;
import io.blockline.api.JsonFields;
import io.blockline.net.HttpUrls;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * The {@code http} kind: {@code {"type":"http","url":…,"method":…,"headers":{…},"connectTimeoutMs":…}},
 * run by {@link HttpHandler} with the worker's shared web client and address guard.
 */
public final class HttpKind implements HandlerKind {
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

  @Override
  public String type() {
    return "http";
  }

  @Override
  public void validate(JsonFields f, FieldErrors errors) {
    f.rejectUnknown(Set.of("type", "url", "method", "headers", "connectTimeoutMs"));
    String url = f.string("url", null);
    if (url == null || !HttpUrls.isAbsoluteHttp(url)) {
      errors.add(f.path("url"), "must be an absolute http or https URL");
    }
    String method = f.string("method", "POST");
    if (!METHODS.contains(method)) {
      errors.add(f.path("method"), "must be one of GET, POST, PUT, PATCH, DELETE (was " + method + ")");
    }
    JsonObject headers = f.object("headers");
    if (headers != null) {
      headers.forEach(h -> {
        if (!(h.getValue() instanceof String)) {
          errors.add(f.path("headers." + h.getKey()), "must be a string");
        }
      });
    }
    f.integer("connectTimeoutMs", null, 1, Long.MAX_VALUE);
  }

  @Override
  public BlockHandler handler(HandlerServices services) {
    return new HttpHandler(services.webClient(), services.addressGuard());
  }
}
