package io.blockline.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code blockline run TOKEN}: starts an ON_REQUEST session, or an ASAP / LATER one now. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Start an ON_REQUEST session (or an ASAP / LATER one now).")
final class RunCommand extends NodeCommand {
  @Parameters(paramLabel = "TOKEN", description = "The session's token")
  String token;

  @Override
  int run(NodeClient node) {
    JsonObject session = node.post("/v1/sessions/" + token(token) + "/run", null);
    if (!printedJson(session)) {
      out().println("started session " + session.getString("token") + ": now " + session.getString("status"));
      out().flush();
    }
    return 0;
  }
}
