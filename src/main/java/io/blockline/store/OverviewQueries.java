package io.blockline.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * The operators' overview from the database: sessions by status (the newest {@link #WINDOW}),
 * what finished in the last hour, the queues and the block that has waited longest. Every
 * statement of {@link OverviewSql} is bounded, so the page costs the same with a million sessions.
 */
public final class OverviewQueries {
  /** How many of the newest sessions the status counts cover. */
  public static final int WINDOW = 100_000;
  /** Where the queue counts stop. */
  public static final int COUNT_CAP = 10_000;
  private static final long HOUR_MS = Duration.ofHours(1).toMillis();

  private final Pool pool;

  public OverviewQueries(Pool pool) {
    this.pool = pool;
  }

  public Future<JsonObject> overview() {
    Future<RowSet<Row>> byStatus = pool.preparedQuery(OverviewSql.NEWEST_BY_STATUS).execute(Tuple.of(WINDOW));
    Future<RowSet<Row>> estimate = pool.query(OverviewSql.SESSIONS_ESTIMATE).execute();
    Future<RowSet<Row>> finished = pool.preparedQuery(OverviewSql.FINISHED_PER_MINUTE).execute(Tuple.of(HOUR_MS));
    Future<RowSet<Row>> queues = pool.preparedQuery(OverviewSql.QUEUES).execute(Tuple.of(COUNT_CAP));
    Future<RowSet<Row>> oldest = pool.query(OverviewSql.OLDEST_DUE).execute();
    return Future.all(byStatus, estimate, finished, queues, oldest).map(all -> new JsonObject()
        .put("sessions", sessions(byStatus.result(), estimate.result().iterator().next().getLong("n")))
        .put("lastHour", lastHour(finished.result()))
        .put("queues", queues(queues.result().iterator().next(), oldest.result())));
  }

  private static JsonObject sessions(RowSet<Row> rows, long estimate) {
    JsonObject byStatus = new JsonObject();
    long counted = 0;
    for (Row r : rows) {
      byStatus.put(r.getString("status"), r.getLong("n"));
      counted += r.getLong("n");
    }
    // Below the window the count is the whole table; above it, the planner's estimate is the best cheap total.
    boolean complete = counted < WINDOW;
    return new JsonObject()
        .put("window", WINDOW)
        .put("counted", counted)
        .put("complete", complete)
        .put("total", complete ? counted : Math.max(counted, estimate))
        .put("byStatus", byStatus);
  }

  private static JsonObject lastHour(RowSet<Row> rows) {
    long succeeded = 0;
    long failed = 0;
    long cancelled = 0;
    long blocksSucceeded = 0;
    long blocksFailed = 0;
    JsonArray perMinute = new JsonArray();
    for (Row r : rows) {
      succeeded += r.getLong("succeeded");
      failed += r.getLong("failed");
      cancelled += r.getLong("cancelled");
      blocksSucceeded += r.getLong("blocks_succeeded");
      blocksFailed += r.getLong("blocks_failed");
      perMinute.add(new JsonObject()
          .put("minute", Views.time(r.getOffsetDateTime("minute")))
          .put("succeeded", r.getLong("succeeded"))
          .put("failed", r.getLong("failed"))
          .put("cancelled", r.getLong("cancelled")));
    }
    long finished = succeeded + failed + cancelled;
    return new JsonObject()
        .put("finished", finished)
        .put("succeeded", succeeded)
        .put("failed", failed)
        .put("cancelled", cancelled)
        .put("failureRate", rate(failed, succeeded + failed))
        .put("blocksSucceeded", blocksSucceeded)
        .put("blocksFailed", blocksFailed)
        .put("blockFailureRate", rate(blocksFailed, blocksSucceeded + blocksFailed))
        .put("perMinute", perMinute);
  }

  /** Failed among those that ran to an end (cancelled ones did not), null when nothing did. */
  private static Double rate(long failed, long total) {
    return total == 0 ? null : (double) failed / total;
  }

  private static JsonObject queues(Row q, RowSet<Row> oldestRows) {
    JsonObject oldest = null;
    if (oldestRows.size() > 0) {
      Row o = oldestRows.iterator().next();
      OffsetDateTime since = o.getOffsetDateTime("next_run_at");
      oldest = new JsonObject()
          .put("token", o.getString("token"))
          .put("id", o.getString("block_key"))
          .put("sessionToken", o.getString("session_token"))
          .put("dueSince", Views.time(since))
          .put("waitingMs", Math.max(0, Duration.between(since, o.getOffsetDateTime("db_now")).toMillis()));
    }
    return new JsonObject()
        .put("countCap", COUNT_CAP)
        .put("runningBlocks", q.getLong("running"))
        .put("dueBlocks", q.getLong("due"))
        .put("scheduledBlocks", q.getLong("scheduled"))
        .put("pendingDeliveries", q.getLong("deliveries_pending"))
        .put("deadDeliveries", q.getLong("deliveries_dead"))
        .put("oldestDueBlock", oldest)
        .put("at", Views.time(q.getOffsetDateTime("db_now")));
  }
}
