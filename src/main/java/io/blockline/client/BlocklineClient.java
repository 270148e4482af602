package io.blockline.client;

import io.blockline.api.Addresses;
import io.blockline.session.SessionStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The typed Java client over Blockline's event-bus API. Futures only, never blocking. Failures
 * are {@link io.blockline.api.ProblemException}s (status code + detail, as over HTTP).
 */
public final class BlocklineClient {
  private static final long REQUEST_TIMEOUT_MS = 30_000;
  private final Vertx vertx;
  private final String apiKey;

  /** @param apiKey null: calls carry no key */
  BlocklineClient(Vertx vertx, String apiKey) {
    this.vertx = vertx;
    this.apiKey = apiKey;
  }

  /** Starts describing a session. */
  public SessionBuilder session(String name) {
    return new SessionBuilder(this, name);
  }

  /** Submits a raw submit body (API.md); answers {token,status,blocks}. */
  public Future<SessionRef> submit(JsonObject body) {
    return request(Addresses.SESSIONS_SUBMIT, body).map(SessionRef::from);
  }

  public Future<JsonObject> get(String sessionToken) {
    return request(Addresses.SESSIONS_GET, token(sessionToken));
  }

  /** {@code query}: status, owner, name, limit, cursor (all optional). */
  public Future<JsonObject> list(JsonObject query) {
    return request(Addresses.SESSIONS_LIST, query == null ? new JsonObject() : query);
  }

  public Future<JsonObject> run(String sessionToken) {
    return request(Addresses.SESSIONS_RUN, token(sessionToken));
  }

  public Future<JsonObject> cancel(String sessionToken) {
    return request(Addresses.SESSIONS_CANCEL, token(sessionToken));
  }

  public Future<JsonObject> proceed(String sessionToken, JsonObject data) {
    return request(Addresses.SESSIONS_PROCEED, token(sessionToken).put("data", data));
  }

  public Future<JsonObject> block(String blockToken, boolean full) {
    return request(Addresses.BLOCKS_GET, token(blockToken).put("full", full));
  }

  public Future<JsonObject> replay(String blockToken) {
    return request(Addresses.BLOCKS_REPLAY, token(blockToken));
  }

  public Future<JsonObject> cancelBlock(String blockToken) {
    return request(Addresses.BLOCKS_CANCEL, token(blockToken));
  }

  /**
   * A page of a command block's output: up to 64 KiB of {@code stream} ({@code stdout} or
   * {@code stderr}) from {@code offset}; read on from its {@code nextOffset}.
   */
  public Future<JsonObject> output(String blockToken, String stream, long offset) {
    return request(Addresses.BLOCKS_OUTPUT, token(blockToken).put("stream", stream).put("offset", offset));
  }

  /** Subscribes to one session's events. */
  public SessionEvents events(String sessionToken, Consumer<JsonObject> handler) {
    return SessionEvents.of(vertx.eventBus(), Addresses.EVENTS, sessionToken, handler);
  }

  /**
   * Completes with the session view once the session rests (SUCCESS, ERROR, BLOCKER, CANCELLED
   * or PAUSED); fails with a {@link TimeoutException} when {@code timeout} runs out first.
   */
  public Future<JsonObject> await(String sessionToken, Duration timeout) {
    Promise<JsonObject> done = Promise.promise();
    SessionEvents events = events(sessionToken, event -> {
      if ("session.status".equals(event.getString("type")) && SessionStatus.valueOf(event.getString("status")).resting()) {
        checkResting(sessionToken, done);
      }
    });
    long timer = vertx.setTimer(Math.max(1, timeout.toMillis()),
        id -> done.tryFail(new TimeoutException("session " + sessionToken + " did not rest within " + timeout)));
    events.ready().onComplete(v -> checkResting(sessionToken, done));
    return done.future().onComplete(ar -> {
      vertx.cancelTimer(timer);
      events.close();
    });
  }

  private void checkResting(String sessionToken, Promise<JsonObject> done) {
    get(sessionToken).onComplete(ar -> {
      if (ar.failed()) {
        done.tryFail(ar.cause());
      } else if (SessionStatus.valueOf(ar.result().getString("status")).resting()) {
        done.tryComplete(ar.result());
      }
    });
  }

  Future<JsonObject> request(String address, JsonObject body) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT_MS);
    if (apiKey != null) {
      options.addHeader(Addresses.AUTHORIZATION_HEADER, "Bearer " + apiKey);
    }
    return vertx.eventBus().<JsonObject>request(address, body, options).map(Message::body);
  }

  private static JsonObject token(String token) {
    return new JsonObject().put("token", token);
  }
}
