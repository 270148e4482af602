package io.blockline.store;

import io.blockline.api.FieldErrors;
import io.blockline.api.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.Set;

/**
 * {@code GET /v1/sessions/{token}/deliveries}, the acknowledge that settles a session's pending
 * and dead ones, and {@code GET /v1/deliveries}: the unsettled ones of every session, paged.
 */
public final class DeliveryQueries {
  public static final int MAX_LIMIT = 500;
  private static final Set<String> UNSETTLED = Set.of("PENDING", "DEAD");
  private final Pool pool;
  private final SessionQueries sessions;

  public DeliveryQueries(Pool pool) {
    this.pool = pool;
    this.sessions = new SessionQueries(pool);
  }

  public Future<JsonObject> list(String sessionToken, String owner) {
    return sessions.visible(sessionToken, owner).compose(session ->
      pool.preparedQuery(DeliverySql.OF_SESSION).execute(Tuple.of(sessionToken)).map(deliveries -> {
        JsonArray items = new JsonArray();
        deliveries.forEach(d -> items.add(json(d)));
        return new JsonObject().put("sessionToken", sessionToken).put("items", items);
      }));
  }

  public Future<JsonObject> acknowledge(String sessionToken, String owner) {
    return list(sessionToken, owner)
        .compose(v -> pool.preparedQuery(DeliverySql.ACK).execute(Tuple.of(sessionToken)))
        .compose(v -> list(sessionToken, owner));
  }

  /**
   * Pending and dead deliveries, newest first; {@code query} holds status, limit, cursor and the
   * caller's owner scope (all optional).
   */
  public Future<JsonObject> unsettled(JsonObject query) {
    FieldErrors errors = new FieldErrors();
    String status = query.getString("status");
    if (status != null && !UNSETTLED.contains(status)) {
      errors.add("status", "must be PENDING or DEAD (was " + status + ")");
    }
    int limit = Paging.limit(query.getValue("limit"), MAX_LIMIT, errors);
    Long cursor = Paging.decode('d', query.getString("cursor"), errors);
    try {
      errors.throwIfAny();
    } catch (ProblemException e) {
      return Future.failedFuture(e);
    }
    return pool.preparedQuery(DeliverySql.UNSETTLED).execute(Tuple.of(status, cursor, limit + 1, query.getString("owner"))).map(rows -> {
      JsonArray items = new JsonArray();
      String next = null;
      long last = 0;
      for (Row d : rows) {
        if (items.size() == limit) {
          next = Paging.encode('d', last);
          break;
        }
        last = d.getLong("id");
        items.add(json(d).put("sessionToken", d.getString("session_token")).put("sessionName", d.getString("session_name")));
      }
      return new JsonObject().put("items", items).put("nextCursor", next);
    });
  }

  private static JsonObject json(Row d) {
    return new JsonObject()
        .put("id", d.getLong("id"))
        .put("kind", d.getString("kind"))
        .put("target", d.getString("target"))
        .put("sessionStatus", d.getString("session_status"))
        .put("status", d.getString("status"))
        .put("attempts", d.getInteger("attempts"))
        .put("nextAttemptAt", "PENDING".equals(d.getString("status")) ? Views.time(d.getOffsetDateTime("next_attempt_at")) : null)
        .put("lastError", d.getString("last_error"))
        .put("createdAt", Views.time(d.getOffsetDateTime("created_at")))
        .put("deliveredAt", Views.time(d.getOffsetDateTime("delivered_at")));
  }
}
