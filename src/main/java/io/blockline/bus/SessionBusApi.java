package io.blockline.bus;

import io.blockline.api.Addresses;
import io.blockline.api.LocalJsonCodec;
import io.blockline.api.ProblemException;
import io.blockline.engine.Command;
import io.blockline.session.PreparedSession;
import io.blockline.session.SubmissionParser;
import io.blockline.store.BlockQueries;
import io.blockline.store.DeliveryQueries;
import io.blockline.store.SessionQueries;
import io.blockline.store.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The request/reply API on the event bus (API.md, "Event bus"). HTTP calls the same addresses,
 * so both surfaces share one code path. Failures are {@link ProblemException}s: HTTP status as
 * failure code, problem detail as message.
 */
public final class SessionBusApi {
  private static final Logger LOG = LoggerFactory.getLogger(SessionBusApi.class);

  private final Pool pool;
  private final SubmissionParser parser;
  private final Consumer<PreparedSession> submit;
  private final Consumer<Command> command;
  private final SessionQueries sessions;
  private final BlockQueries blocks;
  private final MockSessions mock;
  private final DeliveryQueries deliveries;

  public SessionBusApi(Pool pool, SubmissionParser parser, Consumer<PreparedSession> submit, Consumer<Command> command) {
    this.pool = pool;
    this.parser = parser;
    this.submit = submit;
    this.command = command;
    this.sessions = new SessionQueries(pool);
    this.blocks = new BlockQueries(pool);
    this.mock = new MockSessions(parser, submit);
    this.deliveries = new DeliveryQueries(pool);
  }

  public List<MessageConsumer<JsonObject>> register(EventBus bus) {
    List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
    consumers.add(bus.consumer(Addresses.SESSIONS_SUBMIT, answer(this::submit)));
    consumers.add(bus.consumer(Addresses.SESSIONS_GET, answer(b -> sessions.view(token(b), owner(b)))));
    consumers.add(bus.consumer(Addresses.SESSIONS_LIST, answer(sessions::list)));
    consumers.add(bus.consumer(Addresses.SESSIONS_RUN, answer(b -> sessionCommand(b, new Command.Start(token(b), owner(b))))));
    consumers.add(bus.consumer(Addresses.SESSIONS_CANCEL, answer(b -> sessionCommand(b, new Command.CancelSession(token(b), owner(b))))));
    consumers.add(bus.consumer(Addresses.SESSIONS_PROCEED, answer(this::proceed)));
    consumers.add(bus.consumer(Addresses.SESSIONS_DELETE, answer(this::delete)));
    consumers.add(bus.consumer(Addresses.SESSIONS_MOCK, answer(mock::create)));
    consumers.add(bus.consumer(Addresses.SESSIONS_DELIVERIES, answer(b -> deliveries.list(token(b), owner(b)))));
    consumers.add(bus.consumer(Addresses.SESSIONS_DELIVERIES_ACK, answer(b -> deliveries.acknowledge(token(b), owner(b)))));
    consumers.add(bus.consumer(Addresses.BLOCKS_GET, answer(b -> blocks.view(token(b), b.getBoolean("full", false), owner(b)))));
    consumers.add(bus.consumer(Addresses.BLOCKS_REPLAY, answer(b -> blockCommand(b, new Command.Replay(token(b), owner(b))))));
    consumers.add(bus.consumer(Addresses.BLOCKS_CANCEL, answer(b -> blockCommand(b, new Command.CancelBlock(token(b), owner(b))))));
    return consumers;
  }

  private Future<JsonObject> submit(JsonObject body) {
    PreparedSession prepared = new PreparedSession(parser.parse(body));
    submit.accept(prepared);
    return prepared.reply.future();
  }

  private Future<JsonObject> proceed(JsonObject body) {
    Object data = body.getValue("data");
    if (data != null && !(data instanceof JsonObject)) {
      return Future.failedFuture(ProblemException.badRequest(new io.vertx.core.json.JsonArray()
          .add(new JsonObject().put("field", "data").put("message", "must be a JSON object"))));
    }
    return sessionCommand(body, new Command.Proceed(token(body), (JsonObject) data, owner(body)));
  }

  private Future<JsonObject> delete(JsonObject body) {
    String token = token(body);
    return sessions.view(token, owner(body)).compose(view ->
        SessionStore.deleteFinished(pool, token).compose(count -> count == 1
            ? Future.succeededFuture(new JsonObject().put("token", token).put("deleted", true))
            : Future.failedFuture(ProblemException.conflict(
                "session is " + view.getString("status") + "; only a finished session can be deleted"))));
  }

  private Future<JsonObject> sessionCommand(JsonObject body, Command c) {
    command.accept(c);
    return c.future().compose(v -> sessions.view(token(body), null));
  }

  private Future<JsonObject> blockCommand(JsonObject body, Command c) {
    command.accept(c);
    return c.future().compose(v -> blocks.view(token(body), false, null));
  }

  private static String token(JsonObject body) {
    String token = body.getString("token");
    if (token == null || token.isBlank()) {
      throw ProblemException.badRequest(new io.vertx.core.json.JsonArray()
          .add(new JsonObject().put("field", "token").put("message", "is required")));
    }
    return token;
  }

  private static String owner(JsonObject body) {
    return body.getString("owner");
  }

  static io.vertx.core.Handler<Message<JsonObject>> answer(Function<JsonObject, Future<JsonObject>> handler) {
    return message -> {
      Future<JsonObject> result;
      try {
        result = handler.apply(message.body() == null ? new JsonObject() : message.body());
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      result.onComplete(ar -> {
        if (ar.succeeded()) {
          // Built for this reply and never touched again: handed over without the local copy.
          message.reply(ar.result(), LocalJsonCodec.OPTIONS);
        } else if (ar.cause() instanceof ProblemException problem) {
          message.reply(problem);
        } else {
          LOG.error("request to {} failed", message.address(), ar.cause());
          message.reply(new ProblemException(500, "internal error: " + ar.cause().getMessage()));
        }
      });
    };
  }
}
