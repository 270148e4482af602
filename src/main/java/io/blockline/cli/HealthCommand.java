package io.blockline.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;

/** {@code blockline health}: is the node up, and its database? Exit 0 when UP, 1 when DOWN, 3 when unreachable. */
@Command(name = "health", mixinStandardHelpOptions = true,
    description = "Check a node: exit code 0 when UP, 1 when DOWN (reasons printed), 3 when it does not answer.")
final class HealthCommand extends NodeCommand {
  @Override
  int run(NodeClient node) {
    NodeClient.Answer answer = node.health();
    JsonObject body = answer.body();
    boolean up = answer.status() == 200;
    if (!printedJson(body)) {
      out().println((up ? "UP" : "DOWN") + "  db=" + body.getString("db") + "  version=" + body.getString("version")
          + "  " + node.base());
      if (body.getJsonArray("reasons") != null) {
        body.getJsonArray("reasons").forEach(reason -> out().println("  " + reason));
      }
      out().flush();
    }
    return up ? 0 : CliFailure.FAILED;
  }
}
