package io.blockline.worker;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/**
 * The {@code eventbus} handler kind: sends the run to the block's address and takes the reply
 * as the result. No consumer → {@code NO_HANDLER}; a failure reply → its code and message.
 */
public final class EventBusHandler implements BlockHandler {
  private final Vertx vertx;

  public EventBusHandler(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Future<JsonObject> run(RunContext ctx) {
    String address = ctx.handler().getString("address");
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(ctx.timeoutMs() + 1_000);
    return vertx.eventBus().<Object>request(address, ctx.payload(), options)
        .recover(e -> Future.failedFuture(translate(address, e)))
        .compose(reply -> reply.body() instanceof JsonObject json
            ? Future.succeededFuture(json)
            : reply.body() == null ? Future.succeededFuture(new JsonObject())
            : Future.failedFuture(new HandlerFailure("BAD_REPLY",
                "handler at " + address + " replied with " + reply.body().getClass().getSimpleName() + ", not a JSON object")));
  }

  private static Throwable translate(String address, Throwable e) {
    if (e instanceof ReplyException r) {
      if (r.failureType() == ReplyFailure.NO_HANDLERS) {
        return new HandlerFailure("NO_HANDLER", "no consumer at event-bus address " + address);
      }
      if (r.failureType() == ReplyFailure.TIMEOUT) {
        return new HandlerFailure("TIMEOUT", "no reply from " + address);
      }
      return new HandlerFailure(r.failureCode() == -1 ? "HANDLER_ERROR" : "HANDLER_" + r.failureCode(),
          String.valueOf(r.getMessage()), new JsonObject().put("failureCode", r.failureCode()), true);
    }
    return e;
  }
}
