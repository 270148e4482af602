package io.blockline.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.TreeMap;

/** {@code blockline sessions show TOKEN [--blocks]}: the session view. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one session.")
final class SessionsShow extends NodeCommand {
  @Parameters(paramLabel = "TOKEN", description = "The session's token")
  String token;

  @Option(names = "--blocks", description = "Also list its blocks")
  boolean blocks;

  @Override
  int run(NodeClient node) {
    JsonObject view = node.get("/v1/sessions/" + token(token));
    if (printedJson(view)) {
      return 0;
    }
    Human.fields(out(),
        "session", view.getString("token"),
        "name", view.getString("name"),
        "status", view.getString("status"),
        "owner", view.getString("owner"),
        "mode", view.getString("mode") + ", priority " + view.getValue("priority") + ", " + view.getString("executionTime"),
        "created", Human.time(view.getString("createdAt")),
        "started", Human.time(view.getString("startedAt")),
        "finished", Human.time(view.getString("finishedAt")),
        "duration", Human.duration(view.getLong("durationMs")),
        "blocks", blockCounts(view),
        "output", view.getValue("output"),
        "metadata", view.getValue("metadata"));
    if (blocks) {
      out().println();
      Table table = new Table("SEQ", "ID", "STATUS", "ATTEMPTS", "DURATION", "TOKEN", "ERROR / REASON");
      view.getJsonArray("blocks").forEach(o -> {
        JsonObject b = (JsonObject) o;
        table.row(b.getValue("seq"), b.getString("id"), b.getString("status"), b.getValue("attempts"),
            Human.duration(b.getLong("durationMs")), b.getString("token"), Human.trouble(b));
      });
      table.print(out());
    }
    return 0;
  }

  /** "3: SUCCESS 2, ERROR 1". */
  private static String blockCounts(JsonObject view) {
    Map<String, Integer> counts = new TreeMap<>();
    view.getJsonArray("blocks").forEach(o -> counts.merge(((JsonObject) o).getString("status"), 1, Integer::sum));
    StringBuilder text = new StringBuilder().append(view.getJsonArray("blocks").size());
    String separator = ": ";
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      text.append(separator).append(e.getKey()).append(' ').append(e.getValue());
      separator = ", ";
    }
    return text.toString();
  }
}
