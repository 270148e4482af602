package io.blockline.http;

import io.blockline.api.Addresses;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** {@code /v1/keys}: API keys, for admin keys only (mounted when {@code auth.enabled}). */
final class KeyRoutes {
  private final Bus bus;

  KeyRoutes(Bus bus) {
    this.bus = bus;
  }

  void mount(Router router) {
    router.post("/v1/keys").handler(ctx -> bus.answer(ctx, Addresses.KEYS_CREATE, SessionRoutes.jsonBody(ctx), 201));
    router.get("/v1/keys").handler(ctx -> {
      JsonObject query = new JsonObject();
      String owner = ctx.request().getParam("owner");
      if (owner != null) {
        query.put("owner", owner);
      }
      bus.answer(ctx, Addresses.KEYS_LIST, query, 200);
    });
    router.delete("/v1/keys/:prefix").handler(ctx ->
        bus.answer(ctx, Addresses.KEYS_REVOKE, new JsonObject().put("prefix", ctx.pathParam("prefix")), 200));
  }
}
