package io.blockline.store;

import io.blockline.api.FieldErrors;
import io.blockline.api.ProblemException;
import io.blockline.session.SessionStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;

/** The read side of sessions: the session view and the paged list. */
public final class SessionQueries {
  public static final int MAX_LIMIT = 500;
  private final Pool pool;

  public SessionQueries(Pool pool) {
    this.pool = pool;
  }

  /** The session view, or 404 (also when {@code owner} is given and does not match). */
  public Future<JsonObject> view(String token, String owner) {
    return view(token, owner, true);
  }

  /** The session view, with its blocks or without them (one read instead of two). */
  public Future<JsonObject> view(String token, String owner, boolean withBlocks) {
    if (!withBlocks) {
      return visible(token, owner).map(s -> sessionJson(s, null));
    }
    return visible(token, owner).compose(s -> pool.preparedQuery(BlockSql.VIEWS_OF_SESSION)
        .execute(Tuple.of(s.getLong("id"))).map(blocks -> sessionJson(s, blocks)));
  }

  /** The session's row if it exists and the caller's owner scope (if any) may see it; else 404. */
  public Future<Row> visible(String token, String owner) {
    return pool.preparedQuery(SessionSql.VIEW).execute(Tuple.of(token)).compose(rows -> {
      Row s = rows.size() == 0 ? null : rows.iterator().next();
      if (s == null || (owner != null && !owner.equals(s.getString("owner")))) {
        return Future.failedFuture(ProblemException.notFound("session " + token));
      }
      return Future.succeededFuture(s);
    });
  }

  /** {@code blocks} null: the session without them. */
  private static JsonObject sessionJson(Row s, RowSet<Row> blocks) {
    OffsetDateTime started = s.getOffsetDateTime("started_at");
    OffsetDateTime finished = s.getOffsetDateTime("finished_at");
    JsonObject json = new JsonObject()
        .put("token", s.getString("token"))
        .put("name", s.getString("name"))
        .put("owner", s.getString("owner"))
        .put("status", s.getString("status"))
        .put("executionTime", s.getString("execution_time"))
        .put("priority", s.getInteger("priority"))
        .put("mode", s.getString("mode"))
        .put("maxParallel", s.getInteger("max_parallel"))
        .put("createdAt", Views.time(s.getOffsetDateTime("created_at")))
        .put("startedAt", Views.time(started))
        .put("finishedAt", Views.time(finished))
        .put("durationMs", Views.durationMs(started, finished))
        .put("output", s.getValue("output"))
        .put("metadata", s.getValue("metadata"))
        .put("callback", s.getValue("callback"));
    return blocks == null ? json : json.put("blocks", Views.blockSummaries(blocks));
  }

  /** Newest first; {@code query} holds status, owner, name, limit, cursor (all optional). */
  public Future<JsonObject> list(JsonObject query) {
    FieldErrors errors = new FieldErrors();
    String status = query.getString("status");
    if (status != null) {
      try {
        SessionStatus.valueOf(status);
      } catch (IllegalArgumentException e) {
        errors.add("status", "must be a session status (PREP STANDBY RUNNING PAUSED SUCCESS ERROR BLOCKER CANCELLED)");
      }
    }
    int limit = Paging.limit(query.getValue("limit"), MAX_LIMIT, errors);
    Long cursor = Paging.decode('s', query.getString("cursor"), errors);
    try {
      errors.throwIfAny();
    } catch (ProblemException e) {
      return Future.failedFuture(e);
    }
    Tuple params = Tuple.of(status, query.getString("owner"), query.getString("name"), cursor, limit + 1);
    return pool.preparedQuery(SessionSql.LIST).execute(params).map(rows -> {
      JsonArray items = new JsonArray();
      Long last = null;
      String next = null;
      for (Row r : rows) {
        if (items.size() == limit) {
          next = Paging.encode('s', last);
          break;
        }
        last = r.getLong("id");
        items.add(new JsonObject()
            .put("token", r.getString("token"))
            .put("name", r.getString("name"))
            .put("owner", r.getString("owner"))
            .put("status", r.getString("status"))
            .put("createdAt", Views.time(r.getOffsetDateTime("created_at")))
            .put("finishedAt", Views.time(r.getOffsetDateTime("finished_at")))
            .put("blockCount", r.getInteger("block_count")));
      }
      return new JsonObject().put("items", items).put("nextCursor", next);
    });
  }
}
