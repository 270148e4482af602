package io.blockline.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.Duration;
import java.time.OffsetDateTime;
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
    OffsetDateTime started = r.getOffsetDateTime("started_at");
    OffsetDateTime finished = r.getOffsetDateTime("finished_at");
    return new JsonObject()
        .put("token", r.getString("token"))
        .put("id", r.getString("block_key"))
        .put("name", r.getString("name"))
        .put("seq", r.getInteger("seq"))
        .put("status", r.getString("status"))
        .put("handler", r.getValue("handler"))
        .put("attempts", r.getInteger("attempts"))
        .put("replayCount", r.getInteger("replay_count"))
        .put("nextRunAt", time(r.getOffsetDateTime("next_run_at")))
        .put("startedAt", time(started))
        .put("finishedAt", time(finished))
        .put("durationMs", durationMs(started, finished))
        .put("result", r.getValue("result"))
        .put("error", r.getValue("error"))
        .put("reason", r.getString("reason"))
        .put("require", new JsonArray(List.of((Object[]) r.getArrayOfStrings("requires"))));
  }
}
