package io.blockline.handler;

import io.blockline.net.AddressGuard;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.nio.charset.StandardCharsets;

/**
 * The {@code http} handler kind: calls the block's URL with the run as JSON (API.md payload).
 * 2xx with a JSON object → result; any other answer → error with the status and the first
 * 2 KiB of the body (5xx, 408 and 429 may be retried, other 4xx not). Hosts on private ranges
 * are refused by the {@link AddressGuard}.
 */
public final class HttpHandler implements BlockHandler {
  static final int BODY_PREVIEW_BYTES = 2048;
  private static final long DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
  private final WebClient client;
  private final AddressGuard guard;

  public HttpHandler(WebClient client, AddressGuard guard) {
    this.client = client;
    this.guard = guard;
  }

  @Override
  public Future<JsonObject> run(RunContext ctx) {
    JsonObject handler = ctx.handler();
    String url = handler.getString("url");
    return guard.check(url)
        .recover(e -> Future.failedFuture(new HandlerFailure("FORBIDDEN_ADDRESS", e.getMessage(), null, false)))
        .compose(checked -> send(ctx, handler, url, checked))
        .compose(response -> result(url, response));
  }

  private Future<HttpResponse<Buffer>> send(RunContext ctx, JsonObject handler, String url, AddressGuard.Checked checked) {
    HttpMethod method = HttpMethod.valueOf(handler.getString("method", "POST"));
    HttpRequest<Buffer> request = checked.request(client, method, url)
        .connectTimeout(handler.getLong("connectTimeoutMs", DEFAULT_CONNECT_TIMEOUT_MS))
        .timeout(ctx.timeoutMs())
        .putHeader("Accept", "application/json")
        .putHeader("X-Blockline-Block", ctx.blockToken());
    JsonObject headers = handler.getJsonObject("headers");
    if (headers != null) {
      headers.forEach(h -> request.putHeader(h.getKey(), String.valueOf(h.getValue())));
    }
    Future<HttpResponse<Buffer>> sent = method == HttpMethod.GET || method == HttpMethod.DELETE
        ? request.send() : request.sendJsonObject(ctx.payload());
    return sent.recover(e -> Future.failedFuture(new HandlerFailure("HTTP_UNREACHABLE",
        "calling " + url + " failed: " + e.getMessage(), null, true)));
  }

  private static Future<JsonObject> result(String url, HttpResponse<Buffer> response) {
    int status = response.statusCode();
    Buffer body = response.body();
    if (status >= 200 && status < 300) {
      if (body == null || body.length() == 0) {
        return Future.succeededFuture(new JsonObject());
      }
      try {
        Object json = io.vertx.core.json.Json.decodeValue(body);
        if (json instanceof JsonObject object) {
          return Future.succeededFuture(object);
        }
      } catch (RuntimeException notJson) {
        // reported below
      }
      return Future.failedFuture(new HandlerFailure("BAD_RESPONSE", url + " answered " + status
          + " without a JSON object", new JsonObject().put("status", status).put("body", preview(body)), false));
    }
    boolean retryable = status >= 500 || status == 408 || status == 429;
    return Future.failedFuture(new HandlerFailure("HTTP_" + status, url + " answered " + status,
        new JsonObject().put("status", status).put("body", preview(body)), retryable));
  }

  /** The first 2 KiB of a body, as text. */
  static String preview(Buffer body) {
    if (body == null) {
      return "";
    }
    byte[] bytes = body.getBytes(0, Math.min(body.length(), BODY_PREVIEW_BYTES));
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
