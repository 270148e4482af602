package io.blockline.http;

import io.blockline.api.Addresses;
import io.vertx.core.Future;
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
 * token to the SSE streams and {@code ?wait} requests listening to that session. The consumer is
 * registered only while someone listens: unheard events then cost the publisher nothing.
 */
final class EventHub {
  private final Map<String, List<Consumer<JsonObject>>> listeners = new HashMap<>();
  private Vertx vertx;
  private MessageConsumer<JsonObject> consumer;
  private Future<Void> registered = Future.succeededFuture();

  /** A listener's handle: ready once events reach it, close to stop. */
  interface Listening {
    Future<Void> ready();

    void close();
  }

  void start(Vertx vertx) {
    this.vertx = vertx;
  }

  Listening listen(String sessionToken, Consumer<JsonObject> listener) {
    listeners.computeIfAbsent(sessionToken, k -> new ArrayList<>()).add(listener);
    if (consumer == null) {
      consumer = vertx.eventBus().consumer(Addresses.EVENTS, message -> {
        List<Consumer<JsonObject>> forSession = listeners.get(message.body().getString("sessionToken"));
        if (forSession != null) {
          new ArrayList<>(forSession).forEach(l -> l.accept(message.body()));
        }
      });
      registered = consumer.completion();
    }
    Future<Void> ready = registered;
    return new Listening() {
      @Override
      public Future<Void> ready() {
        return ready;
      }

      @Override
      public void close() {
        List<Consumer<JsonObject>> list = listeners.get(sessionToken);
        if (list != null && list.remove(listener) && list.isEmpty()) {
          listeners.remove(sessionToken);
        }
        if (listeners.isEmpty() && consumer != null) {
          consumer.unregister();
          consumer = null;
        }
      }
    };
  }

  void stop() {
    listeners.clear();
    if (consumer != null) {
      consumer.unregister();
      consumer = null;
    }
  }
}
