package io.blockline.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;

/** {@code blockline keys list [--owner NAME]}: keys without their secrets, newest first. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List API keys (no secrets), newest first.")
final class KeysList extends NodeCommand {
  @Option(names = "--owner", paramLabel = "NAME", description = "Only this owner's keys")
  String owner;

  @Override
  int run(NodeClient node) {
    Map<String, Object> query = query();
    query.put("owner", owner);
    JsonObject page = node.get(path("/v1/keys", query));
    if (printedJson(page)) {
      return 0;
    }
    Table table = new Table("PREFIX", "OWNER", "SCOPES", "NAME", "CREATED", "LAST USED", "REVOKED");
    page.getJsonArray("keys").forEach(o -> {
      JsonObject k = (JsonObject) o;
      table.row(k.getString("prefix"), k.getString("owner"),
          String.join(",", k.getJsonArray("scopes").stream().map(String::valueOf).toList()), k.getString("name"),
          Human.time(k.getString("createdAt")), Human.time(k.getString("lastUsedAt")), Human.time(k.getString("revokedAt")));
    });
    if (table.isEmpty()) {
      out().println("no API keys" + (owner == null ? "" : " of " + owner));
    } else {
      table.print(out());
    }
    out().flush();
    return 0;
  }
}
