package io.blockline.http;

import io.blockline.api.Addresses;
import io.blockline.session.SessionStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * {@code ?wait}: completes with the session view once the session rests (terminal or paused),
 * fails when the wait runs out. Listens before it reads, so no change falls in between.
 * Never blocks: a timer, an event listener and a slow re-check.
 */
final class SessionWaiter {
  private static final long RECHECK_MS = 1_000;
  private final Vertx vertx;
  private final Bus bus;
  private final String authorization;
  private final EventHub events;

  /** @param authorization the request's Authorization header, passed on with each look (auth.eventBus) */
  SessionWaiter(Vertx vertx, Bus bus, EventHub events, String authorization) {
    this.vertx = vertx;
    this.bus = bus;
    this.events = events;
    this.authorization = authorization;
  }

  Future<JsonObject> await(String token, long waitMs) {
    Promise<JsonObject> done = Promise.promise();
    EventHub.Listening listening = events.listen(token, event -> {
      if ("session.status".equals(event.getString("type")) && resting(event.getString("status"))) {
        answer(token, done);
      }
    });
    long timer = vertx.setTimer(Math.max(1, waitMs), id -> done.tryFail("wait ran out"));
    // Events reach this node only from itself or, clustered, from its members: a node sharing the
    // database without the clustered bus may run the session's last block unheard, so look again now and then.
    long poll = vertx.setPeriodic(RECHECK_MS, id -> check(token, done));
    listening.ready().onComplete(v -> check(token, done));
    return done.future().onComplete(ar -> {
      listening.close();
      vertx.cancelTimer(timer);
      vertx.cancelTimer(poll);
    });
  }

  /**
   * A look at the session's row alone (its blocks only once it rests): the first look runs while
   * the session's blocks do, and reading them then cost the database a plan and a read for nothing.
   */
  private void check(String token, Promise<JsonObject> done) {
    bus.request(Addresses.SESSIONS_GET, new JsonObject().put("token", token).put("blocks", false), authorization)
        .onSuccess(session -> {
          if (resting(session.getString("status"))) {
            answer(token, done);
          }
        });
  }

  /** The whole view, answered if the session rests. */
  private void answer(String token, Promise<JsonObject> done) {
    bus.request(Addresses.SESSIONS_GET, new JsonObject().put("token", token), authorization).onSuccess(view -> {
      if (resting(view.getString("status"))) {
        done.tryComplete(view);
      }
    });
  }

  private static boolean resting(String status) {
    return SessionStatus.valueOf(status).resting();
  }
}
