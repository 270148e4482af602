package io.blockline.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code blockline blocks show TOKEN [--runs] [--activity]}: the full block view. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one block: rules, params, result or error.")
final class BlocksShow extends NodeCommand {
  @Parameters(paramLabel = "TOKEN", description = "The block's token")
  String token;

  @Option(names = "--runs", description = "Also list its runs (attempts, dataset items, errors)")
  boolean runs;

  @Option(names = "--activity", description = "Also print its activity lines")
  boolean activity;

  @Override
  int run(NodeClient node) {
    JsonObject view = node.get("/v1/blocks/" + token(token) + "?full=true");
    if (printedJson(view)) {
      return 0;
    }
    Human.fields(out(),
        "block", view.getString("token"),
        "id", view.getString("id"),
        "name", view.getString("name"),
        "session", view.getString("sessionToken"),
        "status", view.getString("status"),
        "handler", view.getValue("handler"),
        "require", view.getJsonArray("require", new JsonArray()).isEmpty() ? null : view.getValue("require"),
        "rules", rules(view),
        "attempts", view.getValue("attempts") + " (replayed " + view.getValue("replayCount") + " times)",
        "next run", view.getString("nextRunAt") == null ? null : Human.time(view.getString("nextRunAt")),
        "started", Human.time(view.getString("startedAt")),
        "finished", Human.time(view.getString("finishedAt")),
        "duration", Human.duration(view.getLong("durationMs")),
        "params", view.getValue("params"),
        "dataset", view.getValue("dataset"),
        "result", view.getValue("result"),
        "error", view.getValue("error"),
        "reason", view.getString("reason"),
        "output", view.getValue("output"));
    if (runs) {
      out().println();
      Table table = new Table("ATTEMPT", "ITEM", "STATUS", "STARTED", "FINISHED", "ERROR");
      view.getJsonArray("runs").forEach(o -> {
        JsonObject r = (JsonObject) o;
        JsonObject error = r.getJsonObject("error");
        table.row(r.getValue("attempt"), r.getValue("item"), r.getString("status"), Human.time(r.getString("startedAt")),
            Human.time(r.getString("finishedAt")),
            error == null ? null : error.getString("code", "ERROR") + ": " + error.getString("message", ""));
      });
      if (table.isEmpty()) {
        out().println("no runs yet");
      } else {
        table.print(out());
      }
    }
    if (activity) {
      out().println();
      view.getJsonArray("activity").forEach(o -> {
        JsonObject line = (JsonObject) o;
        out().printf("%s  %-8s %s%n", Human.clock(line.getString("at")), line.getString("level"), line.getString("line"));
      });
    }
    out().flush();
    return 0;
  }

  private static String rules(JsonObject view) {
    StringBuilder text = new StringBuilder("priority " + view.getValue("priority") + ", timeout "
        + Human.duration(view.getLong("timeoutMs")));
    if (view.getLong("delayMs", 0L) > 0) {
      text.append(", delay ").append(Human.duration(view.getLong("delayMs")));
    }
    if (view.getBoolean("blocker", false)) {
      text.append(", blocker");
    }
    if (view.getBoolean("replayable", false)) {
      text.append(", replayable");
    }
    if (view.getBoolean("interrupt", false)) {
      text.append(", interrupt");
    }
    return text.toString();
  }
}
