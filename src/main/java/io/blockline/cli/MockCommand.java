package io.blockline.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code blockline mock}: mock sessions of builtin blocks, for demos and load. */
@Command(name = "mock", mixinStandardHelpOptions = true,
    description = "Create mock sessions of builtin blocks (require, blocker, retry, dataset, some failing).")
final class MockCommand extends NodeCommand {
  @Option(names = "--sessions", paramLabel = "N", defaultValue = "1", description = "How many sessions, 1..10000 (default: ${DEFAULT-VALUE})")
  int sessions;

  @Option(names = "--blocks", paramLabel = "N", defaultValue = "3", description = "Blocks per session, 1..1000 (default: ${DEFAULT-VALUE})")
  int blocks;

  @Option(names = "--fail-rate", paramLabel = "RATE", defaultValue = "0.1",
      description = "Share of failing blocks, 0..1 (default: ${DEFAULT-VALUE})")
  double failRate;

  @Override
  int run(NodeClient node) {
    JsonObject created = node.post("/v1/mock", new JsonObject().put("sessions", sessions).put("blocks", blocks)
        .put("failRate", failRate));
    if (!printedJson(created)) {
      out().println("created " + created.getJsonArray("sessions").size() + " mock session(s) of " + blocks + " block(s):");
      created.getJsonArray("sessions").forEach(token -> out().println(token));
      out().flush();
    }
    return 0;
  }
}
