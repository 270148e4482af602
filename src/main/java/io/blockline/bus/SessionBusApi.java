package io.blockline.bus;

import io.blockline.api.Addresses;
import io.blockline.api.FieldErrors;
import io.blockline.api.ProblemException;
import io.blockline.engine.Command;
import io.blockline.process.CommandOutputs;
import io.blockline.session.PreparedSession;
import io.blockline.session.SubmissionParser;
import io.blockline.store.BlockQueries;
import io.blockline.store.DeliveryQueries;
import io.blockline.store.SessionQueries;
import io.blockline.store.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The request/reply API on the event bus (API.md, "Event bus"). HTTP calls the same addresses,
 * so both surfaces share one code path. Failures are {@link ProblemException}s: HTTP status as
 * failure code, problem detail as message.
 */
public final class SessionBusApi {
  private final Pool pool;
  private final SubmissionParser parser;
  private final Consumer<PreparedSession> submit;
  private final IdempotentSubmits idempotent;
  private final Consumer<Command> command;
  private final SessionQueries sessions;
  private final BlockQueries blocks;
  private final MockSessions mock;
  private final DeliveryQueries deliveries;
  private final CommandOutputs outputs;
  private final BlockOutputApi output;

  /** Where a submit with an idempotency key goes (SubmitWriter#addIdempotent). */
  public interface IdempotentSubmits {
    Future<JsonObject> submit(PreparedSession session, String owner, String key, byte[] bodyHash);
  }

  public SessionBusApi(Pool pool, SubmissionParser parser, Consumer<PreparedSession> submit,
                       IdempotentSubmits idempotent, Consumer<Command> command, CommandOutputs outputs) {
    this.outputs = outputs;
    this.output = new BlockOutputApi(outputs);
    this.pool = pool;
    this.parser = parser;
    this.submit = submit;
    this.idempotent = idempotent;
    this.command = command;
    this.sessions = new SessionQueries(pool);
    this.blocks = new BlockQueries(pool);
    this.mock = new MockSessions(parser, submit);
    this.deliveries = new DeliveryQueries(pool);
  }

  public List<MessageConsumer<JsonObject>> register(EventBus bus) {
    List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
    consumers.add(bus.consumer(Addresses.SESSIONS_SUBMIT, BusReplies.answer(this::submit)));
    consumers.add(bus.consumer(Addresses.SESSIONS_GET, BusReplies.answer(b -> sessions.view(token(b), owner(b), withBlocks(b)))));
    consumers.add(bus.consumer(Addresses.SESSIONS_LIST, BusReplies.answer(sessions::list)));
    consumers.add(bus.consumer(Addresses.SESSIONS_RUN, BusReplies.answer(b -> sessionCommand(b, new Command.Start(token(b), owner(b))))));
    consumers.add(bus.consumer(Addresses.SESSIONS_CANCEL, BusReplies.answer(b -> sessionCommand(b, new Command.CancelSession(token(b), owner(b))))));
    consumers.add(bus.consumer(Addresses.SESSIONS_PROCEED, BusReplies.answer(this::proceed)));
    consumers.add(bus.consumer(Addresses.SESSIONS_DELETE, BusReplies.answer(this::delete)));
    consumers.add(bus.consumer(Addresses.SESSIONS_MOCK, BusReplies.answer(mock::create)));
    consumers.add(bus.consumer(Addresses.SESSIONS_DELIVERIES, BusReplies.answer(b -> deliveries.list(token(b), owner(b)))));
    consumers.add(bus.consumer(Addresses.SESSIONS_DELIVERIES_ACK, BusReplies.answer(b -> deliveries.acknowledge(token(b), owner(b)))));
    consumers.add(bus.consumer(Addresses.BLOCKS_GET, BusReplies.answer(b -> blocks.view(token(b), b.getBoolean("full", false), owner(b))
        .compose(outputs::withOutput))));
    consumers.add(bus.consumer(Addresses.BLOCKS_OUTPUT, BusReplies.answer(b -> output.page(b, token(b)))));
    consumers.add(bus.consumer(Addresses.BLOCKS_REPLAY, BusReplies.answer(b -> blockCommand(b, new Command.Replay(token(b), owner(b))))));
    consumers.add(bus.consumer(Addresses.BLOCKS_CANCEL, BusReplies.answer(b -> blockCommand(b, new Command.CancelBlock(token(b), owner(b))))));
    return consumers;
  }

  private Future<JsonObject> submit(JsonObject body) {
    if (!body.containsKey(IdempotencyKeys.FIELD)) {
      PreparedSession prepared = new PreparedSession(parser.parse(body));
      submit.accept(prepared);
      return prepared.reply.future();
    }
    JsonObject session = body.copy();
    String key = IdempotencyKeys.check(session.remove(IdempotencyKeys.FIELD));
    PreparedSession prepared = new PreparedSession(parser.parse(session));
    String owner = session.getString("owner");
    return idempotent.submit(prepared, owner == null ? "" : owner, key, IdempotencyKeys.bodyHash(session));
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
    boolean withBlocks = withBlocks(body); // bad input changes nothing: checked before the command
    command.accept(c);
    return c.future().compose(v -> sessions.view(token(body), null, withBlocks));
  }

  /** A session answer holds its blocks unless the request says {@code "blocks": false}. */
  private static boolean withBlocks(JsonObject body) {
    Object blocks = body.getValue("blocks");
    if (blocks != null && !(blocks instanceof Boolean)) {
      FieldErrors errors = new FieldErrors();
      errors.add("blocks", "must be true or false (false: the session without its blocks)");
      errors.throwIfAny();
    }
    return !Boolean.FALSE.equals(blocks);
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

}
