package io.blockline.handler;

import io.blockline.api.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code eventbus} handler kind: sends the run (API.md payload) to the block's address and
 * takes the reply as the result. No consumer → {@code NO_HANDLER}; a failure reply → its code
 * and message; a reply after the run timed out is ignored and logged. When the run must stop
 * (cancel, timeout) the handler is told on {@code blockline.blocks.stop}.
 */
public final class EventBusHandler implements BlockHandler {
  private static final Logger LOG = LoggerFactory.getLogger(EventBusHandler.class);
  private final Vertx vertx;

  public EventBusHandler(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Future<JsonObject> run(RunContext ctx) {
    String address = ctx.handler().getString("address");
    ctx.stopSignal().onSuccess(reason -> vertx.eventBus().publish(Addresses.BLOCKS_STOP,
        new JsonObject().put("blockToken", ctx.blockToken()).put("reason", reason)));
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(ctx.timeoutMs() + 5_000);
    JsonObject payload = ctx.payload().put("timeoutMs", ctx.timeoutMs());
    return vertx.eventBus().<Object>request(address, payload, options)
        .recover(e -> Future.failedFuture(translate(address, e)))
        .compose(reply -> {
          if (ctx.stopped()) {
            LOG.info("late reply ignored block={} address={} (run already {})", ctx.blockToken(), address,
                ctx.stopSignal().result());
          }
          return result(address, reply);
        });
  }

  private static Future<JsonObject> result(String address, Message<Object> reply) {
    Object body = reply.body();
    if ("true".equals(reply.headers().get(Addresses.ERROR_HEADER)) && body instanceof JsonObject json) {
      JsonObject error = json.getJsonObject("error", new JsonObject());
      return Future.failedFuture(new HandlerFailure(error.getString("code", "HANDLER_ERROR"),
          error.getString("message", "handler failed"), error.getValue("details"), true));
    }
    if (body instanceof JsonObject json) {
      return Future.succeededFuture(json);
    }
    if (body == null) {
      return Future.succeededFuture(new JsonObject());
    }
    return Future.failedFuture(new HandlerFailure("BAD_REPLY",
        "handler at " + address + " replied with " + body.getClass().getSimpleName() + ", not a JSON object"));
  }

  private static Throwable translate(String address, Throwable e) {
    if (e instanceof ReplyException r) {
      if (r.failureType() == ReplyFailure.NO_HANDLERS) {
        return new HandlerFailure("NO_HANDLER", "no consumer at event-bus address " + address);
      }
      if (r.failureType() == ReplyFailure.TIMEOUT) {
        return new HandlerFailure("TIMEOUT", "no reply from " + address);
      }
      return new HandlerFailure("HANDLER_ERROR", String.valueOf(r.getMessage()),
          new JsonObject().put("failureCode", r.failureCode()), true);
    }
    return e;
  }
}
