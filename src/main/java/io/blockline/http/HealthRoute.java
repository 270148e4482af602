package io.blockline.http;

import io.blockline.node.ServerState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/** {@code GET /health}: UP when the database answers and the dispatcher runs; 503 with reasons otherwise. */
final class HealthRoute {
  private final ServerState state;

  HealthRoute(ServerState state) {
    this.state = state;
  }

  void handle(RoutingContext ctx) {
    Pool pool = state.pool();
    if (pool == null) {
      answer(ctx, false, false);
      return;
    }
    pool.query("SELECT 1").execute().onComplete(ar -> answer(ctx, ar.succeeded(), state.ready()));
  }

  private void answer(RoutingContext ctx, boolean dbUp, boolean ready) {
    boolean up = dbUp && ready;
    JsonObject body = new JsonObject()
        .put("status", up ? "UP" : "DOWN")
        .put("db", dbUp ? "UP" : "DOWN")
        .put("version", ServerState.version());
    if (!up) {
      JsonArray reasons = new JsonArray(new java.util.ArrayList<>(state.reasons()));
      if (!dbUp && reasons.isEmpty()) {
        reasons.add("database not reachable");
      }
      body.put("reasons", reasons);
    }
    ctx.response().setStatusCode(up ? 200 : 503).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
