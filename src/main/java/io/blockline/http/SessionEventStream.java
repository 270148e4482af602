package io.blockline.http;

import io.blockline.api.Addresses;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/sessions/{token}/events}: server-sent events, one per status change or activity
 * line of the session. Opens with a {@code session.snapshot} of the current view, then streams;
 * a comment every 15 s keeps proxies from closing an idle stream.
 */
final class SessionEventStream {
  private static final long KEEP_ALIVE_MS = 15_000;
  private final Bus bus;
  private final EventHub events;

  SessionEventStream(Bus bus, EventHub events) {
    this.bus = bus;
    this.events = events;
  }

  void stream(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    HttpServerResponse response = ctx.response();
    // Listen first, then read the snapshot: no event falls between the two.
    java.util.List<JsonObject> early = new java.util.ArrayList<>();
    boolean[] open = {false};
    EventHub.Listening listening = events.listen(token, event -> {
      if (open[0]) {
        write(response, event);
      } else {
        early.add(event);
      }
    });
    long[] keepAlive = {-1};
    response.closeHandler(v -> {
      listening.close();
      if (keepAlive[0] != -1) {
        ctx.vertx().cancelTimer(keepAlive[0]);
      }
    });
    listening.ready().compose(v -> bus.request(ctx, Addresses.SESSIONS_GET, SessionRoutes.tokenBody(ctx))).onComplete(ar -> {
      if (ar.failed()) {
        listening.close();
        Problems.send(ctx, ar.cause());
        return;
      }
      response.setChunked(true).putHeader("Content-Type", "text/event-stream")
          .putHeader("Cache-Control", "no-cache").putHeader("Connection", "keep-alive");
      write(response, new JsonObject().put("type", "session.snapshot").put("sessionToken", token)
          .put("status", ar.result().getString("status")).put("session", ar.result()));
      early.forEach(event -> write(response, event));
      open[0] = true;
      keepAlive[0] = ctx.vertx().setPeriodic(KEEP_ALIVE_MS, id -> response.write(": keep-alive\n\n"));
    });
  }

  private static void write(HttpServerResponse response, JsonObject event) {
    if (!response.closed() && !response.ended()) {
      response.write("event: " + event.getString("type") + "\ndata: " + event.encode() + "\n\n");
    }
  }
}
