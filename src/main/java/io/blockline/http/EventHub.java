package io.blockline.http;

import io.blockline.api.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One consumer of {@code blockline.events} for the whole ingress, fanning events out by session
 * token to the SSE streams and {@code ?wait} requests listening to that session.
 */
final class EventHub {
  private final Map<String, List<Consumer<JsonObject>>> listeners = new HashMap<>();
  private MessageConsumer<JsonObject> consumer;

  void start(Vertx vertx) {
    consumer = vertx.eventBus().consumer(Addresses.EVENTS, message -> {
      List<Consumer<JsonObject>> forSession = listeners.get(message.body().getString("sessionToken"));
      if (forSession != null) {
        new ArrayList<>(forSession).forEach(l -> l.accept(message.body()));
      }
    });
  }

  io.vertx.core.Future<Void> ready() {
    return consumer.completion();
  }

  /** @return a handle that removes the listener */
  Runnable listen(String sessionToken, Consumer<JsonObject> listener) {
    listeners.computeIfAbsent(sessionToken, k -> new ArrayList<>()).add(listener);
    return () -> {
      List<Consumer<JsonObject>> list = listeners.get(sessionToken);
      if (list != null) {
        list.remove(listener);
        if (list.isEmpty()) {
          listeners.remove(sessionToken);
        }
      }
    };
  }

  void stop() {
    if (consumer != null) {
      consumer.unregister();
    }
  }
}
