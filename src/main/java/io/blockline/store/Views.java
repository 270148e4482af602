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

  /** The block fields that both the session view and the block view show (require: the ids it needs, for graphs). */
  public static JsonObject blockSummary(Row r) {
    return BlockSummary.of(r).json(r);
  }

  /**
   * {@link #blockSummary} for every row of one result, the columns found once (a 1,000-block
   * session view searched the column names 16,000 times).
   */
  static JsonArray blockSummaries(RowSet<Row> rows) {
    JsonArray views = new JsonArray(new ArrayList<>(rows.size()));
    if (rows.size() > 0) {
      BlockSummary columns = BlockSummary.of(rows.iterator().next());
      rows.forEach(r -> views.add(columns.json(r)));
    }
    return views;
  }

  /** Where a block summary's columns sit in a result. */
  private record BlockSummary(int token, int key, int name, int seq, int status, int handler, int attempts,
                              int replayCount, int nextRunAt, int startedAt, int finishedAt, int result, int error,
                              int reason, int requires) {
    static BlockSummary of(Row r) {
      return new BlockSummary(r.getColumnIndex("token"), r.getColumnIndex("block_key"), r.getColumnIndex("name"),
          r.getColumnIndex("seq"), r.getColumnIndex("status"), r.getColumnIndex("handler"),
          r.getColumnIndex("attempts"), r.getColumnIndex("replay_count"), r.getColumnIndex("next_run_at"),
          r.getColumnIndex("started_at"), r.getColumnIndex("finished_at"), r.getColumnIndex("result"),
          r.getColumnIndex("error"), r.getColumnIndex("reason"), r.getColumnIndex("requires"));
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
