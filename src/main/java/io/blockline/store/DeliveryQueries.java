package io.blockline.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** {@code GET /v1/sessions/{token}/deliveries} and the acknowledge that stops pending ones. */
public final class DeliveryQueries {
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
        for (Row d : deliveries) {
          items.add(new JsonObject()
              .put("id", d.getLong("id"))
              .put("kind", d.getString("kind"))
              .put("target", d.getString("target"))
              .put("sessionStatus", d.getString("session_status"))
              .put("status", d.getString("status"))
              .put("attempts", d.getInteger("attempts"))
              .put("nextAttemptAt", "PENDING".equals(d.getString("status")) ? Views.time(d.getOffsetDateTime("next_attempt_at")) : null)
              .put("lastError", d.getString("last_error"))
              .put("createdAt", Views.time(d.getOffsetDateTime("created_at")))
              .put("deliveredAt", Views.time(d.getOffsetDateTime("delivered_at"))));
        }
        return new JsonObject().put("sessionToken", sessionToken).put("items", items);
      }));
  }

  public Future<JsonObject> acknowledge(String sessionToken, String owner) {
    return list(sessionToken, owner)
        .compose(v -> pool.preparedQuery(DeliverySql.ACK).execute(Tuple.of(sessionToken)))
        .compose(v -> list(sessionToken, owner));
  }
}
