package io.blockline.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;

/**
 * {@code blockline deliveries list}: pending and dead deliveries of every session, newest first,
 * or with {@code --session} every delivery of one session whatever its state.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List pending and dead deliveries (newest first), or every delivery of one --session.")
final class DeliveriesList extends NodeCommand {
  @Option(names = "--status", paramLabel = "STATUS", description = "PENDING or DEAD (default: both)")
  String status;

  @Option(names = "--session", paramLabel = "TOKEN", description = "Every delivery of this session instead")
  String session;

  @Mixin
  PageOptions paging;

  @Override
  int run(NodeClient node) {
    JsonObject page;
    if (session != null) {
      page = node.get("/v1/sessions/" + token(session) + "/deliveries");
    } else {
      Map<String, Object> query = query();
      query.put("status", status);
      paging.into(query);
      page = node.get(path("/v1/deliveries", query));
    }
    if (printedJson(page)) {
      return 0;
    }
    Table table = new Table("ID", "SESSION", "STATUS", "KIND", "TARGET", "ATTEMPTS", "NEXT ATTEMPT", "LAST ERROR");
    page.getJsonArray("items").forEach(o -> {
      JsonObject d = (JsonObject) o;
      table.row(d.getValue("id"), d.getString("sessionToken", session), d.getString("status"), d.getString("kind"),
          d.getString("target"), d.getValue("attempts"), Human.time(d.getString("nextAttemptAt")), d.getString("lastError"));
    });
    if (table.isEmpty()) {
      out().println(session != null ? "no deliveries for session " + session : "no pending or dead deliveries");
    } else {
      table.print(out());
    }
    if (page.getString("nextCursor") != null) {
      out().println("more: blockline deliveries list --cursor " + page.getString("nextCursor"));
    }
    out().flush();
    return 0;
  }
}
