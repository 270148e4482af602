package io.blockline.http;

import io.blockline.api.Addresses;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code /v1/overview}, {@code /v1/deliveries} and {@code /v1/nodes}: what operators read beyond one session. */
final class OperatorRoutes {
  private final Bus bus;

  OperatorRoutes(Bus bus) {
    this.bus = bus;
  }

  void mount(Router router) {
    router.get("/v1/overview").handler(this::overview);
    router.get("/v1/deliveries").handler(this::deliveries);
    router.get("/v1/nodes").handler(this::nodes);
  }

  /** The nodes sharing the database, alive or dead, with the blocks each runs: not for a caller scoped to one owner. */
  private void nodes(RoutingContext ctx) {
    if (Bus.owner(ctx) != null) {
      Problems.send(ctx, 404, "the node list is the operators'; it is not visible to a caller scoped to owner "
          + Bus.owner(ctx) + " (X-Blockline-Owner)", null);
      return;
    }
    bus.answer(ctx, Addresses.NODES_LIST, new JsonObject(), 200);
  }

  /** Counts over every owner's sessions: not for a caller scoped to one owner. */
  private void overview(RoutingContext ctx) {
    if (Bus.owner(ctx) != null) {
      Problems.send(ctx, 404, "the overview covers every owner's sessions; it is not visible to a caller scoped to owner "
          + Bus.owner(ctx) + " (X-Blockline-Owner)", null);
      return;
    }
    bus.answer(ctx, Addresses.OVERVIEW, new JsonObject(), 200);
  }

  private void deliveries(RoutingContext ctx) {
    JsonObject query = new JsonObject();
    for (String name : new String[] {"status", "limit", "cursor"}) {
      String value = ctx.request().getParam(name);
      if (value != null) {
        query.put(name, value);
      }
    }
    if (Bus.owner(ctx) != null) {
      query.put("owner", Bus.owner(ctx));
    }
    bus.answer(ctx, Addresses.DELIVERIES_LIST, query, 200);
  }
}
