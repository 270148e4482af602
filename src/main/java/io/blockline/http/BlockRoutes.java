package io.blockline.http;

import io.blockline.api.Addresses;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code /v1/blocks}. */
final class BlockRoutes {
  private final Bus bus;

  BlockRoutes(Bus bus) {
    this.bus = bus;
  }

  void mount(Router router) {
    router.get("/v1/blocks/:token").handler(this::view);
    router.post("/v1/blocks/:token/replay").handler(ctx ->
        bus.answer(ctx, Addresses.BLOCKS_REPLAY, SessionRoutes.tokenBody(ctx), 200));
    router.post("/v1/blocks/:token/cancel").handler(ctx ->
        bus.answer(ctx, Addresses.BLOCKS_CANCEL, SessionRoutes.tokenBody(ctx), 200));
    router.get("/v1/blocks/:token/output").handler(this::output);
  }

  /** {@code ?stream=stdout|stderr&offset=N&limit=N}: a page of a command block's output. */
  private void output(RoutingContext ctx) {
    JsonObject body = SessionRoutes.tokenBody(ctx);
    for (String name : new String[] {"stream", "offset", "limit"}) {
      String value = ctx.request().getParam(name);
      if (value != null) {
        body.put(name, value);
      }
    }
    bus.answer(ctx, Addresses.BLOCKS_OUTPUT, body, 200);
  }

  private void view(RoutingContext ctx) {
    JsonObject body = SessionRoutes.tokenBody(ctx).put("full", "true".equals(ctx.request().getParam("full")));
    bus.answer(ctx, Addresses.BLOCKS_GET, body, 200);
  }
}
