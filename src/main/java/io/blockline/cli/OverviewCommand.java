package io.blockline.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;

import java.util.Locale;

/** {@code blockline overview}: the dashboard's first page as text. */
@Command(name = "overview", mixinStandardHelpOptions = true,
    description = "Sessions by status, the last hour's throughput and failure rate, queues and workers.")
final class OverviewCommand extends NodeCommand {
  @Override
  int run(NodeClient node) {
    JsonObject view = node.get("/v1/overview");
    if (printedJson(view)) {
      return 0;
    }
    JsonObject sessions = view.getJsonObject("sessions");
    JsonObject hour = view.getJsonObject("lastHour");
    JsonObject queues = view.getJsonObject("queues");
    JsonObject workers = view.getJsonObject("workers");
    StringBuilder byStatus = new StringBuilder();
    sessions.getJsonObject("byStatus").forEach(e -> byStatus.append(byStatus.length() == 0 ? "" : ", ")
        .append(e.getKey()).append(' ').append(e.getValue()));
    JsonObject oldest = queues.getJsonObject("oldestDueBlock");
    Human.fields(out(),
        "sessions", sessions.getValue("total") + (sessions.getBoolean("complete") ? "" : " (about; counts of the newest "
            + sessions.getValue("window") + ")") + (byStatus.length() == 0 ? "" : ": " + byStatus),
        "last hour", hour.getValue("finished") + " finished: " + hour.getValue("succeeded") + " succeeded, "
            + hour.getValue("failed") + " failed, " + hour.getValue("cancelled") + " cancelled; failure rate "
            + percent(hour.getDouble("failureRate")),
        "blocks", queues.getValue("runningBlocks") + " running, " + capped(queues, "dueBlocks") + " due, "
            + capped(queues, "scheduledBlocks") + " scheduled",
        "oldest due", oldest == null ? "none" : oldest.getString("id") + " (" + oldest.getString("token") + ") waiting "
            + Human.duration(oldest.getLong("waitingMs")),
        "workers", workers.getValue("busy") + " busy of " + workers.getValue("limit") + " on this node",
        "deliveries", capped(queues, "pendingDeliveries") + " pending, " + capped(queues, "deadDeliveries") + " dead");
    return 0;
  }

  private static String percent(Double rate) {
    return rate == null ? "-" : String.format(Locale.ROOT, "%.1f %%", rate * 100);
  }

  private static String capped(JsonObject queues, String field) {
    long value = queues.getLong(field);
    return value >= queues.getLong("countCap") ? value + "+" : String.valueOf(value);
  }
}
