package io.blockline.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code blockline keys create --owner NAME --scopes submit,read}: prints the new key, shown this once. */
@Command(name = "create", mixinStandardHelpOptions = true,
    description = "Create an API key; the key is printed this once (the node keeps only its hash).")
final class KeysCreate extends NodeCommand {
  @Option(names = "--owner", required = true, paramLabel = "NAME", description = "Whose sessions the key reaches")
  String owner;

  @Option(names = "--scopes", required = true, split = ",", paramLabel = "SCOPE",
      description = "Comma-separated: read, submit, admin")
  List<String> scopes;

  @Option(names = "--name", paramLabel = "TEXT", description = "A note to recognise the key by in lists")
  String name;

  @Override
  int run(NodeClient node) {
    JsonObject request = new JsonObject().put("owner", owner).put("scopes", new JsonArray(List.copyOf(scopes)));
    if (name != null) {
      request.put("name", name);
    }
    JsonObject created = node.post("/v1/keys", request);
    if (!printedJson(created)) {
      out().println(created.getString("key"));
      out().println("prefix " + created.getString("prefix") + ", owner " + created.getString("owner") + ", scopes "
          + String.join(",", created.getJsonArray("scopes").stream().map(String::valueOf).toList())
          + ": keep the key now, it is not shown again");
      out().flush();
    }
    return 0;
  }
}
