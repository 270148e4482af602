package io.blockline.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code blockline replay TOKEN}: a block that did not succeed runs again; what it skipped is re-armed. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Run a block again that did not succeed (not RUNNING, not CANCELLED); blocks it skipped are re-armed.")
final class ReplayCommand extends NodeCommand {
  @Parameters(paramLabel = "TOKEN", description = "The block's token")
  String token;

  @Override
  int run(NodeClient node) {
    JsonObject block = node.post("/v1/blocks/" + token(token) + "/replay", null);
    if (!printedJson(block)) {
      out().println("replayed block " + block.getString("id") + " (" + block.getString("token") + "): now "
          + block.getString("status"));
      out().flush();
    }
    return 0;
  }
}
