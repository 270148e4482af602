package io.blockline.store;

import io.blockline.api.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The block view. With {@code full}, also params, dataset, runs and activity; STARTING and
 * ENDING lines are derived from the runs (one source of truth, no extra writes per run).
 */
public final class BlockQueries {
  private final Pool pool;

  public BlockQueries(Pool pool) {
    this.pool = pool;
  }

  public Future<JsonObject> view(String token, boolean full, String owner) {
    return pool.preparedQuery(BlockSql.VIEW).execute(Tuple.of(token)).compose(rows -> {
      if (rows.size() == 0 || (owner != null && !owner.equals(rows.iterator().next().getString("owner")))) {
        return Future.failedFuture(ProblemException.notFound("block " + token));
      }
      Row r = rows.iterator().next();
      JsonObject view = Views.blockSummary(rows)
          .put("sessionToken", r.getString("session_token"))
          .put("blocker", r.getBoolean("blocker"))
          .put("replayable", r.getBoolean("replayable"))
          .put("interrupt", r.getBoolean("interrupt"))
          .put("priority", r.getInteger("priority"))
          .put("timeoutMs", r.getLong("timeout_ms"))
          .put("delayMs", r.getLong("delay_ms"));
      if (!full) {
        return Future.succeededFuture(view);
      }
      long id = r.getLong("id");
      view.put("params", r.getValue("params")).put("dataset", r.getValue("dataset"));
      Future<List<Row>> runs = pool.preparedQuery(BlockSql.RUNS_OF_BLOCK).execute(Tuple.of(id)).map(BlockQueries::list);
      Future<List<Row>> lines = pool.preparedQuery(BlockSql.ACTIVITY_OF_BLOCK).execute(Tuple.of(id)).map(BlockQueries::list);
      return Future.all(runs, lines).map(all -> view
          .put("runs", runsJson(runs.result()))
          .put("activity", activityJson(r, runs.result(), lines.result())));
    });
  }

  private static List<Row> list(Iterable<Row> rows) {
    List<Row> list = new ArrayList<>();
    rows.forEach(list::add);
    return list;
  }

  private static JsonArray runsJson(List<Row> runs) {
    JsonArray array = new JsonArray();
    for (Row run : runs) {
      array.add(new JsonObject()
          .put("attempt", run.getInteger("attempt"))
          .put("item", run.getInteger("item"))
          .put("startedAt", Views.time(run.getOffsetDateTime("started_at")))
          .put("finishedAt", Views.time(run.getOffsetDateTime("finished_at")))
          .put("status", run.getString("status"))
          .put("error", run.getValue("error")));
    }
    return array;
  }

  private record Line(OffsetDateTime at, int order, String level, String line) {
  }

  private static JsonArray activityJson(Row block, List<Row> runs, List<Row> stored) {
    List<Line> lines = new ArrayList<>();
    int order = 0;
    for (Row run : runs) {
      String label = "attempt " + run.getInteger("attempt") + (run.getInteger("item") == null ? "" : " item " + run.getInteger("item"));
      lines.add(new Line(run.getOffsetDateTime("started_at"), order++, "STARTING", label));
      lines.add(new Line(run.getOffsetDateTime("finished_at"), order++, "ENDING", label + " " + run.getString("status")));
    }
    if ("RUNNING".equals(block.getString("status")) && block.getOffsetDateTime("started_at") != null) {
      lines.add(new Line(block.getOffsetDateTime("started_at"), order++, "STARTING", "attempt " + block.getInteger("attempts")));
    }
    for (Row line : stored) {
      lines.add(new Line(line.getOffsetDateTime("at"), order++, line.getString("level"), line.getString("line")));
    }
    lines.sort(Comparator.comparing(Line::at).thenComparing(l -> "ENDING".equals(l.level()) ? 1 : 0)
        .thenComparingInt(Line::order));
    JsonArray array = new JsonArray();
    for (Line l : lines) {
      array.add(new JsonObject().put("at", Views.time(l.at())).put("level", l.level()).put("line", l.line()));
    }
    return array;
  }
}
