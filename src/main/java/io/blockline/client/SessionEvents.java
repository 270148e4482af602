package io.blockline.client;

import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.function.Consumer;

/** The live events of one session (session.status, block.status, block.activity) until closed. */
public final class SessionEvents {
  private final MessageConsumer<JsonObject> consumer;

  SessionEvents(MessageConsumer<JsonObject> consumer) {
    this.consumer = consumer;
  }

  static SessionEvents of(io.vertx.core.eventbus.EventBus bus, String address, String sessionToken,
                          Consumer<JsonObject> handler) {
    MessageConsumer<JsonObject> consumer = bus.consumer(address, message -> {
      if (sessionToken.equals(message.body().getString("sessionToken"))) {
        handler.accept(message.body());
      }
    });
    return new SessionEvents(consumer);
  }

  /** Completes once the subscription is registered (cluster-wide when clustered). */
  public Future<Void> ready() {
    return consumer.completion();
  }

  public Future<Void> close() {
    return consumer.unregister();
  }
}
