package io.blockline.client;

import io.blockline.api.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Serves a block handler at an event-bus address with one call:
 * <pre>{@code
 * BlockHandlers.register(vertx, "images.resize", ctx -> resize(ctx.params(), ctx.item()));
 * }</pre>
 * The function's result becomes the block's result; a thrown exception or failed future becomes
 * the block's error ({@link BlockFailure} sets code and details) without crashing anything.
 */
public final class BlockHandlers {
  private static final Map<Vertx, StopSignals> STOPS = new ConcurrentHashMap<>();

  private BlockHandlers() {
  }

  /** Registers the handler; complete the returned consumer's {@code completion()} before relying on it. */
  public static MessageConsumer<JsonObject> register(Vertx vertx, String address,
                                                     Function<HandlerContext, Future<JsonObject>> handler) {
    StopSignals stops = STOPS.computeIfAbsent(vertx, StopSignals::new);
    return vertx.eventBus().consumer(address, message -> serve(vertx, stops, message, handler));
  }

  private static void serve(Vertx vertx, StopSignals stops, Message<JsonObject> message,
                            Function<HandlerContext, Future<JsonObject>> handler) {
    HandlerContext ctx = new HandlerContext(vertx, message.body());
    stops.add(ctx);
    Future<JsonObject> result;
    try {
      result = handler.apply(ctx);
      if (result == null) {
        result = Future.succeededFuture(new JsonObject());
      }
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(ar -> {
      stops.remove(ctx);
      if (ar.succeeded()) {
        message.reply(ar.result() == null ? new JsonObject() : ar.result());
      } else {
        message.reply(new JsonObject().put("error", BlockFailure.errorOf(ar.cause())),
            new DeliveryOptions().addHeader(Addresses.ERROR_HEADER, "true"));
      }
    });
  }

  /** One consumer per Vert.x instance relays stop signals to the contexts running here. */
  private static final class StopSignals {
    private final Map<String, List<HandlerContext>> running = new ConcurrentHashMap<>();

    StopSignals(Vertx vertx) {
      vertx.eventBus().<JsonObject>consumer(Addresses.BLOCKS_STOP, message -> {
        List<HandlerContext> contexts = running.get(message.body().getString("blockToken"));
        if (contexts != null) {
          new ArrayList<>(contexts).forEach(c -> c.stop(message.body().getString("reason", "cancelled")));
        }
      });
    }

    void add(HandlerContext ctx) {
      running.computeIfAbsent(ctx.blockToken(), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(ctx);
    }

    void remove(HandlerContext ctx) {
      running.computeIfPresent(ctx.blockToken(), (k, list) -> {
        list.remove(ctx);
        return list.isEmpty() ? null : list;
      });
    }
  }
}
