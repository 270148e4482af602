package io.blockline.http;

import io.blockline.api.Addresses;
import io.blockline.api.LocalJsonCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** HTTP → event-bus API calls: the same addresses other verticles use, so one code path serves both. */
final class Bus {
  private static final long TIMEOUT_MS = 30_000;
  private final Vertx vertx;

  Bus(Vertx vertx) {
    this.vertx = vertx;
    LocalJsonCodec.register(vertx);
  }

  /** A call made for this request: it carries the request's API key, for {@code auth.eventBus}. */
  Future<JsonObject> request(RoutingContext ctx, String address, JsonObject body) {
    return request(address, body, authorization(ctx));
  }

  /**
   * The body is built for this call and not touched afterwards: it travels without the local copy.
   *
   * @param authorization the caller's {@code Authorization} header, passed on as the message's
   *                      {@code authorization} header (null: none)
   */
  Future<JsonObject> request(String address, JsonObject body, String authorization) {
    DeliveryOptions options = LocalJsonCodec.request(TIMEOUT_MS);
    if (authorization != null) {
      options.addHeader(Addresses.AUTHORIZATION_HEADER, authorization);
    }
    return vertx.eventBus().<JsonObject>request(address, body, options).map(io.vertx.core.eventbus.Message::body);
  }

  static String authorization(RoutingContext ctx) {
    return ctx.request().getHeader("Authorization");
  }

  /** Calls the address and answers the reply as JSON with the given status, or a problem. */
  void answer(RoutingContext ctx, String address, JsonObject body, int status) {
    request(ctx, address, body).onComplete(ar -> {
      if (ar.succeeded()) {
        json(ctx, status, ar.result());
      } else {
        Problems.send(ctx, ar.cause());
      }
    });
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    if (!ctx.response().ended()) {
      // Straight to bytes: encode() builds a String first and copies it again as UTF-8, which
      // was most of the cost of answering a large session's view.
      ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toBuffer());
    }
  }

  /**
   * The caller's owner scope; null = unscoped. With authentication on, the key's owner (an admin
   * key's choice, see {@link AuthGate}); off, the {@code X-Blockline-Owner} header.
   */
  static String owner(RoutingContext ctx) {
    if (ctx.get(AuthGate.CALLER) != null) {
      return ctx.get(AuthGate.OWNER);
    }
    return ctx.request().getHeader("X-Blockline-Owner");
  }
}
