package io.blockline.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;

/** {@code blockline sessions list}: one page of sessions, newest first. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List sessions, newest first (one page).")
final class SessionsList extends NodeCommand {
  @Option(names = "--status", paramLabel = "STATUS",
      description = "Only this status: PREP STANDBY RUNNING PAUSED SUCCESS ERROR BLOCKER CANCELLED")
  String status;

  @Option(names = "--owner", paramLabel = "OWNER", description = "Only this owner's sessions")
  String owner;

  @Option(names = "--name", paramLabel = "NAME", description = "Only sessions with exactly this name")
  String name;

  @Mixin
  PageOptions paging;

  @Override
  int run(NodeClient node) {
    Map<String, Object> query = query();
    query.put("status", status);
    query.put("owner", owner);
    query.put("name", name);
    paging.into(query);
    JsonObject page = node.get(path("/v1/sessions", query));
    if (printedJson(page)) {
      return 0;
    }
    JsonArray items = page.getJsonArray("items");
    Table table = new Table("TOKEN", "STATUS", "BLOCKS", "CREATED", "FINISHED", "OWNER", "NAME");
    items.forEach(o -> {
      JsonObject s = (JsonObject) o;
      table.row(s.getString("token"), s.getString("status"), s.getValue("blockCount"), Human.time(s.getString("createdAt")),
          Human.time(s.getString("finishedAt")), s.getString("owner"), s.getString("name"));
    });
    if (table.isEmpty()) {
      out().println("no sessions");
    } else {
      table.print(out());
    }
    if (page.getString("nextCursor") != null) {
      out().println("more: blockline sessions list --cursor " + page.getString("nextCursor"));
    }
    out().flush();
    return 0;
  }
}
