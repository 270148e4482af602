package io.blockline.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Row → JSON helpers shared by the session and block views: ISO-8601 UTC times, durations. */
public final class Views {
  private Views() {
  }

  public static String time(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }

  public static Long durationMs(OffsetDateTime started, OffsetDateTime finished) {
    return started == null || finished == null ? null : Duration.between(started, finished).toMillis();
  }

  /**
   * The block fields that both the session view and the block view show (require: the ids it
   * needs, for graphs), for every row of one result; the columns are found once per result
   * ({@link Columns}: a 1,000-block session view searched the names 16,000 times).
   */
  static JsonArray blockSummaries(RowSet<Row> rows) {
    JsonArray views = new JsonArray(new ArrayList<>(rows.size()));
    if (rows.size() > 0) {
      BlockSummary columns = BlockSummary.of(Columns.of(rows));
      rows.forEach(r -> views.add(columns.json(r)));
    }
    return views;
  }

  /** {@link #blockSummaries} of a result's first row. */
  static JsonObject blockSummary(RowSet<Row> rows) {
    return BlockSummary.of(Columns.of(rows)).json(rows.iterator().next());
  }

  /** Where a block summary's columns sit in a result. */
  private record BlockSummary(int token, int key, int name, int seq, int status, int handler, int attempts,
                              int replayCount, int nextRunAt, int startedAt, int finishedAt, int result, int error,
                              int reason, int requires) {
    static BlockSummary of(Columns c) {
      return new BlockSummary(c.at("token"), c.at("block_key"), c.at("name"), c.at("seq"), c.at("status"),
          c.at("handler"), c.at("attempts"), c.at("replay_count"), c.at("next_run_at"), c.at("started_at"),
          c.at("finished_at"), c.at("result"), c.at("error"), c.at("reason"), c.at("requires"));
    }

    JsonObject json(Row r) {
      OffsetDateTime started = r.getOffsetDateTime(startedAt);
      OffsetDateTime finished = r.getOffsetDateTime(finishedAt);
      return new JsonObject()
          .put("token", r.getString(token))
          .put("id", r.getString(key))
          .put("name", r.getString(name))
          .put("seq", r.getInteger(seq))
          .put("status", r.getString(status))
          .put("handler", r.getValue(handler))
          .put("attempts", r.getInteger(attempts))
          .put("replayCount", r.getInteger(replayCount))
          .put("nextRunAt", time(r.getOffsetDateTime(nextRunAt)))
          .put("startedAt", time(started))
          .put("finishedAt", time(finished))
          .put("durationMs", durationMs(started, finished))
          .put("result", r.getValue(result))
          .put("error", r.getValue(error))
          .put("reason", r.getString(reason))
          .put("require", new JsonArray(List.of((Object[]) r.getArrayOfStrings(requires))));
    }
  }
}
