package io.blockline.http;

import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code http.requestTimeoutMs}: a /v1 request not answered in time is ended rather than left
 * open. A body still arriving by then is the client's delay (408, and the connection is closed: the
 * rest of the body would be read as a new request); an answer not ready is the server's (503 with
 * Retry-After). A {@code ?wait=} request gets its wait on top, and an event stream has no
 * deadline: it is meant to stay open (its keep-alive comments keep the connection busy).
 */
final class RequestDeadline {
  private final long timeoutMs;

  RequestDeadline(long timeoutMs) {
    this.timeoutMs = timeoutMs;
  }

  void handle(RoutingContext ctx) {
    if (ctx.request().path().endsWith("/events")) {
      ctx.next();
      return;
    }
    long deadline = timeoutMs + waitOf(ctx);
    long timer = ctx.vertx().setTimer(deadline, id -> expire(ctx, deadline));
    ctx.addEndHandler(v -> ctx.vertx().cancelTimer(timer));
    ctx.next();
  }

  private static void expire(RoutingContext ctx, long deadline) {
    if (ctx.response().ended() || ctx.response().headWritten()) {
      return;
    }
    if (!ctx.request().isEnded()) {
      if (ctx.request().version() != HttpVersion.HTTP_2) {
        ctx.response().putHeader("Connection", "close").endHandler(v -> ctx.request().connection().close());
      }
      Problems.send(ctx, 408, "the request body did not arrive within " + deadline + " ms (http.requestTimeoutMs)", null);
      return;
    }
    Problems.send(ctx, 503, "the request was not answered within " + deadline + " ms (http.requestTimeoutMs)", null);
  }

  /** The {@code ?wait=} of the request, 0 when absent or malformed (its route answers that with a 400). */
  private static long waitOf(RoutingContext ctx) {
    try {
      Long wait = WaitParam.parse(ctx.request().getParam("wait"));
      return wait == null ? 0 : wait;
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
