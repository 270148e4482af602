package io.blockline.bus;

import io.blockline.api.LocalJsonCodec;
import io.blockline.api.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;

/** How every event-bus API answers: the handler's JSON, or its {@link ProblemException}, or a 500 logged here. */
final class BusReplies {
  private static final Logger LOG = LoggerFactory.getLogger(BusReplies.class);

  private BusReplies() {
  }

  static Handler<Message<JsonObject>> answer(Function<JsonObject, Future<JsonObject>> handler) {
    return message -> {
      Future<JsonObject> result;
      try {
        result = handler.apply(message.body() == null ? new JsonObject() : message.body());
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      result.onComplete(ar -> {
        if (ar.succeeded()) {
          // Built for this reply and never touched again: handed over without the local copy when the
          // request came from this node; a member of the cluster or a client verticle gets plain JSON.
          message.reply(ar.result(), LocalJsonCodec.replyTo(message));
        } else if (ar.cause() instanceof ProblemException problem) {
          message.reply(problem);
        } else {
          LOG.error("request to {} failed", message.address(), ar.cause());
          message.reply(new ProblemException(500, "internal error: " + ar.cause().getMessage()));
        }
      });
    };
  }}
